"""Reads for the leadership dashboard (one region) and the national dashboard (every region).

Counts are aggregated in the database (grouped `values().annotate()`), so each page costs a fixed number
of queries whatever the portfolio's size. The region dashboard reuses the other apps' selectors for what
they own: evaluation (verdicts and dormancy), deadlines, obligations due and staff capacity.

Rules the pages state (and the tests pin):
- **Dormant** (region): the evaluation's dormancy state at today is *dormant* — a certain silence of
  at least the region's dormant threshold (24 months unless its profile says otherwise).
- **At risk** (region): not dormant but quiet or approaching quiet, an obligation overdue, an agreement
  expiring within 90 days, or more UNDP elements not met than met or partly met. Ideas, ended and expired
  cooperations are left out of both lists (as the dormancy alerts do).
- **Active / dormant shares** (national): by each cooperation's *recorded status* (evaluating 5,000
  dossiers is the evaluation page's job, not a page that must answer in 300 ms).
- **No activity** (national): a region with cooperations in Kembar whose latest activity (by its
  earliest possible day, not after today) is more than 12 months ago, or that has none.
- **No annual report** (national): a region with cooperations for which no annual report for last year
  was generated in Kembar (kembar.reports' GeneratedReport, finished, of an "annual" kind, any format) —
  reports made outside Kembar are not seen.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field, replace
from typing import NamedTuple

from django.db.models import Count, Min, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kembar.cooperations.expiry import add_months
from kembar.cooperations.models import Activity, Cooperation, Obligation
from kembar.evaluation import dormancy as dm
from kembar.evaluation import reciprocity as recip
from kembar.evaluation import scoring
from kembar.evaluation.metrics import language_bound
from kembar.evaluation.templatetags.evaluation_tags import dormancy_label
from kembar.partners.models import Country
from kembar.regions.models import Region

from .map import Point

#: Statuses left out of the dormant and at-risk lists (nothing to revive or carry).
NOT_WATCHED = (Cooperation.Status.IDEA, Cooperation.Status.ENDED, Cooperation.Status.EXPIRED)
HORIZON_DAYS = 90
NO_ACTIVITY_MONTHS = 12
MAX_POINTS = 1000
YEARS_SHOWN = 15
#: The framework the health of each cooperation is judged by.
FRAMEWORK = "undp"


@dataclass
class Counts:
    total: int
    by_type: list[tuple[str, str, int]]  # (code, label, n)
    by_form: list[tuple[str, str, int]]
    by_status: list[tuple[str, str, int]]
    by_country: list[tuple[str, str, int]]  # (alpha-2, name, n), most first

    def status(self, code: str) -> int:
        return next((n for c, _label, n in self.by_status if c == code), 0)

    @property
    def active(self) -> int:
        return self.status(Cooperation.Status.ACTIVE)

    @property
    def dormant(self) -> int:
        return self.status(Cooperation.Status.DORMANT)

    @property
    def country_counts(self) -> dict[str, int]:
        return {code: n for code, _name, n in self.by_country}


def _labelled(counter: dict, choices) -> list[tuple[str, str, int]]:
    return [(code, str(label), counter[code]) for code, label in choices if counter.get(code)]


def _country_names(codes) -> dict[str, str]:
    """Country names in the page's language (one query)."""
    return {c.code: c.name() for c in Country.objects.filter(code__in=list(codes))}


def cooperation_counts(qs) -> Counts:
    """Counts by type, form, status and partner country of the cooperations in `qs` (two queries)."""
    by_type, by_form, by_status, by_country = defaultdict(int), defaultdict(int), defaultdict(int), defaultdict(int)
    for row in qs.values("type", "form", "status", "partner__country_id").annotate(n=Count("pk")).order_by():
        n = row["n"]
        by_type[row["type"]] += n
        by_form[row["form"]] += n
        by_status[row["status"]] += n
        by_country[row["partner__country_id"]] += n
    names = _country_names(by_country)
    countries = sorted(((c, names.get(c, c), n) for c, n in by_country.items()), key=lambda r: (-r[2], r[1]))
    return Counts(
        total=sum(by_type.values()),
        by_type=_labelled(by_type, Cooperation.Type.choices),
        by_form=_labelled(by_form, Cooperation.Form.choices),
        by_status=_labelled(by_status, Cooperation.Status.choices),
        by_country=countries,
    )


