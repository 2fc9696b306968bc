"""Reads of dossiers. Every function takes the region: nothing tenant-owned is reachable without it."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.core.paginator import Page, Paginator
from django.db.models import Count, F, Prefetch, Q, QuerySet, Window
from django.utils import timezone

from kembar.core.dates import DateSpec
from kembar.core.params import year as year_of
from kembar.regions.models import Region

from .models import (
    Activity,
    ActivityFile,
    Cooperation,
    Document,
    DocumentFile,
    Event,
    Finding,
    Obligation,
    Source,
)

#: The cooperation list's filters, by their query parameter (the page's and its export's).
COOPERATION_FILTERS = ("q", "type", "form", "country", "status", "field", "person")
#: The cooperation list's sort keys and their ordering (read by kembar.core.sorting.sorted_by).
COOPERATION_SORTS = {
    "title": ("title", "pk"),
    "-title": ("-title", "pk"),
    "partner": ("partner__name", "pk"),
    "-partner": ("-partner__name", "pk"),
    "country": ("partner__country__name_en", "pk"),
    "-country": ("-partner__country__name_en", "pk"),
    # By the lifecycle status (by_status sorts them, in its order; titles within a status).
    "status": ("title", "pk"),
    "-status": ("title", "pk"),
    "updated": ("updated_at", "pk"),
    "-updated": ("-updated_at", "pk"),
}


def cooperation_list(
    *,
    region: Region,
    q: str = "",
    type: str = "",
    form: str = "",
    country: str = "",
    status: str = "",
    field: str = "",
    person: str = "",
    ordering: Sequence = COOPERATION_SORTS["title"],
) -> QuerySet[Cooperation]:
    """The region's live cooperations, filtered (`status`: the recorded one; the lifecycle status is by_status's),
    carrying what their lifecycle status reads (with_lifecycle then costs no query for their facts)."""
    from kembar.evaluation.selectors import lifecycle_annotations

    qs = Cooperation.objects.filter(region=region).select_related("partner__country")
    qs = qs.annotate(**lifecycle_annotations())
    if q:
        qs = qs.filter(
            Q(title__icontains=q)
            | Q(partner__name__icontains=q)
            | Q(partner__name_local__icontains=q)
            | Q(ref__icontains=q)
            | Q(goals__icontains=q)
        )
    if type:
        qs = qs.filter(type=type)
    if form:
        qs = qs.filter(form=form)
    if country:
        qs = qs.filter(partner__country_id=country)
    if status:
        qs = qs.filter(status=status)
    if field:
        # JSON list of field names; a text match works on SQLite and PostgreSQL alike.
        qs = qs.filter(fields__icontains=field)
    if person:
        qs = qs.filter(person_in_charge__icontains=person)
    return qs.order_by(*ordering)


def with_lifecycle(cooperations, *, today: date | None = None) -> list[Cooperation]:
    """The cooperations, each with its lifecycle status as `.lifecycle` (evaluation.lifecycle: derived from its
    records, a recorded one winning), read for all of them at once (a fixed number of queries)."""
    from kembar.evaluation.selectors import lifecycle_many

    rows = list(cooperations)
    states = lifecycle_many(rows, today=today)
    for c in rows:
        c.lifecycle = states[c.pk]
    return rows


def by_status(cooperations, *, status: str = "", sort: str = "", today: date | None = None) -> list[Cooperation]:
    """The cooperations whose lifecycle status (the one shown) is `status` (all when empty), each with its
    `.lifecycle`; with `sort` "status" or "-status", in the statuses' order (evaluation.lifecycle.ORDER), the
    given order kept within each."""
    from kembar.evaluation.lifecycle import ORDER

    rows = with_lifecycle(cooperations, today=today)
    if status:
        rows = [c for c in rows if c.lifecycle.code == status]
    if sort in ("status", "-status"):
        rank = {code: i for i, code in enumerate(ORDER)}
        rows.sort(key=lambda c: rank.get(c.lifecycle.code, len(rank)), reverse=sort == "-status")
    return rows


def cooperation_list_national(*, region: Region | None = None, ref: str = "") -> QuerySet[Cooperation]:
    """Cooperations of every region (an explicit national scope: command line, overseers), or of one."""
    qs = Cooperation.objects.select_related("region", "partner__country")
    if region is not None:
        qs = qs.filter(region=region)
    if ref:
        qs = qs.filter(ref=ref)
    return qs.order_by("region__code", "ref")


def cooperation_filter_options(*, region: Region) -> dict:
    """Values present in the region, for the filter drop-downs (two queries)."""
    rows = Cooperation.objects.filter(region=region).values_list(
        "partner__country_id", "partner__country__name_en", "partner__country__name_id", "person_in_charge"
    )
    countries, people = {}, set()
    for code, en, id_, person in rows:
        countries[code] = (en, id_)
        if person:
            people.add(person)
    fields = set()
    for value in Cooperation.objects.filter(region=region).values_list("fields", flat=True):
        fields.update(value or [])
    return {"countries": countries, "people": sorted(people), "fields": sorted(fields)}


def cooperation_get(*, region: Region, ref: str, deleted: bool = False) -> Cooperation:
    """One cooperation of the region, carrying what its lifecycle status reads (no query of its own for it)."""
    from kembar.evaluation.selectors import lifecycle_annotations

    manager = Cooperation.all_objects if deleted else Cooperation.objects
    qs = manager.select_related("partner__country", "region").annotate(**lifecycle_annotations())
    return qs.get(region=region, ref=ref)


@dataclass
class TimelineItem:
    when: DateSpec | None
    sort: date
    kind: str  # event | document | activity | obligation | upload
    title: str
    obj: object
    detail: str = ""


@dataclass
class Dossier:
    cooperation: Cooperation
    sources: list[Source]
    documents: list[Document]
    events: list[Event]
    obligations: list[Obligation]
    activities: list[Activity]
    findings: list[Finding]


def _of(model, cooperation, sources: dict, *related):
    """Items of one kind; their sources come from the dossier's list, not one join per row."""
    items = list(model.objects.filter(cooperation=cooperation).select_related(*related))
    for item in items:
        item.source = sources.get(item.source_id)
    return items


