"""Stored cooperation facts: what a cooperation's records say that does not depend on the day it is judged.

One `CooperationFacts` row per cooperation holds its activities counted by kind, beneficiary, initiator,
participants and outcome, its budgets per side and currency, its activities per year, its exchanges, its
first signing and agreements, and the coverage of its dated activities (dormancy.Coverage: the certain
silences between them). The row is written in the same transaction as every write to its inputs (a save or
delete of the cooperation, an activity, an event or a document; bulk writers call `refresh`), so readers never
derive these again from every activity row. `kembar facts rebuild` writes every row from scratch.

The facts hold for any day from the row's `horizon` on: the latest day any of its inputs may begin. Judged at
an earlier day (an activity planned ahead, an evaluation "as of" a case file's date) the evaluation reads
the records themselves.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from contextlib import contextmanager
from contextvars import ContextVar
from decimal import Decimal

from django.db.models import CharField, Count, ExpressionWrapper, F, Max, Min, Q, QuerySet, TextField
from django.db.models.functions import Cast
from django.db.models.signals import post_delete, post_save

from kembar.core import pages
from kembar.evaluation import dormancy as dm

#: Document kinds that are agreements (their signing starts a cooperation) and kinds that are exchanges.
AGREEMENT_KINDS = ("mou", "pks")
EXCHANGE_DOC_KINDS = ("report", "correspondence")
EXCHANGE_EVENT_KINDS = ("correspondence", "report")
SIDES = ("region", "partner", "both")


def _json_has(field: str, token: str) -> Q:
    # JSON lists and mappings compared as text: works on SQLite and PostgreSQL alike. The quotes make
    # "direct" not match "indirect".
    return Q(**{f"{field}__icontains": f'"{token}"'})


#: Activity predicates, by name: the database counts them and, when the evidence is asked, flags each
#: activity with them — the same definitions both ways.
PREDICATES: dict[str, Q] = {
    "benefit_region": Q(beneficiary="region"),
    "benefit_partner": Q(beneficiary="partner"),
    "benefit_both": Q(beneficiary="both"),
    "init_region": Q(initiated_by="region"),
    "init_partner": Q(initiated_by="partner"),
    "init_both": Q(initiated_by="both"),
    "aid_received": Q(kind="aid", beneficiary="region"),
    "aid_given": Q(kind="aid", beneficiary="partner"),
    "planning_yes": Q(community_in_planning=True),
    "planning_no": Q(community_in_planning=False),
    # Participants are a list of sector codes: anyone beyond the governments took part unless the list is
    # empty or only ["government"] (exact JSON comparisons are far cheaper than text searches).
    "nongov": ~Q(participants=[]) & ~Q(participants=["government"]),
    "outcome_direct": _json_has("outcomes", "direct"),
    "outcome_any": ~Q(outcomes=[]),
}


def raw_text(name: str):
    """A DateSpec column as its stored text (no per-row conversion)."""
    return ExpressionWrapper(F(name), output_field=CharField())


def _counted(beneficiary, initiated_by, kind, planning, participants: str, outcomes: str) -> tuple[bool, ...]:
    """Which of PREDICATES an activity matches, in their order, worked out here from its values and the JSON
    texts of its participants and outcomes (for one dossier this is cheaper than asking the database to
    count; the property test in tests/test_facts.py holds the two readings equal)."""
    return (
        beneficiary == "region",
        beneficiary == "partner",
        beneficiary == "both",
        initiated_by == "region",
        initiated_by == "partner",
        initiated_by == "both",
        kind == "aid" and beneficiary == "region",
        kind == "aid" and beneficiary == "partner",
        planning is True,
        planning is False,
        participants not in _ONLY_GOVERNMENTS,
        '"direct"' in outcomes.lower(),
        outcomes != "[]",
    )


#: The JSON texts of participants that name no one beyond the governments (as both databases write them).
_ONLY_GOVERNMENTS = ("[]", '["government"]')

_ACTIVITY_COLUMNS = (
    "cooperation_id",
    "date_sort",
    "beneficiary",
    "initiated_by",
    "kind",
    "community_in_planning",
    "budget_region",
    "budget_partner",
    "currency",
)


def compute(scope) -> dict[int, dict]:
    """Each cooperation's facts from its records, from scratch: `scope` is a list of cooperation ids or a
    query of them. Four queries whatever their number."""
    return _compute(scope)[0]


def _compute(scope) -> tuple[dict[int, dict], dict[int, int]]:
    """compute(), and each cooperation's region."""
    from .models import Cooperation

    coops = {
        pk: (region, started)
        for pk, region, started in Cooperation._base_manager.filter(pk__in=scope).values_list(
            "pk", "region_id", "started"
        )
    }
    out = {pk: _empty() for pk in coops}
    spans = _activities_into(out, scope)
    _records_into(out, scope)
    for cid, f in out.items():
        _finish(f, coops[cid][1], spans.get(cid, []))
    return out, {cid: region for cid, (region, _started) in coops.items()}


