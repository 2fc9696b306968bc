"""Keeping the catalogue's search entries (models.CatalogueEntry) equal to what they describe.

Two kinds of entry: a live product (the trade office's search: every product of the region, whatever its
texts' status) and a published edition's item (the online catalogue: exactly the text the edition published).
A product's entry is written on every save or delete of the product, of one of its texts, of its SME or of
the SME's certifications (the signals below), in the writer's transaction; an item's when its edition is
published. Writers that bypass save() (bulk sample data) call `write_products` with what they inserted;
`rebuild` writes every entry from scratch (`kembar catalogue reindex`, the migration that made the table).
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django.db.models.signals import post_delete, post_save

LANGUAGES = ("id", "en", "ko", "ja")
PRODUCT, ITEM = 1, 2
_REGION_SHIFT, _KIND_SHIFT = 32, 58

#: Price bands of the search's facet, in rupiah (lowest price of the product); 0: priced in another currency.
PRICE_BANDS = ((1, 0, 50_000), (2, 50_000, 250_000), (3, 250_000, 1_000_000), (4, 1_000_000, None))
TEXT_MAX = 4000


def key(kind: int, region_id: int, record_id: int) -> int:
    return (kind << _KIND_SHIFT) | (region_id << _REGION_SHIFT) | record_id


def key_range(kind: int, region_id: int) -> tuple[int, int]:
    return key(kind, region_id, 0), key(kind, region_id, (1 << _REGION_SHIFT) - 1)


def price_band(price_min, currency: str) -> int:
    if currency != "IDR" or price_min is None:
        return 0
    value = Decimal(str(price_min))
    for band, low, high in PRICE_BANDS:
        if value >= low and (high is None or value < high):
            return band
    return 0


def _clip(text: str, n: int) -> str:
    return " ".join((text or "").split())[:n]


def _fill(entry, texts: dict) -> None:
    from . import storage

    for lang in LANGUAGES:
        t = texts.get(lang) or {}
        setattr(entry, f"name_{lang}", _clip(t.get("name", ""), 200))
        setattr(entry, f"text_{lang}", "\n".join(p for p in (t.get("short", ""), t.get("long", "")) if p)[:TEXT_MAX])
    entry.pairs = storage.pairs(entry)


def product_entry(product):
    """The entry of a live product (its texts, SME and certifications prefetched)."""
    from .models import CatalogueEntry

    texts = {t.language: {"name": t.name, "short": t.short, "long": t.long} for t in product.texts.all()}
    statuses = {t.language: t.status for t in product.texts.all()}
    sme = product.sme
    certs = sorted({c.kind for c in sme.certifications.all() if c.deleted_at is None})
    entry = CatalogueEntry(
        id=key(PRODUCT, product.region_id, product.pk),
        region_id=product.region_id,
        kind=PRODUCT,
        record_id=product.pk,
        product_id=product.pk,
        sme_name=sme.name[:200],
        category=product.category,
        certifications="".join(f"|{c}" for c in certs) + ("|" if certs else ""),
        readiness=sme.export_readiness,
        price_band=price_band(product.price_min, product.currency),
        statuses=" ".join(statuses.get(lang, "missing") for lang in LANGUAGES),
        is_sample=product.is_sample,
    )
    _fill(entry, texts)
    return entry


def item_entry(item, edition):
    """The entry of a published edition's item, from its snapshot."""
    from .models import CatalogueEntry

    snap = item.snapshot
    certs = sorted({c["kind"] for c in snap.get("sme", {}).get("certifications", [])})
    entry = CatalogueEntry(
        id=key(ITEM, item.region_id, item.pk),
        region_id=item.region_id,
        kind=ITEM,
        record_id=item.pk,
        product_id=item.product_id,
        edition_id=edition.pk,
        edition_number=edition.number,
        position=item.position,
        sme_name=snap.get("sme", {}).get("name", "")[:200],
        category=item.category,
        certifications="".join(f"|{c}" for c in certs) + ("|" if certs else ""),
        readiness=snap.get("sme", {}).get("readiness", ""),
        price_band=price_band(snap.get("price_min"), snap.get("currency", "")),
        statuses=" ".join("reviewed" if lang in snap.get("texts", {}) else "missing" for lang in LANGUAGES),
        is_sample=bool(snap.get("is_sample")),
    )
    _fill(entry, snap.get("texts", {}))
    return entry


