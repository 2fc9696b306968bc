from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    name = "kembar.partners"
    label = "partners"
    verbose_name = _("Foreign partners")

    def ready(self):
        from kembar.core import pages

        from .models import Country

        pages.watch_reference(Country)  # partners' countries are on every region's pages

    def load_reference_data(self) -> str:
        """The countries from pycountry, when there are none yet (kembar.core.reference)."""
        from .models import Country
        from .services import countries_load

        if not Country.objects.exists():
            countries_load()
        return f"{Country.objects.count()} countries"