def dossier_get(*, region: Region, ref: str) -> Dossier:
    """The whole dossier in a fixed number of queries, however many items it holds."""
    coop = cooperation_get(region=region, ref=ref)
    sources = list(Source.objects.filter(cooperation=coop))
    by_pk = {s.pk: s for s in sources}
    files = Prefetch("files", queryset=DocumentFile.objects.select_related("uploaded_by"))
    documents = list(Document.objects.filter(cooperation=coop).prefetch_related(files))
    for doc in documents:
        doc.source = by_pk.get(doc.source_id)
    return Dossier(
        cooperation=coop,
        sources=sources,
        documents=documents,
        events=_of(Event, coop, by_pk, "document"),
        obligations=_of(Obligation, coop, by_pk),
        activities=_of(Activity, coop, by_pk),
        findings=_of(Finding, coop, by_pk),
    )


@dataclass
class DossierPage:
    """What the dossier screen shows: one page of the timeline and the head of each long section.

    Reading cost is fixed: a few light key queries decide the timeline order, then only the items of
    the shown page are loaded as objects, so a dossier of 10,000 items renders like one of 10.
    """

    cooperation: Cooperation
    sources: list[Source]
    timeline: Page
    undated_events: list[Event]
    documents: list[Document]
    documents_total: int
    obligations: list[Obligation]
    obligations_total: int
    findings: list[Finding]
    findings_total: int
    #: The latest day an activity is dated not after today (None: none yet), for the dossier's summary.
    last_activity: DateSpec | None = None  # the latest activity begun by today, its date as recorded


