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

Two parts keep dates rather than what they say on one day, so they hold at any day and move no horizon; their
readers work out only what depends on theirs. They are kept in the row's `parts` column, apart from `data`:
- `validity`: each LoI, MoU and PKS in the dossier's order, [pk, kind, title, earliest and latest day of its
  date, last day it may be valid, the pk it renews] (ordinals; `bounds_of` gives expiry.Bounds, which
  expiry.assess judges at a day: the dashboard's agreements expiring).
- `obligations`, contributed by kembar.monitoring (this app may not import it): each live obligation with its
  schedule rules and fulfilment records resolved to plain values (monitoring/facts.py), summed up at a day
  by schedule.summary_of (the evaluation's obligations, the dashboard's overdue and due-soon panels).
- `procedure`, contributed by kembar.procedure: the pinned pack version and the stage records, replayed on the
  pack by their reader (procedure/facts.py; the lifecycle status, evaluation/lifecycle.py).
`contribute(name, compute, models=...)` is how an app above this one adds a part: computed with the rest of
the row and written again on every save or delete of its models. `parts(keys)` reads only those keys of the
rows of the current `FORMAT`; a row of an older format is written again by the next `migrate`
(fill_missing), and until then its cooperation is read from its records.

The row also keeps the cooperation's lifecycle status on the day it was written and the days it holds for
(`status`, `status_from`, `status_until`: until the first day a date in its inputs, or its silence growing,
changes it), worked out by kembar.evaluation (`status_by`). Readers that need only the status's word on a day
inside that window (the national dashboard's counts of 5,000) take it as stored; on another day, or for a
row without a window (records dated ahead of today), they derive it. The daily job writes again the rows
whose window has ended (`refresh_statuses`); a change of a region's thresholds writes its rows again.
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import CharField, Count, ExpressionWrapper, F, Func, Max, Min, Q, QuerySet, TextField
from django.db.models.functions import Cast
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from kembar.core import pages
from kembar.evaluation import dormancy as dm
from kembar.evaluation import lifecycle

from . import expiry

#: The shape of a row's `data`. Rows of another shape are written again after every `migrate` (fill_missing);
#: readers of what an older shape lacked read only rows of this one (`parts`).
FORMAT = 5

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
    "init_region": Q(initiated_by__in=("region", "community")),  # the region's community is on its side
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
        initiated_by in ("region", "community"),
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


@dataclass(frozen=True)
class Contributor:
    """A part of every row that an app above this one works out (see `contribute`)."""

    name: str
    compute: Callable  # scope (ids, or a query of them) → {cooperation id: JSON-plain value}
    apart: bool = True  # kept in the row's `parts` column (else in `data`: small, read with it)


#: The parts other apps add to every row, by name (registered from their AppConfig.ready).
_CONTRIBUTORS: dict[str, Contributor] = {}


def contribute(name: str, compute: Callable, *, models: dict[type, Callable], apart: bool = True) -> None:
    """Add a part to every cooperation's row, worked out by an app this one may not import (monitoring's
    obligations): `compute(scope)` gives the part of each cooperation of `scope` (ids, or a query of them)
    that has one, as plain JSON values; the others get an empty list. The part is written with the rest of
    the row (refresh, deferred, rebuild, fill_missing) and on every save or delete of one of `models`,
    which maps each model to a function giving an instance's cooperation id (None: none to refresh). A part is
    kept in the row's `parts` column, unless `apart` is False: a small part its readers take with `data`.

    Like the rest of the row, a part must hold whatever the date it is read at: it keeps the dates its
    reader compares with the day, not what it concludes on one day (the part moves no `horizon`)."""
    if name in _empty():
        raise ValueError(f"{name!r} is already a key of the stored facts")
    _CONTRIBUTORS[name] = Contributor(name, compute, apart)
    for model, cooperation_of in models.items():
        for signal in (post_save, post_delete):
            signal.connect(
                _contributor_handler(cooperation_of),
                sender=model,
                weak=False,
                dispatch_uid=f"kembar-facts-{name}-{model._meta.label}-{id(signal)}",
            )


#: Works out each written row's lifecycle status window (registered by kembar.evaluation, which this app may
#: not import): (facts, today) → {cooperation id: (status, first day, day it no longer holds or None)}.
_STATUS: list[Callable] = []


def status_by(windows: Callable) -> None:
    """Register what works out the status window of the rows being written (see the module's notes)."""
    _STATUS[:] = [windows]


def _contributor_handler(cooperation_of: Callable):
    def written(sender, instance, **kwargs):
        if kwargs.get("raw") or _cascaded(sender, kwargs):
            return
        cid = cooperation_of(instance)
        if cid is not None:
            refresh([cid])

    return written


def _contributed_into(out: dict[int, dict], scope) -> None:
    for c in _CONTRIBUTORS.values():
        found = c.compute(scope)
        for cid, f in out.items():
            f[c.name] = found.get(cid, [])


def compute(scope) -> dict[int, dict]:
    """Each cooperation's facts from its records, from scratch: `scope` is a list of cooperation ids or a
    query of them. Four queries whatever their number, and the contributors' (monitoring's: two)."""
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
    _contributed_into(out, scope)
    for cid, f in out.items():
        _finish(f, coops[cid][1], spans.get(cid, []))
    return out, {cid: region for cid, (region, _started) in coops.items()}


def _recompute_activities(ids: list[int]) -> tuple[dict[int, dict], dict[int, int]]:
    """Like _compute, after a write to activities only: the events' and documents' part of each row is kept
    as it was stored (two queries fewer). Cooperations without a row are computed in full."""
    from .models import CooperationFacts

    rows = CooperationFacts.objects.filter(cooperation_id__in=ids).values_list(
        "cooperation_id", "region_id", "cooperation__started", "data", "parts"
    )
    out, regions, started = {}, {}, {}
    kept = (*_FROM_RECORDS, *_CONTRIBUTORS)
    for cid, region, start, data, apart in rows:
        data = stored(data, apart)
        if data.get("format") != FORMAT or any(key not in data for key in kept):
            continue  # a row of an older shape: computed in full below
        f = _empty() | {key: data[key] for key in kept}
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


#: What a row takes from the cooperation's events and documents (kept by _recompute_activities, with the
#: contributors' parts).
_FROM_RECORDS = ("exchanges", "signed", "agreements", "validity", "records_horizon", "signing", "signatures")


def _empty() -> dict:
    return {
        "format": FORMAT,
        "activities": 0,
        "counts": dict.fromkeys(PREDICATES, 0),
        "budget": {},
        "years": {},
        "activities_horizon": None,
        "exchanges": 0,
        "signed": None,
        "signing": None,
        "signatures": [],
        "agreements": [],
        "validity": [],
        "records_horizon": None,
        "start": None,
        "coverage": None,
        "running": None,
        "documents": None,
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

    # By the document each produced too: a signing event signs the MoU or PKS it produced (the lifecycle
    # status's "signed"), and one that produced none is a signing of its own.
    events = (
        Event.objects.filter(
            cooperation_id__in=scope, date_sort__isnull=False, kind__in=("signing", *EXCHANGE_EVENT_KINDS)
        )
        .values("cooperation_id", "kind", "document_id", "document__kind")
        .annotate(n=Count("pk"), first=Min("date"), last=Max("date_sort"))
        .order_by()
    )
    first_signing: dict[int, object] = {}  # the earliest signing date text, as Min("date") over them all gives
    for row in events:
        cid = row["cooperation_id"]
        f = out.get(cid)
        if f is None:
            continue
        later(f, row["last"].toordinal())
        if row["kind"] != "signing":
            f["exchanges"] += row["n"]
            continue
        first = row["first"]
        if first is not None and (cid not in first_signing or str(first) < str(first_signing[cid])):
            first_signing[cid] = first
        if row["document__kind"] in AGREEMENT_KINDS:
            f["signatures"].append(row["document_id"])
        elif row["document_id"] is None and first is not None and first.latest() is not None:
            day = first.latest().toordinal()
            f["signing"] = day if f["signing"] is None else min(f["signing"], day)
    for cid, first in first_signing.items():
        signed_on(out[cid], first.latest())
    docs = Document.objects.filter(
        cooperation_id__in=scope, kind__in=(*AGREEMENT_KINDS, *EXCHANGE_DOC_KINDS, expiry.LOI)
    )
    columns = ("pk", "cooperation_id", "kind", "title", "date", "signatories", "expires", "renews_id")
    for pk, cid, kind, title, date, signatories, expires, renews in docs.order_by("position", "pk").values_list(
        *columns
    ):
        f = out.get(cid)
        if f is None:
            continue
        if kind in expiry.RENEWABLE:
            f["validity"].append(_bounds_kept(pk, kind, title, date, expires, renews))
        if date is None or kind == expiry.LOI:
            continue  # an undated agreement or exchange is known at no date; an LoI is neither
        later(f, (date.earliest() or dt.date.min).toordinal())
        if kind in AGREEMENT_KINDS:
            f["agreements"].append([pk, kind, title, str(date), len(signatories or [])])
            signed_on(f, date.latest())
            if signatories and pk not in f["signatures"]:
                f["signatures"].append(pk)
        else:
            f["exchanges"] += 1


def _ordinal(day: dt.date | None) -> int | None:
    return day.toordinal() if day else None


def _bounds_kept(pk, kind, title, date, expires, renews) -> list:
    """What a row keeps of an LoI, MoU or PKS for the expiry rules (expiry.Bounds; `bounds_of` reads it): the
    earliest and latest day of its date, its last valid day, as ordinals. Every one of them, with an expiry or
    not: the rules ask whether another may follow it."""
    doc = expiry.Doc(pk, kind, date, expires, renews)
    return [pk, kind, title, _ordinal(doc.first), _ordinal(doc.last), _ordinal(doc.end), renews]


def bounds_of(stored: list) -> list[expiry.Bounds]:
    """A row's LoIs, MoUs and PKSs (its `validity`) as the expiry rules take them, in the dossier's order."""
    day = dt.date.fromordinal
    return [
        expiry.Bounds(
            pk,
            kind,
            first is not None or last is not None,  # a date has at least one bound
            day(first) if first is not None else None,
            day(last) if last is not None else None,
            day(end) if end is not None else None,
            renews,
            title,
        )
        for pk, kind, title, first, last, end, renews in stored
    ]


def _finish(f: dict, started, spans: list) -> None:
    """The start (the cooperation's own, else its first signing), the coverage and the horizon."""
    start = (started.latest() if started else None) or (dt.date.fromordinal(f["signed"]) if f["signed"] else None)
    f["start"] = start.toordinal() if start else None
    cov = dm.coverage(spans, start=f["start"])
    if cov is not None:
        gaps = [list(g[:4]) for g in cov.gaps]
        f["coverage"] = [cov.start, cov.covered, cov.open, gaps, cov.silent_days, cov.longest_months]
        # What the silence running at a day needs of it (the lifecycle status reads 5,000 of them nationally).
        f["running"] = [cov.start, cov.covered, cov.open]
    # What the lifecycle status needs of the LoIs, MoUs and PKSs (kept small, in `data`, for the same reader).
    f["documents"] = lifecycle.documents_part(bounds_of(f["validity"]), signed=f["signatures"])
    f["horizon"] = max(f["activities_horizon"] or 0, f["records_horizon"] or 0) or None


def coverage_of(stored: list | None) -> dm.Coverage | None:
    """The dormancy coverage a facts row keeps (as compute wrote it)."""
    if stored is None:
        return None
    start, covered, is_open, gaps, silent, longest = stored
    return dm.Coverage(start, covered, is_open, gaps, silent, longest)  # gaps: [days, after, before, months]


def running_of(stored: list | None) -> dm.Coverage | None:
    """A row's `running` (its coverage's start, last covered day and whether a span is open) as a coverage
    without its closed silences: dormancy.judge gives the silence running at a day from it, not the past ones."""
    if stored is None:
        return None
    start, covered, is_open = stored
    return dm.Coverage(start, covered, is_open, (), 0, 0)


def budget_of(stored: dict) -> dict:
    """Budgets per currency and side as Decimals (stored as text)."""
    return {cur: {side: Decimal(v) for side, v in sides.items()} for cur, sides in stored.items()}


#: The keys of a cooperation's facts kept in its row's `parts` column, not in `data` (with the contributors'):
#: many small lists that only their own readers need (`parts`). In `data`, every reader of the whole row (the
#: evaluation reads 5,000 nationally) would decode them and keep them alive while it reads: measured, that made
#: the national evaluation slower than reading obligations and documents from their records.
_APART = ("validity",)


def _apart() -> tuple[str, ...]:
    return (*_APART, *(name for name, c in _CONTRIBUTORS.items() if c.apart))


def stored(data: dict, apart: dict) -> dict:
    """A cooperation's facts as `compute` gives them, from its row's `data` and `parts`."""
    return data | apart


@dataclass(frozen=True, slots=True)
class Row:
    """One cooperation's stored row as `rows` reads it: its horizon, `data` and `parts`, each decoded once."""

    horizon: dt.date | None
    data: dict
    parts: dict

    @property
    def current(self) -> bool:
        """Of this FORMAT (what `read` and `parts` give; a row of another is read from its records)."""
        return self.data.get("format") == FORMAT

    def keys(self, data_keys: tuple[str, ...], part_keys: tuple[str, ...] = ()) -> tuple | None:
        """What `read` gives of this row (horizon, the values of `data_keys`, of `part_keys`), None when it is of
        another FORMAT."""
        if not self.current:
            return None
        return (self.horizon, *(self.data.get(k) for k in data_keys), *(self.parts.get(k) for k in part_keys))


def rows(*, scope=None, region_id: int | None = None) -> dict[int, Row]:
    """The whole stored rows of these cooperations (`scope`: ids, or a query of them) or of a region's, by
    cooperation, of any FORMAT: for a page that hands each row to every reader of it (the region dashboard's
    status, evaluation, obligations and agreements) instead of each reading its own keys (`read`). One query."""
    from .models import CooperationFacts

    qs = CooperationFacts.objects.all()
    if scope is not None:
        qs = qs.filter(cooperation_id__in=scope)
    if region_id is not None:
        qs = qs.filter(region_id=region_id)
    columns = qs.order_by().values_list("cooperation_id", "horizon", "data", "parts")
    return {cid: Row(horizon, data, apart or {}) for cid, horizon, data, apart in columns}


def parts(keys: tuple[str, ...], *, scope=None, region_id: int | None = None) -> dict[int, tuple]:
    """Some of the parts kept apart (`_APART`, the contributors') of the rows of these cooperations (`scope`:
    ids, or a query of them) or of a region's, by cooperation: a tuple of the values of `keys`. Rows of this
    FORMAT only: a cooperation whose row is missing or older is left out (its reader reads its records). One
    query; only those keys are read."""
    return {cid: tuple(values) for cid, (_h, *values) in read((), keys, scope=scope, region_id=region_id).items()}


def with_part(key: str | None, *, scope) -> Iterator[tuple]:
    """The whole `data` of the rows of these cooperations (`scope`: ids, or a query of them) with one of their
    parts kept apart: (cooperation, horizon, data, the part's value: None without a `key` or when the row is not
    of this FORMAT). One query, read in chunks and decoded row by row as the caller takes them (a caller that
    keeps only what it needs of each lets the rest go at once); of `parts`, only that key is read."""
    from .models import CooperationFacts

    qs = CooperationFacts.objects.filter(cooperation_id__in=scope).order_by()
    if key is None:
        for row in qs.values_list("cooperation_id", "horizon", "data").iterator(chunk_size=CHUNK):
            yield (*row, None)
        return
    qs = qs.annotate(_part=_KeysJSON("parts", (key,)))
    for cid, horizon, data, text in qs.values_list("cooperation_id", "horizon", "data", "_part").iterator(
        chunk_size=CHUNK
    ):
        part = (_decoded(text, 1) or [None])[0] if data.get("format") == FORMAT else None
        yield (cid, horizon, data, part)


#: Rows fetched at a time by the readers that decode row by row.
CHUNK = 500


class _KeysJSON(Func):
    """Keys of a JSON column as one JSON array text, the column parsed once for all of them: SQLite's
    `JSON_EXTRACT(column, '$."a"', '$."b"')` (with one key, its path twice: one path would give the value
    itself), PostgreSQL's `jsonb_build_array(column -> 'a', column -> 'b')::text`. NULL when the column is
    (no row joined)."""

    output_field = TextField()

    def __init__(self, column: str, keys: tuple[str, ...]):
        super().__init__(F(column))
        self.keys = tuple(keys) if len(keys) > 1 else (keys[0], keys[0])

    def as_sqlite(self, compiler, connection, **extra_context):
        column, params = compiler.compile(self.source_expressions[0])
        paths = ", ".join(["%s"] * len(self.keys))
        return f"JSON_EXTRACT({column}, {paths})", (*params, *(f'$."{key}"' for key in self.keys))

    def as_sql(self, compiler, connection, **extra_context):
        column, params = compiler.compile(self.source_expressions[0])
        items = ", ".join([f"{column} -> %s"] * len(self.keys))
        return f"(jsonb_build_array({items}))::text", tuple(p for key in self.keys for p in (*params, key))


def _decoded(text, n: int) -> list | None:
    return json.loads(text)[:n] if text is not None else None


def read(
    data_keys: tuple[str, ...], part_keys: tuple[str, ...], *, scope=None, region_id: int | None = None, extra=None
) -> dict[int, tuple]:
    """Some keys of the rows of these cooperations (`scope`: ids, or a query of them) or of a region's, by
    cooperation: (horizon, the values of `data_keys`, of `part_keys`, of `extra`'s annotations). Rows of this
    FORMAT only (see `parts`). One query; each column is parsed once, only those keys are read."""
    from .models import CooperationFacts

    rows = CooperationFacts.objects.all()
    if scope is not None:
        rows = rows.filter(cooperation_id__in=scope)
    if region_id is not None:
        rows = rows.filter(region_id=region_id)
    texts = {"_data": _KeysJSON("data", ("format", *data_keys))}
    if part_keys:
        texts["_parts"] = _KeysJSON("parts", part_keys)
    plain = dict(extra or {})
    out = {}
    for cid, horizon, data, *more in rows.annotate(**texts, **plain).values_list(
        "cooperation_id", "horizon", *texts, *plain
    ):
        values = _decoded(data, 1 + len(data_keys))
        if values is None or values[0] != FORMAT:
            continue
        apart = _decoded(more.pop(0), len(part_keys)) if part_keys else []
        out[cid] = (horizon, *values[1:], *apart, *more)
    return out


def keys_annotations(data_keys: tuple[str, ...], part_keys: tuple[str, ...]) -> dict:
    """Annotations that carry what `read` gives into a query of cooperations (their rows joined): a page that
    lists cooperations reads their facts with them, in the same query. `annotated` reads them back."""
    out = {"_facts_horizon": F("facts__horizon"), "_facts_data": _KeysJSON("facts__data", ("format", *data_keys))}
    if part_keys:
        out["_facts_parts"] = _KeysJSON("facts__parts", part_keys)
    return out


def annotated(cooperation, data_keys: tuple[str, ...], part_keys: tuple[str, ...]) -> tuple | None:
    """What `read` gives of one cooperation annotated by `keys_annotations` (without them, or whose row is
    missing or of another FORMAT: None)."""
    values = _decoded(getattr(cooperation, "_facts_data", None), 1 + len(data_keys))
    if values is None or values[0] != FORMAT:
        return None
    apart = _decoded(cooperation._facts_parts, len(part_keys)) if part_keys else []
    return (cooperation._facts_horizon, *values[1:], *apart)


def write(facts: dict[int, dict], regions: dict[int, int]) -> None:
    """Store computed facts (insert or replace each cooperation's row); `regions` holds their regions."""
    from .models import CooperationFacts

    if not facts:
        return
    apart = _apart()
    today = timezone.localdate()
    windows = _STATUS[0](facts, today) if _STATUS else {}
    rows = [
        CooperationFacts(
            cooperation_id=cid,
            region_id=regions[cid],
            horizon=dt.date.fromordinal(f["horizon"]) if f["horizon"] else None,
            activities=f["activities"],
            data={key: value for key, value in f.items() if key not in apart},
            parts={key: f[key] for key in apart},
            **_window(windows.get(cid)),
            version=secrets.randbits(62),  # what was worked out from the row before no longer holds
        )
        for cid, f in facts.items()
    ]
    CooperationFacts.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["cooperation"],
        update_fields=["region", "horizon", "activities", "data", "parts", *_WINDOW, "version"],
        batch_size=500,
    )
    pages.bump(set(regions.values()))  # bulk writers refresh the facts, and so tell the pages too


_WINDOW = ("status", "status_from", "status_until")


def _window(window: tuple | None) -> dict:
    return dict(zip(_WINDOW, window or ("", None, None), strict=True))


def refresh_statuses(*, today: dt.date | None = None) -> int:
    """Write again the rows whose status window has ended by `today` (the daily job: their silence grew, an
    agreement lapsed), and those without one whose records dated ahead have all begun. How many there were."""
    from .models import CooperationFacts

    today = today or timezone.localdate()
    ended = CooperationFacts.objects.filter(
        Q(status_until__lte=today) | Q(status_from__isnull=True, horizon__lte=today),
        cooperation__deleted_at__isnull=True,
    )
    return _write_in_batches(list(ended.order_by("pk").values_list("cooperation_id", flat=True)))


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
    """Facts for every cooperation that has none (after a migration created the table), or has a row of
    another `FORMAT` (after an upgrade that changed what a row holds)."""
    from django.db import connections

    from .models import Cooperation, CooperationFacts

    tables = connections[using].introspection.table_names()
    if CooperationFacts._meta.db_table not in tables or Cooperation._meta.db_table not in tables:
        return  # a partial migration: not there yet

    # Rows of an older shape too (a row lacking the format is of the first).
    stale = CooperationFacts.objects.filter(~Q(data__format=FORMAT) | Q(data__format__isnull=True))
    missing = Q(facts__isnull=True) | Q(pk__in=stale.values("cooperation_id"))
    _write_in_batches(list(Cooperation._base_manager.filter(missing).order_by("pk").values_list("pk", flat=True)))


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
    (written now, it would outlive it), or an obligation's or a document's, whose own post_delete, sent once
    its dependents are gone, refreshes the row."""
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
