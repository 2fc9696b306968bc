from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StudiesConfig(AppConfig):
    """The potential-partner study: searches, shortlist, notes, the study document, choosing a partner."""

    name = "kembar.studies"
    verbose_name = _("Potential-partner studies")
