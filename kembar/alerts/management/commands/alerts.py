"""`kembar alerts run [--as-of DATE]`: queue the daily alerts task (cron runs it once a day)."""

import datetime as dt
import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _


class Command(BaseCommand):
    help = "Queue the daily alerts task: new alerts in the app, email digests (docs/adr/0012-tasks-and-feeds.md)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="{run}")
        run = sub.add_parser("run", help="Find what needs attention in every region and alert its staff.")
        run.add_argument("--as-of", metavar="DATE", help="judge at this day (YYYY-MM-DD); default today")

    def handle(self, *args, action, as_of=None, **options):
        from kembar.alerts.tasks import alerts_daily

        if as_of:
            try:
                dt.date.fromisoformat(as_of)
            except ValueError:
                raise CommandError(_("“%(value)s” is not a date: write YYYY-MM-DD.") % {"value": as_of}) from None
        result = alerts_daily.enqueue(as_of=as_of)
        if result.is_finished:
            if result.errors:
                raise CommandError(result.errors[0].traceback)
            self.stdout.write(json.dumps(result.return_value, ensure_ascii=False))
        else:
            self.stdout.write(_("Queued task %(id)s.") % {"id": result.id})
