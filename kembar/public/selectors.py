"""The public read path: everything the portal (and later its feeds, calendar, sitemap and API) shows.

What is public: a cooperation its region's bureau admin published, not deleted; of it, each activity and
document published by hand or covered by the region's rule (RegionProfile.publish_activities, .publish_documents),
each finding published by hand, and the evaluation summary when the region publishes it (.publish_evaluation).

Every function here returns plain dataclasses holding only whitelisted fields — never a model instance — so a
template cannot reach a contact, a budget, a participant, a note or a file name through a relation. Labels are
properties read in the request's language, as the models' own `*_label` properties are.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from kembar.cooperations.models import Activity, Cooperation, Document, DocumentFile, DocumentKind, Finding
from kembar.core.dates import DateSpec
from kembar.core.params import typed_text
from kembar.regions.models import Region, RegionProfile

# --- What is public ---------------------------------------------------------------------------------------


def publication_rules(*, region: Region) -> dict[str, bool]:
    """The region's rule as {"activities", "documents", "evaluation"} (all False until a bureau admin sets it)."""
    row = (
        RegionProfile.objects.filter(region=region)
        .values("publish_activities", "publish_documents", "publish_evaluation")
        .first()
    ) or {}
    return {
        "activities": bool(row.get("publish_activities")),
        "documents": bool(row.get("publish_documents")),
        "evaluation": bool(row.get("publish_evaluation")),
    }


def publication_state(*, region: Region, cooperation: Cooperation | None = None) -> dict:
    """What the bureau's pages show of publishing: the region's rule and, for a published cooperation, who
    published it (their display name)."""
    state = publication_rules(region=region)
    if cooperation is not None and cooperation.published and cooperation.published_by_id:
        from kembar.accounts.models import User

        user = User.objects.filter(pk=cooperation.published_by_id).first()
        state["by"] = (user.get_full_name() or user.username) if user else ""
    return state


def _rule_regions(name: str) -> QuerySet:
    """The regions whose rule makes every `name` ("activities" or "documents") of a published cooperation public
    (a subquery: the database reads it with the rest)."""
    return RegionProfile.objects.filter(**{f"publish_{name}": True}).values("region_id")


def published_cooperations() -> QuerySet:
    """Every published, live cooperation of every region (the national scope of the portal)."""
    return Cooperation.objects.filter(published=True, partner__deleted_at__isnull=True)


def _public_items(model, rule: str | None, *, region: Region | None = None) -> QuerySet:
    """The model's live items of published cooperations that are public: published by hand, or by the rule."""
    qs = model.objects.filter(cooperation__published=True, cooperation__deleted_at__isnull=True)
    if region is not None:
        qs = qs.filter(region=region)
    if rule is None:
        return qs.filter(public=True)
    if region is not None:
        covered = publication_rules(region=region)[rule]
        return qs if covered else qs.filter(public=True)
    return qs.filter(Q(public=True) | Q(region_id__in=_rule_regions(rule)))


def public_activities(*, region: Region | None = None) -> QuerySet:
    return _public_items(Activity, "activities", region=region)


def public_documents(*, region: Region | None = None) -> QuerySet:
    return _public_items(Document, "documents", region=region)


def public_findings(*, region: Region | None = None) -> QuerySet:
    return _public_items(Finding, None, region=region)


def is_public(item, *, rules: dict[str, bool], published: bool) -> bool:
    """Whether one of a dossier's items shows on the portal (the dossier's "Publik" badge)."""
    if not published or item.is_deleted:
        return False
    if isinstance(item, Activity):
        return item.public or rules["activities"]
    if isinstance(item, Document):
        return item.public or rules["documents"]
    return item.public


# --- What is shown ------------------------------------------------------------------------------------------


def _localized(id_text: str, en_text: str) -> str:
    return en_text if (get_language() or "id")[:2] == "en" and en_text else id_text


@dataclass(frozen=True)
class PublicRegion:
    code: str
    name: str
    province_code: str
    province: str
    cooperations: int = 0


