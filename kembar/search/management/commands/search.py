"""`kembar search rebuild [--region CODE …]`: write every search entry again from the records
(kembar/search/index.py); `kembar search find WORDS [--region CODE]` prints what a search finds."""

import json

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction


class Command(BaseCommand):
    help = "Write the search index again from the records, or search it."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="{rebuild,find}")
        rebuild = sub.add_parser("rebuild", help="Write every search entry again from its record.")
        rebuild.add_argument("--region", action="append", metavar="CODE", help="only this region (repeatable)")
        find = sub.add_parser("find", help="Print what a search finds (every region unless --region).")
        find.add_argument("words")
        find.add_argument("--region", action="append", metavar="CODE", help="only this region (repeatable)")

    def handle(self, *args, action, region=None, words="", **options):
        from kembar.regions.commands import region_ids_option
        from kembar.search import index, selectors, storage

        region_ids = region_ids_option(region)
        if action == "find":
            query = selectors.parse(words)
            if query.problem:
                raise CommandError(query.problem)
            for kind in index.KINDS:
                for hit in selectors.search(query=query, region_ids=region_ids, kind=kind, limit=10):
                    self.stdout.write(
                        json.dumps({"kind": kind, "id": hit.record_id, "title": hit.title}, ensure_ascii=False)
                    )
            return
        with transaction.atomic():
            n = index.rebuild(region_ids=region_ids)
        storage.optimize(connection)
        self.stdout.write(json.dumps({"rebuilt": n}))
