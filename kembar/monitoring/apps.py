from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "kembar.monitoring"
    label = "monitoring"