@dataclass
class PublicCooperation:
    """One row of the directory (and the head of a cooperation's page)."""

    pk: int
    ref: str
    region: PublicRegion
    partner: str
    partner_local: str
    country: str  # ISO 3166-1 alpha-2
    country_id_name: str
    country_en_name: str
    type: str
    form: str
    fields: list[str]
    started: DateSpec | None
    status: str = ""
    latest: PublicActivity | None = None

    @property
    def country_name(self) -> str:
        return _localized(self.country_id_name, self.country_en_name)

    @property
    def type_label(self) -> str:
        return str(Cooperation.Type(self.type).label) if self.type in Cooperation.Type.values else self.type

    @property
    def form_label(self) -> str:
        return str(Cooperation.Form(self.form).label) if self.form in Cooperation.Form.values else self.form

    @property
    def status_label(self) -> str:
        from kembar.evaluation.lifecycle import label

        return label(self.status)


@dataclass(frozen=True)
class PublicActivity:
    date: DateSpec | None
    end: DateSpec | None
    title: str
    kind: str
    outcomes: tuple[str, ...] = ()
    pk: int = 0
    #: An upcoming activity's sign-ups, counts only (kembar.participation.selectors.Places), set by the page's view.
    places: object = None

    @property
    def kind_label(self) -> str:
        from kembar.cooperations.activities import KINDS

        return str(KINDS.get(self.kind, self.kind))


@dataclass(frozen=True)
class PublicDocument:
    pk: int
    kind: str
    title: str
    date: DateSpec | None
    has_file: bool

    @property
    def kind_label(self) -> str:
        return str(DocumentKind(self.kind).label) if self.kind in DocumentKind.values else self.kind


@dataclass(frozen=True)
class PublicFinding:
    topic: str
    text: str


@dataclass(frozen=True)
class PublicVerdict:
    label: str
    verdict: str
    verdict_label: str


@dataclass(frozen=True)
class PublicEvaluation:
    framework: str
    as_of: dt.date
    verdicts: tuple[PublicVerdict, ...]


@dataclass
class CooperationPage:
    cooperation: PublicCooperation
    goals_public: bool
    past: list[PublicActivity]
    upcoming: list[PublicActivity]
    documents: list[PublicDocument]
    findings: list[PublicFinding]
    evaluation: PublicEvaluation | None = None


_ROW = (
    "pk",
    "ref",
    "region__code",
    "region__name",
    "region__parent__code",
    "region__parent__name",
    "partner__name",
    "partner__name_local",
    "partner__country_id",
    "partner__country__name_id",
    "partner__country__name_en",
    "type",
    "form",
    "fields",
    "started",
    "facts__data__start",
)


def _row(values: tuple) -> PublicCooperation:
    pk, ref, code, name, p_code, p_name, partner, local, country, c_id, c_en, type_, form, fields, started, start = (
        values
    )
    if not started and isinstance(start, int) and start > 0:
        started = DateSpec.parse(dt.date.fromordinal(start))  # the first signing or activity the facts know
    region = PublicRegion(code=code, name=name, province_code=p_code or code, province=p_name or name)
    return PublicCooperation(
        pk=pk,
        ref=ref,
        region=region,
        partner=partner,
        partner_local=local,
        country=country,
        country_id_name=c_id,
        country_en_name=c_en,
        type=type_,
        form=form,
        fields=[str(f) for f in (fields or []) if isinstance(f, str)],
        started=started or None,
    )


def _statuses(qs: QuerySet, today: dt.date) -> dict[int, str]:
    """Each cooperation's lifecycle status today, as the dashboards derive it from the stored facts."""
    from kembar.evaluation.selectors import lifecycle_codes_of

    return lifecycle_codes_of(qs, today=today)[1]


def _activity(values: dict) -> PublicActivity:
    outcomes = tuple(
        str(o.get("text", "")).strip() if isinstance(o, dict) else str(o).strip() for o in values["outcomes"] or []
    )
    return PublicActivity(
        date=values["date"] or None,
        end=values["end"] or None,
        title=values["title"],
        kind=values["kind"],
        outcomes=tuple(o for o in outcomes if o),
        pk=values.get("pk", 0),
    )


_ACTIVITY = ("date", "end", "title", "kind", "outcomes")


def _latest_public(today: dt.date) -> Subquery:
    """The id of a cooperation's latest public activity dated by today (a subquery of the row's cooperation)."""
    acts = public_activities().filter(date_sort__lte=today, cooperation=OuterRef("pk")).order_by("-date_sort", "-pk")
    return Subquery(acts.values("pk")[:1])


