"""The catalogue's fixtures: Bandung with the catalogue switched on, trade staff, SMEs and products whose texts
are reviewed in the four languages (names with Korean and Japanese a test searches by substring)."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from kembar.accounts.models import Role
from kembar.catalogue import services
from kembar.smes import services as smes
from kembar.testing import make_member

#: (category, id, en, ko, ja) names of the products `products` makes.
PRODUCTS = [
    ("fesyen", "Tas Kulit Domba", "Sheepskin Bag", "양가죽 가방", "羊革のバッグ"),
    ("kerajinan", "Wayang Golek Cepot", "Cepot Wooden Puppet", "체폿 나무 인형", "チェポット木製人形"),
    (
        "makanan_minuman",
        "Kopi Arabika Java Preanger",
        "Java Preanger Arabica Coffee",
        "자바 프리앙거 아라비카 커피",
        "ジャワ・プリアンガー・アラビカコーヒー",
    ),
    ("fesyen", "Syal Sutra Batik", "Batik Silk Scarf", "바틱 실크 스카프", "バティック絹スカーフ"),
]


def photo_upload(name="foto.jpg", *, color=(200, 120, 40)) -> SimpleUploadedFile:
    buf = io.BytesIO()
    Image.new("RGB", (640, 480), color).save(buf, "JPEG")
    return SimpleUploadedFile(name, buf.getvalue(), content_type="image/jpeg")


def texts(id_, en, ko, ja, status="reviewed") -> dict:
    return {
        lang: {
            "name": name,
            "short": f"{name} — {lang}",
            "long": f"{name}. Buatan tangan di Bandung.",
            "status": status,
        }
        for lang, name in (("id", id_), ("en", en), ("ko", ko), ("ja", ja))
    }


@pytest.fixture
def trade(bandung):
    return make_member("dagang", bandung, Role.TRADE_STAFF)


@pytest.fixture
def programme(bandung, trade):
    services.settings_update(region=bandung, by=trade, enabled=True, max_products=100)
    return bandung


@pytest.fixture
def sme(bandung, trade):
    sme = smes.sme_create(
        region=bandung,
        by=trade,
        name="Rajut Cihampelas",
        owner_name="Siti",
        kecamatan="32.73.02",
        address="Jl. Cihampelas 12",
        phone="+62 22 1234567",
        email="halo@rajut.example",
        export_readiness="ready",
        is_sample=True,
    )
    smes.certification_add(sme=sme, by=trade, kind="halal", number="ID32110000123")
    return sme


def make_product(sme, by, category, id_, en, ko, ja, *, status="reviewed", photo=True, price=150000):
    product = smes.product_create(
        sme=sme,
        by=by,
        category=category,
        price_min=price,
        price_max=price + 100000,
        currency="IDR",
        min_order=10,
        unit="pcs",
        is_sample=True,
        texts=texts(id_, en, ko, ja, status),
    )
    if photo:
        smes.photo_add(product=product, by=by, upload=photo_upload())
    return product


@pytest.fixture
def products(sme, trade):
    return [make_product(sme, trade, *row) for row in PRODUCTS]


@pytest.fixture
def published(programme, trade, products):
    edition = services.edition_create(
        region=programme, by=trade, title="Little Bandung 2026", date=dt.date(2026, 11, 1)
    )
    services.edition_choose(edition=edition, by=trade, product_ids=[p.pk for p in products])
    return services.edition_publish(edition=edition, by=trade)
