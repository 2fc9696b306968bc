"""Reads of monitoring. Every function takes the region; each costs a fixed number of queries."""

import datetime as dt
from dataclasses import dataclass, field
from typing import NamedTuple

from django.utils import timezone

from kembar.cooperations.models import Cooperation, Document, Obligation
from kembar.core.dates import DateSpec
from kembar.regions.models import Region, RegionProfile

from . import schedule
from .models import Fulfilment, Handover, ObligationTerms
from .services import RULE_COLUMNS, STAFF_REASON, obligation_schedule, row_rules


@dataclass
class ObligationStatus:
    obligation: Obligation
    cooperation: Cooperation
    terms: ObligationTerms | None
    schedule: schedule.Schedule
    fulfilments: list[Fulfilment] = field(default_factory=list)

    @property
    def recurrence(self) -> str | None:
        return self.schedule.recurrence


def obligation_statuses(
    *,
    region: Region,
    as_of: dt.date | None = None,
    cooperation: Cooperation | None = None,
    horizon_days: int = 0,
    with_fulfilments: bool = False,
) -> list[ObligationStatus]:
    """Every live obligation of the region's live cooperations (or of one) with its schedule at `as_of`.

    Two queries however many obligations: obligations with their terms and cooperation, then all
    their fulfilment records.
    """
    as_of = as_of or timezone.localdate()
    qs = Obligation.objects.filter(region=region).select_related("monitoring_terms", "source")
    if cooperation is not None:
        qs = qs.filter(cooperation=cooperation)
    else:
        qs = qs.filter(cooperation__deleted_at__isnull=True).select_related("cooperation__partner")
    obligations = list(qs.order_by("cooperation_id", "position", "pk"))
    records: dict[int, list] = {}
    fulfilments: dict[int, list] = {}
    if obligations:
        rows = Fulfilment.objects.filter(region=region)
        if cooperation is not None:
            rows = rows.filter(cooperation=cooperation)
        else:
            rows = rows.filter(cooperation__deleted_at__isnull=True)
        if with_fulfilments:
            rows = rows.select_related("document", "recorded_by")
        for f in rows.order_by("pk"):
            records.setdefault(f.obligation_id, []).append(schedule.Record(f.fulfilled_on, f.due, f.pk, f.evidence))
            fulfilments.setdefault(f.obligation_id, []).append(f)
    out = []
    for o in obligations:
        coop = cooperation or o.cooperation
        o.cooperation = coop
        terms = getattr(o, "monitoring_terms", None)
        if terms is not None and terms.is_deleted:
            terms = None
        sched = obligation_schedule(
            o, cooperation=coop, terms=terms, records=records.get(o.pk, ()), as_of=as_of, horizon_days=horizon_days
        )
        out.append(ObligationStatus(o, coop, terms, sched, fulfilments.get(o.pk, [])))
    return out


class SummedObligation(NamedTuple):
    """An obligation summed up by `schedule.summary` (see obligation_summaries and summaries_from_facts)."""

    pk: int
    cooperation_id: int
    kind: str
    text: str
    starts: str  # its start as text ("" when it has none)
    begins: dt.date | None  # the earliest day it may start (None: no start, or a range open at its start)
    summary: schedule.Summary