# --- The directory --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DirectoryFilters:
    """What a visitor filters the directory by (views.py checks each against its options first)."""

    q: str = ""
    province: str = ""
    region: str = ""
    country: str = ""
    field: str = ""
    status: str = ""
    form: str = ""

    def any(self) -> bool:
        return any(vars(self).values())


@dataclass
class DirectoryOptions:
    provinces: list[tuple[str, str]]
    regions: list[PublicRegion]
    countries: list[tuple[str, str]]
    fields: list[str]
    forms: list[str]
    statuses: list[str]

    @property
    def form_choices(self) -> list[tuple[str, str]]:
        return [(f, str(Cooperation.Form(f).label)) for f in self.forms]

    @property
    def status_choices(self) -> list[tuple[str, str]]:
        from kembar.evaluation.lifecycle import label

        return [(s, label(s)) for s in self.statuses]


@dataclass
class Directory:
    """One page of the directory (`rows`, with their status and latest activity), how many match in all, and
    the map's counts and markers for all of them."""

    rows: list[PublicCooperation]
    options: DirectoryOptions
    page: Page | None = None
    country_counts: dict[str, int] = field(default_factory=dict)
    total: int = 0
    points: list = field(default_factory=list)
    points_left_out: int = 0


def _entries() -> QuerySet:
    """The directory's entries (one per published cooperation, kembar/public/entries.py), unordered."""
    from .models import DirectoryEntry

    return DirectoryEntry.objects.order_by()


def directory_options() -> DirectoryOptions:
    """What the directory's filters offer: only what some published cooperation has, from the summary stored
    with the directory's entries (kembar/public/summary.py; one query)."""
    from kembar.evaluation.lifecycle import ORDER

    from .summary import summary

    data = summary()
    regions = sorted((PublicRegion(*row) for row in data["regions"]), key=lambda r: r.name)
    forms = set(data["forms"])
    return DirectoryOptions(
        provinces=sorted({(r.province_code, r.province) for r in regions}, key=lambda p: p[1]),
        regions=regions,
        countries=sorted(((c, _localized(c_id, c_en)) for c, c_id, c_en in data["countries"]), key=lambda c: c[1]),
        fields=data["fields"],
        forms=[f for f in Cooperation.Form.values if f in forms],
        statuses=list(ORDER),
    )


def _with_field(qs: QuerySet, name: str) -> QuerySet:
    """The cooperations whose fields include `name`: JSON containment where the database has it (PostgreSQL),
    else the element as it is written in the stored JSON text (quoted: a whole element, not a part of one)."""
    if connection.features.supports_json_field_contains:
        return qs.filter(fields__contains=[name])
    return qs.filter(fields__icontains=json.dumps(name))


def _window_holds(today: dt.date) -> QuerySet:
    """The stored facts whose status window holds today (kembar/cooperations/facts.py): their status is the
    stored one."""
    from kembar.cooperations.models import CooperationFacts

    return CooperationFacts.objects.filter(
        Q(status_until__isnull=True) | Q(status_until__gt=today), status_from__lte=today, status__gt=""
    )


def _with_status(qs: QuerySet, status: str, today: dt.date) -> QuerySet:
    """The entries whose cooperation's status today is `status`: read from the stored window by the database
    (a subquery of the facts, not a join through the cooperations), derived (as the dashboards do) only for the
    few whose window does not hold today."""
    holds = _window_holds(today)
    rest = list(qs.exclude(pk__in=holds.values("cooperation_id")).values_list("pk", flat=True))
    derived = [pk for pk, code in _statuses(Cooperation.objects.filter(pk__in=rest), today).items() if code == status]
    stored = Q(pk__in=holds.filter(status=status).values("cooperation_id"))
    return qs.filter(stored | Q(pk__in=derived) if derived else stored)


def _filtered(filters: DirectoryFilters, today: dt.date) -> QuerySet:
    """The directory's entries that match `filters` (their pk is the cooperation's)."""
    qs = _entries()
    if filters.q:
        qs = qs.filter(search__contains=filters.q.lower())  # the names, as stored in lower case
    if filters.province:
        qs = qs.filter(province__code=filters.province)
    if filters.region:
        qs = qs.filter(region__code=filters.region)
    if filters.country:
        qs = qs.filter(country_id=filters.country)
    if filters.form:
        qs = qs.filter(form=filters.form)
    if filters.field:
        qs = _with_field(qs, filters.field)
    if filters.status:
        qs = _with_status(qs, filters.status, today)
    return qs


