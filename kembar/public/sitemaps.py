"""The portal's sitemap (django.contrib.sitemaps): the directory, every region with published cooperations and
every published cooperation, each in Indonesian and in English (`?lang=en`) with the other as its alternate.
Nothing else: no staff page, no file, nothing unpublished (kembar.public.selectors decides)."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse
from django.utils.translation import get_language

from . import selectors
from .http import with_language


class _Portal(Sitemap):
    i18n = True
    alternates = True
    x_default = True

    def location(self, item):
        return with_language(self.path(item), get_language())


class DirectorySitemap(_Portal):
    priority = 1.0
    changefreq = "daily"

    def items(self):
        return ["public_directory"]

    def path(self, item):
        return reverse(item)


class RegionSitemap(_Portal):
    priority = 0.8
    changefreq = "weekly"

    def items(self):
        return [r.code for r in selectors.directory_options().regions]

    def path(self, code):
        return reverse("public_region", args=[code])


class CooperationSitemap(_Portal):
    priority = 0.6
    changefreq = "weekly"

    def items(self):
        return selectors.published_addresses()

    def path(self, item):
        return reverse("public_cooperation", args=list(item))


SITEMAPS = {"directory": DirectorySitemap, "regions": RegionSitemap, "cooperations": CooperationSitemap}