def obligation_summaries(
    obligations, fulfilments, cooperations: dict[int, Cooperation], *, as_of: dt.date, horizon_days: int | None = None
) -> list[SummedObligation]:
    """The obligations of the queryset `obligations`, with the fulfilment records of `fulfilments`, summed up
    at `as_of` by the schedule's rules under their terms — what obligation_statuses says of them, without
    an Occurrence for each past due day: for readers of many (the evaluation, the dashboard) when the stored
    facts do not serve (summaries_from_facts). Two queries; `cooperations` (by pk) holds their cooperations.
    Deleted terms are ignored, as obligation_statuses ignores them (a join does not apply the default
    manager)."""
    fields = ["pk", "cooperation_id", "kind", "text", *RULE_COLUMNS]
    rows = list(obligations.order_by("cooperation_id", "position", "pk").values(*fields))
    records: dict[int, list] = {}
    for r in fulfilments.values("obligation_id", "due", "fulfilled_on", "pk"):
        if r["fulfilled_on"]:
            records.setdefault(r["obligation_id"], []).append(schedule.Record(r["fulfilled_on"], r["due"], r["pk"]))
    out = []
    for r in rows:
        if r["cooperation_id"] not in cooperations:
            continue  # a cooperation created since the caller read them
        coop = cooperations[r["cooperation_id"]]
        rules = row_rules(r, cooperation_as_of=coop.as_of, cooperation_ends=coop.ends)
        summary = schedule.summary(**rules, as_of=as_of, records=records.get(r["pk"], ()), horizon_days=horizon_days)
        starts = r["starts"]
        text = str(starts) if starts else ""
        out.append(SummedObligation(r["pk"], r["cooperation_id"], r["kind"], r["text"], text, _begins(starts), summary))
    return out


def _begins(starts: DateSpec | None) -> dt.date | None:
    return starts.earliest() if starts else None


def summaries_from_facts(
    kept: dict[int, list], cooperations: dict, *, as_of: dt.date, horizon_days: int | None = None
) -> list[SummedObligation]:
    """What obligation_summaries says of the obligations of these cooperations, from their stored facts:
    `kept` holds each one's obligations as monitoring.facts.compute stored them (facts.parts(("obligations",)))
    — their rules and records already resolved, only summed up at `as_of` here. No query. Cooperations not
    in `cooperations` are left out."""
    out = []
    day = dt.date.fromordinal
    for cid, obligations in kept.items():
        if cid not in cooperations:
            continue
        for pk, kind, text, starts, begins, rules, records in obligations:
            summary = schedule.summary_of(rules, records, as_of=as_of, horizon_days=horizon_days)
            out.append(SummedObligation(pk, cid, kind, text, starts, day(begins) if begins else None, summary))
    return out


def obligations_due(*, region, as_of: dt.date, within_days: int = 30, cooperation=None) -> list[dict]:
    """Obligation occurrences due within `within_days` after `as_of`, or overdue at `as_of`, in the region
    (or of one of its cooperations).

    Each dict: {"cooperation": Cooperation, "obligation": Obligation, "due": date, "overdue": bool,
    "text": str}. Occurrences in their grace period (due, not yet overdue) count as due. Sorted by
    due day. Two queries, whatever the number of obligations (see obligation_statuses).
    """
    horizon = as_of + dt.timedelta(days=within_days)
    out = []
    for st in obligation_statuses(region=region, as_of=as_of, cooperation=cooperation, horizon_days=within_days):
        for occ in st.schedule.occurrences:
            overdue = occ.status == schedule.OVERDUE
            if overdue or (occ.status in (schedule.DUE, schedule.UPCOMING) and occ.due <= horizon):
                out.append(
                    {
                        "cooperation": st.cooperation,
                        "obligation": st.obligation,
                        "due": occ.due,
                        "overdue": overdue,
                        "text": st.obligation.text,
                    }
                )
    out.sort(key=lambda r: (r["due"], r["cooperation"].title, r["obligation"].pk))
    return out


@dataclass
class DueList:
    """The region's obligations page: overdue (one row per obligation) and due soon (per occurrence)."""

    overdue: list[ObligationStatus]
    due_soon: list[tuple[ObligationStatus, schedule.Occurrence]]
    as_of: dt.date
    within_days: int


def due_list(*, region: Region, as_of: dt.date | None = None, within_days: int = 30) -> DueList:
    as_of = as_of or timezone.localdate()
    horizon = as_of + dt.timedelta(days=within_days)
    statuses = obligation_statuses(region=region, as_of=as_of, horizon_days=within_days)
    overdue = [st for st in statuses if st.schedule.overdue]
    overdue.sort(key=lambda st: (st.schedule.overdue_since, st.cooperation.title))
    soon = [
        (st, occ)
        for st in statuses
        for occ in st.schedule.occurrences
        if occ.status in (schedule.DUE, schedule.UPCOMING) and occ.due <= horizon
    ]
    soon.sort(key=lambda pair: (pair[1].due, pair[0].cooperation.title))
    return DueList(overdue, soon, as_of, within_days)


