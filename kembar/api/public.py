"""The public endpoints: exactly what the portal publishes, read through kembar.public.selectors (its
whitelisted dataclasses, serialised by the schemas here). No login; unpublished is 404 like on the portal."""

from __future__ import annotations

from django.http import Http404
from django.urls import reverse
from ninja import Field, Query, Router, Schema

from kembar.cooperations.models import Cooperation
from kembar.core import pages
from kembar.public import selectors
from kembar.regions.models import Region

from .kept import kept_json
from .paging import Page, Paging, read_key, write_cursor
from .problems import Problem

router = Router()


def _date(value) -> str | None:
    """A date as stored: "2006", "2006-09", "2006-09-21", or a range "2004/2006-09-21" ("../2011")."""
    return str(value) if value else None


class PublicRegionOut(Schema):
    code: str
    name: str
    province_code: str
    province: str


class PublicActivityOut(Schema):
    date: str | None = Field(description="As the source gives it: YYYY, YYYY-MM, YYYY-MM-DD or a range a/b.")
    end: str | None
    title: str
    kind: str
    kind_label: str
    outcomes: list[str]

    @staticmethod
    def resolve_date(obj) -> str | None:
        return _date(obj.date)

    @staticmethod
    def resolve_end(obj) -> str | None:
        return _date(obj.end)


class PublicCooperationOut(Schema):
    region: PublicRegionOut
    ref: str
    partner: str
    partner_local: str = Field(description="The partner's name in its own script.")
    country: str = Field(description="ISO 3166-1 alpha-2.")
    country_name: str
    type: str
    type_label: str
    form: str
    form_label: str
    fields: list[str]
    started: str | None
    status: str
    status_label: str
    latest: PublicActivityOut | None
    url: str = Field(description="The cooperation's page on the portal.")

    @staticmethod
    def resolve_started(obj) -> str | None:
        return _date(obj.started)

    @staticmethod
    def resolve_url(obj) -> str:
        return reverse("public_cooperation", args=[obj.region.code, obj.ref])


class PublicDocumentOut(Schema):
    kind: str
    kind_label: str
    title: str
    date: str | None
    file: str | None = Field(description="Where the document's file is downloaded (null: no file).")


class PublicFindingOut(Schema):
    topic: str
    text: str


class PublicVerdictOut(Schema):
    label: str
    verdict: str
    verdict_label: str


class PublicEvaluationOut(Schema):
    framework: str
    as_of: str
    verdicts: list[PublicVerdictOut]

    @staticmethod
    def resolve_as_of(obj) -> str:
        return obj.as_of.isoformat()


class PublicCooperationPageOut(Schema):
    cooperation: PublicCooperationOut
    past: list[PublicActivityOut]
    upcoming: list[PublicActivityOut]
    documents: list[PublicDocumentOut]
    findings: list[PublicFindingOut]
    evaluation: PublicEvaluationOut | None


class PublicRegionHeadOut(PublicRegionOut):
    cooperations: int = Field(description="How many published cooperations it has.")


class PublicRegionPageOut(Schema):
    region: PublicRegionHeadOut
    recent: list[PublicActivityOut]


class PublicChoice(Schema):
    code: str
    label: str


class PublicFiltersOut(Schema):
    provinces: list[PublicChoice]
    regions: list[PublicChoice]
    countries: list[PublicChoice]
    fields: list[str]
    forms: list[PublicChoice]
    statuses: list[PublicChoice]


class DirectoryQuery(Schema):
    q: str = Field("", max_length=500, description="Partner, region or country (part of the name).")
    province: str = Field("", max_length=20, description="A province's code (`filters`).")
    region: str = Field("", max_length=20, description="A region's code (`filters`).")
    country: str = Field("", max_length=2, description="ISO 3166-1 alpha-2 (`filters`).")
    field: str = Field("", max_length=200, description="A field of cooperation (`filters`).")
    status: str = Field("", max_length=40, description="A status code (`filters`).")
    form: str = Field("", max_length=40, description="A form code (`filters`).")


@router.get(
    "/filters", response=PublicFiltersOut, url_name="api_public_filters", summary="What the directory filters by"
)
def filters(request):
    options = selectors.directory_options()
    return {
        "provinces": [{"code": c, "label": n} for c, n in options.provinces],
        "regions": [{"code": r.code, "label": r.name} for r in options.regions],
        "countries": [{"code": c, "label": n} for c, n in options.countries],
        "fields": options.fields,
        "forms": [{"code": c, "label": n} for c, n in options.form_choices],
        "statuses": [{"code": c, "label": n} for c, n in options.status_choices],
    }


@router.get(
    "/cooperations",
    response=Page[PublicCooperationOut],
    url_name="api_public_cooperations",
    summary="The national directory of published cooperations",
)
def cooperations(request, query: Query[DirectoryQuery], paging: Query[Paging]):
    # The directory pages in the database by region, partner and id; the cursor holds the last row's key (signed:
    # it cannot be made up), so a page neither skips nor repeats rows published or withdrawn meanwhile.
    after = read_key(paging, scope="public-cooperations", shape=(str, str, int))

    def build():
        try:
            wanted = selectors.read_filters(query.dict())  # the directory's options read only when a filter needs them
        except selectors.BadFilter as bad:
            raise Problem(400, str(bad)) from None
        rows, last = selectors.directory_after(filters=wanted, after=after, limit=paging.limit)
        return {"items": rows, "next": write_cursor(last, "public-cooperations") if last else None}

    # The same for everyone until the next write to any region's records (kept.py).
    return kept_json(
        request, "public-cooperations", Page[PublicCooperationOut], build, version=pages.national_version()
    )


@router.get("/regions/{code}", response=PublicRegionPageOut, url_name="api_public_region", summary="A region")
def region(request, code: str):
    """The region and its latest public activities; its cooperations are the directory's with `region=code`."""
    try:
        head, _listing, recent = selectors.region_page(code=code, per_page=1)
    except Region.DoesNotExist:
        raise Http404 from None
    return {"region": head, "recent": recent}


@router.get(
    "/regions/{code}/cooperations/{ref}",
    response=PublicCooperationPageOut,
    url_name="api_public_cooperation",
    summary="A published cooperation: its public activities, documents, findings and evaluation",
)
def cooperation(request, code: str, ref: str):
    try:
        page = selectors.cooperation_page(code=code, ref=ref)
    except Cooperation.DoesNotExist:
        raise Http404 from None
    documents = [
        {
            "kind": d.kind,
            "kind_label": d.kind_label,
            "title": d.title,
            "date": _date(d.date),
            "file": reverse("public_document_file", args=[code, ref, d.pk]) if d.has_file else None,
        }
        for d in page.documents
    ]
    return {
        "cooperation": page.cooperation,
        "past": page.past,
        "upcoming": page.upcoming,
        "documents": documents,
        "findings": page.findings,
        "evaluation": page.evaluation,
    }
