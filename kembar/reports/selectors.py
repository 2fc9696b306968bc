"""Reads for reports: the annual report's data for a region and year, and the generated reports.

`annual_report_data` gathers everything both builders (pdf.py, xlsx.py) print, as plain rows keyed by
the column ids of the structure file (sections/annual-v1.yaml), in a fixed number of queries however
many cooperations, activities and documents the region holds: it reuses the selectors of the
cooperations, procedure, evaluation and monitoring apps rather than asking again.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, QuerySet
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import gettext as _

from kembar.cooperations.activities import KINDS as ACTIVITY_KINDS
from kembar.cooperations.activities import SIDE_LABELS
from kembar.cooperations.models import Activity, Cooperation, Document, DocumentKind, Finding
from kembar.cooperations.selectors import cooperation_list
from kembar.core.dates import DateSpec
from kembar.core.words import citation, key_label
from kembar.evaluation.lifecycle import UNKNOWN
from kembar.regions.models import Region

from .models import GeneratedReport
from .structure import load_structure, text

#: How many cooperations get their own timeline chart in the PDF (the most active of the year).
MAIN_TIMELINES = 5


@dataclass
class Section:
    id: str
    title: str
    intro: str
    columns: list[dict]  # {id, type, title, notes} with the title in the report's language
    sheet: str
    rows: list[dict] = field(default_factory=list)


@dataclass
class Timeline:
    cooperation: Cooperation
    facts: object  # evaluation Facts (timeline, dormancy, start)


@dataclass
class AnnualReport:
    region: Region
    year: int
    as_of: dt.date  # 31 December of the year, or today while the year runs
    lang: str
    structure: dict
    sections: list[Section]
    cooperations: list[Cooperation]
    #: dimension → value → count (type, form, status): the summary section's numbers.
    counts: dict[str, dict[str, int]]
    activities_per_year: dict[int, int]
    timelines: list[Timeline]
    generated_at: dt.datetime

    @property
    def empty(self) -> bool:
        """Nothing happened in the year: no cooperation in force, no document, no activity."""
        return not self.cooperations and not any(s.rows for s in self.sections if s.id != "summary")

    def section(self, section_id: str) -> Section:
        return next(s for s in self.sections if s.id == section_id)

    @property
    def note(self) -> str:
        return text(self.structure["source"]["note"], self.lang)

    @property
    def title(self) -> str:
        return text(self.structure["title"], self.lang)


def report_as_of(year: int, *, today: dt.date | None = None) -> dt.date:
    """Judged at 31 December of the year, or today while the year is still running."""
    today = today or timezone.localdate()
    end = dt.date(year, 12, 31)
    return min(end, today)


def _in_year(spec: DateSpec | None, year: int) -> bool:
    earliest = spec.earliest() if spec else None
    return earliest is not None and earliest.year == year


def _date_value(spec: DateSpec | None):
    """A date known to the day as a date; anything less precise stays its display text (no invented day)."""
    if not spec:
        return None
    if spec.precision == "day":
        return spec.earliest()
    return spec.display()


# --- Section builders: each returns the section's rows (dicts keyed by column id) --------------


def _summary(ctx: dict) -> list[dict]:
    rows = []
    from kembar.evaluation.lifecycle import choices as statuses

    labels = {
        "type": (_("Type"), dict(Cooperation.Type.choices)),
        "form": (_("Form"), dict(Cooperation.Form.choices)),
        "status": (_("Status"), dict(statuses())),
    }
    for dim, (dim_label, choices) in labels.items():
        for value, count in sorted(ctx["counts"][dim].items()):
            rows.append({"dimension": str(dim_label), "value": str(choices.get(value, value)), "count": count})
    rows.append({"dimension": _("Total"), "value": _("Cooperations"), "count": len(ctx["coops"])})
    return rows


def _cooperations(ctx: dict) -> list[dict]:
    rows = []
    for c in ctx["coops"]:
        state = ctx["procedure"].get(c.pk)
        lifecycle = ctx["lifecycles"][c.pk]
        if lifecycle.signed_before_records:
            stage = _("signed before it was recorded in Kembar")
        elif state is None or state.status is None:
            stage = _("No rule pack followed")
        elif lifecycle.derived == UNKNOWN and not state.moves:
            stage = _("No stage recorded yet")
        elif state.current is not None:
            stage = state.current.name
        else:
            stage = _("All stages done")
        p = c.partner
        rows.append(
            {
                "title": c.title,
                "type": c.type,
                "form": str(c.get_form_display()),
                "partner": p.name,
                "partner_local": p.name_local or "",
                "partner_lang": _script_lang(p.country_id),
                "country": (p.country.name_id or p.country.name_en) if ctx["lang"] == "id" else p.country.name_en,
                "stage": stage,
                "status": lifecycle.text,
                "started": _started(c, lifecycle),
            }
        )
    return rows


def _started(c, lifecycle) -> dt.date | str | None:
    """Its recorded start, else the day its records say it was signed (Bandung–Liuzhou: its MoU of 21 September
    2006), as the dossier's summary shows it."""
    if c.started:
        return _date_value(c.started)
    when = lifecycle.signed_when
    if isinstance(when, DateSpec):
        return _date_value(when)
    if isinstance(when, tuple) and when[0] is not None and when[0] == when[1]:
        return when[0]  # known to the day: a date cell in the XLSX
    return lifecycle.signed_text or None


