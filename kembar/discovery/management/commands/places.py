"""`kembar places load|search`: the world's places from the packages, and finding one by any of its names."""

import json

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from kembar.discovery.selectors import place_search
from kembar.discovery.services import places_load


def place_json(place) -> dict:
    return {
        "key": place.key,
        "geonames_id": place.geonames_id,
        "iso_code": place.iso_code,
        "name": place.name,
        "country": place.country_code,
        "level": place.kind,
        "latitude": place.latitude,
        "longitude": place.longitude,
        "population": place.population,
        "timezone": place.timezone,
    }


class Command(BaseCommand):
    help = "Load the world's places (GeoNames cities, ISO 3166-2 divisions) or search them by name."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="{load,search}")
        load = sub.add_parser("load", help="Load or refresh the places from the installed packages (idempotent).")
        load.add_argument("--force", action="store_true", help="write even when the same source was loaded")
        search = sub.add_parser("search", help="Find places by any of their names, in any script.")
        search.add_argument("name", metavar="NAME")
        search.add_argument("--limit", type=int, default=10)
        search.add_argument("--json", action="store_true", dest="as_json", help="machine-readable output")

    def handle(self, *args, action, **options):
        getattr(self, f"handle_{action}")(**options)

    def handle_load(self, *, force=False, **options):
        result = places_load(force=force)
        if result.skipped:
            self.stdout.write(_("Places already loaded from the same source: nothing to do."))
        self.stdout.write(
            _("%(cities)s cities, %(divisions)s divisions, %(names)s names, %(removed)s removed, %(seconds).1f s.")
            % {
                "cities": result.cities,
                "divisions": result.divisions,
                "names": result.names,
                "removed": result.removed,
                "seconds": result.seconds,
            }
        )

    def handle_search(self, *, name, limit=10, as_json=False, **options):
        places = place_search(name=name, limit=max(1, min(limit, 100)))
        if as_json:
            self.stdout.write(json.dumps([place_json(p) for p in places], ensure_ascii=False, indent=2))
            return
        for p in places:
            self.stdout.write(f"{p.key}\t{p.kind}\t{p.country_code}\t{p.population}\t{p.name}")
