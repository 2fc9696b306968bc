from django import forms
from django.utils.translation import gettext_lazy as _

from kembar.core.forms import LinesField, SignatoriesField
from kembar.core.uploads import ALLOWED

from .models import Cooperation, Document, Source

RULE_PACKS = [
    ("", _("— not set —")),
    ("permendagri-3-2008", _("Permendagri 3/2008")),
    ("permendagri-25-2020", _("PP 28/2018 + Permendagri 25/2020")),
]
ACCEPT = ".pdf,.docx,.xlsx,.jpg,.jpeg,.png," + ",".join(ALLOWED)


class TermsField(LinesField):
    """Terms as "key: value" lines."""

    def prepare_value(self, value):
        if isinstance(value, dict):
            return "\n".join(f"{k}: {v}" for k, v in value.items())
        return value

    def to_python(self, value):
        out = {}
        for line in super().to_python(value):
            key, sep, text = line.partition(":")
            if not sep:
                raise forms.ValidationError(_("Write each term as “name: text”."), code="bad_term")
            text = text.strip()
            out[key.strip()] = {"true": True, "false": False}.get(text, text)
        return out


class CooperationForm(forms.ModelForm):
    fields = LinesField(label=_("Fields of cooperation"), required=False, help_text=_("One field per line."))
    terms = TermsField(label=_("Terms"), required=False, help_text=_("One per line: name: text."))
    rule_pack = forms.ChoiceField(label=_("Rule pack"), choices=RULE_PACKS, required=False)

    class Meta:
        model = Cooperation
        fields = [
            "ref",
            "title",
            "partner",
            "type",
            "form",
            "status",
            "person_in_charge",
            "started",
            "ends",
            "rule_pack",
            "legal_basis",
            "fields",
            "goals",
            "terms",
        ]
        widgets = {"legal_basis": forms.Textarea(attrs={"rows": 2}), "goals": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, region, **kwargs):
        super().__init__(*args, **kwargs)
        from kembar.partners.selectors import partner_list

        self.region = region
        self.fields["partner"].queryset = partner_list(region=region)

    def clean_ref(self):
        ref = self.cleaned_data["ref"]
        clash = Cooperation.all_objects.filter(region=self.region, ref=ref).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("This reference is already used in this region."), code="duplicate")
        return ref


class DocumentForm(forms.ModelForm):
    signatories = SignatoriesField(label=_("Signatories"), required=False)
    upload = forms.FileField(
        label=_("File"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
        help_text=_("PDF, DOCX, XLSX, JPEG or PNG."),
    )

    class Meta:
        model = Document
        fields = ["kind", "title", "date", "signatories", "language", "summary", "source"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, cooperation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = Source.objects.filter(cooperation=cooperation)
        if self.instance.pk:
            del self.fields["upload"]


class UploadForm(forms.Form):
    upload = forms.FileField(
        label=_("New version"),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
        help_text=_("PDF, DOCX, XLSX, JPEG or PNG."),
    )
