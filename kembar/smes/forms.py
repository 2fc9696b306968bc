"""Forms of the SME registry: what a person types, checked; the models check again when the services save."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kembar.core.forms import LimitedFileInput, MoneyField, typed

from . import photos, validators
from .models import LONG_CHARS, MAX_PHOTOS, NAME_CHARS, SHORT_CHARS, SME, Certification, Product, ProductText


class MarketsField(forms.CharField):
    """Countries of interest typed as ISO codes separated by commas or spaces ("KR, JP, SG")."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 200)
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", _("ISO country codes separated by commas, e.g. KR, JP, SG."))
        super().__init__(*args, **kwargs)

    def prepare_value(self, value):
        return ", ".join(value) if isinstance(value, list | tuple) else value

    def to_python(self, value):
        text = super().to_python(value) or ""
        codes = [c.strip().upper() for c in text.replace(";", ",").replace(" ", ",").split(",") if c.strip()]
        validators.validate_markets(codes)
        return sorted(set(codes))


class SMEForm(forms.ModelForm):
    markets = MarketsField(label=_("Markets of interest"))
    website = forms.URLField(label=_("Website"), max_length=300, required=False, assume_scheme="https")

    class Meta:
        model = SME
        fields = [
            "name",
            "owner_name",
            "nib",
            "address",
            "kecamatan",
            "phone",
            "email",
            "website",
            "founded",
            "workforce",
            "export_readiness",
            "markets",
        ]

    def __init__(self, *args, region, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kecamatan"] = forms.ChoiceField(
            label=_("Kecamatan"),
            required=False,
            choices=[("", "—"), *validators.kecamatan_of(region.code)],
        )
        self.fields["nib"].widget.attrs.update({"inputmode": "numeric", "autocomplete": "off"})
        self.fields["phone"].widget.attrs.update({"inputmode": "tel", "autocomplete": "tel"})


class CertificationForm(forms.ModelForm):
    class Meta:
        model = Certification
        fields = ["kind", "number", "issued", "expires"]
        widgets = {
            "issued": forms.DateInput(attrs={"type": "date"}),
            "expires": forms.DateInput(attrs={"type": "date"}),
        }


class MultiplePhotoInput(LimitedFileInput):
    allow_multiple_selected = True

    def __init__(self, attrs=None):
        super().__init__({"accept": "image/jpeg,image/png,image/webp", **(attrs or {})}, limit=photos.max_photo_bytes)


class PhotosField(forms.FileField):
    """Several photos at once (the browser's multiple file input), at most MAX_PHOTOS."""

    widget = MultiplePhotoInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        if not files and self.required:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        if len(files) > MAX_PHOTOS:
            raise forms.ValidationError(_("At most %(max)s photos per product.") % {"max": MAX_PHOTOS}, code="too_many")
        return [super(PhotosField, self).clean(f, initial) for f in files]


class ProductForm(forms.ModelForm):
    class Meta:
        model = Product
        fields = [
            "category",
            "price_min",
            "price_max",
            "currency",
            "min_order",
            "unit",
            "capacity_per_month",
            "hs_code",
            "materials",
        ]
        widgets = {"currency": forms.TextInput(attrs={"size": 4, "maxlength": 3, "autocapitalize": "characters"})}
        field_classes = {"price_min": MoneyField, "price_max": MoneyField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["hs_code"].widget.attrs.update({"inputmode": "numeric"})


class ProductCreateForm(ProductForm):
    """A new product with its Indonesian text and its first photos (all optional but the name)."""

    field_order = ["name", "short", "long", "category", "price_min", "price_max", "currency", "min_order", "unit"]

    name = forms.CharField(label=_("Name (Indonesian)"), max_length=NAME_CHARS)
    short = forms.CharField(label=_("Short description (Indonesian)"), max_length=SHORT_CHARS, required=False)
    long = forms.CharField(
        label=_("Description (Indonesian)"),
        max_length=LONG_CHARS,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    photos = PhotosField(label=_("Photos"), required=False, help_text=_("JPEG, PNG or WebP; up to 8 photos."))
    alt = forms.CharField(label=_("What the photos show"), max_length=200, required=False, validators=[typed])


class PhotoForm(forms.Form):
    photos = PhotosField(label=_("Photos"), help_text=_("JPEG, PNG or WebP; up to 8 photos."))
    alt = forms.CharField(label=_("What the photos show"), max_length=200, required=False, validators=[typed])


class TextForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=NAME_CHARS, required=False)
    short = forms.CharField(label=_("Short description"), max_length=SHORT_CHARS, required=False)
    long = forms.CharField(
        label=_("Description"), max_length=LONG_CHARS, required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    status = forms.ChoiceField(label=_("Status"), choices=ProductText.Status.choices)

    def __init__(self, *args, may_review: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not may_review:
            self.fields["status"].choices = [
                c for c in ProductText.Status.choices if c[0] != ProductText.Status.REVIEWED
            ]

    def clean(self):
        data = super().clean()
        if data.get("status") in (ProductText.Status.DRAFT, ProductText.Status.REVIEWED) and not data.get("name"):
            self.add_error("name", _("A text in draft or reviewed has a name."))
        if data.get("status") == ProductText.Status.MISSING and any(data.get(k) for k in ("name", "short", "long")):
            data["status"] = ProductText.Status.DRAFT
        return data


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("File (XLIFF 2.0 or XLSX)"),
        widget=LimitedFileInput(attrs={"accept": ".xlf,.xliff,.xlsx"}),
    )