def partner_points(qs, *, limit: int = MAX_POINTS) -> tuple[list[Point], int]:
    """Markers for the partners of the cooperations in `qs`, grouped by recorded place (one query).

    Partners with coordinates share a marker when they are at the same place; those without share their
    country's. The largest `limit` markers are returned, with how many were left out.
    """
    rows = list(
        qs.values("partner__country_id", "partner__latitude", "partner__longitude")
        .annotate(n=Count("pk"), partners=Count("partner", distinct=True), name=Min("partner__name"))
        .order_by("-n", "partner__country_id", "partner__latitude", "partner__longitude")
    )
    points = [
        Point(
            country=r["partner__country_id"],
            latitude=r["partner__latitude"],
            longitude=r["partner__longitude"],
            cooperations=r["n"],
            partners=r["partners"],
            name=r["name"],
        )
        for r in rows[:limit]
    ]
    return points, max(len(rows) - limit, 0)


@dataclass
class Balance:
    """Who mainly benefited from the region's activities (reciprocity.py's balance)."""

    region: int
    partner: int
    both: int
    unknown: int

    @property
    def value(self) -> float | None:
        return recip.balance(self.region, self.partner, self.both)

    @property
    def known(self) -> int:
        return self.region + self.partner + self.both


def _balance(agg: dict) -> Balance:
    return Balance(agg["region"], agg["partner"], agg["both"], agg["n"] - agg["region"] - agg["partner"] - agg["both"])


def per_year(years: dict[int, int], *, today: dt.date) -> list[tuple[int, int]]:
    """Activities per year, (year, activities), from the first recorded year (at most 15 back) to this year,
    of `years` (the evaluation's count of the dated activities known today by the year of their earliest
    possible day: undated ones and those after today are not counted)."""
    if not years:
        return []
    first = max(min(years), today.year - YEARS_SHOWN + 1)
    return [(year, years.get(year, 0)) for year in range(first, today.year + 1)]


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


# --- Region ---------------------------------------------------------------------------------


_STATUS_LABELS = dict(Cooperation.Status.choices)  # lazy: each shown in the language of the moment


@dataclass(frozen=True)
class CoopRef:
    """What the dashboard shows of a cooperation: its figures are kept, and a model instance costs twenty times
    more to keep and to read back than these few fields. The address is worked out once, not for every
    page that lists it."""

    pk: int
    ref: str
    title: str
    status: str
    url: str = ""  # its dossier's address

    @classmethod
    def of(cls, c: Cooperation, url: str) -> CoopRef:
        return cls(c.pk, c.ref, c.title, c.status, url)

    def get_status_display(self) -> str:
        return str(_STATUS_LABELS.get(self.status, self.status))  # as Django's own does


@dataclass
class Health:
    """One cooperation's health today: its UNDP verdicts, dormancy and the reasons it is flagged."""

    cooperation: CoopRef
    verdicts: dict[str, int]  # verdict → elements
    not_met: list[str]  # labels of the elements not met
    dormancy: str  # "" (active) | approaching | quiet | dormant
    silent_months: int
    since: dt.date | None
    overdue: int
    expiring: dt.date | None  # an agreement's expiry within 90 days
    balance: float | None
    reasons: list[str] = field(default_factory=list)
    watched: bool = True
    #: The table's texts, in the language of the moment (worked out once, as the reasons are).
    state: str = ""  # the dormancy, or "active"
    elements: str = ""  # how many UNDP elements are met, partly met, not met, without data
    evaluation_url: str = ""

    @property
    def is_dormant(self) -> bool:
        return self.watched and self.dormancy == dm.DORMANT

    @property
    def at_risk(self) -> bool:
        return self.watched and not self.is_dormant and bool(self.reasons)


