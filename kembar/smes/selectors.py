"""Reads of the SME registry, always through the region (a user never reaches another region's rows)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Case, Count, F, OuterRef, Prefetch, Q, Subquery, Value, When

from .models import LANGUAGES, SME, Certification, Product, ProductPhoto, ProductText, TranslatorAssignment

#: The catalogue's order of languages (id, en, ko, ja), for ordering text rows.
LANGUAGE_ORDER = Case(*[When(language=lang, then=Value(i)) for i, lang in enumerate(LANGUAGES)], default=Value(9))


def smes(region, *, owner=None):
    """The region's SMEs (live), those `owner` owns when given."""
    qs = SME.objects.filter(region=region)
    if owner is not None:
        qs = qs.filter(owners=owner)
    return qs


def sme_get(region, pk: int, *, owner=None) -> SME:
    """One SME of the region (SME.DoesNotExist for another region's, a deleted one, or one `owner` does not own)."""
    return smes(region, owner=owner).select_related("region", "verified_by").get(pk=pk)


def sme_any(region, pk: int) -> SME:
    """One SME of the region, live or in the trash (restore: a repeated click finds it restored)."""
    return SME.all_objects.select_related("region").get(region=region, pk=pk)


def certifications(sme: SME, *, removed: bool = False):
    """The SME's certifications: live ones, or those removed (restorable from the SME's page)."""
    qs = Certification.all_objects.filter(region_id=sme.region_id, sme=sme)
    return qs.deleted().select_related("deleted_by").order_by("-deleted_at") if removed else qs.live()


def certification_get(sme: SME, pk: int, *, live: bool = True) -> Certification:
    """One certification of the SME (Certification.DoesNotExist for another SME's; a removed one when not `live`)."""
    qs = Certification.all_objects.filter(region_id=sme.region_id, sme=sme)
    return (qs.live() if live else qs).select_related("sme").get(pk=pk)


def product_any(region, pk: int) -> Product:
    """One product of the region, live or in the trash (for restore)."""
    return Product.all_objects.select_related("sme").get(region=region, pk=pk)


#: Most rows of each kind the trash page lists (the newest first; the page says how many more there are).
TRASH_LIMIT = 100


def _indonesian_name():
    return Subquery(ProductText.objects.filter(product=OuterRef("pk"), language="id").values("name")[:1])


def trash(region) -> dict[str, tuple[list, int]]:
    """The region's deleted SMEs (each with how many products went with it), products deleted on their own, and
    removed certifications: (the newest TRASH_LIMIT rows, how many there are) of each, in six queries."""
    smes_ = (
        SME.all_objects.filter(region=region)
        .deleted()
        .select_related("deleted_by")
        .annotate(n_products=Count("products", filter=Q(products__deleted_at=F("deleted_at"))))
        .order_by("-deleted_at", "-pk")
    )
    # A product deleted with its SME carries the SME's time of deletion: it is listed (and restored) with the SME.
    products_ = (
        Product.all_objects.filter(region=region)
        .deleted()
        .filter(Q(sme__deleted_at__isnull=True) | ~Q(deleted_at=F("sme__deleted_at")))
        .select_related("sme", "deleted_by")
        .annotate(name=_indonesian_name())
        .order_by("-deleted_at", "-pk")
    )
    certifications_ = (
        Certification.all_objects.filter(region=region)
        .deleted()
        .select_related("sme", "deleted_by")
        .order_by("-deleted_at", "-pk")
    )
    return {
        name: (list(qs[:TRASH_LIMIT]), qs.count())
        for name, qs in (("smes", smes_), ("products", products_), ("certifications", certifications_))
    }


def products(region, *, sme=None, owner=None):
    qs = Product.objects.filter(region=region, sme__deleted_at__isnull=True)
    if sme is not None:
        qs = qs.filter(sme=sme)
    if owner is not None:
        qs = qs.filter(sme__owners=owner)
    return qs