def _script_lang(country: str) -> str:
    from kembar.plans.documents import _SCRIPT_LANG

    return _SCRIPT_LANG.get(country, "")


def _documents(ctx: dict) -> list[dict]:
    kinds = dict(DocumentKind.choices)
    return [
        {
            "date": _date_value(d.date),
            "cooperation": ctx["titles"][d.cooperation_id],
            "kind": str(kinds.get(d.kind, d.kind)),
            "title": d.title,
        }
        for d in ctx["documents"]
    ]


def _activities(ctx: dict) -> list[dict]:
    return [
        {
            "date": _date_value(a.date),
            "cooperation": ctx["titles"][a.cooperation_id],
            "title": a.title,
            "kind": str(ACTIVITY_KINDS.get(a.kind, a.kind)),
            "field": a.field,
            "host": str(SIDE_LABELS.get(a.host, a.host)),
        }
        for a in ctx["activities"]
    ]


def _obligations(ctx: dict) -> list[dict]:
    from kembar.monitoring.templatetags.monitoring_tags import overdue_basis, recurrence_label, schedule_problem

    rows = []
    for st in ctx["obligations"]:
        s = st.schedule
        if s.problem:
            state = _("No due date: %(why)s") % {"why": schedule_problem(s.problem)}
        elif s.overdue:
            state = _("Overdue (%(why)s)") % {"why": overdue_basis(s.overdue[0].basis)}
        elif s.next_due is not None:
            state = _("In order")
        else:
            state = _("Fulfilled")
        rows.append(
            {
                "cooperation": ctx["titles"][st.cooperation.pk],
                "text": st.obligation.text,
                "recurrence": recurrence_label(s.recurrence),
                "state": state,
                "overdue_since": s.overdue_since,
                "overdue_count": len(s.overdue),
                "next_due": s.next_due.due if s.next_due else None,
            }
        )
    return rows


def _evaluation(ctx: dict) -> list[dict]:
    from kembar.evaluation.scoring import GOOD, INSUFFICIENT

    rows = []
    for ev in ctx["evaluations"]:
        for el in ev.elements:
            # Not rated is said as such, never as poor: "insufficient evidence" beside the few records.
            few = f" ({_('insufficient evidence')})"
            reasons = [
                f"{ind.label}: {ind.display}" + (few if ind.state == INSUFFICIENT else "")
                for ind in el.indicators
                if not ind.informative and ind.state != GOOD and ind.display
            ]
            rows.append(
                {
                    "cooperation": ctx["titles"][ev.cooperation.pk],
                    "element": el.label,
                    "verdict": el.verdict_label,
                    "reasons": "; ".join(reasons),
                }
            )
    return rows


