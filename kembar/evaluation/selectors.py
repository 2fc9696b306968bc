"""Reads for evaluation: the facts of one or many cooperations at an as-of date, gathered in a fixed
number of queries however many cooperations there are (counts and sums are aggregated in the database,
grouped by cooperation), then scored by the pure rules in scoring.py and dormancy.py.

Judged at a date: activities whose earliest possible day is after `as_of`, documents and events
dated after it, and obligation occurrences due after it are not known then and are left out.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import NamedTuple

from django.db.models import (
    Aggregate,
    BooleanField,
    Case,
    CharField,
    Count,
    ExpressionWrapper,
    F,
    JSONField,
    Max,
    Min,
    OuterRef,
    Q,
    Subquery,
    Sum,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Concat
from django.utils import timezone

from kembar.cooperations import facts as stored_facts
from kembar.cooperations.facts import AGREEMENT_KINDS, EXCHANGE_DOC_KINDS, EXCHANGE_EVENT_KINDS, PREDICATES
from kembar.cooperations.models import Activity, Cooperation, Document, Event, Obligation
from kembar.cooperations.selectors import IN_LIST_LIMIT  # more cooperations are read through a sub-select
from kembar.regions.models import Region, RegionProfile

from . import dormancy as dm
from . import lifecycle as lc
from . import metrics
from .scoring import AgreementFact, Evaluation, Facts, Item, ObligationFact, Settings, evaluate

log = logging.getLogger(__name__)

#: Cooperations that count in a bureau's portfolio when the profile reports none.
LIVE_STATUSES = ("active", "dormant", "in_preparation", "unknown")


def _activity_fields() -> set[str]:
    return {f.name for f in Activity._meta.get_fields()}


def _raw(name: str):
    """A DateSpec column as its stored text (no per-row conversion; dormancy.OrdinalCache parses)."""
    return ExpressionWrapper(F(name), output_field=CharField())


class _Joined(Aggregate):
    """The group's texts joined by commas, in no particular order: GROUP_CONCAT on SQLite, STRING_AGG on
    PostgreSQL."""

    function = "GROUP_CONCAT"
    output_field = TextField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(
            compiler,
            connection,
            function="STRING_AGG",
            template="%(function)s(%(distinct)s%(expressions)s, ',')",
            **extra_context,
        )


#: An activity's date text, and its end's after ">" when it has one: canonical DateSpec text has neither
#: "," nor ">", so a cooperation's activities travel as one text (see gather_facts).
_DATE_AND_END = Case(
    When(end="", then=_raw("date")),
    default=Concat(_raw("date"), Value(">"), _raw("end"), output_field=CharField()),
    output_field=CharField(),
)


def _span_resolver(as_of: dt.date):
    """The span of a `_DATE_AND_END` text as the dormancy core takes it: (earliest ordinal, latest ordinal,
    None), an open start read as the dawn of time and an open end as `as_of`; () undated.
    (dormancy.OrdinalCache.span's reading of a date and its end, with its open bounds resolved.) With it, the
    year the text's date sorts in (None undated)."""
    end = as_of.toordinal()
    cache = dm.OrdinalCache()

    def span_of(text: str) -> tuple[tuple, int | None]:
        if len(text) == 10 and text[4] == "-" and text[7] == "-":  # one day, no end (most of them)
            try:
                day = dt.date.fromisoformat(text).toordinal()
            except ValueError:
                pass  # the full reading below says what is wrong with it
            else:
                return (day, day, None), int(text[:4])
        date, _sep, end_text = text.partition(">")
        raw = cache.span(date, end_text)
        if raw is None:
            return (), None
        return (1 if raw[0] is None else raw[0], end if raw[1] is None else raw[1], None), cache.year(date)

    return span_of


def _before(as_of: dt.date) -> str:
    # DateSpec text sorts by its earliest day ("2011" < "2011-05" < "2011-05-02/.."), so "earliest ≤ as_of"
    # is "text < the next day".
    return (as_of + dt.timedelta(days=1)).isoformat()


@dataclass
class RegionSettings:
    settings: Settings
    staff: int | None
    staff_as_of: str
    portfolio: int | None
    portfolio_basis: str

    def onto(self, facts: Facts) -> Facts:
        """The region's own facts (staff, portfolio) set on a cooperation's facts."""
        facts.staff, facts.staff_as_of, facts.portfolio = self.staff, self.staff_as_of, self.portfolio
        facts.portfolio_basis = self.portfolio_basis
        return facts


def region_settings(*, region: Region) -> Settings:
    """The region's quiet and dormant thresholds (its profile's, or the defaults)."""
    row = RegionProfile.objects.filter(region=region).values("quiet_months", "dormant_months").first()
    return Settings(**row) if row else Settings()


def regions_settings(region_ids: set[int]) -> dict[int, RegionSettings]:
    """Each region's thresholds, staff and portfolio, in one query (the profile is optional)."""
    profile = RegionProfile.objects.filter(region_id=OuterRef("pk"))

    def of_profile(name, field=None):
        return Subquery(profile.values(name)[:1], output_field=field) if field else Subquery(profile.values(name)[:1])

    recorded = (
        Cooperation.objects.filter(region_id=OuterRef("pk"), status__in=LIVE_STATUSES)
        .order_by()
        .values("region_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    rows = (
        Region.objects.filter(pk__in=region_ids)
        .values("pk")
        .annotate(
            has_profile=of_profile("pk"),
            staff=of_profile("bureau_staff"),
            staff_as_of=of_profile("bureau_as_of"),
            counts=of_profile("portfolio_counts", JSONField()),
            quiet=of_profile("quiet_months"),
            dormant=of_profile("dormant_months"),
            recorded=Subquery(recorded),
        )
    )
    out = {}
    for p in rows:
        counts = p["counts"] or {}
        reported = sum(v for v in counts.values() if isinstance(v, int)) if isinstance(counts, dict) else 0
        out[p["pk"]] = RegionSettings(
            settings=Settings(p["quiet"], p["dormant"]) if p["has_profile"] else Settings(),
            staff=p["staff"],
            staff_as_of=p["staff_as_of"] or "",
            portfolio=reported or p["recorded"],
            portfolio_basis="reported" if reported else "recorded",
        )
    return out


def _obligation_facts(
    coop_ids, as_of: dt.date, coops: dict[int, Cooperation], summed=None, *, stored: bool = True, kept=None
) -> dict[int, list[ObligationFact]]:
    """Obligations and their overdue occurrences, by the monitoring schedule rules: summed up at `as_of` from
    the obligations the cooperations' stored facts keep (one query, none when the caller has read them: `kept`;
    they hold at any date), from their records for those without a row of the current format or with `stored`
    False (two more). None when the caller has `summed` them already at `as_of`
    (monitoring.selectors.summaries_from_facts, obligation_summaries)."""
    from kembar.monitoring.facts import NAME
    from kembar.monitoring.models import Fulfilment
    from kembar.monitoring.selectors import obligation_summaries, summaries_from_facts

    if summed is None:
        if not stored:
            kept = {}
        elif kept is None:
            kept = {cid: part for cid, (part,) in stored_facts.parts((NAME,), scope=coop_ids).items()}
        summed = summaries_from_facts(kept, coops, as_of=as_of)
        rest = {cid: c for cid, c in coops.items() if cid not in kept}
        if rest:
            scope = list(rest) if len(rest) <= IN_LIST_LIMIT else coop_ids
            summed += obligation_summaries(
                Obligation.objects.filter(cooperation_id__in=scope),
                Fulfilment.objects.filter(obligation__cooperation_id__in=scope),
                rest,
                as_of=as_of,
            )
    out: dict[int, list[ObligationFact]] = defaultdict(list)
    for o in summed:
        if o.cooperation_id not in coops:
            continue
        s = o.summary
        if o.begins is not None and o.begins > as_of:
            continue  # not yet in force at as_of
        fact = ObligationFact(
            id=o.pk,
            kind=o.kind,
            text=o.text,
            starts=o.starts,
            status="no_due_date" if s.problem else ("overdue" if s.overdue_count else "ok"),
            overdue_since=s.overdue_since,
            overdue_count=s.overdue_count,
            months_overdue=dm.months_between(s.overdue_since, as_of) if s.overdue_since else 0,
            next_due=s.next_due,
            basis=s.basis,
        )
        out[o.cooperation_id].append(fact)
    return out


def gather_facts(
    cooperations: list[Cooperation],
    *,
    as_of: dt.date,
    detail: bool = False,
    regions: dict | None = None,
    years: bool = False,
    obligations: list | None = None,
    stored: bool = True,
    rows: dict | None = None,
) -> dict[int, Facts]:
    """Facts of each cooperation at `as_of` (see the module docstring) in a fixed number of queries: from its
    stored facts (kembar/cooperations/facts.py) when they hold at `as_of`, else (or with `stored` False)
    from its records. `rows`: their stored rows as the caller read them (facts.rows; one query fewer).

    With `detail`, each fact names the activities behind it (ids, titles, dates): one more query. With
    `years` (or `detail`), each counts its activities by year (`Facts.years`; the scores do not use it).
    `obligations`: their obligations already summed up at `as_of` (two queries fewer).
    """
    coops = {c.pk: c for c in cooperations}
    ids = list(coops)
    facts = {
        c.pk: Facts(as_of=as_of, fields=c.fields or (), goals=c.goals or "", terms=dict(c.terms or {}))
        for c in cooperations
    }
    if not ids:
        return facts
    # With many cooperations, a sub-select keeps the IN list out of the SQL (and under SQLite's limits). It
    # may also meet a cooperation created since they were listed: its rows are left out below.
    in_scope = ids if len(ids) <= IN_LIST_LIMIT else _scope_subquery(cooperations)
    regions = regions if regions is not None else regions_settings({c.region_id for c in cooperations})
    for c in cooperations:
        regions[c.region_id].onto(facts[c.pk])
    # The stored facts of those whose records all began by as_of; the others' are read from their records.
    done: set[int] = set()
    kept = None  # the obligations their stored rows keep, read with them when not given
    if stored and not detail:
        from kembar.monitoring.facts import NAME

        # Their obligations come with them when not summed up already (they hold at any date): one query.
        wanted = NAME if obligations is None else None
        if rows is not None:
            held = (
                (cid, row.horizon, row.data, row.parts.get(wanted) if wanted and row.current else None)
                for cid, row in rows.items()
            )
        else:
            held = stored_facts.with_part(wanted, scope=in_scope)
        # One pass, each row's JSON dropped as soon as its facts are taken from it: tens of thousands of lists
        # and dicts nationally, freed young rather than kept alive (and collected) until all are read.
        kept = {} if wanted else None
        for cid, horizon, data, part in held:
            if part is not None:
                kept[cid] = part
            if cid in facts and (horizon is None or horizon <= as_of):
                _from_row(facts[cid], data, regions[coops[cid].region_id].settings, years=years)
                done.add(cid)
    rest = [c for c in cooperations if c.pk not in done]
    if rest:
        # Read through the whole scope when the rest is many (an IN list stays under SQLite's limits); only
        # the rest's facts are filled.
        scope = [c.pk for c in rest] if done and len(rest) <= IN_LIST_LIMIT else in_scope
        rest_facts = {c.pk: facts[c.pk] for c in rest}
        _from_records(rest, rest_facts, scope, as_of=as_of, detail=detail, regions=regions, years=years)
    for cid, facts_of in _obligation_facts(in_scope, as_of, coops, obligations, stored=stored, kept=kept).items():
        facts[cid].obligations = facts_of
    return facts


def _from_row(f: Facts, data: dict, settings: Settings, *, years: bool) -> None:
    """A cooperation's facts at f.as_of from its stored facts: only the silence running at that day and the
    verdicts on it are worked out here."""
    c, n = data["counts"], data["activities"]
    f.activities = n
    f.benefit = {side: c[f"benefit_{side}"] for side in stored_facts.SIDES}
    f.benefit["unknown"] = n - sum(f.benefit.values())
    f.initiated = {side: c[f"init_{side}"] for side in stored_facts.SIDES}
    f.initiated["unknown"] = n - sum(f.initiated.values())
    f.aid_received, f.aid_given = c["aid_received"], c["aid_given"]
    f.planning_yes, f.planning_no = c["planning_yes"], c["planning_no"]
    f.nongov, f.outcome_direct, f.outcome_any = c["nongov"], c["outcome_direct"], c["outcome_any"]
    f.budget = stored_facts.budget_of(data["budget"])
    f.exchanges = data["exchanges"]
    f.agreements = [AgreementFact(*a) for a in data["agreements"]]
    if years:
        f.years = {int(year): k for year, k in data["years"].items()}
    f.start = dt.date.fromordinal(data["start"]) if data["start"] else None
    f.dormancy = dm.judge(
        stored_facts.coverage_of(data["coverage"]),
        as_of=f.as_of,
        quiet_months=settings.quiet_months,
        dormant_months=settings.dormant_months,
    )
    if f.start is None and f.dormancy.start is not None:
        f.start = f.dormancy.start


def _from_records(cooperations, facts: dict[int, Facts], in_scope, *, as_of, detail, regions, years) -> None:
    """The cooperations' facts at `as_of` read from their records (activities, events, documents): `in_scope`
    is their ids or a query of them."""
    coops = {c.pk: c for c in cooperations}

    acts = Activity.objects.filter(cooperation_id__in=in_scope, date_sort__lte=as_of)
    # One aggregate per cooperation: a count of each predicate, and budget sums with the currency they are
    # in. Cooperations whose budgets mix currencies (rare) get one more query, grouped by currency.
    fields = _activity_fields()
    has_budget = {"budget_region", "budget_partner"} <= fields
    has_currency = has_budget and "currency" in fields
    aggregates = {"n": Count("pk")} | {name: Count("pk", filter=q) for name, q in PREDICATES.items()}
    budgeted = Q(budget_region__isnull=False) | Q(budget_partner__isnull=False)
    if has_budget:
        aggregates |= {"budget_r": Sum("budget_region"), "budget_p": Sum("budget_partner")}
    if has_currency:
        aggregates |= {"cur_min": Min("currency", filter=budgeted), "cur_max": Max("currency", filter=budgeted)}
    # Dormancy needs each activity's span. Without detail the silent periods need not name their
    # activities, so the spans ride along with the counts: each cooperation's date texts joined into one
    # (no row per activity to read: hundreds of thousands of them nationally). With detail, one more query
    # reads the activities themselves (below).
    spans: dict[int, list] = {}
    if not detail:
        aggregates["dates"] = _Joined(_DATE_AND_END)
        # Spans are stored with open bounds already resolved (no earliest: the dawn of time; no latest:
        # as_of), so the dormancy core sorts plain tuples; each distinct text is parsed once.
        known: dict[str, tuple] = {}
        year_of: dict[str, int | None] = {}
        span_of = _span_resolver(as_of)
    mixed = []
    for row in acts.values("cooperation_id").annotate(**aggregates).order_by():
        f = facts.get(row["cooperation_id"])
        if f is None:
            continue
        if not detail and row["dates"]:
            texts = row["dates"].split(",")
            found = list(map(known.get, texts))
            if None in found:  # texts not seen before: parse them
                for i, span in enumerate(found):
                    if span is None:
                        text = texts[i]
                        if text not in known:
                            known[text], year_of[text] = span_of(text)
                        found[i] = known[text]
            if () in found:  # undated (not read: the date filter leaves them out)
                found = [span for span in found if span]
            spans[row["cooperation_id"]] = found
            if years:
                for text, n in Counter(texts).items():
                    if (year := year_of[text]) is not None:
                        f.years[year] = f.years.get(year, 0) + n
        f.activities = row["n"]
        f.benefit = {side: row[f"benefit_{side}"] for side in ("region", "partner", "both")}
        f.benefit["unknown"] = f.activities - sum(f.benefit.values())
        f.initiated = {side: row[f"init_{side}"] for side in ("region", "partner", "both")}
        f.initiated["unknown"] = f.activities - sum(f.initiated.values())
        f.aid_received, f.aid_given = row["aid_received"], row["aid_given"]
        f.planning_yes, f.planning_no = row["planning_yes"], row["planning_no"]
        f.nongov, f.outcome_direct, f.outcome_any = row["nongov"], row["outcome_direct"], row["outcome_any"]
        if not has_budget or (row["budget_r"] is None and row["budget_p"] is None):
            continue
        if has_currency and row["cur_min"] != row["cur_max"]:
            mixed.append(row["cooperation_id"])
            continue
        f.budget = {(row.get("cur_min") or ""): {"region": row["budget_r"] or 0, "partner": row["budget_p"] or 0}}
    if mixed:
        per_currency = (
            acts.filter(budgeted, cooperation_id__in=mixed)
            .values("cooperation_id", "currency")
            .annotate(r=Sum("budget_region"), p=Sum("budget_partner"))
            .order_by()
        )
        for row in per_currency:
            facts[row["cooperation_id"]].budget[row["currency"] or ""] = {
                "region": row["r"] or 0,
                "partner": row["p"] or 0,
            }

    # Start: the cooperation's own, else its first signing (a signing event or a signed agreement), each
    # read at its latest possible day (the silence is certain only after it).
    signed: dict[int, dt.date] = {}

    def signed_on(cid: int, day: dt.date | None) -> None:
        if day and (cid not in signed or day < signed[cid]):
            signed[cid] = day

    # Signings and letters in one grouped query; a signing counts from its latest possible day.
    events = (
        Event.objects.filter(
            cooperation_id__in=in_scope, date_sort__lte=as_of, kind__in=("signing", *EXCHANGE_EVENT_KINDS)
        )
        .values("cooperation_id", "kind")
        .annotate(n=Count("pk"), first=Min("date"))
        .order_by()
    )
    for row in events:
        if row["cooperation_id"] not in facts:
            continue
        if row["kind"] == "signing":
            signed_on(row["cooperation_id"], row["first"].latest() if row["first"] else None)
        else:
            facts[row["cooperation_id"]].exchanges += row["n"]
    docs = Document.objects.filter(cooperation_id__in=in_scope, date__lt=_before(as_of)).exclude(date="")
    for row in (
        docs.filter(kind__in=AGREEMENT_KINDS)
        .order_by("position", "pk")
        .values("pk", "cooperation_id", "kind", "title", "date", "signatories")
    ):
        if row["cooperation_id"] not in facts:
            continue
        facts[row["cooperation_id"]].agreements.append(
            AgreementFact(row["pk"], row["kind"], row["title"], str(row["date"]), len(row["signatories"] or []))
        )
        signed_on(row["cooperation_id"], row["date"].latest())
    starts = {c.pk: (c.started.latest() if c.started else None) or signed.get(c.pk) for c in cooperations}
    for cid, n in (
        docs.filter(kind__in=EXCHANGE_DOC_KINDS).values_list("cooperation_id").annotate(n=Count("pk")).order_by()
    ):
        if cid in facts:
            facts[cid].exchanges += n
    if detail:
        # Each activity: its span (named, for the silent periods), its place on the timeline, and the
        # predicates it matches (the evidence behind each indicator).
        for f in facts.values():
            f.timeline = []
        cache = dm.OrdinalCache()
        flags = {f"is_{name}": ExpressionWrapper(q, output_field=BooleanField()) for name, q in PREDICATES.items()}
        columns = ["pk", "cooperation_id", "d", "e", "title", *flags]
        for row in acts.annotate(d=_raw("date"), e=_raw("end"), **flags).values_list(*columns):
            f = facts.get(row[1])
            if f is None:
                continue
            span = cache.span(row[2], row[3])
            if span is not None:
                spans.setdefault(row[1], []).append((span[0], span[1], row[0]))
                if (year := cache.year(row[2])) is not None:
                    f.years[year] = f.years.get(year, 0) + 1
            f.timeline.append((row[2], row[3], row[4], row[0]))
            item = Item("activity", row[0], row[4], row[2] or "")
            for i, name in enumerate(PREDICATES):
                if row[5 + i]:
                    f.evidence.setdefault(name, []).append(item)
    for cid, c in coops.items():
        f, s = facts[cid], regions[c.region_id].settings
        start = starts.get(cid)
        f.start = start
        f.dormancy = dm.analyse_ordinals(
            spans.get(cid, ()),
            start=start.toordinal() if start else None,
            as_of=as_of,
            quiet_months=s.quiet_months,
            dormant_months=s.dormant_months,
        )
        if f.start is None and f.dormancy.start is not None:
            f.start = f.dormancy.start


def _scope_subquery(cooperations: list[Cooperation]):
    """The cooperations as a sub-select when they are a whole region's (or the nation's) live set."""
    region_ids = {c.region_id for c in cooperations}
    qs = Cooperation.objects.filter(region_id__in=region_ids)
    if qs.count() == len(cooperations):
        return qs.values("pk")
    return [c.pk for c in cooperations]


# --- Evaluations --------------------------------------------------------------------------


#: What the evaluation reads of a cooperation, and what its readers read of `Evaluation.cooperation` (the region,
#: reference, title and recorded status): the other columns, dates and JSON among them, are not loaded (half the
#: cost of reading a nation's cooperations).
SCOPE_FIELDS = ("region", "ref", "title", "status", "fields", "goals", "terms", "started", "as_of")


def cooperation_scope(*, region: Region | None, refs=None, cooperation: Cooperation | None = None) -> list[Cooperation]:
    if cooperation is not None:
        return [cooperation]
    qs = Cooperation.objects.only(*SCOPE_FIELDS).order_by("region__code", "ref")
    if region is not None:
        qs = qs.filter(region=region)
    else:
        # Each region read once and shared by its cooperations (a join would build one per cooperation).
        qs = qs.prefetch_related("region")
    if refs:
        qs = qs.filter(ref__in=refs)
    coops = list(qs)
    if region is not None:
        for c in coops:  # all of them the region's: no query to read it again
            Cooperation.region.field.set_cached_value(c, region)
    return coops


def case_as_of(cooperation: Cooperation) -> dt.date | None:
    """The day a case file's facts were observed (its `as_of`), at its latest possible day."""
    return cooperation.as_of.latest() if cooperation.as_of else None


def evaluate_many(
    *,
    region: Region | None = None,
    as_of: dt.date | str | None = None,
    framework: str = "undp",
    cooperations: list[Cooperation] | None = None,
    detail: bool = False,
    regions: dict[int, RegionSettings] | None = None,
    years: bool = False,
    obligations: list | None = None,
    rows: dict | None = None,
) -> list[Evaluation]:
    """Evaluate every live cooperation of the region (or of all regions: an explicit national scope).

    `as_of` is a date, None (today), or "case": each cooperation at its case file's `as_of` (today when
    it has none) — cooperations sharing a date are gathered together, so the query count stays fixed
    per distinct date. `regions` (regions_settings of their regions) saves reading them again; `years`
    counts each one's activities by year (gather_facts); `obligations` are theirs already summed up at the one
    date `as_of` (monitoring.selectors.obligation_summaries), saving two queries; `rows` are their stored rows
    already read (cooperations.facts.rows), saving one more.
    """
    coops = cooperations if cooperations is not None else cooperation_scope(region=region)
    today = timezone.localdate()
    groups: dict[dt.date, list[Cooperation]] = defaultdict(list)
    for c in coops:
        day = (case_as_of(c) or today) if as_of == "case" else (as_of or today)
        groups[day].append(c)
    if regions is None:
        regions = regions_settings({c.region_id for c in coops}) if coops else {}
    if obligations is not None and (as_of == "case" or len(groups) > 1):
        raise ValueError("obligations summed up at one date serve one date only")
    results: dict[int, Evaluation] = {}
    for day, members in groups.items():
        facts = gather_facts(
            members, as_of=day, detail=detail, regions=regions, years=years, obligations=obligations, rows=rows
        )
        with metrics.language_bound():  # the active language, read once for all of them
            for c in members:
                results[c.pk] = evaluate(facts[c.pk], framework, regions[c.region_id].settings)
                results[c.pk].cooperation = c
    return [results[c.pk] for c in coops]


def evaluation_get(
    *, region: Region, cooperation: Cooperation, as_of: dt.date | None = None, framework: str = "undp", detail=True
) -> Evaluation:
    """One cooperation's evaluation, with the facts behind each indicator (a fixed number of queries)."""
    if cooperation.region_id != region.pk:
        raise Cooperation.DoesNotExist
    return evaluate_many(region=region, as_of=as_of, framework=framework, cooperations=[cooperation], detail=detail)[0]


def dormancy_alerts(*, region, as_of: dt.date, cooperations=None) -> list[dict]:
    """Cooperations of the region (or of these, ids or objects) that are quiet or dormant at `as_of`, or about to be.

    Each dict: {"cooperation": Cooperation, "level": "approaching" | "quiet" | "dormant",
    "since": date (last certain activity end), "months": int (certain silent months)}.

    Levels (dormancy.py): the certain silence running at `as_of` is *dormant* at the region's
    dormant threshold, *quiet* at its quiet threshold, and *approaching* when it is within
    `dormancy.APPROACHING_MONTHS` (2) months of the quiet threshold. Only cooperations whose lifecycle status
    is watched raise one (signed, not ended or expired, by the status shown and by the records alike:
    lifecycle.Lifecycle.watched); those with no start and no dated activity raise none.
    """
    qs = Cooperation.objects.filter(region=region)
    if cooperations is not None:
        qs = qs.filter(pk__in=[getattr(c, "pk", c) for c in cooperations])
    coops = list(qs.select_related("partner").order_by("title", "pk"))
    states = lifecycle_many(coops, today=as_of)
    coops = [c for c in coops if states[c.pk].watched]
    facts = gather_facts(coops, as_of=as_of, obligations=[])
    out = []
    for c in coops:
        d = facts[c.pk].dormancy
        if d is None or not d.state or d.last_covered is None:
            continue
        out.append({"cooperation": c, "level": d.state, "since": d.last_covered, "months": d.silent_months})
    order = {dm.DORMANT: 0, dm.QUIET: 1, dm.APPROACHING: 2}
    out.sort(key=lambda a: (order[a["level"]], -a["months"]))
    return out


# --- Lifecycle status ------------------------------------------------------------------------


def _thresholds(region_ids) -> dict[int, tuple[int, int]]:
    """Each region's quiet and dormant thresholds, where its profile sets them (one query)."""
    rows = RegionProfile.objects.filter(region_id__in=set(region_ids)).values_list(
        "region_id", "quiet_months", "dormant_months"
    )
    return {rid: (quiet, dormant) for rid, quiet, dormant in rows}


def _profile(name: str):
    return Subquery(RegionProfile.objects.filter(region_id=OuterRef("region_id")).values(name)[:1])


class StatusRow(NamedTuple):
    """What the lifecycle status reads of a cooperation itself, without loading it (status_rows)."""

    pk: int
    region_id: int
    status: str
    status_date: object  # DateSpec | None
    status_basis: str
    ends: object  # DateSpec | None
    rule_pack: str
    started: object  # DateSpec | None


def status_rows(qs) -> list[StatusRow]:
    """The cooperations of `qs` as lifecycle_many reads them (one query, no model instances)."""
    return [StatusRow(*row) for row in qs.values_list(*StatusRow._fields).order_by()]


#: What the lifecycle status reads of a cooperation's stored facts (cooperations/facts.py).
_LIFECYCLE_DATA = ("signing", "running", "exchanges", "activities", "documents", "procedure")
_LIFECYCLE_PARTS = ()


def lifecycle_annotations() -> dict:
    """Annotations for a query of cooperations that carry what lifecycle_many reads of each (its stored facts,
    its region's thresholds) in that query: a list of cooperations then costs no query of its own for them."""
    return stored_facts.keys_annotations(_LIFECYCLE_DATA, _LIFECYCLE_PARTS) | {
        "_lc_quiet": _profile("quiet_months"),
        "_lc_dormant": _profile("dormant_months"),
    }


def _kept(horizon, signing, running, exchanges, activities, documents, procedure) -> dict:
    return {
        "horizon": horizon.toordinal() if horizon else None,
        "signing": signing,
        "running": running,
        "exchanges": exchanges or 0,
        "activities": activities or 0,
        "documents": documents,
        "procedure": procedure,
    }


def _kept_in(row) -> dict | None:
    """What the status reads of a stored row (cooperations.facts.Row) already read, None without a row of this
    format."""
    got = row.keys(_LIFECYCLE_DATA, _LIFECYCLE_PARTS) if row is not None else None
    return _kept(*got) if got is not None else None


def _statuses(coops: dict, found: dict[int, dict], limits: dict) -> dict:
    """Each of `coops`' _Status (by pk): from its stored facts in `found` (none: an empty reading), its region's
    (quiet, dormant) in `limits` and its rule pack's stage records (one query when a pack is named)."""
    from kembar.procedure.selectors import positions

    places = positions(
        {cid: f.get("procedure") for cid, f in found.items()}, {cid: c.rule_pack for cid, c in coops.items()}
    )
    return {cid: _Status(c, found.get(cid) or {}, limits.get(c.region_id), places.get(cid)) for cid, c in coops.items()}


def lifecycle_many(
    cooperations, *, today: dt.date | None = None, rows: dict | None = None, thresholds: dict | None = None
) -> dict:
    """Each cooperation's lifecycle status on `today` (lifecycle.derive), by pk: from its stored facts (its first
    signing, its LoIs, MoUs and PKSs, the coverage of its activities, its stage records), its region's quiet and
    dormant thresholds and its own recorded status, start and end. `cooperations` are Cooperation instances or
    any rows with the fields of StatusRow.

    One query for the facts with the thresholds (none for cooperations read with `lifecycle_annotations`, or
    whose stored `rows` the caller has read: cooperations.facts.rows, with their regions' `thresholds`, (quiet,
    dormant) by region), one for the rule packs when one is named; a cooperation without stored facts of this
    format is read from its records, and one whose records reach past today has its silence judged from the
    records known today (the evaluation's reading): a few more queries, the same number for one or many."""

    today = today or timezone.localdate()
    coops = {c.pk: c for c in cooperations}
    if not coops:
        return {}
    found: dict[int, dict] = {}
    limits: dict[int, tuple] = dict(thresholds or {})
    unread = []
    given = set()  # read by the caller (`rows`): their regions' thresholds too, unless given
    for cid, c in coops.items():
        if rows is not None:
            given.add(c.region_id)
            if (f := _kept_in(rows.get(cid))) is not None:
                found[cid] = f
            continue
        if not hasattr(c, "_facts_data"):
            unread.append(cid)
            continue
        if c._lc_quiet is not None:
            limits[c.region_id] = (c._lc_quiet, c._lc_dormant)
        got = stored_facts.annotated(c, _LIFECYCLE_DATA, _LIFECYCLE_PARTS)
        if got is not None:
            found[cid] = _kept(*got)
    if unread:
        scope = unread if len(unread) <= IN_LIST_LIMIT else _scope_subquery([coops[cid] for cid in unread])
        profile = {"_quiet": _profile("quiet_months"), "_dormant": _profile("dormant_months")}
        read = stored_facts.read(_LIFECYCLE_DATA, _LIFECYCLE_PARTS, scope=scope, extra=profile)
        for cid, (*values, quiet, dormant) in read.items():
            if cid in coops:
                found[cid] = _kept(*values)
                if quiet is not None:
                    limits[coops[cid].region_id] = (quiet, dormant)
    missing = [cid for cid in coops if cid not in found]
    if missing:
        for i in range(0, len(missing), IN_LIST_LIMIT):
            found |= stored_facts.compute(missing[i : i + IN_LIST_LIMIT])
    unknown = ({coops[cid].region_id for cid in missing} | given) - set(limits)
    if unknown:
        limits |= _thresholds(unknown)
    # Facts that hold only from a day after today (an activity planned ahead): the silence is judged from the
    # records known today, as the evaluation does.
    later = [cid for cid, f in found.items() if f["horizon"] and f["horizon"] > today.toordinal()]
    judged_later = {}
    if later:
        # The records are read whole here: rows of StatusRow's fields (the dashboards') are not enough.
        records = [coops[cid] for cid in later if isinstance(coops[cid], Cooperation)]
        if len(records) < len(later):
            records = list(Cooperation._base_manager.filter(pk__in=later))
        gathered = gather_facts(records, as_of=today, stored=False, obligations=[])
        judged_later = {cid: f.dormancy for cid, f in gathered.items()}
    statuses = _statuses(coops, found, limits)
    return {cid: status.at(today, dormancy=judged_later.get(cid, _UNSET)) for cid, status in statuses.items()}


_UNSET = object()


class _Status:
    """One cooperation's status on any day from the same inputs (lifecycle_many; status_windows)."""

    __slots__ = ("c", "f", "quiet", "dormant", "place", "signed", "start", "running")

    def __init__(self, c, f: dict, limits: tuple | None, place):
        self.c, self.f, self.place = c, f, place
        self.quiet, self.dormant = limits or (dm.QUIET_MONTHS, dm.DORMANT_MONTHS)
        self.signed = dt.date.fromordinal(f["signing"]) if f.get("signing") else None
        self.start = (c.started.latest() if c.started else None) or self.signed or (place.signed_on if place else None)
        self.running = stored_facts.running_of(f.get("running"))

    def dormancy(self, day: dt.date):
        return lc.judged(self.running, start=self.start, today=day, quiet=self.quiet, dormant=self.dormant)

    def at(self, today: dt.date, *, dormancy=_UNSET) -> lc.Lifecycle:
        c, f, place = self.c, self.f, self.place
        documents = lc.documents_at(f.get("documents"), today)
        evidence = lc.Evidence(
            recorded=c.status,
            ends=c.ends.latest() if c.ends else None,
            started=c.started or None,
            signed=self.signed,
            documents=documents,
            dormancy=self.dormancy(today) if dormancy is _UNSET else dormancy,
            procedure=place,
            records=bool(f.get("activities") or f.get("exchanges") or documents.on_file or (place and place.records)),
        )
        return lc.derive(
            evidence,
            today=today,
            recorded_on=c.status_date.display() if c.status_date else "",
            recorded_basis=c.status_basis or "",
        )

    def turns(self, today: dt.date) -> list[dt.date]:
        """Every day after `today` on which the status may change while the inputs stay as they are: a date of
        the inputs coming to pass (`dates`) or the silence reaching the quiet or the dormant threshold."""
        days = set(self.dates(today))
        for level in (dm.QUIET, dm.DORMANT):
            days.add(self._silence_reaches(level, today))
        return sorted(day for day in days if day is not None and day > today)

    def dates(self, today: dt.date) -> list[dt.date]:
        """The days after `today` on which a date of the inputs comes to pass: a signing, a start, an end, an
        agreement lapsing. (The silence changes the status only on a day its whole months grow.)"""
        c, f, place = self.c, self.f, self.place
        days = set()
        ends = c.ends.latest() if c.ends else None
        if ends is not None and ends < dt.date.max:
            days.add(ends + dt.timedelta(days=1))
        days |= {c.started.latest() if c.started else None, self.signed, place.signed_on if place else None}
        part = f.get("documents")
        if part:
            agreement, _on_file, lapse = part
            if agreement is not None:
                days |= {dt.date.fromordinal(day) for day in agreement if day is not None}
            days |= {dt.date.fromordinal(first) for first, _due in lapse}
        return [day for day in days if day is not None and day > today]

    def silent_after(self) -> dt.date | None:
        """The last day the silence its status reads runs from (its activities' last covered day, else its
        start), None when there is none or an activity is still open (no silence can run)."""
        cov = self.running
        if cov is None:
            return self.start
        return None if cov.open else dt.date.fromordinal(max(cov.covered, 1))

    def _silence_reaches(self, level: str, today: dt.date) -> dt.date | None:
        """The first day after `today` the silence running then is at `level` or beyond (it only grows while
        nothing is recorded), None when it never is: halving the days between today and the last one."""
        deeper = {dm.QUIET: (dm.QUIET, dm.DORMANT), dm.DORMANT: (dm.DORMANT,)}[level]

        def reached(day: dt.date) -> bool:
            d = self.dormancy(day)
            return d is not None and d.state in deeper

        low, high = today.toordinal(), dt.date.max.toordinal() - 1
        if not reached(dt.date.fromordinal(high)):
            return None
        while high - low > 1:  # reached(high) holds; low is today or a day it does not
            mid = (low + high) // 2
            if reached(dt.date.fromordinal(mid)):
                high = mid
            else:
                low = mid
        return dt.date.fromordinal(high)


def status_windows(facts: dict[int, dict], today: dt.date) -> dict[int, tuple]:
    """The lifecycle status of the cooperations whose stored facts are being written (cooperations/facts.py),
    on `today`, with the days it holds for: {pk: (status, today, first day it may differ or None)}. Left out:
    one whose records are dated ahead of today (their silence is judged from what is known each day). Three
    queries (the cooperations, their regions' thresholds, their rule packs when they follow one)."""

    if not facts:
        return {}
    rows = {r.pk: r for r in status_rows(Cooperation._base_manager.filter(pk__in=list(facts)))}
    limits = _thresholds({r.region_id for r in rows.values()})
    out = {}
    for cid, status in _statuses(rows, {cid: facts[cid] for cid in rows}, limits).items():
        horizon = facts[cid]["horizon"]
        if horizon and horizon > today.toordinal():
            continue
        now = status.at(today).code
        until = next((day for day in status.turns(today) if status.at(day).code != now), None)
        out[cid] = (now, today, until)
    return out


def status_dates(cooperations, rows: dict, thresholds: dict, *, today: dt.date) -> dict[int, tuple]:
    """Of each of `cooperations` (rows with StatusRow's fields) whose stored `rows` (cooperations.facts.rows) are
    of this format: the days after `today` on which a date of its status's inputs comes to pass (_Status.dates),
    and the day the silence it reads runs from (_Status.silent_after); `thresholds` are their regions' (quiet,
    dormant). One query when a rule pack is named, else none."""
    found = {c.pk: f for c in cooperations if (f := _kept_in(rows.get(c.pk))) is not None}
    coops = {c.pk: c for c in cooperations if c.pk in found}
    return {
        cid: (status.dates(today), status.silent_after()) for cid, status in _statuses(coops, found, thresholds).items()
    }


def lifecycle_codes(rows, *, today: dt.date | None = None) -> dict[int, str]:
    """Each cooperation's status word (code) on `today`, as lifecycle_many gives it: `rows` are (StatusRow,
    stored status, first day, day it no longer holds) — the window its stored facts keep, taken when `today`
    lies in it; the others are derived."""
    today = today or timezone.localdate()
    out, rest = {}, []
    for row, code, first, until in rows:
        if code and first is not None and first <= today and (until is None or today < until):
            out[row.pk] = code
        else:
            rest.append(row)
    if rest:
        out |= {pk: state.code for pk, state in lifecycle_many(rest, today=today).items()}
    return out


#: What lifecycle_codes reads of a cooperation's stored facts, after its StatusRow fields.
STATUS_WINDOW = ("facts__status", "facts__status_from", "facts__status_until")
#: Where the `extra` values of a row of lifecycle_codes_of begin.
EXTRA_AT = len(StatusRow._fields) + len(STATUS_WINDOW)


def lifecycle_codes_of(qs, *extra: str, today: dt.date | None = None) -> tuple[list[tuple], dict[int, str]]:
    """The cooperations of `qs` read as plain values — StatusRow's fields, the stored status window, then the
    `extra` fields (from EXTRA_AT) — in one query, with each one's status word today (lifecycle_codes)."""
    width = len(StatusRow._fields)
    rows = list(qs.values_list(*StatusRow._fields, *STATUS_WINDOW, *extra).order_by())
    codes = lifecycle_codes([(StatusRow(*r[:width]), *r[width:EXTRA_AT]) for r in rows], today=today)
    return rows, codes


def lifecycle_get(cooperation: Cooperation, *, today: dt.date | None = None):
    """One cooperation's lifecycle status (lifecycle_many)."""
    return lifecycle_many([cooperation], today=today)[cooperation.pk]