def with_texts_and_photos(qs):
    """Products with their four texts and their live photos prefetched (two queries, whatever the number)."""
    return qs.select_related("sme").prefetch_related(
        Prefetch("texts", queryset=ProductText.objects.order_by(LANGUAGE_ORDER)),
        Prefetch("photos", queryset=ProductPhoto.objects.order_by("order", "pk")),
    )


def product_get(region, pk: int, *, owner=None) -> Product:
    return with_texts_and_photos(products(region, owner=owner)).select_related("region").get(pk=pk)


def product_ready_for(product: Product, languages: Iterable[str]) -> list[str]:
    """The languages of `languages` (in that order) in which the product's text is not reviewed: the catalogue
    refuses a product while this is not empty. Reads prefetched `texts` when there."""
    wanted = list(dict.fromkeys(languages))
    cache = getattr(product, "_prefetched_objects_cache", {})
    if "texts" in cache:
        reviewed = {t.language for t in cache["texts"] if t.status == ProductText.Status.REVIEWED}
    else:
        reviewed = set(
            ProductText.objects.filter(
                product=product, language__in=wanted, status=ProductText.Status.REVIEWED
            ).values_list("language", flat=True)
        )
    return [lang for lang in wanted if lang not in reviewed]


def completeness(region, *, owner=None) -> list[dict]:
    """Per language: how many of the region's live products have text reviewed, in draft, missing (one query)."""
    qs = ProductText.objects.filter(
        region=region, product__deleted_at__isnull=True, product__sme__deleted_at__isnull=True
    )
    if owner is not None:
        qs = qs.filter(product__sme__owners=owner)
    rows = {
        r["language"]: r
        for r in qs.values("language").annotate(
            total=Count("pk"),
            reviewed=Count("pk", filter=Q(status=ProductText.Status.REVIEWED)),
            draft=Count("pk", filter=Q(status=ProductText.Status.DRAFT)),
            missing=Count("pk", filter=Q(status=ProductText.Status.MISSING)),
        )
    }
    out = []
    for language in LANGUAGES:
        r = rows.get(language, {"total": 0, "reviewed": 0, "draft": 0, "missing": 0})
        total = r["total"]
        out.append(
            {
                "language": language,
                "total": total,
                "reviewed": r["reviewed"],
                "draft": r["draft"],
                "missing": r["missing"],
                "percent": round(100 * r["reviewed"] / total) if total else 0,
            }
        )
    return out


def translator_languages(user, region) -> list[str]:
    """The languages the user translates in the region (in the catalogue's order)."""
    if not getattr(user, "is_authenticated", False):
        return []
    mine = set(TranslatorAssignment.objects.filter(region=region, user=user).values_list("language", flat=True))
    return [lang for lang in LANGUAGES if lang in mine]


def queue(region, language: str):
    """The texts in `language` awaiting translation or review (missing or draft) of live products, with the
    product's Indonesian text beside them (the source a translator works from)."""
    return (
        ProductText.objects.filter(
            region=region,
            language=language,
            product__deleted_at__isnull=True,
            product__sme__deleted_at__isnull=True,
        )
        .exclude(status=ProductText.Status.REVIEWED)
        .select_related("product", "product__sme")
        .order_by("status", "product_id")
    )


def source_texts(product_ids: Iterable[int], language: str = "id") -> dict[int, ProductText]:
    """The texts of these products in the source language (Indonesian), by product id."""
    return {t.product_id: t for t in ProductText.objects.filter(product_id__in=list(product_ids), language=language)}


def translators(region) -> list[tuple[object, set[str]]]:
    """The region's users with the translator role, each with the languages assigned to them (two queries)."""
    from kembar.accounts.models import Membership, Role

    people = [
        m.user
        for m in Membership.objects.filter(region=region, role=Role.TRANSLATOR).select_related("user").order_by("pk")
    ]
    assigned: dict[int, set[str]] = {}
    for user_id, language in TranslatorAssignment.objects.filter(region=region).values_list("user_id", "language"):
        assigned.setdefault(user_id, set()).add(language)
    return [(user, assigned.get(user.pk, set())) for user in people]
