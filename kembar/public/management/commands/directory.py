"""`kembar directory rebuild [--check]`: write the public directory's entries from the records
(kembar/public/entries.py), or with --check report the cooperations whose entry differs from them."""

import json

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _


class Command(BaseCommand):
    help = "Write the public directory's entries again from the records."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="{rebuild}")
        rebuild = sub.add_parser("rebuild", help="Write the public directory's entries from the records.")
        rebuild.add_argument("--check", action="store_true", help="write nothing; list the entries that differ")

    def handle(self, *args, action, check=False, **options):
        from kembar.public import entries

        if check:
            differ, summary = entries.differ(), entries.summary_differs()
            self.stdout.write(json.dumps({"differ": differ, "summary_differs": summary}))
            if differ:
                raise CommandError(
                    _("%(n)d cooperations' directory entries differ from their records.") % {"n": len(differ)}
                )
            if summary:
                raise CommandError(_("The directory's summary differs from its entries."))
            return
        with transaction.atomic():
            n = entries.rebuild()
        self.stdout.write(json.dumps({"rebuilt": n}))
