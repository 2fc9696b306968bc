"""Forms of the study pages: the search (weights, countries, fields), saving it, shortlisting, notes."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from kembar.core.forms import LinesField, typed
from kembar.partners.models import Country

from . import engine
from .models import MAX_FIELD_LENGTH, MAX_NOTE_FIELDS, MAX_SOURCE, MAX_TEXT

MAX_COUNTRIES = 20
MAX_SEARCH_FIELDS = 10
MAX_LIMIT = 200
MAX_NAME = 100


def _fields_in_bounds(values: list[str]) -> list[str]:
    if len(values) > MAX_SEARCH_FIELDS:
        raise ValidationError(_("Name at most %(n)s fields of cooperation.") % {"n": MAX_SEARCH_FIELDS})
    if any(len(v) > MAX_FIELD_LENGTH for v in values):
        raise ValidationError(_("A field of cooperation has at most %(n)s characters.") % {"n": MAX_FIELD_LENGTH})
    return values


class SearchForm(forms.Form):
    """What a search ranks by. Read from the query string (a search is a read); the same fields saved."""

    countries = forms.MultipleChoiceField(
        label=_("Countries"),
        required=False,
        help_text=_("Leave empty for every country with diplomatic relations with Indonesia."),
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    fields = LinesField(
        label=_("Fields of cooperation"),
        required=False,
        max_length=MAX_SEARCH_FIELDS * (MAX_FIELD_LENGTH + 2),
        help_text=_("One field per line; leave empty for the fields of the region's profile."),
    )
    limit = forms.IntegerField(label=_("Number of candidates"), min_value=1, max_value=MAX_LIMIT, initial=20)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        countries = Country.objects.filter(diplomatic_relations=True).exclude(code="ID")
        self.fields["countries"].choices = sorted(((c.code, c.name()) for c in countries), key=lambda c: c[1])
        for key in engine.weight_keys():
            self.fields[f"w_{key}"] = forms.IntegerField(
                label=engine.labels().get(key, key),
                min_value=0,
                max_value=engine.max_weight(),
                initial=engine.default_weights()[key],
                widget=forms.NumberInput(attrs={"class": "weight"}),
            )

    def clean_countries(self):
        values = self.cleaned_data["countries"]
        if len(values) > MAX_COUNTRIES:
            raise ValidationError(_("Choose at most %(n)s countries.") % {"n": MAX_COUNTRIES})
        return values

    def clean_fields(self):
        return _fields_in_bounds(self.cleaned_data["fields"])

    def weight_fields(self):
        return [self[f"w_{key}"] for key in engine.weight_keys()]

    def weights(self) -> dict[str, int]:
        return {key: self.cleaned_data[f"w_{key}"] for key in engine.weight_keys()}

    @classmethod
    def initial_for(cls, search) -> dict:
        """The form as a saved search re-opens it."""
        weights = engine.clean_weights(search.weights or {})
        return {
            "countries": list((search.filters or {}).get("countries") or []),
            "fields": list((search.filters or {}).get("fields") or []),
            "limit": search.limit,
            **{f"w_{k}": v for k, v in weights.items()},
        }


class SaveSearchForm(SearchForm):
    name = forms.CharField(label=_("Name of the search"), max_length=200, validators=[typed])

    field_order = ["name"]


class NameSearchForm(forms.Form):
    q = forms.CharField(label=_("Find a place by name"), max_length=MAX_NAME, required=False)


class ShortlistForm(forms.Form):
    place = forms.IntegerField(min_value=1, widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Why shortlist it"),
        max_length=MAX_TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        validators=[typed],
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Why it is on the shortlist"),
        max_length=MAX_TEXT,
        validators=[typed],
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The study prints it as the reason for this candidate."),
    )


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Note"), max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 3}), validators=[typed]
    )
    fields = LinesField(
        label=_("Fields of cooperation it shows"),
        required=False,
        max_length=MAX_NOTE_FIELDS * (MAX_FIELD_LENGTH + 2),
        help_text=_("One per line: fields the candidate is known to cooperate in; they count in the ranking."),
    )
    source = forms.CharField(
        label=_("Source"),
        max_length=MAX_SOURCE,
        required=False,
        validators=[typed],
        help_text=_("As a reader can look it up: author or body, title, year."),
    )
    url = forms.URLField(label=_("Address of the source"), max_length=MAX_SOURCE, required=False, assume_scheme="https")

    def clean_fields(self):
        values = self.cleaned_data["fields"]
        if len(values) > MAX_NOTE_FIELDS:
            raise ValidationError(_("Name at most %(n)s fields of cooperation in one note.") % {"n": MAX_NOTE_FIELDS})
        if any(len(v) > MAX_FIELD_LENGTH for v in values):
            raise ValidationError(_("A field of cooperation has at most %(n)s characters.") % {"n": MAX_FIELD_LENGTH})
        return values

    def clean(self):
        data = super().clean()
        if data.get("url") and not data.get("source"):
            self.add_error("source", _("Name the source the address leads to."))
        return data
