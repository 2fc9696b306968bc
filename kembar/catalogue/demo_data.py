"""The catalogue's part of the demo (`kembar demo`, through kembar/catalogue/demo.py): the programme switched on
for the region, one published edition of the sample products whose texts are reviewed in the four languages,
its print PDF, and distribution points with a log marked "contoh". Safe to run again."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

#: Real offices the seed names as channels (seed 000: KBRI, trade attachés, ITPC); their addresses are left
#: empty rather than invented.
POINTS = [
    ("embassy", "KBRI Seoul", "KR", "Seoul"),
    ("trade_attache", "Atase Perdagangan KBRI Tokyo", "JP", "Tokyo"),
    ("itpc", "ITPC Osaka", "JP", "Osaka"),
]


def _demo_user(region):
    from kembar.accounts.models import Membership, Role

    m = Membership.objects.filter(region=region, role=Role.TRADE_STAFF).select_related("user").order_by("pk").first()
    return m.user if m else None


@transaction.atomic
def demo_editions(*, region) -> None:
    from kembar.smes.models import Product

    from . import selectors, services
    from .models import DistributionPoint, Edition

    by = _demo_user(region)
    if not selectors.enabled(region):
        services.settings_update(region=region, by=by, enabled=True, max_products=100)
    points = list(DistributionPoint.objects.filter(region=region))
    if not points:
        points = [
            services.point_create(region=region, by=by, kind=kind, name=name, country_id=country, city=city)
            for kind, name, country, city in POINTS
        ]
    if Edition.all_objects.filter(region=region).exists():
        return
    ready = [
        p.pk
        for p in Product.objects.filter(region=region, is_sample=True).prefetch_related("texts").order_by("pk")
        if all(t.status == "reviewed" for t in p.texts.all()) and p.texts.count() == 4
    ][:100]
    if not ready:
        return
    today = timezone.localdate()
    edition = services.edition_create(region=region, by=by, title=f"Little Bandung {today.year} (contoh)", date=today)
    services.edition_choose(edition=edition, by=by, product_ids=ready)
    edition = services.edition_publish(edition=edition, by=by)
    services.pdf_run(pdf=services.pdf_request(edition=edition, by=by, enqueue=False))
    for point, copies in zip(points, (50, 30, 20), strict=False):
        services.distribution_record(
            region=region, by=by, edition=edition, point=point, copies=copies, date=today, note="contoh"
        )
