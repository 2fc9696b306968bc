import datetime as dt
import re
from decimal import Decimal

import pytest
from django.core import mail

from kembar.accounts.models import Role
from kembar.smes import services as smes
from kembar.testing import make_cooperation, make_member
from kembar.trade import services
from kembar.trade.models import Inquiry


def make_sme(region, *, by, name: str, owners=(), products: int = 1, verified: bool = True, category="kerajinan"):
    """A verified SME of the region with `products` products reviewed in Indonesian, English and Korean."""
    sme = smes.sme_create(region=region, by=by, name=name, owner_name=f"Pemilik {name}", owners=list(owners))
    if verified:
        smes.sme_verify(sme=sme, by=by)
    made = []
    for n in range(products):
        texts = {
            "id": {"name": f"Tas anyaman {name} {n}", "status": "reviewed"},
            "en": {"name": f"Woven bag {name} {n}", "status": "reviewed"},
            "ko": {"name": f"직조 가방 {name} {n}", "status": "reviewed"},
        }
        made.append(
            smes.product_create(
                sme=sme,
                by=by,
                category=category,
                price_min=Decimal("100000"),
                price_max=Decimal("250000"),
                texts=texts,
            )
        )
    return sme, made


def send_inquiry(region, products, *, email="buyer@example.kr", country="KR", language="ko", verified=True, **more):
    """A buyer's inquiry through the services, confirmed unless told: (inquiries, secret)."""
    from kembar.partners.models import Country

    fields = {
        "name": "Kim Minji",
        "company": "Seoul Craft Trading",
        "country": Country.objects.get(code=country),
        "email": email,
        "quantity": "500 pcs / bulan",
        "message": "Please send the price list.",
        "language": language,
        **more,
    }
    inquiries, secret = services.inquiry_submit(region=region, products=products, **fields)
    if verified:
        signed = services.verify_signed(secret)
        services.inquiry_verify(secret=secret, signed=signed)
        for i in inquiries:
            i.refresh_from_db()
    return inquiries, secret


def confirm_link(body: str) -> str:
    return re.search(r"https?://[^/\s]+(/tanya/konfirmasi/\S+/\S+/)", body).group(1)


@pytest.fixture
def world(bandung, bogor):
    """Bandung's programme: trade staff, two SMEs with their owners (A owns "Anyaman", B owns "Batik"), a
    translator, a bureau officer, and Bogor's trade staff; the Hongdae cooperation; one Store channel linked to
    it; one confirmed inquiry to each SME."""
    staff = make_member("dagang", bandung, Role.TRADE_STAFF)
    owner_a = make_member("umkm-a", bandung, Role.SME_OWNER)
    owner_b = make_member("umkm-b", bandung, Role.SME_OWNER)
    users = {
        "trade_staff": staff,
        "owner": owner_a,
        "other_owner": owner_b,
        "translator": make_member("penerjemah", bandung, Role.TRANSLATOR),
        "bureau_staff": make_member("biro", bandung, Role.BUREAU_STAFF),
        "overseer": make_member("kemendagri", None, Role.NATIONAL_OVERSEER),
        "other_region": make_member("dagang-bogor", bogor, Role.TRADE_STAFF),
    }
    sme_a, products_a = make_sme(bandung, by=staff, name="Anyaman", owners=[owner_a], products=2)
    sme_b, products_b = make_sme(bandung, by=staff, name="Batik", owners=[owner_b], category="fesyen")
    coop = make_cooperation(bandung, ref="bandung-hongdae", title="Little Bandung Hongdae", country="KR")
    store = services.channel_create(
        region=bandung,
        by=staff,
        kind="store",
        name="Little Bandung Hongdae",
        venue="Hongdae, Mapo-gu",
        city="Seoul",
        country_id="KR",
        starts=dt.date(2026, 1, 10),
        cooperation=coop,
        products=[*products_a, *products_b],
    )
    for user in (staff, owner_a, owner_b):
        user.email = f"{user.username}@example.org"
        user.save(update_fields=["email"])
    mail.outbox.clear()
    inq_a, secret_a = send_inquiry(bandung, products_a[:1], channel=store, origin=Inquiry.Origin.CHANNEL)
    inq_b, _secret = send_inquiry(bandung, products_b, email="tanaka@example.jp", country="JP", language="ja")
    return {
        "region": bandung,
        "users": users,
        "sme_a": sme_a,
        "sme_b": sme_b,
        "products_a": products_a,
        "products_b": products_b,
        "coop": coop,
        "channel": store,
        "inquiry": inq_a[0],
        "other_inquiry": inq_b[0],
        "secret": secret_a,
    }