#: The directory's order: by region, then partner (the entries' stored names, read through their index).
_ORDER = ("region_name", "partner_name", "pk")


def _rows(qs: QuerySet, today: dt.date) -> list[PublicCooperation]:
    """The cooperations of `qs` as the directory shows them, in the queryset's order: each with its status today and
    its latest public activity (three queries)."""
    rows, latest = [], {}
    for *values, activity in qs.annotate(latest_public=_latest_public(today)).values_list(*_ROW, "latest_public"):
        rows.append(row := _row(tuple(values)))
        if activity:
            latest[row.pk] = activity
    if not rows:
        return rows
    statuses = _statuses(Cooperation.objects.filter(pk__in=[r.pk for r in rows]), today)
    found = {a["pk"]: a for a in Activity.objects.filter(pk__in=latest.values()).values("pk", *_ACTIVITY)}
    for r in rows:
        r.status = statuses.get(r.pk, "")
        if (pk := latest.get(r.pk)) in found:
            r.latest = _activity(found[pk])
    return rows


def directory(
    *,
    filters: DirectoryFilters,
    options: DirectoryOptions | None = None,
    today=None,
    page: int | str | None = 1,
    per_page: int = 25,
    map: bool = True,
) -> Directory:
    """One page of the published cooperations of every region that match `filters`, by region then partner, each
    with its status today and its latest public activity; the database filters, counts and pages (a fixed
    number of queries, whatever the count), and groups the map's countries and markers."""
    today = today or timezone.localdate()
    qs = _filtered(filters, today)
    shown = Paginator(qs.values_list("pk", flat=True).order_by(*_ORDER), per_page).get_page(page)
    pks = list(shown.object_list)
    by_pk = {r.pk: r for r in _rows(published_cooperations().filter(pk__in=pks), today)} if pks else {}
    shown.object_list = [by_pk[pk] for pk in pks if pk in by_pk]
    listing = Directory(
        rows=shown.object_list, options=options or _no_options(), page=shown, total=shown.paginator.count
    )
    if map and listing.total:
        from kembar.dashboards.selectors import partner_markers

        from .models import DirectoryEntry

        markers = partner_markers(qs, fields=DirectoryEntry.MAP_FIELDS)
        listing.points, listing.points_left_out, listing.country_counts = markers
    return listing


def directory_after(
    *, filters: DirectoryFilters, after: tuple[str, str, int] | None, limit: int, today=None
) -> tuple[list[PublicCooperation], tuple[str, str, int] | None]:
    """The directory's rows that come after the key `after` (region name, partner name, id) in its order, at most
    `limit` of them, and the key of the last one when more follow (else None): a page that neither skips nor
    repeats rows when cooperations are published or withdrawn between two pages (the API's cursor)."""
    today = today or timezone.localdate()
    qs = _filtered(filters, today)
    if after is not None:
        region_name, partner_name, pk = after
        qs = qs.filter(
            Q(region_name__gt=region_name)
            | Q(region_name=region_name, partner_name__gt=partner_name)
            | Q(region_name=region_name, partner_name=partner_name, pk__gt=pk)
        )
    keys = list(qs.order_by(*_ORDER).values_list("pk", *_ORDER[:2])[: limit + 1])
    shown = keys[:limit]
    pks = [pk for pk, _region, _partner in shown]
    by_pk = {r.pk: r for r in _rows(published_cooperations().filter(pk__in=pks), today)} if pks else {}
    rows = [by_pk[pk] for pk in pks if pk in by_pk]
    last = shown[-1] if shown and len(keys) > limit else None
    return rows, ((last[1], last[2], last[0]) if last else None)


def directory_rows(*, filters: DirectoryFilters, today=None) -> list[PublicCooperation]:
    """Every published cooperation that matches `filters`, in the directory's order, each with its status today
    and its latest public activity: the open data downloads (a fixed number of queries)."""
    today = today or timezone.localdate()
    matching = published_cooperations().filter(pk__in=_filtered(filters, today).values("pk"))
    order = ("directory_entry__region_name", "directory_entry__partner_name", "pk")
    return _rows(matching.order_by(*order), today)


# --- A region, a cooperation ----------------------------------------------------------------------------------