def _timeline_keys(coop: Cooperation, activity_dates: dict | None = None) -> list[tuple[date, int, str, int]]:
    """(sort day, kind order, kind, pk) for every dated item, from narrow value queries; each activity's date
    as recorded (a DateSpec, at its precision) into `activity_dates` when given."""
    keys = []
    linked = set()
    for pk, day, doc_id in Event.objects.filter(cooperation=coop, date_sort__isnull=False).values_list(
        "pk", "date_sort", "document_id"
    ):
        keys.append((day, 0, "event", pk))
        linked.add(doc_id)
    activities = Activity.objects.filter(cooperation=coop, date_sort__isnull=False)
    for pk, day, when in activities.values_list("pk", "date_sort", "date"):
        keys.append((day, 3, "activity", pk))
        if activity_dates is not None:
            activity_dates[pk] = when
    for pk, when in Obligation.objects.filter(cooperation=coop).exclude(starts="").values_list("pk", "starts"):
        keys.append((when.sort_key(), 2, "obligation", pk))
    for pk, when in Document.objects.filter(cooperation=coop).exclude(date="").values_list("pk", "date"):
        if pk not in linked:
            keys.append((when.sort_key(), 1, "document", pk))
    files = DocumentFile.objects.filter(document__cooperation=coop, document__deleted_at__isnull=True).values_list(
        "pk", "created_at"
    )
    for pk, created in files:
        keys.append((timezone.localdate(created), 4, "upload", pk))
    keys.sort()
    return keys


def _page_items(keys, sources: dict) -> list[TimelineItem]:
    wanted: dict[str, list[int]] = {}
    for _day, _order, kind, pk in keys:
        wanted.setdefault(kind, []).append(pk)
    loaders = {
        "event": lambda pks: Event.objects.filter(pk__in=pks).select_related("document"),
        "activity": lambda pks: Activity.objects.filter(pk__in=pks),
        "obligation": lambda pks: Obligation.objects.filter(pk__in=pks),
        "document": lambda pks: Document.objects.filter(pk__in=pks),
        "upload": lambda pks: DocumentFile.objects.filter(pk__in=pks).select_related("document"),
    }
    objects = {(kind, o.pk): o for kind, pks in wanted.items() for o in loaders[kind](pks)}
    items = []
    for day, _order, kind, pk in keys:
        obj = objects[(kind, pk)]
        if hasattr(obj, "source_id"):
            obj.source = sources.get(obj.source_id)
        if kind == "upload":
            items.append(TimelineItem(DateSpec.parse(day), day, kind, obj.document.title, obj, obj.original_name))
        else:
            when = obj.starts if kind == "obligation" else obj.date
            items.append(TimelineItem(when, day, kind, obj.text if kind == "obligation" else obj.title, obj))
    return items


def cooperations_selected(*, region: Region, ids) -> list[Cooperation]:
    """The region's live cooperations with these ids (a list's selected rows), all or none: an id that is not
    one of them (another region's, deleted, made up) raises Cooperation.DoesNotExist."""
    wanted = set(ids)
    found = list(Cooperation.objects.filter(region=region, pk__in=wanted).select_related("partner__country"))
    if not wanted or len(found) != len(wanted):
        raise Cooperation.DoesNotExist
    return sorted(found, key=lambda c: (c.title, c.pk))