_COLUMNS = (
    "id",
    "region_id",
    "kind",
    "record_id",
    "product_id",
    "edition_id",
    "edition_number",
    "position",
    "sme_name",
    "category",
    "certifications",
    "readiness",
    "price_band",
    "statuses",
    "is_sample",
    *(f"name_{lang}" for lang in LANGUAGES),
    *(f"text_{lang}" for lang in LANGUAGES),
    "pairs",
)


def store(entries: list, *, new: bool = False) -> None:
    """Insert the entries, or replace those there; as many rows a statement as the database takes."""
    from django.db import connection

    from kembar.imports.bulk import insert_rows

    from .models import CatalogueEntry

    replace = () if new else [c for c in _COLUMNS if c != "id"]
    insert_rows(connection, CatalogueEntry._meta.db_table, _COLUMNS, entries, replace=replace, most=500)


def _products(ids):
    from kembar.smes.models import Product

    return (
        Product.all_objects.filter(pk__in=list(ids))
        .select_related("sme")
        .prefetch_related("texts", "sme__certifications")
        .order_by("pk")
    )


def write_products(ids: Iterable[int]) -> None:
    """Write the entries of these products (by id), or remove those of deleted products or SMEs."""
    from .models import CatalogueEntry

    ids = list(dict.fromkeys(ids))
    for i in range(0, len(ids), 500):
        live, gone = [], []
        for product in _products(ids[i : i + 500]):
            (gone if product.deleted_at or product.sme.deleted_at else live).append(product)
        store([product_entry(p) for p in live])
        if gone:
            CatalogueEntry.objects.filter(pk__in=[key(PRODUCT, p.region_id, p.pk) for p in gone]).delete()


def write_items(edition) -> None:
    store([item_entry(item, edition) for item in edition.items.all()])


def remove_items(edition) -> None:
    from .models import CatalogueEntry

    CatalogueEntry.objects.filter(kind=ITEM, edition_id=edition.pk).delete()


def _product_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        write_products([instance.pk])


def _text_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        write_products([instance.product_id])


def _sme_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        from kembar.smes.models import Product

        write_products(Product.all_objects.filter(sme_id=instance.pk).values_list("pk", flat=True))


def _certification_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        from kembar.smes.models import Product

        write_products(Product.all_objects.filter(sme_id=instance.sme_id).values_list("pk", flat=True))


def _product_deleted(sender, instance, **kwargs):
    from .models import CatalogueEntry

    CatalogueEntry.objects.filter(pk=key(PRODUCT, instance.region_id, instance.pk)).delete()


def connect() -> None:
    """Write a product's entry on every save or delete of what it shows (called once, by CatalogueConfig.ready)."""
    from kembar.smes.models import SME, Certification, Product, ProductText

    for model, handler in (
        (Product, _product_saved),
        (ProductText, _text_saved),
        (SME, _sme_saved),
        (Certification, _certification_saved),
    ):
        post_save.connect(handler, sender=model, dispatch_uid=f"catalogue-{model._meta.label}-save")
    post_delete.connect(_product_deleted, sender=Product, dispatch_uid="catalogue-product-delete")
    for model, handler in ((ProductText, _text_saved), (Certification, _certification_saved)):
        post_delete.connect(handler, sender=model, dispatch_uid=f"catalogue-{model._meta.label}-delete")


def rebuild(*, region_ids=None, batch: int = 1000) -> int:
    """Every entry (of the regions given) written again from the products and the published editions."""
    from django.db import connection

    from kembar.smes.models import Product

    from . import storage
    from .models import CatalogueEntry, Edition

    def write_all() -> int:
        n = 0
        qs = Product.objects.filter(sme__deleted_at__isnull=True)
        if region_ids is not None:
            qs = qs.filter(region_id__in=region_ids)
        ids = list(qs.order_by("pk").values_list("pk", flat=True))
        for i in range(0, len(ids), batch):
            store([product_entry(p) for p in _products(ids[i : i + batch])], new=True)
        n += len(ids)
        editions = Edition.objects.filter(status=Edition.Status.PUBLISHED).prefetch_related("items")
        if region_ids is not None:
            editions = editions.filter(region_id__in=region_ids)
        for edition in editions:
            entries = [item_entry(item, edition) for item in edition.items.all()]
            store(entries, new=True)
            n += len(entries)
        return n

    if region_ids is not None:
        CatalogueEntry.objects.filter(region_id__in=region_ids).delete()
        return write_all()
    with storage.bulk_load(connection):
        CatalogueEntry.objects.all().delete()
        return write_all()
