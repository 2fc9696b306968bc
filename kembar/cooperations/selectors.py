"""Reads of dossiers. Every function takes the region: nothing tenant-owned is reachable without it."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from kembar.core.dates import DateSpec
from kembar.regions.models import Region

from .models import Activity, Cooperation, Document, DocumentFile, Event, Finding, Obligation, Source

SORTS = {
    "title": "title",
    "-title": "-title",
    "partner": "partner__name",
    "-partner": "-partner__name",
    "country": "partner__country__name_en",
    "-country": "-partner__country__name_en",
    "status": "status",
    "-status": "-status",
    "updated": "updated_at",
    "-updated": "-updated_at",
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
    sort: str = "title",
) -> QuerySet[Cooperation]:
    qs = Cooperation.objects.filter(region=region).select_related("partner__country")
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
    return qs.order_by(SORTS.get(sort, "title"), "pk")


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
    manager = Cooperation.all_objects if deleted else Cooperation.objects
    return manager.select_related("partner__country", "region").get(region=region, ref=ref)


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

    @property
    def timeline(self) -> list[TimelineItem]:
        return build_timeline(self)


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


def build_timeline(d: Dossier) -> list[TimelineItem]:
    """One dated list of everything that happened, oldest first. Undated items are left out."""
    items: list[TimelineItem] = []
    linked_docs = {e.document_id for e in d.events if e.document_id}
    for e in d.events:
        if e.date:
            items.append(TimelineItem(e.date, e.date_sort, "event", e.title, e))
    for doc in d.documents:
        if doc.date and doc.pk not in linked_docs:
            items.append(TimelineItem(doc.date, doc.date.sort_key(), "document", doc.title, doc))
        for f in doc.files.all():
            local = timezone.localdate(f.created_at)
            items.append(TimelineItem(DateSpec.parse(local), local, "upload", doc.title, f, detail=f.original_name))
    for a in d.activities:
        if a.date:
            items.append(TimelineItem(a.date, a.date_sort, "activity", a.title, a))
    for o in d.obligations:
        if o.starts:
            items.append(TimelineItem(o.starts, o.starts.sort_key(), "obligation", o.text, o))
    order = {"event": 0, "document": 1, "obligation": 2, "activity": 3, "upload": 4}
    items.sort(key=lambda i: (i.sort, order[i.kind]))
    return items


def trash_list(*, region: Region) -> dict[str, list]:
    return {
        "cooperations": list(Cooperation.all_objects.filter(region=region).deleted().select_related("deleted_by")),
        "documents": list(
            Document.all_objects.filter(region=region).deleted().select_related("cooperation", "deleted_by")
        ),
    }


def cooperation_counts(*, region: Region) -> dict[str, int]:
    return dict(Cooperation.objects.filter(region=region).values_list("status").annotate(n=Count("pk")).order_by())
