from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kembar.core.dates import typed_day
from kembar.participation.forms import plain

from .models import LANGUAGES, MAX_PRODUCTS_LIMIT, DistributionPoint

LANGUAGE_CHOICES = [("id", _("Indonesian")), ("en", _("English")), ("ko", _("Korean")), ("ja", _("Japanese"))]


class EditionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, validators=[plain])
    date = forms.DateField(
        label=_("Date"), validators=[typed_day], widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    languages = forms.MultipleChoiceField(
        label=_("Texts reviewed in"),
        choices=LANGUAGE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("A product enters the edition only when its text in each of these languages is reviewed."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = timezone.localdate()
        self.fields["languages"].initial = list(LANGUAGES)


class ChooseForm(forms.Form):
    products = forms.TypedMultipleChoiceField(label=_("Products"), coerce=int, required=False)

    def __init__(self, *args, candidates=(), limit=MAX_PRODUCTS_LIMIT, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["products"].choices = [(c.product_id, c.name) for c in candidates]
        self.limit = limit

    def clean_products(self):
        chosen = self.cleaned_data["products"]
        if len(chosen) > self.limit:
            raise forms.ValidationError(
                _("An edition holds at most %(n)s products; %(chosen)s were chosen.")
                % {"n": self.limit, "chosen": len(chosen)}
            )
        return chosen


class SettingsForm(forms.Form):
    enabled = forms.BooleanField(
        label=_("Catalogue switched on"),
        required=False,
        help_text=_("Switched on, the region's published editions are on the public catalogue pages."),
    )
    max_products = forms.IntegerField(
        label=_("Products per edition"),
        min_value=1,
        max_value=MAX_PRODUCTS_LIMIT,
        help_text=_("The Little Bandung catalogue holds 100 products."),
    )


class PointForm(forms.ModelForm):
    class Meta:
        model = DistributionPoint
        fields = ["kind", "name", "country", "city", "address", "contact"]


class DistributionForm(forms.Form):
    edition = forms.TypedChoiceField(label=_("Edition"), coerce=int)
    point = forms.TypedChoiceField(label=_("Distribution point"), coerce=int)
    copies = forms.IntegerField(label=_("Copies"), min_value=1, max_value=100_000)
    date = forms.DateField(
        label=_("Date sent"), validators=[typed_day], widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, editions=(), points=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["edition"].choices = [(e.pk, f"{e.number}. {e.title}") for e in editions]
        self.fields["point"].choices = [(p.pk, str(p)) for p in points]
        self.fields["date"].initial = timezone.localdate()