def dossier_page(*, region: Region, ref: str, page=1, per_page: int = 100, limit: int | None = 50) -> DossierPage:
    coop = cooperation_get(region=region, ref=ref)
    sources = list(Source.objects.filter(cooperation=coop))
    by_pk = {s.pk: s for s in sources}
    dates: dict = {}
    keys = _timeline_keys(coop, dates)
    today = timezone.localdate()
    last = max(((day, pk) for day, _o, kind, pk in keys if kind == "activity" and day <= today), default=None)
    last_activity = dates[last[1]] if last else None  # as recorded: "April 2022", not its first day
    paginator = Paginator(keys, per_page)
    timeline = paginator.get_page(page)
    timeline.object_list = _page_items(timeline.object_list, by_pk)

    def head(qs):
        # The total rides along as a window count, so a long section costs no extra query.
        rows = list(
            qs.annotate(total=Window(Count("pk"))) if limit is None else qs.annotate(total=Window(Count("pk")))[:limit]
        )
        for row in rows:
            row.source = by_pk.get(row.source_id)
        return rows, (rows[0].total if rows else 0)

    files = Prefetch("files", queryset=DocumentFile.objects.select_related("uploaded_by"))
    documents, documents_total = head(Document.objects.filter(cooperation=coop).prefetch_related(files))
    obligations, obligations_total = head(Obligation.objects.filter(cooperation=coop))
    findings, findings_total = head(Finding.objects.filter(cooperation=coop))
    undated = list(Event.objects.filter(cooperation=coop, date_sort__isnull=True))
    for e in undated:
        e.source = by_pk.get(e.source_id)
    return DossierPage(
        coop,
        sources,
        timeline,
        undated,
        documents,
        documents_total,
        obligations,
        obligations_total,
        findings,
        findings_total,
        last_activity,
    )


def trash_list(*, region: Region) -> dict[str, list]:
    return {
        "cooperations": list(Cooperation.all_objects.filter(region=region).deleted().select_related("deleted_by")),
        "documents": list(
            Document.all_objects.filter(region=region).deleted().select_related("cooperation", "deleted_by")
        ),
        "activities": list(
            Activity.all_objects.filter(region=region).deleted().select_related("cooperation", "deleted_by")
        ),
    }


def cooperation_counts(*, region: Region) -> dict[str, int]:
    return dict(Cooperation.objects.filter(region=region).values_list("status").annotate(n=Count("pk")).order_by())


# --- Expiry and follow-up (rules in expiry.py) ----------------------------------------------

_VALIDITY_FIELDS = ("pk", "cooperation_id", "kind", "title", "date", "valid_from", "duration_months", "expires")


#: Up to this many ids go into a query's IN list; with more, readers take the region's rows and sort them out
#: (or read them through a sub-select).
IN_LIST_LIMIT = 500


def loi_followup_months(*, region: Region) -> int:
    """The region's threshold for an LoI without an MoU (its profile's setting, or the default)."""
    from kembar.regions.models import RegionProfile

    from .expiry import LOI_FOLLOWUP_MONTHS

    value = RegionProfile.objects.filter(region=region).values_list("loi_followup_months", flat=True).first()
    return value or LOI_FOLLOWUP_MONTHS


@dataclass
class ValidityRow:
    """One LoI/MoU/PKS of a dossier with what the expiry rules say about it."""

    pk: int
    cooperation_id: int
    kind: str
    title: str
    date: DateSpec | None
    valid_from: DateSpec | None
    duration_months: int | None
    expires: DateSpec | None
    renews: dict | None  # {"pk", "title"} of the document it renews
    renewed_by: list[dict]
    validity: str  # expiry.GIVEN, COMPUTED, YEAR_ONLY, …
    flags: list  # expiry.Flag of this document

    def get_kind_display(self) -> str:
        from .models import DocumentKind

        return str(DocumentKind(self.kind).label)


def _validity_rows(qs) -> list[ValidityRow]:
    """LoI/MoU/PKS rows of `qs` (narrow values, one query) with their renewal links filled in."""
    from .expiry import RENEWABLE, validity

    rows = list(
        qs.filter(kind__in=RENEWABLE)
        .order_by("cooperation_id", "position", "pk")
        .values(*_VALIDITY_FIELDS, "renews_id", "renews__title", "renews__deleted_at")
    )
    out, by_pk = [], {}
    for r in rows:
        renews = None
        if r["renews_id"] and r["renews__deleted_at"] is None:
            renews = {"pk": r["renews_id"], "title": r["renews__title"]}
        row = ValidityRow(
            **{k: r[k] for k in _VALIDITY_FIELDS},
            renews=renews,
            renewed_by=[],
            validity=validity(
                valid_from=r["valid_from"],
                date=r["date"],
                duration_months=r["duration_months"],
                expires=r["expires"],
            ),
            flags=[],
        )
        out.append(row)
        by_pk[row.pk] = row
    for row in out:
        if row.renews and row.renews["pk"] in by_pk:
            by_pk[row.renews["pk"]].renewed_by.append({"pk": row.pk, "title": row.title})
    return out


