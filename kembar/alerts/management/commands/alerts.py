"""`kembar alerts run [--as-of DATE]`: queue the daily alerts task (cron runs it once a day).
`kembar alerts unread [--check]`: write every user's unread count again (kembar/alerts/unread.py), or with
--check report the users whose stored count differs."""

import datetime as dt
import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _


class Command(BaseCommand):
    help = "Queue the daily alerts task: new alerts in the app, email digests (docs/adr/0012-tasks-and-feeds.md)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="{run,unread}")
        run = sub.add_parser("run", help="Find what needs attention in every region and alert its staff.")
        run.add_argument("--as-of", metavar="DATE", help="judge at this day (YYYY-MM-DD); default today")
        counts = sub.add_parser("unread", help="Write every user's count of unread alerts again from the alerts.")
        counts.add_argument("--check", action="store_true", help="write nothing; list the users whose count differs")

    def handle(self, *args, action, as_of=None, check=False, **options):
        from kembar.alerts.tasks import alerts_daily

        if action == "unread":
            return self._unread(check=check)

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

    def _unread(self, *, check: bool) -> None:
        from django.db import transaction

        from kembar.alerts import unread

        if check:
            differ = unread.differ()
            self.stdout.write(json.dumps({"differ": differ}))
            if differ:
                raise CommandError(_("%(n)d users' unread counts differ from their alerts.") % {"n": len(differ)})
            return
        with transaction.atomic():
            n = unread.rebuild()
        self.stdout.write(json.dumps({"rebuilt": n}))
