"""`kembar evaluate (REF | --all) [--region CODE] [--as-of DATE|case] [--framework undp|tm2009] [--json]`.

The JSON is a stable interface, documented in docs/evaluation.md (format 1).
"""

import datetime as dt
import json as jsonlib

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from kembar.cooperations.commands import cooperation_by_ref, region_or_none
from kembar.evaluation import scoring
from kembar.evaluation.selectors import cooperation_scope, evaluate_many

FORMAT = 1


def _as_of(value: str | None):
    if value in (None, ""):
        return None
    if value == "case":
        return "case"
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(
            _("--as-of takes a date (YYYY-MM-DD) or “case”, not “%(value)s”.") % {"value": value}
        ) from None


def evaluation_json(ev) -> dict:
    """One cooperation's evaluation as the stable JSON object (docs/evaluation.md)."""
    c = ev.cooperation
    d = ev.dormancy
    return {
        "region": c.region.code,
        "id": c.ref,
        "title": c.title,
        "as_of": ev.as_of.isoformat(),
        "framework": {"id": ev.framework["id"], "version": ev.framework["version"]},
        "elements": [e.as_dict() for e in ev.elements],
        "dormancy": {
            "start": d.start.isoformat() if d and d.start else None,
            "state": (d.state or "active") if d else "active",
            "silent_months": d.silent_months if d else 0,
            "last_activity_until": d.last_covered.isoformat() if d and d.last_covered else None,
            "periods": [
                {
                    "level": p.level,
                    "from": p.first_silent_day.isoformat(),
                    "to": p.last_silent_day.isoformat(),
                    "months": p.months,
                    "ongoing": p.ongoing,
                    "after_activity": p.after_key,
                    "before_activity": p.before_key,
                }
                for p in (d.periods if d else [])
            ],
        },
        "reciprocity": {
            "balance": ev.reciprocity.balance,
            "benefit": ev.reciprocity.benefit,
            "initiated": ev.reciprocity.initiated,
            "aid": {"received": ev.reciprocity.aid_received, "given": ev.reciprocity.aid_given},
            "budget": {cur: {k: str(v) for k, v in sides.items()} for cur, sides in ev.reciprocity.budget.items()},
        },
        "overdue_obligations": [o.as_dict() for o in ev.overdue],
    }


class Command(BaseCommand):
    help = "Evaluate cooperations by a framework at a date: verdict per element, indicators, evidence."

    def add_arguments(self, parser):
        parser.add_argument("ref", nargs="?", metavar="REF", help="the case id of one cooperation")
        parser.add_argument("--all", action="store_true", help="every cooperation (of --region, or of all regions)")
        parser.add_argument("--region", metavar="CODE", help="Kemendagri code of the region")
        parser.add_argument(
            "--as-of",
            dest="as_of",
            metavar="DATE|case",
            help="judge as of this day (YYYY-MM-DD), or `case`: each at its case file's as_of; default today",
        )
        parser.add_argument("--framework", default="undp", help="undp (default) or tm2009")
        parser.add_argument("--json", action="store_true", dest="as_json", help="machine-readable output")

    def handle(self, *args, ref=None, all=False, region=None, as_of=None, framework="undp", as_json=False, **opts):
        if bool(ref) == bool(all):
            raise CommandError(_("Give one case id, or --all."))
        try:
            scoring.load_framework(framework)
        except scoring.FrameworkError as exc:
            raise CommandError(str(exc)) from None
        when = _as_of(as_of)
        coops = [cooperation_by_ref(ref, region)] if ref else cooperation_scope(region=region_or_none(region))
        with translation.override("en" if as_json else translation.get_language()):
            results = evaluate_many(cooperations=coops, as_of=when, framework=framework, detail=True)
            if as_json:
                out = {"kembar_evaluation": FORMAT, "cooperations": [evaluation_json(ev) for ev in results]}
                self.stdout.write(jsonlib.dumps(out, ensure_ascii=False, indent=2, default=str))
                return
            for ev in results:
                self._text(ev)

    def _text(self, ev):
        c = ev.cooperation
        self.stdout.write(f"{c.region.code}/{c.ref}  {c.title}  ({ev.framework['id']}, as of {ev.as_of.isoformat()})")
        for e in ev.elements:
            self.stdout.write(f"  {e.label}: {e.verdict_label}")
            for i in e.indicators:
                self.stdout.write(f"    - {i.label}: {i.display} [{i.state}]")
            for change in e.changes:
                self.stdout.write(f"    → {change}")
        d = ev.dormancy
        for p in d.periods if d else []:
            self.stdout.write(
                f"  {p.level}: {p.first_silent_day.isoformat()} – {p.last_silent_day.isoformat()} ({p.months} months)"
            )
        for o in ev.overdue:
            self.stdout.write(f"  overdue since {o.overdue_since.isoformat()}: {o.text}")