def _problems(ctx: dict) -> list[dict]:
    from kembar.evaluation import dormancy as dm

    follow = {k: text(v, ctx["lang"]) for k, v in ctx["structure"]["follow_up"].items()}
    rows = []
    for f in ctx["findings"]:
        rows.append(
            {
                "cooperation": ctx["titles"][f.cooperation_id],
                "kind": _("Finding: %(topic)s") % {"topic": key_label(f.topic)},
                "fact": f.text,
                "since": None,
                "source": citation(f.source.cite, ctx["lang"]) if f.source_id else "",
                "follow_up": follow["finding"],
            }
        )
    for st in ctx["obligations"]:
        s = st.schedule
        if s.overdue:
            rows.append(
                {
                    "cooperation": ctx["titles"][st.cooperation.pk],
                    "kind": _("Overdue obligation"),
                    "fact": _("%(text)s — %(n)s occurrence(s) overdue")
                    % {"text": st.obligation.text, "n": len(s.overdue)},
                    "since": s.overdue_since,
                    "source": citation(st.obligation.source.cite, ctx["lang"]) if st.obligation.source_id else "",
                    "follow_up": follow["overdue_obligation"],
                }
            )
    for c in ctx["coops"]:
        lifecycle, state = ctx["lifecycles"][c.pk], ctx["procedure"].get(c.pk)
        if lifecycle.signed_before_records:
            stages = ", ".join(lifecycle.unrecorded_names)
            missing = {
                m.document: m.document_label
                for s in (state.stages if state else [])
                if s.state != "done"
                for m in s.missing
            }
            fact = _(
                "Signed (%(date)s) before its procedure was recorded in Kembar; no record of the stages: %(stages)s."
            ) % {
                "date": lifecycle.signed_text,
                "stages": stages,
            }
            if missing:
                fact += " " + _("Documents not on file: %(documents)s.") % {"documents": ", ".join(missing.values())}
            rows.append(
                {
                    "cooperation": ctx["titles"][c.pk],
                    "kind": _("Procedure records missing"),
                    "fact": fact,
                    "since": lifecycle.signed_on,
                    "source": _("Procedure records (Kembar)"),
                    "follow_up": follow["unrecorded_procedure"],
                }
            )
        if lifecycle.conflict:
            rows.append(
                {
                    "cooperation": ctx["titles"][c.pk],
                    "kind": _("Recorded status contradicted"),
                    "fact": lifecycle.text,
                    "since": None,
                    "source": _("Recorded activities and documents (Kembar)"),
                    "follow_up": follow["status_conflict"],
                }
            )
    for ev in ctx["evaluations"]:
        d = ev.dormancy
        if d is not None and d.state == dm.DORMANT:
            rows.append(
                {
                    "cooperation": ctx["titles"][ev.cooperation.pk],
                    "kind": _("Dormant cooperation"),
                    "fact": _("No activity for %(months)s months (as of %(date)s)")
                    % {"months": d.silent_months, "date": DateSpec.parse(ctx["as_of"]).display()},
                    "since": d.last_covered,
                    "source": _("Recorded activities (Kembar)"),
                    "follow_up": follow["dormant"],
                }
            )
    return rows


BUILDERS = {
    "summary": _summary,
    "cooperations": _cooperations,
    "documents": _documents,
    "activities": _activities,
    "obligations": _obligations,
    "evaluation": _evaluation,
    "problems": _problems,
}