def region_get(*, code: str) -> Region:
    """The region with published cooperations (Region.DoesNotExist otherwise: the same as no such region)."""
    return Region.objects.select_related("parent").get(code=code, pk__in=_entries().values("region_id"))


def region_page(*, code: str, page: int | str | None = 1, per_page: int = 25, today=None):
    """A region's published cooperations, one page of them (with their latest activities; Directory), and its ten
    latest public activities."""
    today = today or timezone.localdate()
    region = region_get(code=code)
    listing = directory(
        filters=DirectoryFilters(region=region.code), today=today, page=page, per_page=per_page, map=False
    )
    head = PublicRegion(
        code=region.code,
        name=region.name,
        province_code=region.parent.code if region.parent else region.code,
        province=region.parent.name if region.parent else region.name,
        cooperations=listing.total,
    )
    return head, listing, recent_activities(region=region, today=today)


def recent_activities(*, region: Region, today: dt.date, limit: int = 10) -> list[PublicActivity]:
    """The region's latest public activities dated by today, newest first."""
    return [
        _activity(a)
        for a in public_activities(region=region)
        .filter(date_sort__lte=today)
        .order_by("-date_sort", "-pk")
        .values(*_ACTIVITY)[:limit]
    ]


def _no_options() -> DirectoryOptions:
    return DirectoryOptions([], [], [], [], [], [])


def cooperation_page(*, code: str, ref: str, today=None) -> CooperationPage:
    """A published cooperation's public page (Cooperation.DoesNotExist when it is not published, or not there)."""
    today = today or timezone.localdate()
    qs = published_cooperations().filter(region__code=code, ref=ref)
    values = qs.values_list(*_ROW).first()
    if values is None:
        raise Cooperation.DoesNotExist
    coop = _row(values)
    coop.status = _statuses(qs, today).get(coop.pk, "")
    region = Region.objects.get(code=code)
    rules = publication_rules(region=region)
    acts = public_activities(region=region).filter(cooperation_id=coop.pk)
    past = [_activity(a) for a in acts.exclude(date_sort__gt=today).order_by("-date_sort", "-pk").values(*_ACTIVITY)]
    upcoming = [
        _activity(a) for a in acts.filter(date_sort__gt=today).order_by("date_sort", "pk").values(*_ACTIVITY, "pk")
    ]
    coop.latest = next((a for a in past if a.date), None)
    docs = public_documents(region=region).filter(cooperation_id=coop.pk).annotate(n_files=Count("files"))
    documents = [
        PublicDocument(
            pk=d["pk"], kind=d["kind"], title=d["title"], date=d["date"] or None, has_file=bool(d["n_files"])
        )
        for d in docs.order_by("position", "pk").values("pk", "kind", "title", "date", "n_files")
    ]
    findings = [
        PublicFinding(topic=f["topic"], text=f["text"])
        for f in public_findings(region=region)
        .filter(cooperation_id=coop.pk)
        .order_by("position", "pk")
        .values("topic", "text")
    ]
    page = CooperationPage(
        cooperation=coop, goals_public=False, past=past, upcoming=upcoming, documents=documents, findings=findings
    )
    if rules["evaluation"]:
        page.evaluation = _evaluation(region=region, pk=coop.pk, today=today)
    return page


def _evaluation(*, region: Region, pk: int, today: dt.date) -> PublicEvaluation:
    from kembar.evaluation.lifecycle import text_in
    from kembar.evaluation.selectors import evaluation_get

    ev = evaluation_get(region=region, cooperation=Cooperation.objects.get(pk=pk), as_of=today, detail=False)
    return PublicEvaluation(
        framework=text_in(ev.framework.get("title")),
        as_of=ev.as_of,
        verdicts=tuple(PublicVerdict(str(e.label), e.verdict, str(e.verdict_label)) for e in ev.elements),
    )


def public_file(*, code: str, ref: str, pk: int) -> DocumentFile:
    """The latest file of a public document of a published cooperation (DocumentFile.DoesNotExist otherwise). The
    one model instance this module gives out: a view streams it under a name of its own making, never its
    stored or original name."""
    region = Region.objects.filter(code=code).first()
    if region is None:
        raise DocumentFile.DoesNotExist
    doc = public_documents(region=region).filter(pk=pk, cooperation__ref=ref).values("pk", "title").first()
    if doc is None:
        raise DocumentFile.DoesNotExist
    f = DocumentFile.objects.filter(document_id=doc["pk"]).order_by("-version").first()
    if f is None:
        raise DocumentFile.DoesNotExist
    return f


