from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CooperationsConfig(AppConfig):
    name = "kembar.cooperations"
    label = "cooperations"
    verbose_name = _("Cooperations")

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import facts

        facts.connect()
        # After every migrate, cooperations without stored facts (made before they existed) get them.
        post_migrate.connect(facts.fill_missing, sender=self, dispatch_uid="kembar-facts-fill")