def obligation_get(*, region: Region, pk: int) -> Obligation:
    return Obligation.objects.select_related("cooperation__partner", "cooperation__region").get(
        region=region, pk=pk, cooperation__deleted_at__isnull=True
    )


def handover_list(*, region: Region, cooperation: Cooperation | None = None, limit: int = 50) -> list[Handover]:
    qs = Handover.objects.filter(region=region).select_related("by")
    if cooperation is not None:
        qs = qs.filter(cooperation=cooperation)
    else:
        qs = qs.filter(cooperation__deleted_at__isnull=True).select_related("cooperation")
    return list(qs.order_by("-at", "-pk")[:limit])


# --- Capacity --------------------------------------------------------------------------------

INACTIVE_STATUSES = frozenset(
    {
        Cooperation.Status.IDEA,
        Cooperation.Status.IN_PREPARATION,
        Cooperation.Status.EXPIRED,
        Cooperation.Status.ENDED,
    }
)
SIGNED_KINDS = ("mou", "pks")


def is_active(*, status: str, ends: DateSpec | None, agreements: list[tuple], today: dt.date) -> bool:
    """The capacity page's rule for a cooperation the bureau must carry on `today`.

    Active when its status is "active"; or, when its status is dormant or unknown (not an idea, in
    preparation, expired or ended), when it is *signed and not ended*: it has an MoU or PKS not
    dated after today and not certainly expired, and its end (if recorded) is not certainly past.
    A dormant partnership counts: its agreement still runs and still needs someone in charge.
    `agreements` holds each of its MoUs and PKSs as (the earliest day of its date, the last day it may be
    valid), None where unknown (`agreement_days`; the stored facts' `validity` keeps both).
    """
    if status == Cooperation.Status.ACTIVE:
        return True
    if status in INACTIVE_STATUSES:
        return False
    if ends and ends.latest() and ends.latest() < today:
        return False
    for first, end in agreements:
        if (first is None or first <= today) and (end is None or end >= today):
            return True
    return False


def agreement_days(date: DateSpec | None, expires: DateSpec | None) -> tuple[dt.date | None, dt.date | None]:
    """An MoU's or PKS's (date, expires) as `is_active` reads them: its earliest day, its last valid day."""
    return (date.earliest() if date else None), (expires.latest() if expires else None)


@dataclass
class Person:
    name: str
    cooperations: list[Cooperation]

    @property
    def load(self) -> int:
        return len(self.cooperations)


@dataclass
class Capacity:
    today: dt.date
    profile: RegionProfile | None
    staff: int | None
    staff_as_of: str
    staff_entered: dict | None  # the history row when Kembar users set it, else None: the profile's source
    portfolio_counts: dict
    portfolio_total: int | None
    portfolio_as_of: str
    active: list[Cooperation]
    inactive_count: int
    people: list[Person]
    unassigned: list[Cooperation]
    handovers: list[Handover]
    staff_history: list[dict]

    @property
    def recorded_total(self) -> int:
        return len(self.active)

    @staticmethod
    def _ratio(n, staff):
        return round(n / staff, 2) if staff else None

    @property
    def ratio_portfolio(self) -> float | None:
        return self._ratio(self.portfolio_total, self.staff) if self.portfolio_total is not None else None

    @property
    def ratio_recorded(self) -> float | None:
        return self._ratio(self.recorded_total, self.staff)


