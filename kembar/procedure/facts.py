"""The procedure's part of the stored cooperation facts (kembar/cooperations/facts.py, `contribute`).

Each cooperation that started its procedure in Kembar or has stage records keeps, under "procedure", what its
place on the pack is derived from, without the pack itself: [the pinned pack version's pk (None: not
pinned), its live stage records in order as [stage id, action, ordinal of the day it gives]]. The day is the
record's `date` (its latest day, for a stage a source dates) or else the day it was recorded. None of it
depends on the day it is read at, nor on a pack version published later: readers replay the records on the
pack (selectors.positions), so a cooperation not pinned follows the latest version as its stepper does.

Kept in the row's `data` (not apart: it is small, and the lifecycle status reads it for 5,000 cooperations with
the rest of what it needs there). Written with the rest of the row, and again on every save or delete of a
stage record or of the pinning (soft delete and restore are saves).
"""

from __future__ import annotations

from collections import defaultdict

from django.utils import timezone

from kembar.cooperations import facts as stored_facts

NAME = "procedure"


def _day(date, at) -> int | None:
    if date:
        day = date.latest() or date.earliest()
        if day is not None:
            return day.toordinal()
    return timezone.localdate(at).toordinal() if at else None


def compute(scope) -> dict[int, list]:
    """The part of each cooperation of `scope` (ids, or a query of them) that has one. Two queries."""
    from .models import CooperationProcedure, StageRecord

    pinned = dict(
        CooperationProcedure.objects.filter(cooperation_id__in=scope).values_list("cooperation_id", "pack_id")
    )
    moves: dict[int, list] = defaultdict(list)
    rows = StageRecord.objects.filter(cooperation_id__in=scope).order_by("pk")
    for cid, stage, action, date, at in rows.values_list("cooperation_id", "stage_id", "action", "date", "at"):
        moves[cid].append([stage, action, _day(date, at)])
    return {cid: [pinned.get(cid), moves.get(cid, [])] for cid in {*pinned, *moves}}


def register() -> None:
    """Called once from the app's ready."""
    from .models import CooperationProcedure, StageRecord

    stored_facts.contribute(
        NAME,
        compute,
        models={StageRecord: lambda r: r.cooperation_id, CooperationProcedure: lambda p: p.cooperation_id},
        apart=False,  # small (none for most cooperations), read with the rest of `data` by the lifecycle status
    )
