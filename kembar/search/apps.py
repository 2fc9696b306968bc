from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "kembar.search"
    label = "search"
    verbose_name = _("Search")

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import index, storage

        index.connect()
        post_migrate.connect(storage.after_migrate, sender=self, dispatch_uid="kembar-search-storage")
