"""Monitoring's part of the stored cooperation facts (kembar/cooperations/facts.py, `contribute`).

Each cooperation's row keeps, under "obligations", every live obligation of its dossier in the dossier's order
with what its schedule is derived from, resolved to plain values: [pk, kind, text, its start as text, the
earliest day it may start (an ordinal, or None), its rules (schedule.plan: the anchor, the period, the grace
of its live terms, what the source says and when, the agreement's end), its live fulfilment records
(schedule.records_of: [due, earliest day done] ordinals)]. None of it depends on the day it is read at:
readers sum it up at theirs (selectors.summaries_from_facts, schedule.summary_of).

It is written with the rest of the row, and again on every save or delete of an obligation, a fulfilment or
an obligation's terms (soft delete, restore and history revert are saves); a cooperation's own fields that
the rules read (its source's date, its end) are written with the cooperation.
"""

from __future__ import annotations

from collections import defaultdict

from kembar.cooperations import facts as stored_facts
from kembar.cooperations.models import Obligation

from . import schedule

NAME = "obligations"


def compute(scope) -> dict[int, list]:
    """The part of each cooperation of `scope` (ids, or a query of them) that has obligations. Two queries."""
    from .models import Fulfilment
    from .services import RULE_COLUMNS, row_rules

    fields = ["pk", "cooperation_id", "kind", "text", *RULE_COLUMNS, "cooperation__as_of", "cooperation__ends"]
    rows = Obligation.objects.filter(cooperation_id__in=scope).order_by("cooperation_id", "position", "pk")
    records: dict[int, list] = defaultdict(list)
    done = Fulfilment.objects.filter(obligation__cooperation_id__in=scope).order_by("pk")
    for obligation_id, due, fulfilled_on in done.values_list("obligation_id", "due", "fulfilled_on"):
        if fulfilled_on:
            records[obligation_id].append(schedule.Record(fulfilled_on, due))
    out: dict[int, list] = defaultdict(list)
    for r in rows.values(*fields):
        rules = row_rules(r, cooperation_as_of=r["cooperation__as_of"], cooperation_ends=r["cooperation__ends"])
        starts = rules.pop("starts")
        begins = starts.earliest() if starts else None
        out[r["cooperation_id"]].append(
            [
                r["pk"],
                r["kind"],
                r["text"],
                str(starts) if starts else "",
                begins.toordinal() if begins else None,
                list(schedule.plan(starts=starts, **rules)),
                schedule.records_of(records.get(r["pk"], ())),
            ]
        )
    return out


def _terms_cooperation(terms) -> int | None:
    return Obligation._base_manager.filter(pk=terms.obligation_id).values_list("cooperation_id", flat=True).first()


def register() -> None:
    """Called once from the app's ready."""
    from .models import Fulfilment, ObligationTerms

    stored_facts.contribute(
        NAME,
        compute,
        models={
            Obligation: lambda o: o.cooperation_id,
            Fulfilment: lambda f: f.cooperation_id,
            ObligationTerms: _terms_cooperation,
        },
    )
