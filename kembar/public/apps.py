from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicConfig(AppConfig):
    name = "kembar.public"
    label = "public"
    verbose_name = _("Public portal")

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import entries

        entries.connect()
        # After every migrate the directory's entries are written from the records (the table is new, or a
        # bulk writer of a migration bypassed the signals).
        post_migrate.connect(entries.after_migrate, sender=self, dispatch_uid="kembar-directory-entries")
