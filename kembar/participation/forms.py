"""The portal's proposal form (anyone) and the bureau's accept and decline forms. Every field has a size
limit and is plain text: control characters are refused, and the pages show text escaped, never as HTML."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from kembar.cooperations.activities import KINDS
from kembar.core.fields import DateSpecFormField
from kembar.core.forms import typed

from . import consent
from .models import Organisation, Proposal

TEXT_MAX = 2000
#: The honeypot: a field people do not see (hidden by CSS and from screen readers) and robots fill in.
HONEYPOT = "website"


def plain(value: str) -> str:
    """Text as a person types it (core.forms.typed), stripped."""
    typed(value)
    return (value or "").strip()


class PlainForm(forms.Form):
    def clean(self):
        data = super().clean()
        for name, value in list(data.items()):
            if isinstance(value, str):
                try:
                    data[name] = plain(value)
                except ValidationError as e:
                    self.add_error(name, e)
        return data


class PublicForm(PlainForm):
    """A form of the portal, sent by anyone: the consent (recorded with its version) and the honeypot."""

    consent = forms.BooleanField(
        label=consent.TEXT,
        required=True,
        error_messages={"required": _("Tick this box to send: without your consent the bureau cannot handle it.")},
    )
    consent.short_label = _("Consent")  # the error summary's link to it (its label is the whole consent text)
    website = forms.CharField(label=_("Leave this field empty"), required=False, max_length=200)

    def is_spam(self) -> bool:
        return bool(self.data.get(HONEYPOT, ""))


class ProposalForm(PublicForm):
    proposer = forms.ChoiceField(
        label=_("Who is proposing?"), choices=Proposal.Proposer.choices, widget=forms.RadioSelect, initial="person"
    )
    kind = forms.ChoiceField(label=_("You are"), choices=Proposal.Kind.choices)
    organisation = forms.CharField(
        label=_("Name of the organisation"), max_length=200, required=False, help_text=_("Only for an organisation.")
    )
    name = forms.CharField(label=_("Your name"), max_length=120)
    email = forms.EmailField(
        label=_("Your email"),
        max_length=254,
        help_text=_("We send a link to confirm it: the bureau sees the proposal only after that."),
    )
    partner_city = forms.CharField(label=_("Proposed partner city"), max_length=200)
    title = forms.CharField(label=_("The activity you propose"), max_length=200)
    offer = forms.CharField(
        label=_("What you offer"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    need = forms.CharField(
        label=_("What you need"),
        max_length=TEXT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    field = forms.ChoiceField(label=_("Field"), required=False)
    when = DateSpecFormField(label=_("When"), required=False)

    def __init__(self, *args, fields: list[str], new_partner: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["field"].choices = [("", _("Another field, or not sure")), *((f, f) for f in fields)]
        self.fields["when"].help_text = _("A month or a day, for example March 2027 or 15/03/2027.")
        for name in ("offer", "need"):  # in the page's language: worked out per form, not once at import
            self.fields[name].help_text = _("At most %(n)s characters, plain text.") % {"n": TEXT_MAX}
        if not new_partner:
            del self.fields["partner_city"]

    def clean(self):
        data = super().clean()
        if data.get("proposer") == Proposal.Proposer.ORGANISATION and not data.get("organisation"):
            self.add_error("organisation", _("Give the organisation's name."))
        if data.get("proposer") == Proposal.Proposer.PERSON:
            data["organisation"] = ""
        return data

    def proposal_fields(self) -> dict:
        keys = ("proposer", "kind", "organisation", "name", "email", "title", "offer", "need", "field", "when")
        data = {k: self.cleaned_data.get(k) or "" for k in keys}
        data["when"] = self.cleaned_data.get("when")
        data["email"] = data["email"].lower()
        data["partner_city"] = self.cleaned_data.get("partner_city", "")
        return data


class SignupForm(PublicForm):
    name = forms.CharField(label=_("Your name"), max_length=120)
    email = forms.EmailField(
        label=_("Your email"), max_length=254, help_text=_("We send the confirmation and your cancellation link to it.")
    )
    organisation = forms.CharField(
        label=_("Organisation (optional)"), max_length=200, required=False, help_text=_("If you come for one.")
    )

    def signup_fields(self) -> dict:
        data = {k: self.cleaned_data.get(k) or "" for k in ("name", "email", "organisation")}
        data["email"] = data["email"].lower()
        return data


class OrganisationForm(PublicForm):
    name = forms.CharField(label=_("Name of the organisation"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind of organisation"), choices=Organisation.KINDS)
    email = forms.EmailField(
        label=_("The organisation's email"),
        max_length=254,
        help_text=_(
            "We send a link to confirm it. Proposals and sign-ups sent with this email are then listed on your "
            "organisation's page."
        ),
    )

    def organisation_fields(self) -> dict:
        return {
            "name": self.cleaned_data["name"],
            "kind": self.cleaned_data["kind"],
            "email": self.cleaned_data["email"],
        }


class CapacityForm(forms.Form):
    capacity = forms.IntegerField(
        label=_("Number of places"),
        min_value=1,
        max_value=100000,
        required=False,
        help_text=_("Leave empty for no limit."),
    )


class AcceptForm(PlainForm):
    title = forms.CharField(label=_("Title of the planned activity"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=list(KINDS.items()), initial="exchange")
    date = DateSpecFormField(label=_("Date"), required=False)
    publish = forms.BooleanField(label=_("Show the activity on the public portal"), required=False, initial=True)


class DeclineForm(PlainForm):
    reason = forms.CharField(
        label=_("Reason (the proposer reads it)"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 3})
    )
