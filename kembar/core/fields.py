"""Model and form fields for dates kept at the precision the source gives (see core.dates)."""

from functools import lru_cache

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .dates import DateError, DateSpec


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


class DateSpecFormField(forms.CharField):
    default_error_messages = {"invalid_date": _("Not a valid date.")}

    def __init__(self, *args, **kwargs):
        kwargs.pop("max_length", None)
        super().__init__(*args, **kwargs)
        self.help_text = self.help_text or _(
            "YYYY, YYYY-MM or YYYY-MM-DD; a range the source only bounds as AFTER/BEFORE (e.g. 2004-04-01/2006-09-21)."
        )

    def prepare_value(self, value):
        return str(value) if isinstance(value, DateSpec) else value

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        try:
            return DateSpec.parse(value)
        except DateError as exc:
            raise ValidationError(str(exc), code="invalid_date") from exc


def optional_link(to, verbose_name) -> models.ForeignKey:
    """An optional reference that outlives its target (set to NULL) and needs no reverse accessor:
    who recorded something, the evidence document of a record."""
    return models.ForeignKey(
        to, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=verbose_name
    )
