"""Reads for the leadership dashboard (one region) and the national dashboard (every region).

Counts are aggregated in the database (grouped `values().annotate()`), so each page costs a fixed number
of queries whatever the portfolio's size. The region dashboard reuses the other apps' selectors for what
they own: evaluation (verdicts and dormancy), deadlines, obligations due and staff capacity; what it shows of
each cooperation is stored for the days it holds (figures.py) and summed up here.

Rules the pages state (and the tests pin):
- **Dormant** (region): the evaluation's dormancy state at today is *dormant* — a certain silence of
  at least the region's dormant threshold (24 months unless its profile says otherwise).
- **Statuses** (both): each cooperation's lifecycle status (kembar/evaluation/lifecycle.py: derived from its
  records today, a status recorded by hand winning), the one the list, the dossier, reports and exports show.
  The counts by status, "active" and the active and dormant shares are of it; the **dormant** list is the
  cooperations whose status is dormant.
- **At risk** (region): not dormant but quiet or approaching quiet, an obligation overdue, an agreement
  expiring within 90 days, more UNDP elements not met than met or partly met, or a recorded status the
  records contradict. Cooperations not signed yet, ended or expired are left out of both lists (as the
  dormancy alerts do).
- **No activity** (national): a region with cooperations in Kembar whose latest activity (by its
  earliest possible day, not after today) is more than 12 months ago, or that has none.
- **No annual report** (national): a region with cooperations for which no annual report for last year
  was generated in Kembar (kembar.reports' GeneratedReport, finished, of an "annual" kind, any format) —
  reports made outside Kembar are not seen.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db.models import Count, Min, OuterRef, Subquery
from django.utils import timezone

from kembar.cooperations.expiry import add_months
from kembar.cooperations.models import Activity, Cooperation
from kembar.evaluation import lifecycle as lc
from kembar.evaluation import reciprocity as recip
from kembar.partners.models import Country
from kembar.regions.models import Region

from .figures import DueSoon, Expiring, Health, Overdue, figures_today
from .map import Point

NO_ACTIVITY_MONTHS = 12
MAX_POINTS = 1000
YEARS_SHOWN = 15


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
        return self.status(lc.ACTIVE)

    @property
    def dormant(self) -> int:
        return self.status(lc.DORMANT)

    @property
    def country_counts(self) -> dict[str, int]:
        return {code: n for code, _name, n in self.by_country}


def _labelled(counter: dict, choices) -> list[tuple[str, str, int]]:
    return [(code, str(label), counter[code]) for code, label in choices if counter.get(code)]


def _country_names(codes) -> dict[str, str]:
    """Country names in the page's language (one query)."""
    return {c.code: c.name() for c in Country.objects.filter(code__in=list(codes))}


_COUNTED = ("pk", "type", "form", "partner__country_id")


def cooperation_counts(rows, codes: dict[int, str]) -> Counts:
    """Counts by type, form, lifecycle status (`codes`: each cooperation's status word, by pk) and partner
    country of the cooperations `rows` give as (pk, type, form, partner country) — `qs.values_list(*_COUNTED)` — (one
    query for the countries' names)."""
    by_type, by_form, by_status, by_country = defaultdict(int), defaultdict(int), defaultdict(int), defaultdict(int)
    for pk, type_, form, country in rows:
        by_type[type_] += 1
        by_form[form] += 1
        by_country[country] += 1
        by_status[codes.get(pk, lc.UNKNOWN)] += 1
    names = _country_names(by_country)
    countries = sorted(((c, names.get(c, c), n) for c, n in by_country.items()), key=lambda r: (-r[2], r[1]))
    return Counts(
        total=sum(by_type.values()),
        by_type=_labelled(by_type, Cooperation.Type.choices),
        by_form=_labelled(by_form, Cooperation.Form.choices),
        by_status=_labelled(by_status, lc.choices()),
        by_country=countries,
    )


#: Where partner_points reads a cooperation's partner: its country, place, key and name.
PARTNER_FIELDS = ("partner__country_id", "partner__latitude", "partner__longitude", "partner", "partner__name")


def partner_points(qs, *, limit: int = MAX_POINTS, fields=PARTNER_FIELDS) -> tuple[list[Point], int]:
    """Markers for the partners of the cooperations in `qs`, grouped by recorded place (one query).

    Partners with coordinates share a marker when they are at the same place; those without share their
    country's. The largest `limit` markers are returned, with how many were left out. `fields` name the
    partner's country, latitude, longitude, key and name in `qs` (the public directory's entries hold them).
    """
    points, left_out, _by_country = partner_markers(qs, limit=limit, fields=fields)
    return points, left_out


def partner_markers(qs, *, limit: int = MAX_POINTS, fields=PARTNER_FIELDS) -> tuple[list[Point], int, dict[str, int]]:
    """partner_points, and how many cooperations of `qs` each country has, summed from the same groups (one
    query for both)."""
    country, latitude, longitude, partner, name = fields
    rows = list(
        qs.values(country, latitude, longitude)
        .annotate(n=Count("pk"), partners=Count(partner, distinct=True), name=Min(name))
        .order_by("-n", country, latitude, longitude)
    )
    by_country: dict[str, int] = defaultdict(int)
    for r in rows:
        by_country[r[country]] += r["n"]
    points = [
        Point(
            country=r[country],
            latitude=r[latitude],
            longitude=r[longitude],
            cooperations=r["n"],
            partners=r["partners"],
            name=r["name"],
        )
        for r in rows[:limit]
    ]
    return points, max(len(rows) - limit, 0), dict(by_country)


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


