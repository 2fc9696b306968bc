from django import forms

from .models import Country, Partner


class PartnerForm(forms.ModelForm):
    class Meta:
        model = Partner
        fields = [
            "name",
            "name_local",
            "country",
            "kind",
            "level",
            "admin_region",
            "latitude",
            "longitude",
            "contacts",
            "note",
        ]
        widgets = {"contacts": forms.Textarea(attrs={"rows": 3}), "note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].queryset = Country.in_name_order()  # by the name the reader reads


class CountryRelationsForm(forms.ModelForm):
    class Meta:
        model = Country
        fields = ["diplomatic_relations", "relations_note", "relations_source", "verified"]
        widgets = {
            "relations_note": forms.Textarea(attrs={"rows": 3}),
            "relations_source": forms.Textarea(attrs={"rows": 2}),
        }