def carried_ids(
    *, region: Region, cooperations: list[Cooperation], today: dt.date, agreements: dict[int, list] | None = None
) -> set[int]:
    """Of the region's live `cooperations` (all of them or a few), the pks of those the bureau carries on
    `today` (`is_active`; one query: their signed agreements). `agreements`: those of some of them as
    `is_active` takes them, by cooperation (from their stored facts): only the others' are read (none: no
    query)."""
    from kembar.cooperations.selectors import IN_LIST_LIMIT

    known = agreements or {}
    unread = [c.pk for c in cooperations if c.pk not in known]
    read: dict[int, list] = {}
    if unread:
        docs = Document.objects.filter(region=region, kind__in=SIGNED_KINDS, cooperation__deleted_at__isnull=True)
        if len(unread) <= IN_LIST_LIMIT:
            docs = docs.filter(cooperation_id__in=unread)
        for coop_id, date, expires in docs.values_list("cooperation_id", "date", "expires"):
            read.setdefault(coop_id, []).append(agreement_days(date, expires))
    return {
        c.pk
        for c in cooperations
        if is_active(
            status=c.status,
            ends=c.ends,
            agreements=known[c.pk] if c.pk in known else read.get(c.pk, []),
            today=today,
        )
    }


def by_person(active: list[Cooperation]) -> tuple[list[Person], list[Cooperation]]:
    """The cooperations carried, grouped by person in charge (most loaded first), and those with no one."""
    people: dict[str, Person] = {}
    unassigned = []
    for c in active:
        name = (c.person_in_charge or "").strip()
        if not name:
            unassigned.append(c)
            continue
        people.setdefault(name.casefold(), Person(name, [])).cooperations.append(c)
    return sorted(people.values(), key=lambda p: (-p.load, p.name.casefold())), unassigned


def carried(
    *, region: Region, cooperations: list[Cooperation], today: dt.date
) -> tuple[list[Cooperation], list[Person], list[Cooperation]]:
    """Of the region's live `cooperations` (in the order to list them), those the bureau carries on `today`
    (`is_active`), grouped by person in charge, most loaded first, and those with no one in charge (one
    query: the signed agreements)."""
    ids = carried_ids(region=region, cooperations=cooperations, today=today)
    active = [c for c in cooperations if c.pk in ids]
    people, unassigned = by_person(active)
    return active, people, unassigned


def capacity(*, region: Region, today: dt.date | None = None) -> Capacity:
    """Bureau staff against the cooperations it carries (six queries, however many cooperations)."""
    today = today or timezone.localdate()
    profile = RegionProfile.objects.filter(region=region).first()
    coops = list(Cooperation.objects.filter(region=region).select_related("partner").order_by("title", "pk"))
    active, people, unassigned = carried(region=region, cooperations=coops, today=today)
    counts = dict(profile.portfolio_counts or {}) if profile else {}
    numbers = [v for v in counts.values() if isinstance(v, int)]
    history = _staff_history(region)
    entered = history[0] if history and history[0]["entered"] else None
    return Capacity(
        today=today,
        profile=profile,
        staff=profile.bureau_staff if profile else None,
        staff_as_of=profile.bureau_as_of if profile else "",
        staff_entered=entered,
        portfolio_counts=counts,
        portfolio_total=sum(numbers) if numbers else None,
        portfolio_as_of=profile.portfolio_as_of if profile else "",
        active=active,
        inactive_count=len(coops) - len(active),
        people=people,
        unassigned=unassigned,
        handovers=handover_list(region=region, limit=20),
        staff_history=history,
    )


def _staff_history(region: Region) -> list[dict]:
    """The changes of the staff count, newest first: when, who, the figure, its date, and why."""
    rows = list(
        RegionProfile.history.filter(region=region)
        .order_by("-history_date", "-history_id")
        .values(
            "history_date",
            "history_user__username",
            "history_user__first_name",
            "history_change_reason",
            "bureau_staff",
            "bureau_as_of",
        )[:500]
    )[::-1]
    out, last = [], object()
    for row in rows:
        if (row["bureau_staff"], row["bureau_as_of"]) != last:
            reason = row["history_change_reason"] or ""
            row["entered"] = reason.startswith(STAFF_REASON)
            row["note"] = reason[len(STAFF_REASON) + 2 :] if row["entered"] else ""
            out.append(row)
        last = (row["bureau_staff"], row["bureau_as_of"])
    return out[::-1]
