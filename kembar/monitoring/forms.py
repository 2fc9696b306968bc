"""Forms of monitoring: fulfilment with evidence, obligation terms, the bureau's staff count."""

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kembar.cooperations.models import Document
from kembar.core.dates import DateSpec
from kembar.core.fields import DateSpecFormField
from kembar.core.forms import typed

from . import schedule
from .models import ObligationTerms


def occurrence_label(occ: schedule.Occurrence) -> str:
    day = DateSpec.parse(occ.due).display()
    text = day if occ.exact else _("by %(date)s") % {"date": day}
    return f"{text} — {STATUS_LABELS[occ.status]}"


STATUS_LABELS = {
    schedule.FULFILLED: _("fulfilled"),
    schedule.FULFILLED_PER_SOURCE: _("fulfilled (per source)"),
    schedule.OVERDUE: _("overdue"),
    schedule.DUE: _("due (grace running)"),
    schedule.UPCOMING: _("upcoming"),
}


class FulfilmentForm(forms.Form):
    due = forms.TypedChoiceField(
        label=_("Occurrence"),
        coerce=dt.date.fromisoformat,
        help_text=_("The occurrence (by its due date) this evidence fulfils."),
    )
    fulfilled_on = DateSpecFormField(
        label=_("Fulfilled on"),
        help_text=_("As precise as the evidence shows: 31/12/2024, Sept 2024 or 2024."),
    )
    evidence = forms.CharField(
        label=_("Evidence"),
        validators=[typed],
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What shows it was met: minutes, a report, a letter, photos."),
    )
    document = forms.ModelChoiceField(
        label=_("Evidence document"),
        queryset=Document.objects.none(),
        required=False,
        help_text=_("Optional: a document of this cooperation’s dossier."),
    )

    def __init__(self, *args, obligation, sched: schedule.Schedule, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document"].queryset = Document.objects.filter(cooperation_id=obligation.cooperation_id)
        open_ = [o for o in sched.occurrences if o.status != schedule.FULFILLED]
        if sched.problem:
            del self.fields["due"]  # no occurrence can be named: the record covers the obligation
        else:
            self.fields["due"].choices = [("", _("— choose —"))] + [
                (o.due.isoformat(), occurrence_label(o)) for o in open_
            ]
        self.fields["fulfilled_on"].initial = str(DateSpec.parse(timezone.localdate()))


class ObligationTermsForm(forms.ModelForm):
    class Meta:
        model = ObligationTerms
        fields = ["recurrence", "grace_days", "responsible", "funding_share"]
        widgets = {"funding_share": forms.Textarea(attrs={"rows": 2})}


class StaffForm(forms.Form):
    staff = forms.IntegerField(
        label=_("Bureau staff"),
        min_value=0,
        max_value=10000,
        error_messages={"min_value": _("The staff count cannot be negative.")},
        help_text=_("People who handle foreign cooperation in the bureau."),
    )
    as_of = DateSpecFormField(label=_("As of"))
    note = forms.CharField(
        label=_("Source or note"),
        required=False,
        max_length=80,
        help_text=_("Where the figure comes from (e.g. the bureau’s staff list of this month)."),
        validators=[typed],  # kept as the history row's reason, in no field of a record
    )
