"""The SME list's filters (django-filter): kecamatan of the region, a product category, verification, export
readiness, and a search by name, owner or NIB. A value that is not one of the choices is an error on its field
(shown on the page, the other filters still applied), never a server error."""

import django_filters
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from . import validators
from .models import SME, Product

#: Longest search text.
SEARCH_CHARS = 100


class SMEFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Name or NIB"), method="search", max_length=SEARCH_CHARS)
    kecamatan = django_filters.ChoiceFilter(label=_("Kecamatan"), empty_label=_("all"))
    category = django_filters.ChoiceFilter(
        label=_("Product category"), choices=Product.Category.choices, empty_label=_("all"), method="with_category"
    )
    verified = django_filters.ChoiceFilter(
        label=_("Verified"),
        choices=[("yes", _("verified")), ("no", _("not verified"))],
        empty_label=_("all"),
        method="by_verification",
    )
    readiness = django_filters.ChoiceFilter(
        label=_("Export readiness"), field_name="export_readiness", choices=SME.Readiness.choices, empty_label=_("all")
    )

    class Meta:
        model = SME
        fields = []

    def __init__(self, data=None, queryset=None, *, region, **kwargs):
        super().__init__(data, queryset, **kwargs)
        self.filters["kecamatan"].extra["choices"] = validators.kecamatan_of(region.code)

    def search(self, queryset, name, value):
        text = value.strip()
        if not text:
            return queryset
        q = Q(name__icontains=text) | Q(owner_name__icontains=text)
        digits = validators.normalise_digits(text)
        if digits.isascii() and digits.isdigit():  # "8120 0012" finds NIB 8120001234567
            q |= Q(nib__startswith=digits)
        return queryset.filter(q)

    def with_category(self, queryset, name, value):
        # An SME with a live product of the category, once however many it has.
        return queryset.filter(Exists(Product.objects.filter(sme=OuterRef("pk"), category=value)))

    def by_verification(self, queryset, name, value):
        return queryset.filter(verified_at__isnull=value != "yes")
