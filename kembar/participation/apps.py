from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    name = "kembar.participation"
    label = "participation"
    verbose_name = _("Community participation")