def addresses(name: str, region: Region):
    """`ref → reverse(name, args=[region.code, ref])`, reversed once for all of the region's cooperations (a
    ref is a slug: nothing in it is quoted)."""
    marker = "ref-marker"
    head, _sep, tail = reverse(name, args=[region.code, marker]).rpartition(marker)
    return lambda ref: f"{head}{ref}{tail}"


def _health(ev, ref: CoopRef, expiring: dt.date | None, evaluation_url: str) -> Health:
    coop = ev.cooperation
    d = ev.dormancy
    h = Health(
        cooperation=ref,
        verdicts={},
        not_met=[],
        dormancy=(d.state if d else "") or "",
        silent_months=d.silent_months if d and d.state else 0,
        since=d.last_covered if d and d.state else None,
        overdue=len(ev.overdue),
        expiring=expiring,
        balance=ev.reciprocity.balance,
        watched=coop.status not in NOT_WATCHED,
        evaluation_url=evaluation_url,
    )
    h.state = str(dormancy_label(h.dormancy))
    return _judged(h, [(e.label, e.verdict) for e in ev.elements])


def _judged(h: Health, elements: list[tuple[str, str]]) -> Health:
    """`h` with the verdicts of its UNDP `elements` (label, verdict) and the reasons it is flagged."""
    verdicts = {v: 0 for v in scoring.VERDICTS}
    not_met = []
    for label, verdict in elements:
        verdicts[verdict] += 1
        if verdict == scoring.NOT_MET:
            not_met.append(label)
    h.verdicts, h.not_met, h.reasons = verdicts, not_met, []
    h.elements = _("%(met)s met, %(partly)s partly, %(not_met)s not met, %(none)s without data") % {
        "met": verdicts[scoring.MET],
        "partly": verdicts[scoring.PARTLY],
        "not_met": verdicts[scoring.NOT_MET],
        "none": verdicts[scoring.NO_DATA],
    }
    if h.dormancy:
        label = h.state
        since = h.since.isoformat() if h.since else "—"
        h.reasons.append(
            ngettext(
                "%(state)s: no activity for %(n)s month since %(since)s",
                "%(state)s: no activity for %(n)s months since %(since)s",
                h.silent_months,
            )
            % {"state": label, "n": h.silent_months, "since": since}
        )
    if h.overdue:
        h.reasons.append(
            ngettext("%(n)s obligation overdue", "%(n)s obligations overdue", h.overdue) % {"n": h.overdue}
        )
    if h.expiring:
        h.reasons.append(_("agreement expires on %(date)s") % {"date": h.expiring.isoformat()})
    if verdicts[scoring.NOT_MET] > verdicts[scoring.MET] + verdicts[scoring.PARTLY]:
        h.reasons.append(_("not met: %(elements)s") % {"elements": ", ".join(not_met)})
    return h


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
class Load:
    name: str
    load: int


@dataclass
class Workload:
    """The capacity page's figures the dashboard shows: staff against the cooperations carried."""

    staff: int | None
    staff_as_of: str
    recorded_total: int
    people: list[Load]
    unassigned: int

    @property
    def ratio_recorded(self) -> float | None:
        return round(self.recorded_total / self.staff, 2) if self.staff else None


