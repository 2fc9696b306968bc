"""`kembar rules list|show|load`: the rule packs (versions of the legal procedure) from the command line."""

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from kembar.procedure.labels import text_in
from kembar.procedure.models import RulePack
from kembar.procedure.selectors import pack_json, rule_pack_get, rule_pack_list
from kembar.procedure.services import rule_packs_load


class Command(BaseCommand):
    help = "List, show and load rule packs (docs/procedure.md)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="{list,show,load}")
        lst = sub.add_parser("list", help="Every pack with its versions.")
        lst.add_argument("--json", action="store_true", dest="as_json", help="machine-readable output")
        show = sub.add_parser("show", help="One version of a pack, with every stage and its source.")
        show.add_argument("pack", metavar="PACK")
        show.add_argument("--version", type=int, dest="pack_version", metavar="N", help="default: the latest")
        show.add_argument("--json", action="store_true", dest="as_json", help="machine-readable output")
        sub.add_parser("load", help="Load the shipped pack files as version 1 where missing (safe to run again).")

    def handle(self, *args, action, **options):
        getattr(self, f"handle_{action}")(**options)

    def handle_list(self, *, as_json=False, **options):
        packs = rule_pack_list()
        if as_json:
            rows = [
                {
                    "id": s.pack_id,
                    "title": s.latest.data.get("title", {}),
                    "in_force": s.latest.data.get("in_force", {}),
                    "latest": s.latest.version,
                    "versions": [dict(pack_json(v), cooperations=n) for v, n in s.rows],
                }
                for s in packs
            ]
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        for s in packs:
            versions = ", ".join(f"v{v.version}" for v in reversed(s.versions))
            self.stdout.write(f"{s.pack_id}\t{versions}\t{s.title}")

    def handle_show(self, *, pack, pack_version=None, as_json=False, **options):
        try:
            row = rule_pack_get(pack_id=pack, version=pack_version)
        except RulePack.DoesNotExist:
            raise CommandError(
                _("No rule pack %(pack)s (version %(v)s).") % {"pack": pack, "v": pack_version or "latest"}
            ) from None
        if as_json:
            self.stdout.write(json.dumps(pack_json(row, full=True), ensure_ascii=False, indent=2, default=str))
            return
        self.stdout.write(f"{row.pack_id} v{row.version}: {text_in(row.data.get('title'))}")
        self.stdout.write(f"  {_('Source')}: {row.data.get('source', '')}")
        for n, stage in enumerate(row.data.get("stages", []), start=1):
            flag = "" if stage.get("confirmed", True) else f" [{_('unconfirmed')}]"
            requires = ", ".join(stage.get("requires") or []) or "-"
            self.stdout.write(f"{n}. {stage['id']} ({stage['actor']}; {requires}){flag}")
            self.stdout.write(f"   {text_in(stage.get('name'))} — {stage.get('source', '')}")

    def handle_load(self, **options):
        created = rule_packs_load()
        for pack in created:
            self.stdout.write(f"loaded {pack}")
        self.stdout.write(_("%(n)s rule pack version(s) in the database.") % {"n": RulePack.objects.count()})
