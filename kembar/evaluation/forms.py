"""Forms of the evaluation screens: which framework and date to judge at; the region's dormancy thresholds."""

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

FRAMEWORK_CHOICES = [
    ("undp", _("UNDP city-to-city key elements (Ringrose 2001)")),
    ("tm2009", _("Tjandradewi & Marcotullio (2009)")),
]


#: The days an evaluation can be judged at: any record's, and no date arithmetic beyond the calendar.
EARLIEST, LATEST = dt.date(1900, 1, 1), dt.date(2100, 12, 31)


class EvaluationQueryForm(forms.Form):
    framework = forms.ChoiceField(
        label=_("Framework"),
        choices=FRAMEWORK_CHOICES,
        required=False,
        error_messages={"invalid_choice": _("Unknown framework: choose one from the list.")},
    )
    as_of = forms.DateField(
        label=_("Judge as of"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Not a date: write YYYY-MM-DD.")},
        help_text=_("Facts after this day are left out, as if judged then."),
    )

    def clean_as_of(self):
        day = self.cleaned_data["as_of"]
        if day is not None and not (EARLIEST <= day <= LATEST):
            raise forms.ValidationError(
                _("Choose a day from %(first)s to %(last)s.") % {"first": EARLIEST.year, "last": LATEST.year},
                code="out_of_range",
            )
        return day


class DormancySettingsForm(forms.Form):
    quiet_months = forms.IntegerField(
        label=_("Quiet after (months without activity)"),
        min_value=1,
        max_value=120,
        error_messages={"min_value": _("At least one month."), "max_value": _("At most 120 months (ten years).")},
    )
    dormant_months = forms.IntegerField(
        label=_("Dormant after (months without activity)"),
        min_value=2,
        max_value=240,
        error_messages={
            "min_value": _("At least two months."),
            "max_value": _("At most 240 months (twenty years)."),
        },
        help_text=_("Must be longer than the quiet threshold."),
    )

    def clean(self):
        data = super().clean()
        quiet, dormant = data.get("quiet_months"), data.get("dormant_months")
        if quiet and dormant and dormant <= quiet:
            self.add_error(
                "dormant_months", _("Dormant must be longer than quiet (%(quiet)s months).") % {"quiet": quiet}
            )
        return data
