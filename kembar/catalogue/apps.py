from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogueConfig(AppConfig):
    """Little Bandung: a region's SME products taken abroad (registry, catalogue, channels, buyer inquiries)."""

    name = "kembar.catalogue"
    verbose_name = _("SME export programme")

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import index, storage

        index.connect()
        post_migrate.connect(storage.after_migrate, sender=self, dispatch_uid="kembar-catalogue-storage")