@dataclass
class RegionDashboard:
    region: Region
    today: dt.date
    counts: Counts
    points: list[Point]
    points_left_out: int
    health: list[Health]
    expiring: list[Expiring]
    overdue: list[Overdue]
    due_soon: list[DueSoon]
    per_year: list[tuple[int, int]]
    balance: Balance
    capacity: Workload
    dormant: list[Health] = field(init=False)
    at_risk: list[Health] = field(init=False)
    #: Each cooperation's figures, for the next call (see region_dashboard), and how many were computed.
    kept: Kept | None = field(init=False, default=None, repr=False)
    recomputed: int = field(init=False, default=0)
    rejudged: int = field(init=False, default=0)  # kept figures whose verdicts were judged again

    def __post_init__(self):
        self.dormant = sorted(
            (h for h in self.health if h.is_dormant), key=lambda h: (-h.silent_months, h.cooperation.title)
        )
        self.at_risk = [h for h in self.health if h.at_risk]

    @property
    def deadlines_soon(self) -> int:
        return len(self.expiring) + len(self.due_soon)

    @property
    def activities_this_year(self) -> int:
        return self.per_year[-1][1] if self.per_year and self.per_year[-1][0] == self.today.year else 0


class Listed(NamedTuple):
    """What the region dashboard reads of every cooperation: the rest comes from its kept figures."""

    pk: int
    data_changed_at: dt.datetime
    person_in_charge: str


@dataclass(frozen=True)
class CoopFigures:
    """What the region dashboard shows of one cooperation: all of it follows from the cooperation's dossier,
    the region's settings, today and the language, so it is kept under the cooperation's data stamp and
    recomputed only when that changes."""

    health: Health
    expiring: tuple[Expiring, ...]
    overdue: tuple[Overdue, ...]
    due_soon: tuple[DueSoon, ...]
    years: tuple[tuple[int, int], ...]  # (year, dated activities known today)
    carried: bool  # the bureau carries it today (the capacity page's rule)
    benefit: tuple[int, int, int, int]  # every activity by main beneficiary: region, partner, both, all
    inputs: tuple[scoring.Inputs, ...]  # what its verdicts rest on (scoring.verdict_inputs)

    def judged_with(self, states: dict[str, str]) -> CoopFigures:
        """These figures with the verdicts the region-wide indicators' `states` give (the region's staff or
        portfolio changed; nothing of the cooperation's own did)."""
        verdicts = scoring.verdicts_with(self.inputs, states)
        elements = [(label, verdict) for (label, _rule, _states), verdict in zip(self.inputs, verdicts, strict=True)]
        return replace(self, health=_judged(replace(self.health), elements))


@dataclass
class Kept:
    """Each cooperation's figures with the stamp they were computed under, valid for one region, day,
    language and set of region thresholds (`basis`), their verdicts judged with the region-wide indicators'
    `states`. Region_dashboard takes the last one and returns the next."""

    basis: tuple
    figures: dict[int, tuple[dt.datetime, CoopFigures]]
    states: dict[str, str]


