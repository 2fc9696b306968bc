from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "kembar.core"
    label = "core"

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import pages, reference

        pages.connect()
        # A migrated database holds the regions, countries and rule packs: ready for a case import at once.
        post_migrate.connect(reference.load_after_migrate, sender=self, dispatch_uid="kembar-reference")
