"""The interest form a foreign city or institution fills in (in one of five languages: its labels, help and
error messages come from `words`), and the bureau's forms. Every field has a size limit and is plain text:
control characters are refused, and the pages show text escaped, never as HTML."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from kembar.core.params import typed_text

from . import matching
from .models import MAX_FIELDS, TEXT_MAX, Interest
from .words import word

#: The honeypot: a field people do not see (hidden by CSS and from screen readers) and robots fill in.
HONEYPOT = "website"
#: How many cities of one name the form offers to choose from.
PLACE_CHOICES = 8


def plain(value: str) -> str:
    """Text as a person types it: no control characters but line breaks and tabs."""
    if not typed_text(value):
        raise ValidationError("bad_text", code="bad_text")
    return (value or "").strip()


class InterestForm(forms.Form):
    """`language` sets every label and message; `fields` are the region's fields of cooperation to choose
    from; `countries` the (code, name) pairs of countries with diplomatic relations with Indonesia."""

    institution = forms.CharField(max_length=200)
    kind = forms.ChoiceField(choices=Interest.Kind.choices)
    country = forms.ChoiceField()
    city = forms.CharField(max_length=200)
    place = forms.ChoiceField(required=False, widget=forms.RadioSelect)
    name = forms.CharField(max_length=120)
    email = forms.EmailField(max_length=254)
    wanted = forms.MultipleChoiceField(widget=forms.CheckboxSelectMultiple)
    message = forms.CharField(max_length=TEXT_MAX, required=False, widget=forms.Textarea(attrs={"rows": 5}))
    consent = forms.BooleanField()
    website = forms.CharField(required=False, max_length=200)

    LABELS = {
        "institution": "institution",
        "kind": "kind",
        "country": "country",
        "city": "city",
        "place": "place",
        "name": "name",
        "email": "email",
        "wanted": "fields",
        "message": "text",
        "consent": "consent",
        "website": "honeypot",
    }
    HELP = {"city": "city_help", "email": "email_help", "wanted": "fields_help"}

    def __init__(self, *args, language: str, fields: list[str], countries: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.language = language
        w = lambda key, **values: word(key, language, **values)  # noqa: E731
        self.fields["kind"].choices = [(k, w(f"kind_{k}")) for k in Interest.Kind.values]
        self.fields["country"].choices = [("", w("choose")), *countries]
        self.fields["wanted"].choices = [(f, f) for f in fields]
        self.places: list = []
        if self.is_bound and self.data.get("country") and self.data.get("city"):
            # The cities of that name are found before validation: a city chosen among them is a valid choice.
            self.places = matching.find_places(
                str(self.data["city"])[:200], country=str(self.data["country"])[:2], limit=PLACE_CHOICES
            )
        self.fields["place"].choices = [(str(p.pk), matching.place_label(p, language)) for p in self.places]
        messages = {
            "required": w("required"),
            "invalid": w("bad_email"),
            "invalid_choice": w("bad_choice"),
            "invalid_list": w("bad_choice"),
            "max_length": w("too_long", n="%(limit_value)d"),
            "null_characters_not_allowed": w("bad_text"),
        }
        for name, field in self.fields.items():
            field.label = w(self.LABELS[name])
            field.error_messages.update(messages)
            if name in self.HELP:
                field.help_text = w(self.HELP[name])
        self.fields["message"].help_text = w("text_help", n=f"{TEXT_MAX:,}".replace(",", "."))
        self.fields["website"].required = False

    def is_spam(self) -> bool:
        return bool(self.data.get(HONEYPOT, ""))

    def clean(self):
        data = super().clean()
        for name, value in list(data.items()):
            if isinstance(value, str):
                try:
                    data[name] = plain(value)
                except ValidationError:
                    self.add_error(name, word("bad_text", self.language))
        if len(data.get("wanted") or []) > MAX_FIELDS:
            self.add_error("wanted", word("bad_choice", self.language))
        if data.get("country") and data.get("city") and "city" not in self.errors:
            self._find_place(data)
        return data

    def _find_place(self, data) -> None:
        """The city typed, found among the world's places of that country (by any of its names): one match is
        taken; several are offered to choose from (the form comes back); none is an error."""
        chosen = data.get("place") or ""
        by_pk = {str(p.pk): p for p in self.places}
        if chosen in by_pk:
            data["place"] = by_pk[chosen]
        elif len(self.places) == 1:
            data["place"] = self.places[0]
        elif self.places:
            data["place"] = None
            self.add_error("place", word("several", self.language))
        else:
            data["place"] = None
            self.add_error("city", word("no_place", self.language))

    def interest_fields(self) -> dict:
        data = self.cleaned_data
        return {
            "institution": data["institution"],
            "kind": data["kind"],
            "country_id": data["country"],
            "city": data["city"],
            "place": data["place"],
            "name": data["name"],
            "email": data["email"].lower(),
            "fields": list(data["wanted"]),
            "message": data.get("message") or "",
        }


class SeekingForm(forms.Form):
    """The bureau publishes (or withdraws) its partner search, with its words to partners."""

    active = forms.BooleanField(label=_("Show on the public portal that we seek partners"), required=False)
    text = forms.CharField(
        label=_("Message to partners (Indonesian)"),
        max_length=TEXT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    text_en = forms.CharField(
        label=_("Message to partners (English)"),
        max_length=TEXT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Shown to readers in English, Korean, Japanese and Chinese."),
    )

    def clean(self):
        data = super().clean()
        for name in ("text", "text_en"):
            try:
                data[name] = plain(data.get(name) or "")
            except ValidationError:
                self.add_error(name, _("The text contains characters that cannot be kept: type it again."))
        return data


class MoveForm(forms.Form):
    """The bureau moves an interest: in contact, declined, or turned into a study candidate, with a note."""

    status = forms.ChoiceField(label=_("New status"))
    note = forms.CharField(
        label=_("Note of the bureau (not sent to the sender)"),
        max_length=TEXT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    search = forms.ChoiceField(
        label=_("Shortlist its city in the saved partner search"),
        required=False,
        help_text=_("Only when it turns into a study candidate."),
    )

    def __init__(self, *args, moves=(), searches=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [(s, Interest.Status(s).label) for s in moves]
        self.searches = {str(s.pk): s for s in searches}
        self.fields["search"].choices = [("", "—"), *((str(s.pk), s.name) for s in searches)]
        if Interest.Status.CANDIDATE not in moves:
            del self.fields["search"]

    def clean(self):
        data = super().clean()
        data["search"] = self.searches.get(data.get("search") or "")
        if data.get("status") == Interest.Status.CANDIDATE and data["search"] is None:
            self.add_error("search", _("Choose the saved partner search whose shortlist takes this city."))
        return data

    def clean_note(self):
        try:
            return plain(self.cleaned_data.get("note") or "")
        except ValidationError:
            raise ValidationError(_("The text contains characters that cannot be kept: type it again.")) from None