def annual_report_data(
    *, region: Region, year: int, lang: str = "id", structure: str = "annual-v1", today: dt.date | None = None
) -> AnnualReport:
    """The annual report of a region for a year, as plain rows per section (a fixed number of queries).

    Cooperations: every live one, except those certainly begun after the year. Documents and
    activities: those whose earliest possible day falls in the year. Obligations, evaluation and
    dormancy: judged at `report_as_of(year)`. Texts are in `lang` (the caller activates it).
    """
    from kembar.evaluation.selectors import evaluate_many, lifecycle_many
    from kembar.monitoring.selectors import obligation_statuses
    from kembar.procedure.selectors import procedure_status_many

    data = load_structure(structure, builders=frozenset(BUILDERS))
    as_of = report_as_of(year, today=today)
    coops = [
        c
        for c in cooperation_list(region=region).select_related("region")
        if not (c.started and c.started.earliest() and c.started.earliest() > as_of)
    ]
    ids = {c.pk for c in coops}
    titles = {c.pk: c.title for c in coops}
    start, end = f"{year:04d}", f"{year + 1:04d}"
    # DateSpec text sorts by its earliest day, so "earliest day in the year" is a text range.
    documents = [
        d
        for d in Document.objects.filter(region=region, date__gte=start, date__lt=end, cooperation__deleted_at=None)
        .exclude(date="")
        .order_by("date", "pk")
        if d.cooperation_id in ids and _in_year(d.date, year)
    ]
    activities = [
        a
        for a in Activity.objects.filter(
            region=region,
            date_sort__gte=dt.date(year, 1, 1),
            date_sort__lte=dt.date(year, 12, 31),
            cooperation__deleted_at=None,
        ).order_by("date_sort", "pk")
        if a.cooperation_id in ids
    ]
    per_year: Counter = Counter()
    for cid, year_, n in (
        Activity.objects.filter(
            region=region, date_sort__isnull=False, date_sort__lte=as_of, cooperation__deleted_at=None
        )
        .annotate(y=ExtractYear("date_sort"))
        .values_list("cooperation_id", "y")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        if cid in ids:
            per_year[year_] += n
    findings = list(
        Finding.objects.filter(region=region, cooperation__deleted_at=None).select_related("source").order_by("pk")
    )
    findings = [f for f in findings if f.cooperation_id in ids]
    obligations = [st for st in obligation_statuses(region=region, as_of=as_of) if st.cooperation.pk in ids]
    procedure = {st.cooperation.pk: st for st in procedure_status_many(region=region)}
    evaluations = evaluate_many(region=region, as_of=as_of, framework="undp", cooperations=coops, detail=True)
    lifecycles = lifecycle_many(coops, today=as_of)
    counts = {
        "type": dict(Counter(c.type for c in coops)),
        "form": dict(Counter(c.form for c in coops)),
        "status": dict(Counter(lifecycles[c.pk].code for c in coops)),
    }
    ctx = {
        "lang": lang,
        "structure": data,
        "as_of": as_of,
        "coops": coops,
        "titles": titles,
        "counts": counts,
        "documents": documents,
        "activities": activities,
        "findings": findings,
        "obligations": obligations,
        "procedure": procedure,
        "evaluations": evaluations,
        "lifecycles": lifecycles,
    }
    sections = []
    for s in data["sections"]:
        columns = [
            {"id": c["id"], "type": c["type"], "title": text(c["title"], lang), "notes": bool(c.get("notes"))}
            for c in s["columns"]
        ]
        rows = BUILDERS[s["builder"]](ctx)
        sections.append(
            Section(s["id"], text(s["title"], lang), text(s.get("intro", ""), lang), columns, s["sheet"], rows)
        )
    active = Counter(a.cooperation_id for a in activities)
    main = sorted(evaluations, key=lambda ev: (-active[ev.cooperation.pk], -ev.facts.activities, ev.cooperation.title))
    timelines = [Timeline(ev.cooperation, ev.facts) for ev in main[:MAIN_TIMELINES] if ev.facts.timeline]
    return AnnualReport(
        region=region,
        year=year,
        as_of=as_of,
        lang=lang,
        structure=data,
        sections=sections,
        cooperations=coops,
        counts=counts,
        activities_per_year=dict(sorted(per_year.items())),
        timelines=timelines,
        generated_at=timezone.localtime(),
    )


# --- Generated reports ----------------------------------------------------------------------


def report_list(*, region: Region) -> QuerySet[GeneratedReport]:
    return GeneratedReport.objects.filter(region=region).select_related("generated_by", "region")


def report_get(*, region: Region, pk: int) -> GeneratedReport:
    return GeneratedReport.objects.select_related("generated_by", "region").get(region=region, pk=pk)
