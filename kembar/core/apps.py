from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "kembar.core"
    label = "core"
