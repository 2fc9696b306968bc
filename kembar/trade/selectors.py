"""Reads of kembar.trade, always through the region: channels, inquiries (an SME owner's only of their own SMEs),
the products a buyer may ask about, and the programme dashboard (aggregated by the database)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Sum

from kembar.smes.models import LANGUAGES, SME, Product, ProductText
from kembar.smes.selectors import completeness

from . import rules
from .models import Channel, ChannelPost, Inquiry, StoreUnit

#: Most products the buyer's form lists when it is opened without a choice (the seed's catalogue has 100).
FORM_PRODUCTS_MAX = 200


# --- Channels ---------------------------------------------------------------------------------------------


def channels(*, region, deleted: bool = False):
    manager = Channel.all_objects if deleted else Channel.objects
    qs = manager.filter(region=region)
    if deleted:
        qs = qs.filter(deleted_at__isnull=False)
    return (
        qs.select_related("country", "cooperation")
        .annotate(n_smes=Count("smes", distinct=True), n_products=Count("products", distinct=True))
        .order_by("kind", "-starts", "name", "pk")
    )


def channel_get(*, region, pk: int, deleted: bool = False) -> Channel:
    manager = Channel.all_objects if deleted else Channel.objects
    return (
        manager.filter(region=region)
        .select_related("country", "cooperation", "region")
        .prefetch_related(
            Prefetch("units", queryset=StoreUnit.objects.order_by("position", "pk")),
            Prefetch("posts", queryset=ChannelPost.objects.select_related("sme").order_by("-date", "-pk")),
            Prefetch("smes", queryset=SME.objects.order_by("name")),
            Prefetch("products", queryset=Product.objects.select_related("sme").prefetch_related("texts")),
        )
        .get(pk=pk)
    )


def ending_soon(*, region, today: dt.date):
    """Running channels that end within rules.RENEWAL_NOTICE_DAYS (a Wall to renew), soonest first."""
    return (
        Channel.objects.filter(
            region=region,
            starts__lte=today,
            ends__gte=today,
            ends__lte=today + dt.timedelta(days=rules.RENEWAL_NOTICE_DAYS),
        )
        .select_related("country")
        .order_by("ends", "pk")
    )


# --- Inquiries --------------------------------------------------------------------------------------------


def inquiries(*, region, owner=None):
    """The region's confirmed inquiries (an unconfirmed one reaches nobody); only those to SMEs `owner` owns when
    given (an SME owner)."""
    qs = Inquiry.objects.filter(region=region).exclude(status=Inquiry.Status.UNVERIFIED)
    if owner is not None:
        qs = qs.filter(Exists(SME.owners.through.objects.filter(sme_id=OuterRef("sme_id"), user=owner)))
    return qs.select_related("sme", "country", "channel")


def inquiry_get(*, region, pk: int, owner=None) -> Inquiry:
    return (
        inquiries(region=region, owner=owner)
        .select_related("cooperation", "activity", "decided_by", "region")
        .prefetch_related(Prefetch("products", queryset=Product.objects.prefetch_related("texts")))
        .get(pk=pk)
    )


def status_counts(qs) -> dict[str, int]:
    rows = dict(qs.order_by().values_list("status").annotate(n=Count("pk")))
    return {s: rows.get(s, 0) for s in Inquiry.Status.values if s != Inquiry.Status.UNVERIFIED}


# --- What a buyer may ask about ---------------------------------------------------------------------------


def public_products(*, region):
    """Products a buyer may ask about: live, of a live SME of the region the trade office has verified, with a
    reviewed text in at least one language (what the online catalogue may show)."""
    reviewed = ProductText.objects.filter(product=OuterRef("pk"), status=ProductText.Status.REVIEWED)
    return (
        Product.objects.filter(region=region, sme__deleted_at__isnull=True, sme__verified_at__isnull=False)
        .filter(Exists(reviewed))
        .select_related("sme")
        .prefetch_related(Prefetch("texts", queryset=ProductText.objects.filter(status=ProductText.Status.REVIEWED)))
        .order_by("category", "sme__name", "pk")
    )


def product_name(product: Product, language: str) -> str:
    """The product's reviewed name in `language`, else in English, else Indonesian, else any reviewed one (from the
    prefetched reviewed texts)."""
    names = {t.language: t.name for t in product.texts.all() if t.name}
    for lang in (language, "en", "id", *LANGUAGES):
        if names.get(lang):
            return names[lang]
    return ""


# --- The dashboard ----------------------------------------------------------------------------------------


def dashboard(*, region, today: dt.date) -> dict:
    """The programme at a glance; every figure is counted or summed by the database (a fixed number of queries)."""
    live_products = Product.objects.filter(region=region, sme__deleted_at__isnull=True)
    by_category = list(
        live_products.order_by()
        .values("category")
        .annotate(smes=Count("sme", distinct=True), products=Count("pk"))
        .order_by("category")
    )
    readiness = dict(
        SME.objects.filter(region=region).order_by().values_list("export_readiness").annotate(n=Count("pk"))
    )
    sme_totals = SME.objects.filter(region=region).aggregate(
        total=Count("pk"), verified=Count("pk", filter=Q(verified_at__isnull=False))
    )
    running = Q(starts__lte=today) & (Q(ends__isnull=True) | Q(ends__gte=today))
    soon = running & Q(ends__isnull=False, ends__lte=today + dt.timedelta(days=rules.RENEWAL_NOTICE_DAYS))
    channel_rows = list(
        Channel.objects.filter(region=region)
        .order_by()
        .values("kind")
        .annotate(
            total=Count("pk"),
            running=Count("pk", filter=running),
            ending=Count("pk", filter=soon),
            planned=Count("pk", filter=Q(starts__isnull=True) | Q(starts__gt=today)),
        )
    )
    confirmed = Inquiry.objects.filter(region=region).exclude(status=Inquiry.Status.UNVERIFIED).order_by()
    deal = Q(status=Inquiry.Status.DEAL)
    per_country = list(
        confirmed.values("country", "country__name_id", "country__name_en")
        .annotate(inquiries=Count("pk"), deals=Count("pk", filter=deal))
        .order_by("-inquiries", "country")
    )
    per_channel = list(
        confirmed.values("channel", "channel__name", "channel__kind")
        .annotate(inquiries=Count("pk"), deals=Count("pk", filter=deal))
        .order_by("-inquiries", "channel__name")
    )
    export_value = list(
        confirmed.filter(deal)
        .values("deal_currency")
        .annotate(total=Sum("deal_value"), deals=Count("pk"))
        .order_by("deal_currency")
    )
    return {
        "sme_totals": sme_totals,
        "by_category": by_category,
        "readiness": readiness,
        "completeness": completeness(region),
        "channels": {r["kind"]: r for r in channel_rows},
        "ending": list(ending_soon(region=region, today=today)[:20]),
        "per_country": per_country,
        "per_channel": per_channel,
        "export_value": export_value,
        "statuses": status_counts(confirmed),
    }