def _recompute_activities(ids: list[int]) -> tuple[dict[int, dict], dict[int, int]]:
    """Like _compute, after a write to activities only: the events' and documents' part of each row is kept
    as it was stored (two queries fewer). Cooperations without a row are computed in full."""
    from .models import CooperationFacts

    rows = CooperationFacts.objects.filter(cooperation_id__in=ids).values_list(
        "cooperation_id", "region_id", "cooperation__started", "data"
    )
    out, regions, started = {}, {}, {}
    for cid, region, start, data in rows:
        if any(key not in data for key in _FROM_RECORDS):
            continue  # a row of an older shape: computed in full below
        f = _empty() | {key: data[key] for key in _FROM_RECORDS}
        out[cid], regions[cid], started[cid] = f, region, start
    spans = _activities_into(out, list(out))
    for cid, f in out.items():
        _finish(f, started[cid], spans.get(cid, []))
    rest = [cid for cid in ids if cid not in out]
    if rest:
        more, more_regions = _compute(rest)
        out |= more
        regions |= more_regions
    return out, regions


#: What a row takes from the cooperation's events and documents (kept by _recompute_activities).
_FROM_RECORDS = ("exchanges", "signed", "agreements", "records_horizon")


def _empty() -> dict:
    return {
        "activities": 0,
        "counts": dict.fromkeys(PREDICATES, 0),
        "budget": {},
        "years": {},
        "activities_horizon": None,
        "exchanges": 0,
        "signed": None,
        "agreements": [],
        "records_horizon": None,
        "start": None,
        "coverage": None,
        "horizon": None,
    }


def _activities_into(out: dict[int, dict], scope) -> dict[int, list]:
    """Count the dated activities of the cooperations in `out` into their facts; their spans by cooperation."""
    from .models import Activity

    # Dated activities only: an undated one cannot be known at any date.
    acts = Activity.objects.filter(cooperation_id__in=scope, date_sort__isnull=False).order_by()
    names = list(PREDICATES)
    cache = dm.OrdinalCache()
    spans: dict[int, list] = defaultdict(list)
    texts = (raw_text("date"), raw_text("end"), Cast("participants", TextField()), Cast("outcomes", TextField()))
    columns = acts.values_list(*texts, *_ACTIVITY_COLUMNS)
    for date, end, participants, outcomes, cid, sort, benefit, initiated, kind, planning, b_r, b_p, cur in columns:
        f = out.get(cid)
        if f is None:
            continue
        f["activities"] += 1
        counts = f["counts"]
        for name, hit in zip(names, _counted(benefit, initiated, kind, planning, participants, outcomes), strict=True):
            if hit:
                counts[name] += 1
        if b_r is not None or b_p is not None:
            sums = f["budget"].setdefault(cur or "", [None, None])
            if b_r is not None:
                sums[0] = b_r if sums[0] is None else sums[0] + b_r
            if b_p is not None:
                sums[1] = b_p if sums[1] is None else sums[1] + b_p
        f["activities_horizon"] = max(f["activities_horizon"] or 0, sort.toordinal())
        span = cache.span(date, end)
        if span is not None:
            spans[cid].append((1 if span[0] is None else span[0], span[1], None))
            year = cache.year(date)
            if year is not None:
                years = f["years"]
                years[str(year)] = years.get(str(year), 0) + 1
    for f in out.values():
        f["budget"] = {cur: {"region": str(r or 0), "partner": str(p or 0)} for cur, (r, p) in f["budget"].items()}
    return spans


