from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    name = "kembar.dashboards"
    label = "dashboards"
