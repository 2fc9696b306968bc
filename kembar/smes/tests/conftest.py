"""The registry's fixtures: Bandung's trade staff, SME owners, a translator, an SME with a product."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from kembar.accounts.models import Role
from kembar.smes import services
from kembar.testing import make_member


def photo_upload(name="foto.jpg", *, size=(640, 480), fmt="JPEG", color=(200, 120, 40)) -> SimpleUploadedFile:
    buf = io.BytesIO()
    Image.new("RGB", size, color).save(buf, fmt)
    mime = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}[fmt]
    return SimpleUploadedFile(name, buf.getvalue(), content_type=mime)


@pytest.fixture
def trade(bandung):
    return make_member("dagang", bandung, Role.TRADE_STAFF)


@pytest.fixture
def owner(bandung):
    return make_member("umkm", bandung, Role.SME_OWNER)


@pytest.fixture
def other_owner(bandung):
    return make_member("umkm-lain", bandung, Role.SME_OWNER)


@pytest.fixture
def translator(bandung):
    user = make_member("penerjemah", bandung, Role.TRANSLATOR)
    services.translator_assign(region=bandung, user=user, languages=["ko", "ja"], by=None)
    return user


@pytest.fixture
def sme(bandung, trade, owner):
    return services.sme_create(
        region=bandung,
        by=trade,
        owners=[owner],
        name="Rajut Cihampelas",
        owner_name="Siti Nurhaliza",
        nib="8120001234567",
        kecamatan="32.73.02",
        export_readiness="ready",
        markets=["kr", "JP"],
    )


@pytest.fixture
def other_sme(bandung, trade, other_owner):
    return services.sme_create(region=bandung, by=trade, owners=[other_owner], name="Kopi Palasari", owner_name="Ujang")


@pytest.fixture
def product(sme, trade):
    return services.product_create(
        sme=sme,
        by=trade,
        category="fesyen",
        price_min=150000,
        price_max=250000,
        currency="IDR",
        min_order=10,
        unit="pcs",
        hs_code="6110.20",
        texts={"id": {"name": "Sweter rajut", "short": "Sweter rajut tangan", "status": "reviewed"}},
    )
