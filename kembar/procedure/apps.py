from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProcedureConfig(AppConfig):
    name = "kembar.procedure"
    label = "procedure"
    verbose_name = _("Legal procedure")
