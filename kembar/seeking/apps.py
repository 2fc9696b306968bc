from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SeekingConfig(AppConfig):
    """Regions seeking partners on the portal, foreign interest, and two-sided matching."""

    name = "kembar.seeking"
    verbose_name = _("Seeking partners")