def _assess(rows: list[ValidityRow], *, today: date, months: int) -> list:
    from .expiry import Doc, assess

    docs = [Doc(r.pk, r.kind, r.date, r.expires, r.renews["pk"] if r.renews else None) for r in rows]
    by_pk = {r.pk: r for r in rows}
    flags = assess(docs, today=today, loi_followup_months=months)
    for flag in flags:
        by_pk[flag.doc.key].flags.append(flag)
    return flags


@dataclass
class CooperationExpiry:
    documents: list[ValidityRow]
    flags: list
    loi_followup_months: int
    today: date


def cooperation_expiry(*, region: Region, cooperation: Cooperation, today: date | None = None) -> CooperationExpiry:
    """The dossier's expiry panel: its LoIs, MoUs and PKSs and their flags (two queries)."""
    today = today or timezone.localdate()
    months = loi_followup_months(region=region)
    rows = _validity_rows(Document.objects.filter(region=region, cooperation=cooperation))
    return CooperationExpiry(rows, _assess(rows, today=today, months=months), months, today)


@dataclass
class DeadlineRow:
    cooperation: Cooperation
    document: ValidityRow
    flag: object  # expiry.Flag


@dataclass
class Deadlines:
    expiring: list[DeadlineRow]
    expired: list[DeadlineRow]
    loi_without_mou: list[DeadlineRow]
    loi_followup_months: int
    expiring_days: int
    today: date


def deadline_list(
    *, region: Region, today: date | None = None, cooperations: dict | None = None, months: int | None = None
) -> Deadlines:
    """Every flagged document of the region's live cooperations, by rule (three queries, any size; two when
    the caller passes live cooperations of the region by pk in `cooperations`: then only theirs, all of
    them or a few; one less when it passes the region's `loi_followup_months` in `months`)."""
    from itertools import groupby

    from .expiry import EXPIRED, EXPIRING, EXPIRING_DAYS, LOI_WITHOUT_MOU

    today = today or timezone.localdate()
    months = months or loi_followup_months(region=region)
    docs = Document.objects.filter(region=region, cooperation__deleted_at__isnull=True)
    if cooperations is not None and len(cooperations) <= IN_LIST_LIMIT:
        docs = docs.filter(cooperation_id__in=list(cooperations))
    rows = _validity_rows(docs)
    if cooperations is not None:
        rows = [r for r in rows if r.cooperation_id in cooperations]
    by_pk = {r.pk: r for r in rows}
    found = []
    for _coop, group in groupby(rows, key=lambda r: r.cooperation_id):
        found += [(flag, by_pk[flag.doc.key]) for flag in _assess(list(group), today=today, months=months)]
    ids = {r.cooperation_id for _flag, r in found}
    if cooperations is not None:
        coops = cooperations
    else:
        coops = Cooperation.objects.filter(region=region).select_related("partner").in_bulk(ids)
    sections = {EXPIRING: [], EXPIRED: [], LOI_WITHOUT_MOU: []}
    for flag, row in found:
        sections[flag.code].append(DeadlineRow(coops[row.cooperation_id], row, flag))
    sections[EXPIRING].sort(key=lambda r: (r.flag.days, r.cooperation.title))
    for code in (EXPIRED, LOI_WITHOUT_MOU):
        sections[code].sort(key=lambda r: (-r.flag.days, r.cooperation.title))
    return Deadlines(sections[EXPIRING], sections[EXPIRED], sections[LOI_WITHOUT_MOU], months, EXPIRING_DAYS, today)


# --- Activities -----------------------------------------------------------------------------

