from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiscoveryConfig(AppConfig):
    """Partner discovery: world places, the region's profile, ranked candidates and the potential-partner study."""

    name = "kembar.discovery"
    verbose_name = _("Partner discovery")
