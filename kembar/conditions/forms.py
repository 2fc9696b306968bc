from django import forms
from django.utils.translation import gettext_lazy as _


class AttestationForm(forms.Form):
    """One condition's attestation. The document choices are built once per page, not per form."""

    set_id = forms.CharField(widget=forms.HiddenInput)
    item_id = forms.CharField(widget=forms.HiddenInput)
    met = forms.TypedChoiceField(
        label=_("Is the condition met?"),
        choices=[("yes", _("Yes, met")), ("no", _("No, not met"))],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )
    evidence = forms.CharField(
        label=_("Evidence"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What shows it: a letter, a decision, minutes, with its date and number."),
        error_messages={"required": _("Say what shows it: the evidence is required.")},
    )
    evidence_document = forms.TypedChoiceField(
        label=_("Evidence document (optional)"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, documents=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["evidence_document"].choices = [("", _("— none —"))] + [(d.pk, d.title) for d in documents]