def _records_into(out: dict[int, dict], scope) -> None:
    """The exchanges, first signing and agreements of the cooperations in `out` from their events and
    documents, and the latest day any of those may begin."""
    from .models import Document, Event

    def later(f: dict, day: int) -> None:
        f["records_horizon"] = max(f["records_horizon"] or 0, day) or None

    def signed_on(f: dict, day: dt.date | None) -> None:
        if day and (f["signed"] is None or day.toordinal() < f["signed"]):
            f["signed"] = day.toordinal()

    events = (
        Event.objects.filter(
            cooperation_id__in=scope, date_sort__isnull=False, kind__in=("signing", *EXCHANGE_EVENT_KINDS)
        )
        .values("cooperation_id", "kind")
        .annotate(n=Count("pk"), first=Min("date"), last=Max("date_sort"))
        .order_by()
    )
    for row in events:
        f = out.get(row["cooperation_id"])
        if f is None:
            continue
        later(f, row["last"].toordinal())
        if row["kind"] == "signing":
            signed_on(f, row["first"].latest() if row["first"] else None)
        else:
            f["exchanges"] += row["n"]
    docs = Document.objects.filter(cooperation_id__in=scope, kind__in=(*AGREEMENT_KINDS, *EXCHANGE_DOC_KINDS)).exclude(
        date=""
    )
    for pk, cid, kind, title, date, signatories in docs.order_by("position", "pk").values_list(
        "pk", "cooperation_id", "kind", "title", "date", "signatories"
    ):
        f = out.get(cid)
        if f is None:
            continue
        later(f, (date.earliest() or dt.date.min).toordinal())
        if kind in AGREEMENT_KINDS:
            f["agreements"].append([pk, kind, title, str(date), len(signatories or [])])
            signed_on(f, date.latest())
        else:
            f["exchanges"] += 1


def _finish(f: dict, started, spans: list) -> None:
    """The start (the cooperation's own, else its first signing), the coverage and the horizon."""
    start = (started.latest() if started else None) or (dt.date.fromordinal(f["signed"]) if f["signed"] else None)
    f["start"] = start.toordinal() if start else None
    cov = dm.coverage(spans, start=f["start"])
    if cov is not None:
        gaps = [list(g[:4]) for g in cov.gaps]
        f["coverage"] = [cov.start, cov.covered, cov.open, gaps, cov.silent_days, cov.longest_months]
    f["horizon"] = max(f["activities_horizon"] or 0, f["records_horizon"] or 0) or None


def coverage_of(stored: list | None) -> dm.Coverage | None:
    """The dormancy coverage a facts row keeps (as compute wrote it)."""
    if stored is None:
        return None
    start, covered, is_open, gaps, silent, longest = stored
    return dm.Coverage(start, covered, is_open, gaps, silent, longest)  # gaps: [days, after, before, months]


def budget_of(stored: dict) -> dict:
    """Budgets per currency and side as Decimals (stored as text)."""
    return {cur: {side: Decimal(v) for side, v in sides.items()} for cur, sides in stored.items()}


def write(facts: dict[int, dict], regions: dict[int, int]) -> None:
    """Store computed facts (insert or replace each cooperation's row); `regions` holds their regions."""
    from .models import CooperationFacts

    if not facts:
        return
    rows = [
        CooperationFacts(
            cooperation_id=cid,
            region_id=regions[cid],
            horizon=dt.date.fromordinal(f["horizon"]) if f["horizon"] else None,
            activities=f["activities"],
            data=f,
        )
        for cid, f in facts.items()
    ]
    CooperationFacts.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["cooperation"],
        update_fields=["region", "horizon", "activities", "data"],
        batch_size=500,
    )
    pages.bump(set(regions.values()))  # bulk writers refresh the facts, and so tell the pages too


