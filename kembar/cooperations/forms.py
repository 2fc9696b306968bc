from django import forms
from django.utils.translation import gettext_lazy as _

from kembar.core.fields import DateSpecFormField
from kembar.core.forms import LinesField, SignatoriesField
from kembar.core.uploads import ALLOWED

from .expiry import COMPUTED, validity_of
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
        fields = [
            "kind",
            "title",
            "date",
            "valid_from",
            "duration_months",
            "expires",
            "signatories",
            "language",
            "summary",
            "source",
        ]
        widgets = {"summary": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, cooperation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = Source.objects.filter(cooperation=cooperation)
        if self.instance.pk:
            del self.fields["upload"]
        if validity_of(self.instance) == COMPUTED:
            self.initial["expires"] = None  # shown empty: it follows the start and duration (expiry.py)


class UploadForm(forms.Form):
    upload = forms.FileField(
        label=_("New version"),
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
        help_text=_("PDF, DOCX, XLSX, JPEG or PNG."),
    )


class RenewForm(forms.Form):
    """The renewal of an LoI, MoU or PKS: a new document (services.document_renew)."""

    kind = forms.ChoiceField(label=_("Renewed by"), choices=[])
    date = DateSpecFormField(label=_("Date of the renewal"))
    duration_months = forms.IntegerField(
        label=_("Duration (months)"),
        required=False,
        min_value=1,
        max_value=1200,
        error_messages={"min_value": _("The duration must be at least one month.")},
        help_text=_("Leave empty when the renewal states no duration."),
    )
    title = forms.CharField(
        label=_("Title"),
        required=False,
        max_length=300,
        help_text=_("Leave empty for “<old title> — renewal of <date>”."),
    )
    upload = forms.FileField(
        label=_("File"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
        help_text=_("PDF, DOCX, XLSX, JPEG or PNG."),
    )

    def __init__(self, *args, document, **kwargs):
        from .expiry import RENEWABLE
        from .models import DocumentKind

        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(k, label) for k, label in DocumentKind.choices if k in RENEWABLE]
        self.fields["kind"].initial = document.kind
        self.fields["duration_months"].initial = document.duration_months


class RegionSettingsForm(forms.Form):
    loi_followup_months = forms.IntegerField(
        label=_("Months to follow up an LoI"),
        min_value=1,
        max_value=120,
        error_messages={
            "min_value": _("At least one month."),
            "max_value": _("At most 120 months (ten years)."),
        },
        help_text=_("An LoI not followed by an MoU or PKS after this many months is listed under Deadlines."),
    )