def cooperation_figures(
    *,
    region: Region,
    cooperations: list[Cooperation],
    today: dt.date,
    regions: dict,
    whole: bool,
    loi_followup_months: int | None = None,
) -> dict[int, CoopFigures]:
    """The dashboard's figures of each of the region's live `cooperations` (all of them when `whole`, else a
    few: then the reads are narrowed to them), in a fixed number of queries; `regions` and
    `loi_followup_months` are the region's settings when the caller has read them."""
    from kembar.cooperations.selectors import deadline_list
    from kembar.evaluation.selectors import evaluate_many
    from kembar.monitoring.models import Fulfilment
    from kembar.monitoring.selectors import carried_ids, obligation_summaries

    if not cooperations:
        return {}
    by_pk = {c.pk: c for c in cooperations}
    dossier, evaluation_of = addresses("cooperation_detail", region), addresses("cooperation_evaluation", region)
    refs = {c.pk: CoopRef.of(c, dossier(c.ref)) for c in cooperations}

    def of_them(qs):
        return qs.filter(cooperation__deleted_at__isnull=True) if whole else qs.filter(cooperation_id__in=list(by_pk))

    expiring: dict[int, list[Expiring]] = defaultdict(list)
    deadlines = deadline_list(region=region, today=today, cooperations=by_pk, months=loi_followup_months)
    for r in deadlines.expiring:
        pk = r.cooperation.pk
        expiring[pk].append(Expiring(refs[pk], r.document.pk, r.document.kind, r.document.title, r.flag.due))
    # Obligations as the obligations page lists them (overdue ones, then occurrences due within the horizon),
    # summed up by the schedule's rules rather than listed occurrence by occurrence; the evaluation reads the
    # same summaries (the horizon only adds the days due soon).
    overdue: dict[int, list[Overdue]] = defaultdict(list)
    soon: dict[int, list[DueSoon]] = defaultdict(list)
    summed = obligation_summaries(
        of_them(Obligation.objects.filter(region=region)),
        of_them(Fulfilment.objects.filter(region=region)),
        by_pk,
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
    )
    for o in summed:
        ref = refs[o.cooperation_id]
        if o.summary.overdue_count:
            overdue[o.cooperation_id].append(
                Overdue(ref, o.pk, o.text, o.summary.overdue_count, o.summary.overdue_since)
            )
        soon[o.cooperation_id] += [DueSoon(ref, o.pk, o.text, due) for due in o.summary.due_soon]
    # The balance counts every activity: those the evaluation knows today, and the others.
    later = _not_yet_known(of_them(Activity.objects.filter(region=region)), today=today)
    carrying = carried_ids(region=region, cooperations=cooperations, today=today)
    out = {}
    with language_bound():  # the labels and reasons of all of them in the language of the moment, read once
        for ev in evaluations:
            pk, facts = ev.cooperation.pk, ev.facts
            soonest = min((e.due for e in expiring[pk]), default=None)
            more = later.get(pk, {})
            out[pk] = CoopFigures(
                health=_health(ev, refs[pk], soonest, evaluation_of(ev.cooperation.ref)),
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
                inputs=scoring.verdict_inputs(ev),
            )
    return out


