from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogueConfig(AppConfig):
    """Little Bandung: a region's SME products taken abroad (registry, catalogue, channels, buyer inquiries)."""

    name = "kembar.catalogue"
    verbose_name = _("SME export programme")
