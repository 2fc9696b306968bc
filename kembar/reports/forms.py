from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import GeneratedReport
from .services import check_year


class ReportForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), help_text=_("The year the report covers."))
    format = forms.ChoiceField(label=_("Format"), choices=GeneratedReport.Format.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year - 1

    def clean_year(self):
        year = self.cleaned_data["year"]
        try:
            check_year(year)
        except ValidationError as exc:
            raise ValidationError(exc.message_dict["year"]) from None
        return year