def region_dashboard(
    *, region: Region, today: dt.date | None = None, kept: Kept | None = None, shared=None
) -> RegionDashboard:
    """Everything the leadership dashboard shows, in a fixed number of queries.

    Each cooperation's own figures (its health, deadlines, obligations and activities: CoopFigures) are
    taken from `kept` while its data stamp and the region's thresholds are unchanged, and computed for the
    others only; the dashboard's `kept` holds the result for the next call. When the region's staff or
    portfolio moved the region-wide indicator (staff per cooperation), the kept verdicts are judged again
    with it (CoopFigures.judged_with), not computed. When `kept` is not for this basis (none, or the region's
    thresholds changed), `shared()` is asked for other figures (the workers' shared ones, store.py). The
    region's cooperations are read once and shared by everything; what is kept is plain rows (CoopRef,
    Expiring, …), not model instances.
    """
    from kembar.cooperations.selectors import IN_LIST_LIMIT, loi_followup_months
    from kembar.evaluation.selectors import region_states, regions_settings
    from kembar.monitoring.selectors import by_person

    today = today or timezone.localdate()
    coops = Cooperation.objects.filter(region=region)
    regions = regions_settings({region.pk})
    settings = regions.get(region.pk)
    months = loi_followup_months(region=region)
    # What every cooperation's figures also depend on, besides its own data: the day, the language, the
    # region's thresholds; and, for the verdicts only, the region-wide indicators (staff per cooperation).
    basis = (today, translation.get_language(), repr(settings.settings if settings else None), months)
    states = region_states(settings, framework=FRAMEWORK, as_of=today)
    if (kept is None or kept.basis != basis) and shared is not None:
        kept = shared()
    known = kept.figures if kept is not None and kept.basis == basis else {}
    rejudged = bool(known) and kept.states != states  # a cooperation added or ended, the staff changed
    # Every cooperation's stamp and person in charge (the workload), in the list's order; those whose figures
    # are not kept are read in full.
    listed = [Listed(*row) for row in coops.order_by("title", "pk").values_list(*Listed._fields)]
    stale = {c.pk for c in listed if known.get(c.pk, (None,))[0] != c.data_changed_at}
    missing = []
    if stale:
        again = coops.filter(pk__in=stale) if known and len(stale) <= IN_LIST_LIMIT else coops
        missing = [c for c in again.defer("extra", "legal_basis").order_by("title", "pk") if c.pk in stale]
    for c in missing:  # all of them the region's: no query to read it again
        Cooperation.region.field.set_cached_value(c, region)
    computed = cooperation_figures(
        region=region,
        cooperations=missing,
        today=today,
        regions=regions,
        whole=len(missing) == len(listed),
        loi_followup_months=months,
    )
    # A cooperation deleted between the two reads is left out (one added is not listed yet).
    figures = {
        c.pk: (c.data_changed_at, computed[c.pk]) if c.pk in computed else known[c.pk]
        for c in listed
        if c.pk in computed or c.pk not in stale
    }
    if rejudged:
        for pk, (stamp, f) in figures.items():
            if pk not in computed:
                figures[pk] = (stamp, f.judged_with(states))
    listed = [c for c in listed if c.pk in figures]
    rows = [figures[c.pk][1] for c in listed]  # in the list's order (title, pk)
    in_pk_order = [figures[pk][1] for pk in sorted(figures)]  # as the region-wide reads returned them
    expiring = sorted((e for f in in_pk_order for e in f.expiring), key=lambda e: (e.due, e.cooperation.title))
    overdue = sorted((o for f in in_pk_order for o in f.overdue), key=lambda o: (o.since, o.cooperation.title))
    due_soon = sorted((d for f in in_pk_order for d in f.due_soon), key=lambda d: (d.due, d.cooperation.title))
    years: dict[int, int] = defaultdict(int)
    for f in rows:
        for year, n in f.years:
            years[year] += n
    region_, partner, both, every = (
        (sum(column) for column in zip(*(f.benefit for f in rows), strict=True)) if rows else (0, 0, 0, 0)
    )
    people, unassigned = by_person([c for c in listed if figures[c.pk][1].carried])
    points, left_out = partner_points(coops)
    board = RegionDashboard(
        region=region,
        today=today,
        counts=cooperation_counts(coops),
        points=points,
        points_left_out=left_out,
        health=[f.health for f in rows],
        expiring=expiring,
        overdue=overdue,
        due_soon=due_soon,
        per_year=per_year(years, today=today),
        balance=Balance(region_, partner, both, every - region_ - partner - both),
        capacity=Workload(
            staff=settings.staff if settings else None,
            staff_as_of=settings.staff_as_of if settings else "",
            recorded_total=sum(f.carried for f in rows),
            people=[Load(p.name, p.load) for p in people],
            unassigned=len(unassigned),
        ),
    )
    board.kept = Kept(basis, figures, states)
    board.recomputed = len(computed)
    board.rejudged = len(figures) - len(computed) if rejudged else 0
    return board


# --- National -------------------------------------------------------------------------------


@dataclass
class RegionRow:
    region_id: int
    code: str
    name: str
    province_id: int
    province: str
    cooperations: int
    active: int
    dormant: int
    last_activity: dt.date | None = None
    reported: bool | None = None  # None: reports are not tracked (no GeneratedReport model)


@dataclass
class ProvinceRow:
    province_id: int
    name: str
    cooperations: int = 0
    active: int = 0
    dormant: int = 0
    regions: int = 0