# --- Region ---------------------------------------------------------------------------------


class Listed(NamedTuple):
    """What the region dashboard and its readers (the status, the evaluation, obligations, capacity, the counts)
    read of each of the region's cooperations: plain values, not model instances (the largest region has
    hundreds)."""

    pk: int
    region_id: int
    ref: str
    title: str
    status: str
    status_date: object  # DateSpec | None
    status_basis: str
    started: object  # DateSpec | None
    ends: object  # DateSpec | None
    as_of: object  # DateSpec | None
    rule_pack: str
    fields: list
    goals: str
    terms: dict
    person_in_charge: str
    type: str
    form: str
    country: str  # its partner's (alpha-2)


#: The columns of `Listed`, in its order (one query).
_LISTED = tuple("partner__country_id" if name == "country" else name for name in Listed._fields)


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


def region_dashboard(*, region: Region, today: dt.date | None = None) -> RegionDashboard:
    """Everything the leadership dashboard shows, in a fixed number of queries: each cooperation's figures
    from its stored facts and what depends on today (cooperation_figures), summed up for the region."""
    from kembar.cooperations.selectors import loi_followup_months
    from kembar.evaluation.selectors import regions_settings
    from kembar.monitoring.selectors import by_person

    today = today or timezone.localdate()
    coops = Cooperation.objects.filter(region=region)
    regions = regions_settings({region.pk})
    settings = regions.get(region.pk)
    listed = [Listed(*row) for row in coops.values_list(*_LISTED).order_by("title", "pk")]
    figures = figures_today(
        region=region,
        cooperations=listed,
        today=today,
        regions=regions,
        loi_followup_months=loi_followup_months(region=region),
    )
    listed = [c for c in listed if c.pk in figures]
    rows = [figures[c.pk] for c in listed]  # in the list's order (title, pk)
    in_pk_order = [figures[pk] for pk in sorted(figures)]  # as the region-wide reads returned them
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
    people, unassigned = by_person([c for c in listed if figures[c.pk].carried])
    points, left_out = partner_points(coops)
    codes = {c.pk: figures[c.pk].health.cooperation.lifecycle.code for c in listed}
    board = RegionDashboard(
        region=region,
        today=today,
        counts=cooperation_counts([(c.pk, c.type, c.form, c.country) for c in listed], codes),
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
        return self.share(lc.ACTIVE)

    @property
    def dormant_share(self) -> float | None:
        return self.share(lc.DORMANT)

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
    from kembar.evaluation.selectors import EXTRA_AT, lifecycle_codes_of

    today = today or timezone.localdate()
    coops = Cooperation.objects.all()
    # Every cooperation as plain values (5,000 nationally: no model instances), with its status today: as its
    # stored facts keep it for the days it holds, derived for the few whose window does not hold today.
    rows, codes = lifecycle_codes_of(coops, *_COUNTED[1:], today=today)
    width = EXTRA_AT
    per_region: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0])  # cooperations, active, dormant
    for r in rows:
        counted = per_region[r[1]]
        code = codes[r[0]]
        counted[0] += 1
        counted[1] += code == lc.ACTIVE
        counted[2] += code == lc.DORMANT
    # Each region's latest live activity: a walk down the (region, date) index that stops at the first,
    # instead of reading all 500,000 activities to group them.
    latest = (
        Activity.objects.filter(region=OuterRef("pk"), date_sort__lte=today, cooperation__deleted_at__isnull=True)
        .order_by("-date_sort")
        .values("date_sort")[:1]
    )
    places = (
        Region.objects.filter(pk__in=list(per_region))
        .annotate(last=Subquery(latest))
        .values_list("pk", "code", "name", "parent_id", "parent__name", "last")
        .order_by("code")
    )
    report_year = today.year - 1
    reported = _reported_regions(report_year)
    regions, provinces = [], {}
    for region_id, code, name, parent_id, parent_name, last in places:
        n, active, dormant = per_region[region_id]
        province_id = parent_id or region_id
        province = parent_name or name
        row = RegionRow(
            region_id=region_id,
            code=code,
            name=name,
            province_id=province_id,
            province=province,
            cooperations=n,
            active=active,
            dormant=dormant,
            last_activity=last,
            reported=None if reported is None else region_id in reported,
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
        counts=cooperation_counts([(r[0], *r[width:]) for r in rows], codes),
        regions=regions,
        provinces=sorted(provinces.values(), key=lambda p: (-p.cooperations, p.name)),
        points=points,
        points_left_out=left_out,
        report_year=report_year,
        reports_tracked=reported is not None,
        no_activity_since=add_months(today, -NO_ACTIVITY_MONTHS),
    )
