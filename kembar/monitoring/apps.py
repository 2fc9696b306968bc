from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "kembar.monitoring"
    label = "monitoring"

    def ready(self):
        from . import facts

        facts.register()  # each cooperation's obligations kept in its stored facts