@dataclass
class NationalDashboard:
    today: dt.date
    counts: Counts
    regions: list[RegionRow]
    provinces: list[ProvinceRow]
    points: list[Point]
    points_left_out: int
    report_year: int
    reports_tracked: bool
    no_activity_since: dt.date
    without_activity: list[RegionRow] = field(init=False)
    without_report: list[RegionRow] = field(init=False)

    def __post_init__(self):
        since = self.no_activity_since
        self.without_activity = [r for r in self.regions if r.last_activity is None or r.last_activity < since]
        self.without_report = [r for r in self.regions if r.reported is False]

    def share(self, status: str) -> float | None:
        return self.counts.status(status) / self.counts.total if self.counts.total else None

    @property
    def active_share(self) -> float | None:
        return self.share(Cooperation.Status.ACTIVE)

    @property
    def dormant_share(self) -> float | None:
        return self.share(Cooperation.Status.DORMANT)

    @property
    def top_countries(self) -> list[tuple[str, str, int]]:
        return self.counts.by_country[:10]


def _reported_regions(year: int) -> set[int] | None:
    """Regions with an annual report for `year` generated in Kembar, or None when reports are not tracked."""
    try:
        from kembar.reports.models import GeneratedReport
    except ImportError:
        return None
    names = {f.name for f in GeneratedReport._meta.get_fields()}
    if not {"region", "year"} <= names:
        return None
    qs = GeneratedReport.objects.filter(year=year)  # the default manager hides deleted reports
    if "status" in names:
        qs = qs.filter(status="done")  # queued, running or failed reports are not reports yet
    if "kind" in names:
        qs = qs.filter(kind__startswith="annual")
    return set(qs.values_list("region_id", flat=True).distinct())


def national_dashboard(*, today: dt.date | None = None) -> NationalDashboard:
    """All regions (an explicit national scope), in a fixed number of queries."""
    today = today or timezone.localdate()
    coops = Cooperation.objects.all()
    rows = (
        coops.values("region_id", "region__code", "region__name", "region__parent_id", "region__parent__name")
        .annotate(
            n=Count("pk"),
            active=Count("pk", filter=Q(status=Cooperation.Status.ACTIVE)),
            dormant=Count("pk", filter=Q(status=Cooperation.Status.DORMANT)),
        )
        .order_by("region__code")
    )
    # Each region's latest live activity: a walk down the (region, date) index that stops at the first,
    # instead of reading all 500,000 activities to group them.
    latest = (
        Activity.objects.filter(region=OuterRef("pk"), date_sort__lte=today, cooperation__deleted_at__isnull=True)
        .order_by("-date_sort")
        .values("date_sort")[:1]
    )
    last = dict(
        Region.objects.filter(pk__in=coops.values("region_id"))
        .annotate(last=Subquery(latest))
        .values_list("pk", "last")
        .order_by()
    )
    report_year = today.year - 1
    reported = _reported_regions(report_year)
    regions, provinces = [], {}
    for r in rows:
        province_id = r["region__parent_id"] or r["region_id"]
        province = r["region__parent__name"] or r["region__name"]
        row = RegionRow(
            region_id=r["region_id"],
            code=r["region__code"],
            name=r["region__name"],
            province_id=province_id,
            province=province,
            cooperations=r["n"],
            active=r["active"],
            dormant=r["dormant"],
            last_activity=last.get(r["region_id"]),
            reported=None if reported is None else r["region_id"] in reported,
        )
        regions.append(row)
        p = provinces.setdefault(province_id, ProvinceRow(province_id, province))
        p.cooperations += row.cooperations
        p.active += row.active
        p.dormant += row.dormant
        p.regions += 1
    points, left_out = partner_points(coops)
    return NationalDashboard(
        today=today,
        counts=cooperation_counts(coops),
        regions=regions,
        provinces=sorted(provinces.values(), key=lambda p: (-p.cooperations, p.name)),
        points=points,
        points_left_out=left_out,
        report_year=report_year,
        reports_tracked=reported is not None,
        no_activity_since=add_months(today, -NO_ACTIVITY_MONTHS),
    )
