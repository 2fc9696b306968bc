"""`kembar facts rebuild [--region CODE …] [--check]`: write every cooperation's stored facts from its records
(kembar/cooperations/facts.py), or with --check report the rows that differ from their records."""

import json

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.translation import gettext as _


class Command(BaseCommand):
    help = "Write every cooperation's stored facts again from its records."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="{rebuild}")
        rebuild = sub.add_parser("rebuild", help="Write every cooperation's stored facts from its records.")
        rebuild.add_argument("--region", action="append", metavar="CODE", help="only this region (repeatable)")
        rebuild.add_argument("--check", action="store_true", help="write nothing; list the rows that differ")

    def handle(self, *args, action, region=None, check=False, **options):
        from kembar.cooperations import facts
        from kembar.cooperations.models import Cooperation, CooperationFacts
        from kembar.regions.commands import region_ids_option

        region_ids = region_ids_option(region)
        if check:
            qs = Cooperation._base_manager.all()
            if region_ids is not None:
                qs = qs.filter(region_id__in=region_ids)
            ids = list(qs.values_list("pk", flat=True))
            differ = []
            for i in range(0, len(ids), 2000):
                part = ids[i : i + 2000]
                kept = {
                    cid: facts.stored(data, apart)
                    for cid, data, apart in CooperationFacts.objects.filter(pk__in=part).values_list(
                        "pk", "data", "parts"
                    )
                }
                for cid, data in facts.compute(part).items():
                    if json.loads(json.dumps(data)) != kept.get(cid):
                        differ.append(cid)
            self.stdout.write(json.dumps({"checked": len(ids), "differ": differ}))
            if differ:
                raise CommandError(
                    _("%(n)d cooperations' stored facts differ from their records.") % {"n": len(differ)}
                )
            return
        with transaction.atomic():
            n = facts.rebuild(region_ids=region_ids)
        self.stdout.write(json.dumps({"rebuilt": n}))