# --- Feeds and calendars ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PublicDated:
    """A public activity with where it belongs, for a feed or a calendar: `pk` names it (stable ids), `day` is
    the first day its date allows (the order)."""

    pk: int
    day: dt.date
    activity: PublicActivity
    region_code: str
    region_name: str
    ref: str
    partner: str

    @property
    def cooperation_title(self) -> str:
        return f"{self.region_name} – {self.partner}"


def feed_cooperation(*, code: str, ref: str) -> PublicCooperation:
    """The head of a published cooperation (Cooperation.DoesNotExist otherwise)."""
    values = published_cooperations().filter(region__code=code, ref=ref).values_list(*_ROW).first()
    if values is None:
        raise Cooperation.DoesNotExist
    return _row(values)


def public_dated(
    *, region: Region, cooperation_pk: int | None = None, today=None, upcoming: bool = False, limit: int = 50
) -> list[PublicDated]:
    """The region's (or one of its published cooperations') public activities with a date: those dated by today,
    newest first (`upcoming=False`, a feed), or those after today, soonest first (a calendar); at most `limit`."""
    today = today or timezone.localdate()
    qs = public_activities(region=region).filter(date_sort__isnull=False)
    if cooperation_pk is not None:
        qs = qs.filter(cooperation_id=cooperation_pk)
    if upcoming:
        qs = qs.filter(date_sort__gt=today).order_by("date_sort", "pk")
    else:
        qs = qs.filter(date_sort__lte=today).order_by("-date_sort", "-pk")
    rows = qs.values(
        *_ACTIVITY, "pk", "date_sort", "cooperation__ref", "cooperation__partner__name", "region__code", "region__name"
    )[:limit]
    return [
        PublicDated(
            pk=r["pk"],
            day=r["date_sort"],
            activity=_activity(r),
            region_code=r["region__code"],
            region_name=r["region__name"],
            ref=r["cooperation__ref"],
            partner=r["cooperation__partner__name"],
        )
        for r in rows
    ]


def published_addresses() -> list[tuple[str, str]]:
    """(region code, ref) of every published cooperation, by region and ref: the sitemap's cooperation pages."""
    return list(published_cooperations().order_by("region__code", "ref").values_list("region__code", "ref"))


#: The longest search text the directory reads (a partner's or a region's name is far shorter).
MAX_QUERY = 100


class BadFilter(ValueError):
    """A directory filter that is not one of its options: the page says which, with status 400."""


def _clean_text(value: str) -> str:
    """A query value as text a person types: no control characters (a NUL byte is no search)."""
    if not typed_text(value, lines=False):
        raise BadFilter(_("The search contains characters that cannot be searched for."))
    return value.strip()


def read_filters(query, options: DirectoryOptions | None = None) -> DirectoryFilters:
    """The directory's filters from a query string, each checked against what the directory offers (BadFilter).
    `options`: directory_options() when the caller has them; else they are read only when a filter needs them."""
    from kembar.evaluation.lifecycle import ORDER

    values = {name: _clean_text(query.get(name, "")) for name in DirectoryFilters.__dataclass_fields__}
    if len(values["q"]) > MAX_QUERY:
        raise BadFilter(_("The search text is too long (at most %(n)s characters).") % {"n": MAX_QUERY})
    allowed = {
        "province": (lambda o: {code for code, _name in o.provinces}, _("There is no such province in the directory.")),
        "region": (lambda o: {r.code for r in o.regions}, _("There is no such region in the directory.")),
        "country": (lambda o: {code for code, _name in o.countries}, _("There is no such country in the directory.")),
        "field": (lambda o: set(o.fields), _("There is no such field of cooperation in the directory.")),
        "status": (lambda o: set(ORDER), _("There is no such status.")),
        "form": (lambda o: set(Cooperation.Form.values), _("There is no such form of cooperation.")),
    }
    for name, (known, message) in allowed.items():
        if not values[name]:
            continue
        if options is None and name not in ("status", "form"):
            options = directory_options()
        if values[name] not in known(options):
            raise BadFilter(message)
    return DirectoryFilters(**values)
