"""The partner-search profile's form: each fact with its source, the wishes of the search."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kembar.core.fields import YearOrDateFormField
from kembar.core.forms import LinesField

from .models import (
    MAX_ITEM_LENGTH,
    MAX_LIST_ITEMS,
    MAX_TEXT_LENGTH,
    PROFILE_FACTS,
    WORLD_REGIONS,
    Place,
    RegionProfile,
)
from .selectors import place_get, place_search

SOURCE_HELP = _(
    "Cite it as a reader can look it up (document, number, year, page). Without a source the fact is "
    "shown as unconfirmed."
)


class BoundedLinesField(LinesField):
    def __init__(self, *args, max_items=MAX_LIST_ITEMS, max_item_length=MAX_ITEM_LENGTH, **kwargs):
        self.max_items, self.max_item_length = max_items, max_item_length
        kwargs.setdefault("max_length", max_items * (max_item_length + 2))
        super().__init__(*args, **kwargs)

    def validate(self, value):
        super().validate(value)
        if len(value) > self.max_items:
            raise forms.ValidationError(_("At most %(count)s lines.") % {"count": self.max_items})
        if any(len(v) > self.max_item_length for v in value):
            raise forms.ValidationError(_("Each line at most %(count)s characters.") % {"count": self.max_item_length})


class ProfileForm(forms.ModelForm):
    location = forms.CharField(
        label=_("Location"),
        max_length=100,
        required=False,
        help_text=_("The region's own place: its name (e.g. Bandung) or its GeoNames id."),
    )
    fields = BoundedLinesField(
        label=_("Fields of cooperation wanted"), required=False, help_text=_("One field per line, as in the registry.")
    )
    preferred_countries = BoundedLinesField(
        label=_("Preferred countries"),
        required=False,
        max_item_length=2,
        help_text=_("One two-letter ISO code per line (JP, KR, …)."),
    )
    preferred_world_regions = forms.MultipleChoiceField(
        label=_("Preferred world regions"),
        required=False,
        choices=list(WORLD_REGIONS.items()),
        widget=forms.CheckboxSelectMultiple,
    )
    problems = forms.CharField(
        label=_("Problems to solve"),
        required=False,
        max_length=MAX_TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    offer = forms.CharField(
        label=_("What the region can offer"),
        required=False,
        max_length=MAX_TEXT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    class Meta:
        model = RegionProfile
        fields = list(PROFILE_FACTS)
        field_classes = {"population_as_of": YearOrDateFormField}
        help_texts = {f"{name}_source": SOURCE_HELP for name in ("population", "coast", "climate", "capital")}

    def __init__(self, *args, region, **kwargs):
        super().__init__(*args, **kwargs)
        self.region = region
        if self.instance.pk and self.instance.place_id:
            self.initial.setdefault("location", self.instance.place.name)
        self.fields["population"].max_value = 10**10

    def clean_location(self):
        text = self.cleaned_data["location"].strip()
        if not text:
            return None
        level = Place.Kind.DIVISION if self.region.kind == "province" else Place.Kind.CITY
        try:
            place = place_get(key=text) if text.isascii() and text.isdigit() else None
        except Place.DoesNotExist:
            place = None
        if place is None:
            found = [p for p in place_search(name=text, limit=20, kind=level) if p.country_code == "ID"]
            place = found[0] if found else None
        if place is None:
            raise forms.ValidationError(_("No place in Indonesia of that name: load the places or try another name."))
        return place

    def clean_preferred_countries(self):
        return [c.upper() for c in self.cleaned_data["preferred_countries"]]

    def profile_fields(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        data["place"] = self.cleaned_data["location"]
        return data
