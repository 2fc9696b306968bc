"""The online catalogue's sitemap (django.contrib.sitemaps): each enabled region's catalogue, every published
edition and every item of it, in the catalogue's four languages (`?lang=`), each with the others as alternates.
Served at /katalog/sitemap.xml."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse
from django.utils.translation import get_language

from .models import CatalogueSettings, Edition, EditionItem
from .words import LANGUAGES


def _with_lang(path: str, lang: str) -> str:
    return path if lang == "id" else f"{path}?lang={lang}"


class _Catalogue(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    languages = list(LANGUAGES)

    def location(self, item):
        return _with_lang(self.path(item), get_language())


def _published():
    return Edition.objects.filter(
        status=Edition.Status.PUBLISHED,
        region__in=CatalogueSettings.objects.filter(enabled=True).values("region"),
    )


class RegionCatalogueSitemap(_Catalogue):
    priority = 0.7
    changefreq = "monthly"

    def items(self):
        return sorted(set(_published().values_list("region__code", flat=True)))

    def path(self, code):
        return reverse("catalogue_public_region", args=[code])


class EditionSitemap(_Catalogue):
    priority = 0.7
    changefreq = "monthly"

    def items(self):
        return list(_published().order_by("region__code", "number").values_list("region__code", "number"))

    def path(self, item):
        return reverse("catalogue_public_edition", args=list(item))


class ItemSitemap(_Catalogue):
    priority = 0.5
    changefreq = "yearly"
    limit = 5000

    def items(self):
        return list(
            EditionItem.objects.filter(edition__in=_published())
            .order_by("edition__region__code", "edition__number", "position")
            .values_list("edition__region__code", "edition__number", "position")
        )

    def path(self, item):
        return reverse("catalogue_public_item", args=list(item))


SITEMAPS = {"catalogue": RegionCatalogueSitemap, "editions": EditionSitemap, "items": ItemSitemap}
