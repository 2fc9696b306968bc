from django.apps import AppConfig


class ConditionsConfig(AppConfig):
    name = "kembar.conditions"
    label = "conditions"
