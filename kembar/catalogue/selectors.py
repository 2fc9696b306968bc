"""Reads of the catalogue, each taking the region: its settings, editions and their items, what keeps a product
out of an edition, the print PDFs, distribution points and the log. They return data, never labels or URLs."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Sum

from kembar.regions.models import Region

from .models import CatalogueSettings, Distribution, DistributionPoint, Edition, EditionItem, EditionPdf


def settings_of(region: Region) -> CatalogueSettings:
    """The region's catalogue settings (switched off, 100 products, when it has none yet)."""
    return CatalogueSettings.objects.filter(region=region).first() or CatalogueSettings(region=region)


def enabled(region: Region) -> bool:
    return CatalogueSettings.objects.filter(region=region, enabled=True).exists()


def enabled_region(code: str) -> Region | None:
    """The region of this code when it runs the catalogue (the public pages exist only then)."""
    settings = CatalogueSettings.objects.filter(region__code=code, enabled=True).select_related("region").first()
    return settings.region if settings else None


def edition_list(*, region: Region):
    return Edition.objects.filter(region=region).annotate(n_items=Count("items")).order_by("-number")


def edition_get(*, region: Region, pk: int) -> Edition:
    return Edition.objects.select_related("region").get(region=region, pk=pk)


def published_editions(*, region: Region):
    return (
        Edition.objects.filter(region=region, status=Edition.Status.PUBLISHED)
        .annotate(n_items=Count("items"))
        .order_by("-number")
    )


def published_edition(*, region: Region, number: int) -> Edition:
    return Edition.objects.select_related("region").get(region=region, number=number, status=Edition.Status.PUBLISHED)


def edition_history(edition: Edition) -> list:
    """The edition's history rows (who, when, why), newest first."""
    return list(edition.history.select_related("history_user").order_by("-history_date", "-history_id"))


def items_of(edition: Edition):
    return EditionItem.objects.filter(edition=edition).order_by("position")


def item_of(edition: Edition, position: int) -> EditionItem:
    return EditionItem.objects.get(edition=edition, position=position)


def latest_pdf(edition: Edition) -> EditionPdf | None:
    return EditionPdf.objects.filter(edition=edition).order_by("-created_at", "-pk").first()


def latest_done_pdf(edition: Edition) -> EditionPdf | None:
    return (
        EditionPdf.objects.filter(edition=edition, status=EditionPdf.Status.DONE).order_by("-created_at", "-pk").first()
    )


def pdf_get(*, region: Region, pk: int) -> EditionPdf:
    return EditionPdf.objects.select_related("edition", "region").get(region=region, pk=pk)


# --- Products for an edition -----------------------------------------------------------------------------


def _products(region: Region):
    from kembar.smes.models import Product

    return Product.objects.filter(region=region, sme__deleted_at__isnull=True)


def products_for_snapshot(*, region: Region, product_ids):
    from kembar.smes.models import ProductPhoto

    return list(
        _products(region)
        .filter(pk__in=list(product_ids))
        .select_related("sme")
        .prefetch_related(
            "texts",
            "sme__certifications",
            Prefetch("photos", queryset=ProductPhoto.objects.order_by("order", "pk")),
        )
    )


def product_problems(*, region: Region, product_ids, languages) -> list[tuple[str, str]]:
    """(product, why) for each chosen product that may not enter an edition: not of the region (or deleted), or
    its text in a required language not reviewed. Empty when every one may."""
    from django.utils.translation import gettext as _

    from kembar.smes.models import Language
    from kembar.smes.selectors import product_ready_for

    ids = list(product_ids)
    found = {p.pk: p for p in _products(region).filter(pk__in=ids).prefetch_related("texts")}
    problems = []
    names = dict(Language.choices)
    for pk in ids:
        product = found.get(pk)
        if product is None:
            problems.append((f"#{pk}", _("no such product in this region")))
            continue
        missing = [str(names.get(lang, lang)) for lang in product_ready_for(product, languages)]
        if missing:
            label = (product.text("id").name if product.text("id") else "") or f"#{pk}"
            problems.append((label, _("text not reviewed in %(languages)s") % {"languages": ", ".join(missing)}))
    return problems


@dataclass(frozen=True)
class Candidate:
    product_id: int
    name: str
    category: str
    sme_name: str
    is_sample: bool
    statuses: dict
    ready: bool
    chosen: bool

    @property
    def status_list(self) -> list[tuple[str, str]]:
        return [(lang, self.statuses.get(lang, "missing")) for lang in ("id", "en", "ko", "ja")]


def candidates(*, edition: Edition, limit: int = 1000) -> list[Candidate]:
    """The region's products to choose from, in the edition's order (category, Indonesian name), each with its
    texts' status and whether it may enter (every required language reviewed)."""
    from kembar.catalogue import words

    products = _products(edition.region).select_related("sme").prefetch_related("texts").order_by("pk")[:limit]
    chosen = set(edition.chosen)
    out = []
    for p in products:
        statuses = {t.language: t.status for t in p.texts.all()}
        name = (p.text("id").name if p.text("id") else "") or next(
            (t.name for t in p.texts.all() if t.name), f"#{p.pk}"
        )
        ready = all(statuses.get(lang) == "reviewed" for lang in edition.languages)
        out.append(
            Candidate(
                p.pk, name, p.category, p.sme.name, p.is_sample or p.sme.is_sample, statuses, ready, p.pk in chosen
            )
        )
    out.sort(key=lambda c: (words.category_rank(c.category), c.name.casefold(), c.product_id))
    return out


# --- Distribution -----------------------------------------------------------------------------------------


def point_list(*, region: Region):
    return (
        DistributionPoint.objects.filter(region=region)
        .select_related("country")
        .annotate(copies=Sum("distributions__copies"))
    )


def point_get(*, region: Region, pk: int) -> DistributionPoint:
    return DistributionPoint.objects.get(region=region, pk=pk)


def distribution_log(*, region: Region, edition: Edition | None = None):
    qs = Distribution.objects.filter(region=region).select_related("edition", "point", "point__country")
    if edition is not None:
        qs = qs.filter(edition=edition)
    return qs.order_by("-date", "-pk")


@dataclass(frozen=True)
class GuideSme:
    name: str
    kecamatan: str
    address: str
    phone: str
    email: str
    website: str
    is_sample: bool
    products: list[tuple[int, dict]]


def guide_smes(edition: Edition) -> list[GuideSme]:
    """The SMEs of a published edition, as its snapshot has them, grouped for the buyers' guide: by kecamatan,
    then name, each with its products (position, names per language)."""
    by_sme: dict[tuple, dict] = {}
    for item in items_of(edition):
        sme = item.snapshot.get("sme", {})
        key = (sme.get("kecamatan", ""), sme.get("name", ""), sme.get("phone", ""), sme.get("email", ""))
        row = by_sme.setdefault(key, {"sme": sme, "sample": False, "products": []})
        row["sample"] = row["sample"] or bool(item.snapshot.get("is_sample"))
        row["products"].append((item.position, {k: v.get("name", "") for k, v in item.snapshot["texts"].items()}))
    out = []
    for (kecamatan, name, _phone, _email), row in sorted(
        by_sme.items(), key=lambda kv: (kv[0][0].casefold(), kv[0][1].casefold())
    ):
        sme = row["sme"]
        out.append(
            GuideSme(
                name=name,
                kecamatan=kecamatan,
                address=sme.get("address", ""),
                phone=sme.get("phone", ""),
                email=sme.get("email", ""),
                website=sme.get("website", ""),
                is_sample=row["sample"],
                products=row["products"],
            )
        )
    return out