def refresh(cooperation_ids, *, activities_only: bool = False) -> None:
    """Compute and store the facts of these cooperations (ids, or a query of them) now, in the caller's
    transaction; inside `deferred()`, once when it ends. With `activities_only` (only their activities were
    written), the part that comes from their events and documents is kept as stored."""
    pending = _pending.get()
    if pending is not None and not hasattr(cooperation_ids, "query"):
        (pending["activities"] if activities_only else pending["all"]).update(cooperation_ids)
        return
    if activities_only:
        write(*_recompute_activities(list(cooperation_ids)))
    else:
        write(*_compute(cooperation_ids))


def rebuild(*, region_ids=None, batch: int = 2000) -> int:
    """Every cooperation's facts (of the regions given) from scratch; how many rows were written."""
    from .models import Cooperation

    qs = Cooperation._base_manager.order_by("pk")
    if region_ids is not None:
        qs = qs.filter(region_id__in=region_ids)
    return _write_in_batches(list(qs.values_list("pk", flat=True)), batch)


def _write_in_batches(ids: list[int], batch: int = 2000) -> int:
    """Compute and store the facts of these cooperations, `batch` at a time; how many there were."""
    for i in range(0, len(ids), batch):
        write(*_compute(ids[i : i + batch]))
    return len(ids)


def fill_missing(*, using: str = "default", **kwargs) -> None:
    """Facts for every cooperation that has none (after a migration created the table)."""
    from django.db import connections

    from .models import Cooperation, CooperationFacts

    tables = connections[using].introspection.table_names()
    if CooperationFacts._meta.db_table not in tables or Cooperation._meta.db_table not in tables:
        return  # a partial migration: not there yet

    _write_in_batches(list(Cooperation._base_manager.filter(facts__isnull=True).values_list("pk", flat=True)))


_pending: ContextVar[dict | None] = ContextVar("kembar_facts_pending", default=None)


@contextmanager
def deferred():
    """Collect the cooperations written inside the block and refresh each once at its end (a case import
    writes dozens of rows of one dossier). Nested blocks refresh at the outermost end."""
    if _pending.get() is not None:
        yield
        return
    token = _pending.set({"all": set(), "activities": set()})
    try:
        yield
        pending = _pending.get()
    finally:
        _pending.reset(token)
    if pending["all"]:
        write(*_compute(list(pending["all"])))
    if activities := pending["activities"] - pending["all"]:
        write(*_recompute_activities(list(activities)))


def _cascaded(sender, kwargs) -> bool:
    """Whether a delete came from one of another model (`origin`): a cooperation's, whose row goes with it
    (written now, it would outlive it), or a document's, whose own post_delete, sent once its dependents are
    gone, refreshes the row."""
    origin = kwargs.get("origin")
    if kwargs.get("signal") is not post_delete or origin is None:
        return False
    model = origin.model if isinstance(origin, QuerySet) else type(origin)
    return not issubclass(model, sender)


def _written(sender, instance, **kwargs):
    if kwargs.get("raw") or _cascaded(sender, kwargs):
        return
    from .models import Activity, Cooperation

    cid = instance.pk if isinstance(instance, Cooperation) else instance.cooperation_id
    if cid is None:
        return
    if isinstance(instance, Cooperation) and kwargs.get("signal") is post_delete:
        return  # its row goes with it
    refresh([cid], activities_only=isinstance(instance, Activity))


def connect() -> None:
    """Refresh a cooperation's facts on every save or delete of its inputs (called once from the app's ready)."""
    from .models import Activity, Cooperation, Document, Event

    for model in (Cooperation, Activity, Event, Document):
        for signal in (post_save, post_delete):
            signal.connect(_written, sender=model, dispatch_uid=f"kembar-facts-{model.__name__}-{id(signal)}")
