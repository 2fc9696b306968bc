"""Form fields and form helpers shared by every app."""

import re
from decimal import Decimal

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.utils.formats import get_format, number_format
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from .models import LONG_TEXT
from .params import typed  # noqa: F401 — the forms' validator, for fields saved in no record
from .uploads import limit_megabytes, max_upload_bytes

# Django's own messages, worded for our users in locale/id (kept here so makemessages keeps them).
DJANGO_OVERRIDES = [
    gettext_noop("This field is required."),
    gettext_noop("The submitted file is empty."),
    # Django's Indonesian says "nama pengguna" before the field's name, which is "nama pengguna" too.
    gettext_noop("Please enter a correct %(username)s and password. Note that both fields may be case-sensitive."),
]


class LimitedFileInput(forms.ClearableFileInput):
    """A file input that tells the browser the server's size limit, so a too-large file is refused before it
    is sent (kembar.js reads `data-max-bytes` and words `data-too-large` with the file's size). The limit is
    read from the same function the server checks with (`limit`, default core.uploads.max_upload_bytes), so
    the two never disagree."""

    def __init__(self, attrs=None, *, limit=None):
        super().__init__(attrs)
        self.limit = limit or max_upload_bytes

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        limit = self.limit()
        context["widget"]["attrs"].update(
            {
                "data-max-bytes": str(limit),
                "data-too-large": gettext("The file is %(size)s MB; the limit is %(limit)s MB.")
                % {"size": "{size}", "limit": limit_megabytes(limit)},
            }
        )
        return context


class LinesField(forms.CharField):
    """A list of strings edited as one item per line: at most `max_lines` lines and LONG_TEXT characters in all."""

    widget = forms.Textarea(attrs={"rows": 4})

    def __init__(self, *args, max_lines: int = 200, **kwargs):
        kwargs.setdefault("max_length", LONG_TEXT)
        self.max_lines = max_lines
        super().__init__(*args, **kwargs)

    def prepare_value(self, value):
        return "\n".join(value) if isinstance(value, list | tuple) else value

    def to_python(self, value):
        text = value or ""
        if len(text) > self.max_length:  # refused before it is read
            raise ValidationError(
                gettext("Write at most %(limit)s characters (this has %(n)s).")
                % {"limit": self.max_length, "n": len(text)},
                code="max_length",
            )
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        if len(lines) > self.max_lines:
            raise ValidationError(
                gettext("Write at most %(limit)s lines (this has %(n)s).") % {"limit": self.max_lines, "n": len(lines)},
                code="max_lines",
            )
        return lines


class MoneyField(forms.DecimalField):
    """An amount of money as the page's language writes it: "Rp 12.345.678,90", "12.345.678" or "12345678,90" in
    Indonesian, "12,345,678.90" in English; shown back in the same language ("12345678,90"). Every money field
    of a form is one of these (budgets, deal values, prices)."""

    def __init__(self, *, max_digits=18, decimal_places=2, **kwargs):
        kwargs.setdefault("localize", True)
        super().__init__(max_digits=max_digits, decimal_places=decimal_places, **kwargs)
        self.widget.attrs.setdefault("inputmode", "decimal")

    def to_python(self, value):
        if isinstance(value, str):
            # The currency's sign and spaces go; the thousands separator goes where it groups whole thousands
            # (Django's own reading of separators keeps it unless USE_THOUSAND_SEPARATOR, which groups every
            # number a page shows, years too).
            text = re.sub(r"^rp\.?", "", "".join(value.split()), flags=re.IGNORECASE)
            whole, sep, fraction = text.partition(get_format("DECIMAL_SEPARATOR"))
            thousands = re.escape(get_format("THOUSAND_SEPARATOR"))
            if re.fullmatch(rf"[+-]?[0-9]{{1,3}}(?:{thousands}[0-9]{{3}})+", whole):
                whole = re.sub(thousands, "", whole)
            value = whole + sep + fraction
        try:
            return super().to_python(value)
        except ValidationError as exc:
            if exc.code != "invalid":
                raise
            example = number_format(Decimal("12345678.90"), decimal_pos=2, force_grouping=True)
            raise ValidationError(
                _("Write the amount in figures, for example %(example)s.") % {"example": example}, code="invalid"
            ) from None

    def run_validators(self, value):
        """The least and most an amount may be, said in the page's notation ("0,01", not "0.01")."""
        try:
            super().run_validators(value)
        except ValidationError as exc:
            for error in exc.error_list:
                if error.code in ("min_value", "max_value") and error.params:
                    error.params["limit_value"] = number_format(error.params["limit_value"], force_grouping=True)
            raise


class SignatoriesField(LinesField):
    """Signatories as "Name — Office" lines, stored as [{name, office}]."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("help_text", _("One per line: name — office."))
        super().__init__(*args, **kwargs)

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(" — ".join(p for p in (s.get("name", ""), s.get("office", "")) if p) for s in value)
        return value

    def to_python(self, value):
        out = []
        for line in super().to_python(value):
            for sep in (" — ", " - ", ";", ","):
                if sep in line:
                    name, office = line.split(sep, 1)
                    out.append({"name": name.strip(), "office": office.strip()})
                    break
            else:
                out.append({"name": line})
        return out


def unchanged(request, form: forms.BaseForm) -> bool:
    """Whether a valid edit form was posted as it was; if so the reader is told, and the caller saves nothing (a
    save would write a history row with no change in it)."""
    if form.changed_data:
        return False
    messages.info(request, gettext("Nothing was changed."))
    return True


def apply_errors(form: forms.BaseForm, exc: ValidationError, *, unnamed: str | None = None) -> None:
    """Put a service's ValidationError on the form, each message (with its code) where the reader looks.

    An error that names a field the form shows goes on that field; one naming a field the form lacks,
    a hidden field (core/form.html shows no errors of those) or `__all__` goes to the form's non-field
    errors, message kept. An error naming no field goes to `unnamed`: the non-field errors, unless the
    caller names the field it is about (an upload's checks are about the uploaded file).
    """

    def shown(name: str | None) -> str | None:
        return name if name in form.fields and not form.fields[name].widget.is_hidden else None

    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            for error in errors:
                form.add_error(shown(name), error)
    else:
        form.add_error(shown(unnamed), exc)
