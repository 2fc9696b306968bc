"""`kembar procedure status REF`: where a cooperation stands on its legal procedure."""

import json

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from kembar.cooperations.commands import cooperation_by_ref
from kembar.procedure.labels import kind_label
from kembar.procedure.selectors import procedure_for


class Command(BaseCommand):
    help = "Show where a cooperation stands on its rule pack (docs/procedure.md)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="{status}")
        st = sub.add_parser("status", help="Current stage, stages done with their evidence, what is missing.")
        st.add_argument("ref", metavar="REF", help="the case id")
        st.add_argument("--region", metavar="CODE", help="Kemendagri code; needed when the id is in several regions")
        st.add_argument("--json", action="store_true", dest="as_json", help="machine-readable output")

    def handle(self, *args, action, **options):
        getattr(self, f"handle_{action}")(**options)

    def handle_status(self, *, ref, region=None, as_json=False, **options):
        coop = cooperation_by_ref(ref, region)
        state = procedure_for(cooperation=coop)
        row = state.as_json()
        if as_json:
            self.stdout.write(json.dumps(row, ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"{row['region']}/{row['ref']}")
        if row["pack"] is None:
            self.stdout.write("  " + _("follows no rule pack"))
            return
        self.stdout.write(f"  {row['pack']['id']} v{row['pack']['version']}")
        for s in state.stages:
            mark = {"done": "[x]", "current": "[>]", "waiting": "[ ]"}[s.state]
            flag = "" if s.stage.confirmed else f" ({_('unconfirmed')})"
            self.stdout.write(f"  {mark} {s.stage.id}: {s.name}{flag}")
        for m in state.missing:
            self.stdout.write(f"  {_('missing')}: {kind_label(m.document)} — {m.stage} — {m.source}")
        self.stdout.write(f"  {_('signed')}: {_('yes') if row['signed'] else _('no')}")
