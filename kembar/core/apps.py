from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "kembar.core"
    label = "core"

    def ready(self):
        from . import pages

        pages.connect()
