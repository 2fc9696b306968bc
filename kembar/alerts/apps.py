from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlertsConfig(AppConfig):
    name = "kembar.alerts"
    label = "alerts"
    verbose_name = _("Alerts")

    def ready(self):
        from . import signals, unread

        signals.connect()
        unread.connect()