ACTIVITY_FILTERS = (
    "year",
    "kind",
    "field",
    "host",
    "initiated_by",
    "beneficiary",
    "sector",
    "community_in_planning",
    "cooperation",
)
#: The activity lists' sort keys: by date (the earliest day it allows), undated last either way.
ACTIVITY_SORTS = {
    "date": (F("date_sort").asc(nulls_last=True), "position", "pk"),
    "-date": (F("date_sort").desc(nulls_last=True), "-position", "-pk"),
}


def activity_list(
    *,
    region: Region,
    cooperation: Cooperation | None = None,
    year: str = "",
    kind: str = "",
    field: str = "",
    host: str = "",
    initiated_by: str = "",
    beneficiary: str = "",
    sector: str = "",
    community_in_planning: str = "",
    cooperation_ref: str = "",
    ordering: Sequence = ACTIVITY_SORTS["date"],
) -> QuerySet[Activity]:
    """The region's live activities (of one cooperation, or of its live cooperations), filtered.

    `year` matches the year of the earliest day the date allows (a range sits at its start);
    `community_in_planning` is "yes", "no" or "unknown"; `cooperation_ref` narrows the region's list.
    One query for any number of rows: the cooperation and the source are joined, files counted.
    """
    qs = Activity.objects.filter(region=region, cooperation__deleted_at__isnull=True)
    if cooperation is not None:
        qs = qs.filter(cooperation=cooperation)
    if cooperation_ref:
        qs = qs.filter(cooperation__ref=cooperation_ref)
    if number := year_of(year):
        qs = qs.filter(date_sort__year=number)
    exact = {"kind": kind, "field": field, "host": host, "initiated_by": initiated_by, "beneficiary": beneficiary}
    qs = qs.filter(**{name: value for name, value in exact.items() if value})
    if sector:
        # The JSON list as text: its items are quoted, so "youth" matches the sector, not a word in another.
        qs = qs.filter(participants__icontains=f'"{sector}"')
    planned = {"yes": True, "no": False}.get(community_in_planning)
    if planned is not None:
        qs = qs.filter(community_in_planning=planned)
    elif community_in_planning == "unknown":
        qs = qs.filter(community_in_planning__isnull=True)
    qs = qs.select_related("cooperation", "source").annotate(n_files=Count("files"))
    return qs.order_by(*ordering)


def activity_filter_options(*, region: Region, cooperation: Cooperation | None = None) -> dict:
    """Values present, for the filter drop-downs (one query for years, kinds and fields; one for cooperations)."""
    qs = Activity.objects.filter(region=region, cooperation__deleted_at__isnull=True)
    if cooperation is not None:
        qs = qs.filter(cooperation=cooperation)
    years, kinds, fields = set(), set(), set()
    for day, kind, field in qs.values_list("date_sort", "kind", "field").distinct():
        if day:
            years.add(day.year)
        if kind:
            kinds.add(kind)
        if field:
            fields.add(field)
    if cooperation is not None:
        fields.update(cooperation.fields or [])
        cooperations = []
    else:
        cooperations = list(Cooperation.objects.filter(region=region).order_by("title").values_list("ref", "title"))
    return {
        "years": sorted(years, reverse=True),
        "kinds": sorted(kinds),
        "fields": sorted(fields),
        "cooperations": cooperations,
    }


def activity_get(*, region: Region, pk: int, deleted: bool = False) -> Activity:
    """One activity of a live cooperation of the region, with its source and evidence files."""
    manager = Activity.all_objects if deleted else Activity.objects
    files = Prefetch("files", queryset=ActivityFile.objects.select_related("uploaded_by"))
    return (
        manager.select_related("cooperation__partner", "source")
        .prefetch_related(files)
        .get(region=region, pk=pk, cooperation__deleted_at__isnull=True)
    )


def activity_file_get(*, region: Region, pk: int) -> ActivityFile:
    """An evidence file, only while its activity and cooperation are live."""
    return ActivityFile.objects.get(
        region=region,
        pk=pk,
        activity__deleted_at__isnull=True,
        activity__cooperation__deleted_at__isnull=True,
    )
