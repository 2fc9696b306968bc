"""Forms of kembar.trade: the trade office's channel, unit, post, status and deal forms, and the buyer's inquiry
form in four languages (buyer_text). Every field is bounded and plain text (participation.forms.plain)."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from kembar.cooperations.activities import currency_choices
from kembar.cooperations.models import Cooperation
from kembar.core.dates import typed_day
from kembar.core.forms import MoneyField
from kembar.participation.forms import PlainForm, plain
from kembar.partners.models import Country
from kembar.smes.models import SME, Product

from . import buyer_text, rules
from .models import DEAL_MAX, Channel, ChannelPost, Inquiry, StoreUnit

#: The fields of each kind of channel (the others stay empty).
KIND_FIELDS = {
    rules.MOBILE: ("name", "venue", "city", "country", "starts", "ends"),
    rules.WALL: ("name", "venue", "partner_business", "city", "country", "starts", "ends"),
    rules.STORE: ("name", "venue", "city", "country", "starts", "ends"),
    rules.F4BDG: ("name", "url", "starts"),
}
COMMON = ("cooperation", "smes", "products", "notes")


class ChannelForm(forms.ModelForm):
    class Meta:
        model = Channel
        fields = (
            "name",
            "venue",
            "partner_business",
            "city",
            "country",
            "starts",
            "ends",
            "url",
            "cooperation",
            "smes",
            "products",
            "notes",
        )
        widgets = {
            "starts": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ends": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "smes": forms.CheckboxSelectMultiple,
            "products": forms.CheckboxSelectMultiple,
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, region, kind: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.region = region
        self.instance.kind = kind
        keep = set(KIND_FIELDS[kind]) | set(COMMON)
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]
        self.fields["cooperation"].queryset = Cooperation.objects.filter(region=region).order_by("title")
        self.fields["smes"].queryset = SME.objects.filter(region=region).order_by("name")
        self.fields["products"].queryset = (
            Product.objects.filter(region=region).select_related("sme").prefetch_related("texts").order_by("sme__name")
        )
        self.fields["products"].label_from_instance = product_label
        self.fields["smes"].required = self.fields["products"].required = False
        if "country" in self.fields:
            self.fields["country"].queryset = Country.in_name_order()
        if kind == rules.STORE:
            self.fields["starts"].label = _("opening date")
            self.fields["ends"].help_text = _("Leave empty for a permanent store.")
        if kind == rules.MOBILE:
            self.fields["name"].label = _("event name")
            self.fields["starts"].help_text = _("A Mobile event lasts from 4 days to 1 month.")
        if kind == rules.WALL:
            self.fields["ends"].help_text = _("At least one year after the first day.")
        if kind == rules.F4BDG:
            self.fields["url"].required = True
        for field in self.fields.values():
            if isinstance(field, forms.CharField) and not isinstance(field.widget, forms.Textarea | forms.URLInput):
                field.validators.append(plain)


def product_label(product: Product) -> str:
    """A product as staff pick it: its Indonesian name (or its category and number) and its SME."""
    text = product.text("id")
    name = text.name if text and text.name else str(product)
    return f"{name} — {product.sme.name}"


class UnitForm(forms.ModelForm):
    class Meta:
        model = StoreUnit
        fields = ("label", "use", "description")


class PostForm(forms.ModelForm):
    class Meta:
        model = ChannelPost
        fields = ("date", "url", "summary", "reach", "reactions", "comments", "shares")
        widgets = {"date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].validators.append(typed_day)  # 0001 or 9999: a slip of the keyboard


class MoveForm(PlainForm):
    """The next status of an inquiry: only the moves its current status allows (services.MOVES) are offered."""

    #: Every move, in the order the select lists them (reopening names itself so).
    CHOICES = (
        (Inquiry.Status.ANSWERED, Inquiry.Status.ANSWERED.label),
        (Inquiry.Status.SAMPLE_SENT, Inquiry.Status.SAMPLE_SENT.label),
        (Inquiry.Status.LOST, Inquiry.Status.LOST.label),
        (Inquiry.Status.NEW, _("reopen")),
    )

    to = forms.ChoiceField(
        label=_("New status"),
        error_messages={"invalid_choice": _("This inquiry can no longer be moved to that status.")},
    )
    note = forms.CharField(label=_("Note"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, moves=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to"].choices = [(s, label) for s, label in self.CHOICES if s in moves]


class DealForm(PlainForm):
    value = MoneyField(
        label=_("Value of the deal"), min_value=Decimal("0.01"), max_value=DEAL_MAX, max_digits=17, decimal_places=2
    )
    currency = forms.ChoiceField(label=_("Currency"), choices=())
    date = forms.DateField(
        label=_("Date of the deal"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    cooperation = forms.ModelChoiceField(
        label=_("Foreign cooperation"),
        queryset=Cooperation.objects.none(),
        required=False,
        help_text=_("The deal becomes a result of this cooperation: it appears in its timeline and evaluation."),
    )
    note = forms.CharField(label=_("Note"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, region, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["currency"].choices = currency_choices()
        self.fields["cooperation"].queryset = Cooperation.objects.filter(region=region).order_by("title")


# --- The buyer's form -------------------------------------------------------------------------------------

#: The honeypot: a field people do not see (hidden by CSS and from screen readers) and robots fill in.
HONEYPOT = "website"


class InquiryForm(forms.Form):
    """The buyer's form, its labels and messages in the buyer's language (buyer_text). `products` are those the
    buyer may choose (public products of the region), `names` their names in that language."""

    products = forms.TypedMultipleChoiceField(coerce=int, widget=forms.CheckboxSelectMultiple)
    name = forms.CharField(max_length=120)
    company = forms.CharField(max_length=200)
    country = forms.ChoiceField()
    email = forms.EmailField(max_length=254)
    quantity = forms.CharField(max_length=120)
    message = forms.CharField(max_length=4000, widget=forms.Textarea(attrs={"rows": 5}))
    consent = forms.BooleanField()
    website = forms.CharField(required=False, max_length=200)

    LABELS = {
        "products": "Products",
        "name": "Your name",
        "company": "Company",
        "country": "Country",
        "email": "Email",
        "quantity": "Quantity",
        "message": "Message",
        "consent": buyer_text.CONSENT,
        "website": "Leave this field empty",
    }

    def __init__(self, *args, language: str, products: list[tuple[int, str]], countries: list[tuple[str, str]], **kw):
        super().__init__(*args, **kw)
        self.language = language
        t = lambda msgid: buyer_text.get(msgid, language)  # noqa: E731
        self.fields["products"].choices = products
        self.fields["country"].choices = [("", "—"), *countries]
        for name, field in self.fields.items():
            field.label = t(self.LABELS[name])
            field.error_messages = {
                "required": t("This field is required."),
                "invalid": t("Enter a valid email address."),
                "invalid_choice": t("Choose the country.") if name == "country" else t("Choose at least one product."),
                "invalid_list": t("Choose at least one product."),
                "null_characters_not_allowed": t("The text contains characters that cannot be kept: type it again."),
                "max_length": t("Too long: at most %(n)s characters.") % {"n": field.max_length}
                if getattr(field, "max_length", None)
                else "",
            }
        self.fields["products"].error_messages["required"] = t("Choose at least one product.")
        self.fields["country"].error_messages["required"] = t("Choose the country.")
        self.fields["consent"].error_messages["required"] = t("Give your consent to send the inquiry.")
        self.fields["quantity"].help_text = t("For example: 500 pieces a month, or one container.")
        # Django's validators' own messages (in the active language) are replaced by these, by their code.

    def is_spam(self) -> bool:
        return bool(self.data.get(HONEYPOT, ""))

    def clean_email(self):
        return self.cleaned_data["email"].lower()

    def clean_products(self):
        value = self.cleaned_data["products"]
        if len(value) > 20:
            raise ValidationError(buyer_text.get("At most 20 products in one inquiry.", self.language))
        return value

    def clean(self):
        data = super().clean()
        for name in ("name", "company", "quantity", "message"):
            if isinstance(data.get(name), str):
                try:
                    data[name] = plain(data[name])
                except ValidationError:
                    self.add_error(
                        name,
                        buyer_text.get(
                            "The text contains characters that cannot be kept: type it again.", self.language
                        ),
                    )
                else:
                    if not data[name]:
                        self.add_error(name, buyer_text.get("This field is required.", self.language))
        return data
