"""`kembar discover --region CODE`: the ranked partner candidates for a region's profile."""

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from kembar.discovery import ranking
from kembar.discovery.models import RegionProfile
from kembar.discovery.selectors import profile_get
from kembar.regions.models import Region
from kembar.regions.selectors import region_get


def ranked_json(r: ranking.Ranked) -> dict:
    p = r.place
    return {
        "rank": r.rank,
        "place": {
            "key": p.key,
            "geonames_id": p.geonames_id,
            "iso_code": p.iso_code,
            "name": p.name,
            "country": p.country_code,
            "level": p.kind,
        },
        "score": r.score,
        "criteria": [
            {
                "key": c.key,
                "label": str(c.label),
                "ours": c.ours,
                "theirs": c.theirs,
                "points": c.points,
                "weight": c.weight,
                "contribution": c.contribution,
                "required": c.required,
                "met": c.met,
                "note": c.note,
            }
            for c in r.criteria
        ],
        "ties": [{"region": t.region_code, "name": t.region_name, "since": t.since} for t in r.ties],
    }


class Command(BaseCommand):
    help = "Rank partner candidates for a region's profile (equal level, diplomatic relations required)."

    def add_arguments(self, parser):
        parser.add_argument("--region", required=True, metavar="CODE", help="Kemendagri code, e.g. 32.73")
        parser.add_argument("--country", action="append", default=[], metavar="CC", help="keep to a country")
        parser.add_argument("--fields", default=None, help='fields wanted, comma-separated: "Pendidikan,..."')
        parser.add_argument("--weight", action="append", default=[], metavar="KEY=N", help="e.g. fields=6")
        parser.add_argument("--limit", type=int, default=20)
        parser.add_argument("--json", action="store_true", dest="as_json", help="machine-readable output")

    def handle(self, *args, region, country, fields, weight, limit, as_json, **options):
        try:
            reg = region_get(code=region)
        except Region.DoesNotExist:
            raise CommandError(_("No region with code %(code)s.") % {"code": region}) from None
        # A region without a profile ranks on level and relations alone (nothing is written for it).
        profile = profile_get(region=reg) or RegionProfile(region=reg)
        countries = [c for part in country for c in part.split(",") if c.strip()]
        wanted = [f.strip() for f in fields.split(",") if f.strip()] if fields is not None else None
        try:
            weights = {k.strip(): int(v) for k, _sep, v in (w.partition("=") for w in weight)}
            results = ranking.rank(
                profile, weights=weights, countries=countries, fields=wanted, limit=max(1, min(limit, 200))
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        if as_json:
            self.stdout.write(json.dumps([ranked_json(r) for r in results], ensure_ascii=False, indent=2))
            return
        for r in results:
            self.stdout.write(f"{r.rank}\t{r.score}\t{r.place.key}\t{r.place.country_code}\t{r.place.name}")
