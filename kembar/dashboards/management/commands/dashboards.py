"""`kembar dashboards warm [--region CODE …] [--language id|en …] [--date YYYY-MM-DD]`: compute the region
dashboards' figures ahead of the first visit (cron, shortly after midnight: docs/deploy.md)."""

import datetime as dt
import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _


class Command(BaseCommand):
    help = "Compute the region dashboards' figures for the day and share them with every worker (docs/adr/0019)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="{warm}")
        warm = sub.add_parser("warm", help="Compute every region's dashboard figures ahead of the first visit.")
        warm.add_argument("--region", action="append", metavar="CODE", help="only this region (repeatable)")
        warm.add_argument("--language", action="append", metavar="CODE", help="only this language (repeatable)")
        warm.add_argument("--date", metavar="YYYY-MM-DD", help="the day the figures are for; default today")

    def handle(self, *args, action, region=None, language=None, date=None, **options):
        from django.conf import settings

        from kembar.core import pagecache
        from kembar.dashboards import store
        from kembar.regions.models import Region

        if not pagecache.enabled():
            raise CommandError(_("Nothing is kept while KEMBAR_PAGE_CACHE_SECONDS is 0."))
        try:
            today = dt.date.fromisoformat(date) if date else timezone.localdate()
        except ValueError:
            raise CommandError(_("“%(value)s” is not a date: write YYYY-MM-DD.") % {"value": date}) from None
        known = {code for code, _name in settings.LANGUAGES}
        for code in language or []:
            if code not in known:
                message = _("Unknown language %(code)s: use one of %(known)s.")
                raise CommandError(message % {"code": code, "known": ", ".join(sorted(known))})
        regions = None
        if region:
            regions = list(Region.objects.filter(code__in=region).order_by("code"))
            missing = sorted(set(region) - {r.code for r in regions})
            if missing:
                raise CommandError(_("No region with code %(code)s.") % {"code": ", ".join(missing)})
        started = time.perf_counter()
        done = store.warm(today=today, regions=regions, languages=language)
        done["seconds"] = time.perf_counter() - started
        self.stdout.write(
            _(
                "Dashboard figures for %(day)s: %(regions)s regions in %(languages)s languages, %(cooperations)s "
                "cooperations, %(computed)s computed, in %(seconds).1f s."
            )
            % done
        )
