from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "kembar.plans"
    label = "plans"
