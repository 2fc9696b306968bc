"""The demo's Little Bandung channels, buyer inquiries and one deal, for Kota Bandung: sample data (is_sample,
shown with a "contoh" badge) on the sample SMEs and products of kembar.smes' demo.

What is fact and what is sample: the programme's channels and the Hongdae store's five floors (café, Sundanese
restaurant, product exhibition, photo and painting gallery, hotel rooms) are from seed 000 and cited so; every
date, venue, post, inquiry and the deal are invented for the demonstration and marked as samples. The deal's
result in the Bandung–Hongdae dossier says in its title and its source that it is sample data.

`demo_trade(region=…)` is safe to run again: it adds nothing when the region has its sample Hongdae store.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from kembar.accounts.models import Membership, Role
from kembar.cooperations.models import Cooperation
from kembar.partners.models import Country

from . import rules, selectors, services
from .models import Channel, Inquiry

HONGDAE_REF = "bandung-hongdae"
STORE_NAME = "Little Bandung Hongdae"
SEED_NOTE = (
    "Rencana Little Bandung di Hongdae, Seoul: bangunan lima lantai — kafe bergaya Bandung, restoran masakan "
    "Indonesia khususnya Sunda, pameran produk unggulan Bandung, galeri foto dan lukisan, kamar hotel. Sumber: "
    "artikel tentang program Little Bandung dan kerja sama Kota Bandung dengan Hongdae, Seoul (penulis dan tahun "
    "tidak tercantum); sumber lainnya: Dinas KUMKM dan Perindag Kota Bandung (2015). Tanggal dan tempat di sini "
    "adalah contoh."
)
FLOORS = [
    ("Lantai 1", "cafe", "Kafe bergaya Bandung"),
    ("Lantai 2", "restaurant", "Restoran masakan Indonesia, khususnya Sunda"),
    ("Lantai 3", "exhibition", "Pameran produk unggulan Kota Bandung"),
    ("Lantai 4", "gallery", "Galeri foto dan lukisan"),
    ("Lantai 5", "hotel", "Kamar hotel yang disewakan"),
]


def _by(region):
    """Who the demo's rows are recorded by: the region's first trade office user, if any."""
    m = Membership.objects.filter(region=region, role=Role.TRADE_STAFF).select_related("user").order_by("pk").first()
    return m.user if m else None


@transaction.atomic
def demo_trade(*, region) -> dict:
    """Sample channels, three confirmed inquiries and one deal of the region; returns what it made (counts)."""
    if Channel.all_objects.filter(region=region, name=STORE_NAME, is_sample=True).exists():
        return {"channels": 0, "inquiries": 0}
    by = _by(region)
    today = timezone.localdate()
    coop = Cooperation.objects.filter(region=region, ref=HONGDAE_REF).first()
    products = list(selectors.public_products(region=region).filter(is_sample=True)[:12])
    smes = sorted({p.sme_id for p in products})
    common = {"region": region, "by": by, "is_sample": True}

    store = services.channel_create(
        **common,
        kind="store",
        name=STORE_NAME,
        venue="Kawasan Hongdae, Mapo-gu",
        city="Seoul",
        country_id="KR",
        starts=today - dt.timedelta(days=200),
        cooperation=coop,
        notes=SEED_NOTE,
        smes=smes,
        products=[p.pk for p in products],
    )
    for label, use, description in FLOORS:
        services.unit_add(channel=store, by=by, label=label, use=use, description=description)
    start = today + dt.timedelta(days=45)
    services.channel_create(
        **common,
        kind="mobile",
        name="Pekan Produk Kreatif Bandung (contoh)",
        venue="Pusat perbelanjaan di Seoul",
        city="Seoul",
        country_id="KR",
        starts=start,
        ends=start + dt.timedelta(days=9),
        cooperation=coop,
        smes=smes[:3],
        products=[p.pk for p in products[:4]],
    )
    wall_start = today - dt.timedelta(days=300)
    services.channel_create(
        **common,
        kind="wall",
        name="Dinding Little Bandung di kafe mitra (contoh)",
        venue="Kafe mitra di Hongdae",
        partner_business="Kafe mitra (contoh)",
        city="Seoul",
        country_id="KR",
        starts=wall_start,
        ends=rules.wall_earliest_end(wall_start),  # a year: it ends within the renewal notice
        cooperation=coop,
        smes=smes[:2],
        products=[p.pk for p in products[:3]],
    )
    page = services.channel_create(
        **common, kind="f4bdg", name="f4bdg (contoh)", url="https://www.facebook.com/f4bdg", starts=today.replace(day=1)
    )
    for days, summary, reach in ((20, "Koleksi batik baru (contoh)", 1840), (6, "Kopi Gunung Puntang (contoh)", 960)):
        services.post_add(
            channel=page,
            by=by,
            date=today - dt.timedelta(days=days),
            url="https://www.facebook.com/f4bdg",
            summary=summary,
            reach=reach,
            reactions=reach // 12,
            comments=reach // 90,
            shares=reach // 150,
        )

    made = []
    if products:
        buyers = [
            ("Park Jiwoo (contoh)", "Hongdae Select Shop (contoh)", "KR", "ko", store, products[:1]),
            ("Sato Yui (contoh)", "Osaka Zakka Trading (contoh)", "JP", "ja", None, products[2:3] or products[:1]),
            ("Tan Wei Ling (contoh)", "Lion City Living (contoh)", "SG", "en", None, products[-1:]),
        ]
        for n, (name, company, country, language, channel, items) in enumerate(buyers, start=1):
            with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):  # sample buyers
                inquiries, secret = services.inquiry_submit(
                    region=region,
                    products=items,
                    name=name,
                    company=company,
                    country=Country.objects.get(code=country),
                    email=f"pembeli{n}@example.com",
                    quantity="300 pcs (contoh)",
                    message="Contoh permintaan pembeli untuk demonstrasi.",
                    language=language,
                    origin=Inquiry.Origin.CHANNEL if channel else Inquiry.Origin.EDITION,
                    channel=channel,
                    is_sample=True,
                )
            services.inquiry_verify(secret=secret, signed=services.verify_signed(secret))
            made.extend(inquiries)
        first = Inquiry.objects.get(pk=made[0].pk)
        services.inquiry_move(inquiry=first, by=by, to=Inquiry.Status.SAMPLE_SENT, note="Sampel dikirim (contoh).")
        services.inquiry_deal(inquiry=first, by=by, value=Decimal("18500000"), currency="KRW", date=today)
        second = Inquiry.objects.get(pk=made[-1].pk)
        services.inquiry_move(inquiry=second, by=by, to=Inquiry.Status.ANSWERED, note="Daftar harga dikirim (contoh).")
    return {"channels": 4, "inquiries": len(made)}
