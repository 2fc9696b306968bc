from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProcedureConfig(AppConfig):
    name = "kembar.procedure"
    label = "procedure"
    verbose_name = _("Legal procedure")

    def ready(self):
        from . import facts

        facts.register()  # each cooperation's stage records kept in its stored facts

    def load_reference_data(self) -> str:
        """The shipped rule packs, each where missing (kembar.core.reference)."""
        from .models import RulePack
        from .services import rule_packs_load

        rule_packs_load()
        return f"{RulePack.objects.values('pack_id').distinct().count()} rule packs"
