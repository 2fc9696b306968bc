"""Model and form fields for dates kept at the precision the source gives (see core.dates)."""

from functools import lru_cache
from typing import NamedTuple

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .dates import DateError, DateSpec, parse_input


@lru_cache(maxsize=4096)
def _from_db(value: str) -> DateSpec:
    # DateSpec is immutable, so rows with the same stored text can share one value.
    return DateSpec.parse(value)


class DateSpecField(models.CharField):
    """Stores a DateSpec as its canonical text ("2011", "2019-10", "2004-04-01/2006-09-21")."""

    description = _("Date at source precision")

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 32)
        super().__init__(*args, **kwargs)

    def from_db_value(self, value, expression, connection):
        return _from_db(value) if value else None

    def to_python(self, value):
        if value in (None, "") or isinstance(value, DateSpec):
            return value or None
        try:
            return DateSpec.parse(value)
        except DateError as exc:
            raise ValidationError(str(exc), code="invalid_date") from exc

    def run_validators(self, value):
        # CharField's MaxLengthValidator measures len(); a DateSpec is measured as the text it is stored as.
        super().run_validators(str(value) if isinstance(value, DateSpec) else value)

    def get_prep_value(self, value):
        if value in (None, ""):
            return "" if not self.null else None
        return str(DateSpec.parse(value))

    def value_to_string(self, obj):
        value = self.value_from_object(obj)
        return str(value) if value else ""

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": DateSpecFormField, **kwargs})


class TypedDate(NamedTuple):
    """What a date field received when both its text and its calendar were filled (see DateSpecInput)."""

    text: str
    day: str


def _picked_day(value) -> str:
    """The ISO day the calendar shows for a value, or "" when the value is not one exact day."""
    try:
        spec = value if isinstance(value, DateSpec) else parse_input(value)
    except DateError:
        return ""
    return str(spec.exact) if spec.precision == "day" else ""


class DateSpecInput(forms.TextInput):
    """A text field for a date as written ("31/12/2024", "Sept 2006", "2006"), with a calendar beside it
    (`<input type="date">`, named NAME_day) for an exact day. Without JavaScript either may be used: the
    text wins when only it is filled, the calendar when only it is; when both are filled they must agree
    (DateSpecFormField says so). kembar.js keeps them in step."""

    template_name = "kembar/widgets/datespec.html"
    SUFFIX = "_day"

    def format_value(self, value):
        if isinstance(value, TypedDate):
            return value.text
        if isinstance(value, DateSpec):
            return value.display()
        return super().format_value(value)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        day = value.day if isinstance(value, TypedDate) else _picked_day(value) if value else ""
        own_id = context["widget"]["attrs"].get("id") or f"id_{name}"
        context["widget"]["picker"] = {
            "name": name + self.SUFFIX,
            "id": own_id + self.SUFFIX,
            "value": day,
            "label": _("Pick a day in the calendar"),
            "for": own_id,
        }
        return context

    def value_from_datadict(self, data, files, name):
        text = (data.get(name) or "").strip()
        day = (data.get(name + self.SUFFIX) or "").strip()
        if text and day:
            return TypedDate(text, day)
        return text or day

    def value_omitted_from_data(self, data, files, name):
        return name not in data and name + self.SUFFIX not in data


#: The longest date a person types ("between 21 September 2006 and 31 December 2024" is 46 characters).
TYPED_MAX = 80


class DateSpecFormField(forms.CharField):
    widget = DateSpecInput
    default_error_messages = {"invalid_date": _("Not a valid date.")}

    def __init__(self, *args, **kwargs):
        kwargs.pop("max_length", None)
        super().__init__(*args, **kwargs)
        self.widget.attrs.setdefault("maxlength", str(TYPED_MAX))
        self.help_text = self.help_text or _(
            "For example 31/12/2024, 21 September 2006, Sept 2006 or 2006; a range the source only bounds as "
            "“between April 2004 and 21 September 2006” or “before 2011”."
        )

    def prepare_value(self, value):
        return value

    def to_python(self, value):
        typed = value if isinstance(value, TypedDate) else TypedDate(str(value or "").strip(), "")
        if not typed.text:
            return None
        if len(typed.text) > TYPED_MAX:  # refused before it is read, and not repeated back
            raise ValidationError(
                _("Too long for a date: write it in at most %(n)s characters.") % {"n": TYPED_MAX},
                code="invalid_date",
            )
        try:
            spec = parse_input(typed.text)
        except DateError as exc:
            raise ValidationError(str(exc), code="invalid_date") from exc
        if typed.day and typed.day != _picked_day(spec):
            try:
                picked = parse_input(typed.day).display()
            except DateError:
                picked = typed.day
            raise ValidationError(
                _(
                    "The date typed (%(typed)s) and the day picked in the calendar (%(picked)s) differ: "
                    "change or clear one of them."
                )
                % {"typed": typed.text, "picked": picked},
                code="two_dates",
            )
        return spec


def optional_link(to, verbose_name) -> models.ForeignKey:
    """An optional reference that outlives its target (set to NULL) and needs no reverse accessor:
    who recorded something, the evidence document of a record."""
    return models.ForeignKey(
        to, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=verbose_name
    )


def validate_year_or_date(value) -> None:
    """A text field that holds when something was so (a population counted in "2020" or on "2020-06-30"): one
    year, month or day as people write it, never a range nor free text."""
    if value in (None, ""):
        return
    try:
        spec = parse_input(str(value))
    except DateError as exc:
        raise ValidationError(str(exc), code="invalid_date") from exc
    if spec.is_range:
        raise ValidationError(_("Give one year or one date here, not a range."), code="invalid_date")


class YearOrDateFormField(DateSpecFormField):
    """A year or a date typed as for DateSpecFormField, kept as its canonical text ("2020", "2020-06-30")."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.help_text = _("The year, or the date, for example 2020 or 30/06/2020.")

    def to_python(self, value):
        spec = super().to_python(value)
        if spec is None:
            return ""
        validate_year_or_date(str(spec))
        return str(spec)
