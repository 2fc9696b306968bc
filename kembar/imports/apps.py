from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "kembar.imports"
    label = "imports"
