"""Reads of cooperation plans. Every function takes the region (or a cooperation, which carries it)."""

from dataclasses import dataclass, field

from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.utils.translation import get_language

from kembar.cooperations.models import Cooperation, Document, DocumentFile, DocumentKind
from kembar.procedure.packs import file_pack
from kembar.procedure.selectors import pack_data_for
from kembar.regions.models import Region

from .models import CooperationPlan

#: The pack whose plan contents apply when a cooperation follows none (the one in force).
FALLBACK_PACK = "permendagri-25-2020"
#: Title of the document that holds uploaded, edited versions of the generated draft MoU.
MOU_DRAFT_TITLE = "Draft MoU"


@dataclass(frozen=True)
class Requirements:
    """What a plan must contain: the items with their names, and where that list comes from."""

    pack_id: str
    items: list[dict]
    source: str
    confirmed: bool
    fallback: bool = False  # the cooperation follows no (known) pack; the pack in force is used
    ids: list[str] = field(default_factory=list)


def plan_requirements(*, cooperation: Cooperation) -> Requirements:
    try:
        pack = pack_data_for(cooperation=cooperation)
    except KeyError:  # a pack id the repository does not ship
        pack = None
    fallback = pack is None or not pack.get("plan_contents")
    if fallback:
        pack = file_pack(FALLBACK_PACK)
    contents = pack["plan_contents"]
    items = [{"id": str(i["id"]), "name": dict(i["name"])} for i in contents["items"]]
    return Requirements(
        pack_id=pack["id"],
        items=items,
        source=str(contents.get("source", "")).strip(),
        confirmed=bool(contents.get("confirmed", True)),
        fallback=fallback,
        ids=[i["id"] for i in items],
    )


def item_label(item: dict, language: str | None = None) -> str:
    """The item's name in the active language (Indonesian or English), falling back to either."""
    lang = (language or get_language() or "id")[:2]
    names = item.get("name", {})
    return names.get(lang) or names.get("en") or names.get("id") or item["id"]


def plan_list(*, cooperation: Cooperation) -> list[CooperationPlan]:
    """Every plan of the cooperation, newest first (the first is the current one)."""
    return list(
        CooperationPlan.objects.filter(region_id=cooperation.region_id, cooperation=cooperation)
        .select_related("decided_by", "submitted_by")
        .order_by("-number")
    )


def plan_current(*, cooperation: Cooperation) -> CooperationPlan | None:
    return (
        CooperationPlan.objects.filter(region_id=cooperation.region_id, cooperation=cooperation)
        .order_by("-number")
        .first()
    )


_STATUS_ORDER = Case(
    When(status=CooperationPlan.Status.SUBMITTED, then=Value(0)), default=Value(1), output_field=IntegerField()
)


def plan_list_for_dprd(*, region: Region) -> QuerySet[CooperationPlan]:
    """Plans sent to the DPRD in the region: those awaiting a decision first, then the decided ones."""
    return (
        CooperationPlan.objects.filter(region=region, cooperation__deleted_at__isnull=True)
        .exclude(status=CooperationPlan.Status.DRAFT)
        .select_related("cooperation__partner", "decided_by")
        .order_by(_STATUS_ORDER, "-submitted_at", "-pk")
    )


def plan_get(*, region: Region, pk: int) -> CooperationPlan:
    return CooperationPlan.objects.select_related("cooperation__partner__country", "cooperation__region").get(
        region=region, pk=pk, cooperation__deleted_at__isnull=True
    )


def mou_draft_document(*, cooperation: Cooperation) -> Document | None:
    return (
        Document.objects.filter(
            region_id=cooperation.region_id, cooperation=cooperation, kind=DocumentKind.MOU, title=MOU_DRAFT_TITLE
        )
        .order_by("pk")
        .first()
    )


def mou_draft_files(*, document: Document | None) -> list[DocumentFile]:
    if document is None:
        return []
    return list(DocumentFile.objects.filter(document=document).select_related("uploaded_by").order_by("-version"))
