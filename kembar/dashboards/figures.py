"""Each cooperation's region-dashboard figures, stored with the days they hold for.

What the region dashboard shows of a cooperation depends on the day: its status, its UNDP verdicts, its silence,
the obligations overdue or due within 90 days, the agreements expiring within them, whether the bureau carries
it. Worked out afresh for every cooperation of a large region on every visit, they were most of the page's cost.
So each cooperation's figures are stored (models.CooperationFigures) with the days they hold: from the day they
were worked out up to the first day one of them may change while the records stay as they are (`until`), the
earliest of:
- a date of the status's inputs coming to pass: a start, an end, a signing, an agreement lapsing;
- the silence's whole months growing (its level, the status's months, the UNDP verdicts on it);
- an obligation coming into force, an occurrence falling due, entering the 90 days ahead or passing its grace,
  a fulfilment dated ahead coming to pass, the months overdue growing;
- an agreement entering the 90 days before its expiry, or expiring; an agreement's first day (the bureau
  carries a cooperation while an agreement runs).

Stored figures hold while the cooperation's facts row keeps the `version` they were worked out from (every write
of the row draws a new one: cooperations/facts.py), on their days, under the region's settings they were worked
out with (`context`: the thresholds, how the staff weigh against the portfolio, the framework's version). A visit
takes the figures that hold, and works out the others from the stored facts (`cooperation_figures`) and stores
them.

Not stored: the figures of a cooperation whose records are dated ahead of today (its facts hold only from a later
day), and anything in a language (the elements not met are kept by id; the page names them).
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
import logging
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

from django.db import DatabaseError, transaction
from django.db.models import Case, Count, F, Q, When

from kembar.cooperations import facts as stored_facts
from kembar.cooperations.expiry import AGREEMENTS, EXPIRING_DAYS
from kembar.cooperations.models import Activity, Obligation
from kembar.cooperations.selectors import IN_LIST_LIMIT
from kembar.core import pages
from kembar.core.dates import DateSpec
from kembar.evaluation import lifecycle as lc
from kembar.evaluation import reciprocity as recip
from kembar.evaluation import scoring
from kembar.evaluation.facts import Facts
from kembar.evaluation.metrics import language_bound
from kembar.monitoring import schedule
from kembar.monitoring.facts import NAME as OBLIGATIONS
from kembar.regions.models import Region

log = logging.getLogger(__name__)

#: Obligations due and agreements expiring within this many days are shown.
HORIZON_DAYS = 90
#: The framework the health of each cooperation is judged by.
FRAMEWORK = "undp"


# --- Worked out -----------------------------------------------------------------------------------------------


def _not_yet_known(qs, *, today: dt.date) -> dict[int, dict[str, int]]:
    """Activities of `qs` the evaluation at today leaves out (dated after today, or undated), counted by
    cooperation and beneficiary (one query)."""
    out: dict[int, dict[str, int]] = defaultdict(dict)
    rows = (
        qs.filter(Q(date_sort__gt=today) | Q(date_sort__isnull=True))
        .values_list("cooperation_id", "beneficiary")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for pk, beneficiary, n in rows:
        out[pk][beneficiary] = n
    return out


@dataclass(frozen=True)
class CoopRef:
    """What the dashboard shows of a cooperation (its dossier's address is made in the template)."""

    pk: int
    ref: str
    title: str
    lifecycle: lc.Lifecycle  # its status today

    @classmethod
    def of(cls, c, lifecycle: lc.Lifecycle) -> CoopRef:  # c: a Cooperation, or a selectors.Listed row
        return cls(c.pk, c.ref, c.title, lifecycle)


@dataclass
class Health:
    """One cooperation's health today: its UNDP verdicts, dormancy and why it is flagged (the page words it)."""

    cooperation: CoopRef
    verdicts: dict[str, int]  # verdict → elements
    not_met_ids: tuple[str, ...]  # the UNDP elements not met
    dormancy: str  # "" (active) | approaching | quiet | dormant
    silent_months: int
    since: dt.date | None
    overdue: int
    expiring: dt.date | None  # an agreement's expiry within 90 days
    balance: float | None
    watched: bool = True
    judged: bool = True  # its silence could be measured (a start or a dated activity); else its activity is unknown

    @property
    def not_met(self) -> list[str]:
        """The titles of the elements not met, in the active language."""
        titles = element_titles()
        return [scoring.localized(titles.get(e, e)) for e in self.not_met_ids]

    @property
    def mostly_not_met(self) -> bool:
        """More UNDP elements not met than met or partly met."""
        v = self.verdicts
        return v.get(scoring.NOT_MET, 0) > v.get(scoring.MET, 0) + v.get(scoring.PARTLY, 0)

    @property
    def conflict(self) -> bool:
        """Its recorded status and the one its records give disagree."""
        return self.cooperation.lifecycle.conflict

    @property
    def flagged(self) -> bool:
        return bool(self.dormancy or self.overdue or self.expiring or self.mostly_not_met or self.conflict)

    @property
    def is_dormant(self) -> bool:
        return self.cooperation.lifecycle.code == lc.DORMANT

    @property
    def at_risk(self) -> bool:
        return (self.watched or self.conflict) and not self.is_dormant and self.flagged


@lru_cache(maxsize=1)
def element_titles() -> dict[str, object]:
    """The titles of the framework's elements, by id ({id: …, en: …}; scoring.localized gives one language)."""
    return {el["id"]: el.get("title", el["id"]) for el in scoring.load_framework(FRAMEWORK)["elements"]}


def _health(ev, ref: CoopRef, expiring: dt.date | None) -> Health:
    d = ev.dormancy
    verdicts = dict.fromkeys(scoring.VERDICTS, 0)
    for e in ev.elements:
        verdicts[e.verdict] += 1
    return Health(
        cooperation=ref,
        verdicts=verdicts,
        not_met_ids=tuple(e.id for e in ev.elements if e.verdict == scoring.NOT_MET),
        dormancy=(d.state if d else "") or "",
        silent_months=d.silent_months if d and d.state else 0,
        since=d.last_covered if d and d.state else None,
        overdue=len(ev.overdue),
        expiring=expiring,
        balance=ev.reciprocity.balance,
        watched=ref.lifecycle.watched,
        judged=d is not None and d.start is not None,
    )


@dataclass(frozen=True)
class Expiring:
    """An agreement expiring within the horizon (the deadlines page's "expiring" rule)."""

    cooperation: CoopRef
    document_pk: int
    kind: str
    title: str
    due: dt.date

    def get_kind_display(self) -> str:
        from kembar.cooperations.models import DocumentKind

        return str(DocumentKind(self.kind).label)


@dataclass(frozen=True)
class Overdue:
    """An obligation with occurrences overdue (one row per obligation, as on the obligations page)."""

    cooperation: CoopRef
    obligation_pk: int
    text: str
    occurrences: int
    since: dt.date


@dataclass(frozen=True)
class DueSoon:
    """One occurrence of an obligation due (grace running) or upcoming within the horizon."""

    cooperation: CoopRef
    obligation_pk: int
    text: str
    due: dt.date


@dataclass(frozen=True)
class CoopFigures:
    """What the region dashboard shows of one cooperation: its health, deadlines, obligations and activities."""

    health: Health
    expiring: tuple[Expiring, ...]
    overdue: tuple[Overdue, ...]
    due_soon: tuple[DueSoon, ...]
    years: tuple[tuple[int, int], ...]  # (year, dated activities known today)
    carried: bool  # the bureau carries it today (the capacity page's rule)
    benefit: tuple[int, int, int, int]  # every activity by main beneficiary: region, partner, both, all


def cooperation_figures(
    *,
    region: Region,
    cooperations: list,  # Cooperations, or selectors.Listed rows
    today: dt.date,
    regions: dict,
    loi_followup_months: int | None = None,
    rows: dict | None = None,
) -> dict[int, CoopFigures]:
    """The dashboard's figures of each of the region's live `cooperations` (all of them), in a fixed number of
    queries; `regions` and `loi_followup_months` are the region's settings when the caller has read them.

    Each cooperation's stored facts are read once (one query) and handed to every reader: its status, its
    evaluation, and what they keep of its LoIs, MoUs and PKSs and of its obligations (only today's flags and
    sums are worked out here); a cooperation without a row of the current format is read from its records
    (a few queries more). `rows`: their stored rows when the caller has read them (else the region's are read)."""
    from kembar.cooperations import facts as stored_facts
    from kembar.cooperations.expiry import AGREEMENTS, EXPIRING, assess
    from kembar.cooperations.selectors import IN_LIST_LIMIT, deadline_list
    from kembar.cooperations.selectors import loi_followup_months as followup_of
    from kembar.evaluation.selectors import evaluate_many, lifecycle_many, regions_settings
    from kembar.monitoring.facts import NAME as OBLIGATIONS
    from kembar.monitoring.models import Fulfilment
    from kembar.monitoring.selectors import carried_ids, obligation_summaries, summaries_from_facts

    if not cooperations:
        return {}
    by_pk = {c.pk: c for c in cooperations}
    rows = rows if rows is not None else stored_facts.rows(region_id=region.pk)
    regions = regions if regions is not None else regions_settings({region.pk})
    settings = regions[region.pk].settings
    states = lifecycle_many(
        cooperations, today=today, rows=rows, thresholds={region.pk: (settings.quiet_months, settings.dormant_months)}
    )
    refs = {c.pk: CoopRef.of(c, states[c.pk]) for c in cooperations}
    kept = {}
    for cid, row in rows.items():
        got = row.keys((), (OBLIGATIONS, "validity")) if cid in by_pk else None
        if got is not None:
            kept[cid] = got[1:]
    rest = {pk: c for pk, c in by_pk.items() if pk not in kept}  # without stored facts of this format

    def of_them(qs):
        return qs.filter(cooperation__deleted_at__isnull=True)

    def of_the_rest(qs):
        return qs.filter(cooperation_id__in=list(rest)) if len(rest) <= IN_LIST_LIMIT else of_them(qs)

    # Agreements expiring within the horizon, as the deadlines page lists them (in its order: by days left).
    months = loi_followup_months or followup_of(region=region)
    expiring: dict[int, list[Expiring]] = defaultdict(list)
    signed: dict[int, list] = {}  # each one's MoUs and PKSs as the capacity page's rule reads them
    for pk, (_obligations, validity) in kept.items():
        bounds = stored_facts.bounds_of(validity)
        signed[pk] = [(b.first, b.end) for b in bounds if b.kind in AGREEMENTS]
        flags = assess(bounds, today=today, loi_followup_months=months)
        for flag in sorted((f for f in flags if f.code == EXPIRING), key=lambda f: f.days):
            expiring[pk].append(Expiring(refs[pk], flag.doc.key, flag.doc.kind, flag.doc.title, flag.due))
    if rest:
        for r in deadline_list(region=region, today=today, cooperations=rest, months=months).expiring:
            pk = r.cooperation.pk
            expiring[pk].append(Expiring(refs[pk], r.document.pk, r.document.kind, r.document.title, r.flag.due))
    # Obligations as the obligations page lists them (overdue ones, then occurrences due within the horizon),
    # summed up by the schedule's rules rather than listed occurrence by occurrence; the evaluation reads the
    # same summaries (the horizon only adds the days due soon).
    overdue: dict[int, list[Overdue]] = defaultdict(list)
    soon: dict[int, list[DueSoon]] = defaultdict(list)
    summed = summaries_from_facts(
        {pk: obligations for pk, (obligations, _validity) in kept.items()},
        by_pk,
        as_of=today,
        horizon_days=HORIZON_DAYS,
    )
    if rest:
        summed += obligation_summaries(
            of_the_rest(Obligation.objects.filter(region=region)),
            of_the_rest(Fulfilment.objects.filter(region=region)),
            rest,
            as_of=today,
            horizon_days=HORIZON_DAYS,
        )
    evaluations = evaluate_many(
        region=region,
        as_of=today,
        framework=FRAMEWORK,
        cooperations=cooperations,
        regions=regions,
        years=True,
        obligations=summed,
        rows=rows,
    )
    for o in summed:
        ref = refs[o.cooperation_id]
        if o.summary.overdue_count:
            overdue[o.cooperation_id].append(
                Overdue(ref, o.pk, o.text, o.summary.overdue_count, o.summary.overdue_since)
            )
        soon[o.cooperation_id] += [DueSoon(ref, o.pk, o.text, due) for due in o.summary.due_soon]
    # The balance counts every activity: those the evaluation knows today, and the others.
    acts = of_them(Activity.objects.filter(region=region))
    if len(by_pk) <= IN_LIST_LIMIT:
        acts = acts.filter(cooperation_id__in=list(by_pk))
    later = _not_yet_known(acts, today=today)
    carrying = carried_ids(region=region, cooperations=cooperations, today=today, agreements=signed)
    out = {}
    with language_bound():  # the element titles of all of them in the language of the moment, read once
        for ev in evaluations:
            pk, facts = ev.cooperation.pk, ev.facts
            soonest = min((e.due for e in expiring[pk]), default=None)
            more = later.get(pk, {})
            out[pk] = CoopFigures(
                health=_health(ev, refs[pk], soonest),
                expiring=tuple(expiring[pk]),
                overdue=tuple(overdue[pk]),
                due_soon=tuple(soon[pk]),
                years=tuple(sorted(facts.years.items())),
                carried=pk in carrying,
                benefit=(
                    facts.benefit["region"] + more.get(recip.REGION, 0),
                    facts.benefit["partner"] + more.get(recip.PARTNER, 0),
                    facts.benefit["both"] + more.get(recip.BOTH, 0),
                    facts.activities + sum(more.values()),
                ),
            )
    return out


# --- Stored ------------------------------------------------------------------------------------------------------

#: The shape of the stored figures and the rules behind them: figures of another are worked out again.
FORMAT = 1

DAY = dt.timedelta(days=1)


#: The metrics that read only the region's own facts (its staff against its portfolio): their indicators' states
#: are the same for all its cooperations.
REGION_METRICS = frozenset({"cooperations_per_staff"})


def context(settings) -> list:
    """What a cooperation's figures depend on besides its own records: the region's thresholds and the states of
    the indicators that read only the region's own facts (settings: an evaluation's RegionSettings), the
    framework's version, this module's FORMAT and the release (the code that works them out: figures stored by
    the code before an upgrade are worked out again), as JSON gives them back. The states, not the numbers: one more
    cooperation in the portfolio changes nothing shown unless it moves the ratio past a threshold."""
    s = settings.settings
    blank = settings.onto(Facts(as_of=dt.date.min))  # these indicators read no record and no day
    states = [
        i.state
        for e in scoring.evaluate(blank, FRAMEWORK, s).elements
        for i in e.indicators
        if i.metric in REGION_METRICS
    ]
    version = scoring.load_framework(FRAMEWORK)["version"]
    return [FORMAT, pages.release(), version, s.quiet_months, s.dormant_months, states]


def figures_today(*, region, cooperations: list, today: dt.date, regions: dict, loi_followup_months: int) -> dict:
    """The dashboard's figures of each of the region's live `cooperations` (selectors.Listed rows) on `today`:
    the stored ones that hold, the others worked out and stored. One query when all are stored; four or five more
    for those worked out, and one to store them."""
    from kembar.cooperations.models import CooperationFacts

    ctx = context(regions[region.pk])
    by_pk = {c.pk: c for c in cooperations}
    out, versions = {}, {}
    # Stored figures hold when worked out from the row as it is, for days that include today.
    holds = (
        Q(figures__version=F("version"))
        & Q(figures__since__lte=today)
        & (Q(figures__until__isnull=True) | Q(figures__until__gt=today))
    )
    for cid, version, kept in (
        CooperationFacts.objects.filter(region_id=region.pk)
        .annotate(kept=Case(When(holds, then=F("figures__figures")), default=None))
        .values_list("cooperation_id", "version", "kept")
    ):
        c = by_pk.get(cid)
        if c is None:
            continue
        if kept is not None and kept["ctx"] == ctx:
            out[cid] = decode(kept, c)
        else:
            versions[cid] = version  # read before the row itself: figures of a row written since will not hold
    rest = [c for c in cooperations if c.pk not in out]
    if not rest:
        return out
    scope = [c.pk for c in rest]
    rows = stored_facts.rows(scope=scope) if len(scope) <= IN_LIST_LIMIT else stored_facts.rows(region_id=region.pk)
    worked = cooperation_figures(
        region=region,
        cooperations=rest,
        today=today,
        regions=regions,
        loi_followup_months=loi_followup_months,
        rows=rows,
    )
    out |= worked
    _store(region, rest, worked, rows, versions, ctx, today)
    return out


def _store(region, cooperations, worked: dict, rows: dict, versions: dict, ctx: list, today: dt.date) -> None:
    """Store the figures worked out, each with the days it holds for and the row version it was worked out from
    (one statement)."""
    from kembar.evaluation.selectors import status_dates

    from .models import CooperationFigures

    current = [
        c
        for c in cooperations
        if c.pk in worked
        and c.pk in versions
        and (row := rows.get(c.pk)) is not None
        and row.current
        and (row.horizon is None or row.horizon <= today)
    ]
    if not current:
        return
    statuses = status_dates(current, rows, {region.pk: (ctx[2], ctx[3])}, today=today)
    stored = []
    for cid, (dates, silent_after) in sorted(statuses.items()):
        overdue = [o.since for o in worked[cid].overdue]
        end = until(rows[cid], dates, silent_after, overdue, today=today)
        figures = encode(worked[cid], ctx)
        stored.append(CooperationFigures(facts_id=cid, version=versions[cid], figures=figures, since=today, until=end))
    try:
        with transaction.atomic():
            CooperationFigures.objects.bulk_create(
                stored,
                update_conflicts=True,
                unique_fields=["facts"],
                update_fields=["version", "figures", "since", "until"],
                batch_size=500,
            )
    except DatabaseError:  # a database that cannot be written to now: the page is shown all the same
        log.warning("could not store the dashboard figures of region %s", region.pk, exc_info=True)


# --- The days they hold for -----------------------------------------------------------------------------------


def until(row, status_dates: list[dt.date], silent_after: dt.date | None, overdue, *, today: dt.date) -> dt.date | None:
    """The first day after `today` on which a cooperation's figures may change while its records (its stored
    `row`) stay as they are (the module's list), None when none may: `status_dates` and `silent_after` are what its
    status reads (evaluation.selectors.status_dates); `overdue` the days its overdue obligations are overdue since
    (today's figures)."""
    try:
        days = _turns(row, status_dates, silent_after, overdue, today)
    except (OverflowError, ValueError):  # a date at the calendar's edge (year 9999): they hold for today only
        return today + DAY
    return min((day for day in days if day is not None and day > today), default=None)


def _turns(row, status_dates, silent_after, overdue, today: dt.date) -> list:
    days = list(status_dates)
    anchors = {silent_after}
    cov = stored_facts.coverage_of(row.data.get("coverage"))
    if cov is not None and not cov.open:
        anchors.add(dt.date.fromordinal(max(cov.covered, 1)))
    days += [_silence_grows(after, today) for after in anchors if after is not None]
    days += [_month_turn(since, today) for since in overdue]  # the months overdue: months_between(since, the day)
    for _pk, _kind, _text, _starts, begins, rules, records in row.parts.get(OBLIGATIONS) or ():
        days += _obligation_turns(begins, rules, records, today)
    for b in stored_facts.bounds_of(row.parts.get("validity") or []):
        if b.kind not in AGREEMENTS:
            continue
        days.append(b.first)
        if b.end is not None and b.end < dt.date.max - DAY:
            days += [b.end - dt.timedelta(days=EXPIRING_DAYS), b.end + DAY]
    return days


def _silence_grows(after: dt.date, today: dt.date) -> dt.date | None:
    """The first day after `today` on which the whole months of a silence that runs from the day after `after`
    differ from today's (the day it begins, when that is still ahead). A silence running on day x is
    months_between(first silent day, x + 1 day) whole months (dormancy.judge)."""
    if after >= dt.date.max - 2 * DAY:
        return None
    first = after + DAY
    if first > today:
        return first
    return _month_turn(first, today + DAY) - DAY


def _month_turn(a: dt.date, b: dt.date) -> dt.date:
    """The first day after `b` on which months_between(a, day) differs from months_between(a, b): the day of the
    month `a` falls on, in b's month when it is still ahead there, else in the next month; in a month too short
    for it, the first day of the month after."""
    b = max(a, b)
    target = a.day
    year, month = b.year, b.month
    if b.day < target:
        if target <= _days_in(year, month):
            return dt.date(year, month, target)
        return _first_of_next(year, month)
    year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    if target <= _days_in(year, month):
        return dt.date(year, month, target)
    return _first_of_next(year, month)


def _days_in(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _first_of_next(year: int, month: int) -> dt.date:
    return dt.date(year + 1, 1, 1) if month == 12 else dt.date(year, month + 1, 1)


def _obligation_turns(begins, rules, records, today: dt.date) -> list[dt.date]:
    """The days after `today` on which what an obligation's summary says may change (the module's list)."""
    now = today.toordinal()
    out = [dt.date.fromordinal(begins)] if begins and begins > now else []
    if rules[0]:  # a problem: no due days
        return out
    out += [dt.date.fromordinal(done) for _due, done in records if done is not None and done > now]
    # An occurrence falling due after today, passing its grace after today, entering the days ahead after today:
    # the first due after today, after today less the grace, after today plus the days ahead.
    for shift in (0, rules[4] + 1, -HORIZON_DAYS):
        due = schedule.first_due_after(rules, today - dt.timedelta(days=shift))
        if due is not None:
            out.append(due + dt.timedelta(days=shift))
    return out


# --- Stored as JSON ---------------------------------------------------------------------------------------------


def _day(day: dt.date | None) -> int | None:
    return day.toordinal() if day is not None else None


def _date(ordinal: int | None) -> dt.date | None:
    return dt.date.fromordinal(ordinal) if ordinal is not None else None


def _plain(value):
    if isinstance(value, dt.date):
        return {"$d": value.toordinal()}
    if isinstance(value, DateSpec):
        return {"$s": str(value)}
    if isinstance(value, tuple):
        return {"$t": [_plain(v) for v in value]}
    return value


def _value(plain):
    if isinstance(plain, dict) and len(plain) == 1:
        ((key, value),) = plain.items()
        if key == "$d":
            return dt.date.fromordinal(value)
        if key == "$s":
            return DateSpec.parse(value)
        if key == "$t":
            return tuple(_value(v) for v in value)
    return plain


_LIFECYCLE = tuple(f.name for f in dataclasses.fields(lc.Lifecycle))


def encode(f: CoopFigures, ctx: list) -> dict:
    """A cooperation's figures as JSON values (without what its own row of the list says: its ref and title)."""
    h = f.health
    return {
        "ctx": ctx,
        "lc": [_plain(getattr(h.cooperation.lifecycle, name)) for name in _LIFECYCLE],
        "h": [
            h.verdicts,
            list(h.not_met_ids),
            h.dormancy,
            h.silent_months,
            _day(h.since),
            h.overdue,
            _day(h.expiring),
            h.balance,
            h.judged,
        ],
        "ex": [[e.document_pk, e.kind, e.title, _day(e.due)] for e in f.expiring],
        "ov": [[o.obligation_pk, o.text, o.occurrences, _day(o.since)] for o in f.overdue],
        "ds": [[d.obligation_pk, d.text, _day(d.due)] for d in f.due_soon],
        "y": [list(y) for y in f.years],
        "c": f.carried,
        "b": list(f.benefit),
    }


def decode(plain: dict, c) -> CoopFigures:
    """The figures `encode` stored, of the cooperation `c` (a selectors.Listed row)."""
    lifecycle = lc.Lifecycle(*(_value(v) for v in plain["lc"]))
    ref = CoopRef.of(c, lifecycle)
    verdicts, not_met, dormancy, months, since, overdue, expiring, balance, judged = plain["h"]
    return CoopFigures(
        health=Health(
            cooperation=ref,
            verdicts=verdicts,
            not_met_ids=tuple(not_met),
            dormancy=dormancy,
            silent_months=months,
            since=_date(since),
            overdue=overdue,
            expiring=_date(expiring),
            balance=balance,
            watched=lifecycle.watched,
            judged=judged,
        ),
        expiring=tuple(Expiring(ref, pk, kind, title, _date(due)) for pk, kind, title, due in plain["ex"]),
        overdue=tuple(Overdue(ref, pk, text, n, _date(since)) for pk, text, n, since in plain["ov"]),
        due_soon=tuple(DueSoon(ref, pk, text, _date(due)) for pk, text, due in plain["ds"]),
        years=tuple(tuple(y) for y in plain["y"]),
        carried=plain["c"],
        benefit=tuple(plain["b"]),
    )
