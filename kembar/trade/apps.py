from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TradeConfig(AppConfig):
    """Little Bandung's channels (Mobile, Wall, Store, f4bdg), buyer inquiries and deals."""

    name = "kembar.trade"
    verbose_name = _("Channels and buyer inquiries")
