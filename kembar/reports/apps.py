from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "kembar.reports"
    label = "reports"
