from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SmesConfig(AppConfig):
    """Little Bandung's registry: the region's SMEs, their products, photos and text in four languages."""

    name = "kembar.smes"
    verbose_name = _("SMEs and products")
