"""What the registry's data must hold: NIB, HS code, kecamatan, prices, certification expiry, photos, texts."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from kembar.smes import photos, selectors, services
from kembar.smes.models import MAX_PHOTOS, SME, Certification, ProductPhoto, ProductText

from .conftest import photo_upload

pytestmark = pytest.mark.django_db


def _errors(exc) -> dict:
    return exc.value.message_dict


def test_sme_keeps_normalised_nib_markets_and_owner(sme, owner):
    assert sme.nib == "8120001234567"
    assert sme.markets == ["JP", "KR"]
    assert list(sme.owners.all()) == [owner]
    assert sme.kecamatan_name == "Coblong"
    assert sme.history.count() == 1


@pytest.mark.parametrize(
    ("nib", "code"), [("812000123456", "nib_length"), ("81200012345678", "nib_length"), ("81200O1234567", "nib_digits")]
)
def test_nib_refused(bandung, trade, nib, code):
    with pytest.raises(ValidationError) as exc:
        services.sme_create(region=bandung, by=trade, name="Usaha", owner_name="A", nib=nib)
    assert [e.code for e in exc.value.error_dict["nib"]] == [code]
    assert SME.objects.count() == 0


def test_nib_with_spaces_is_accepted_and_unique_in_region(bandung, trade, sme):
    with pytest.raises(ValidationError):
        services.sme_create(region=bandung, by=trade, name="Lain", owner_name="B", nib="8120 0012 3456 7")
    other = services.sme_create(region=bandung, by=trade, name="Lain", owner_name="B", nib="8120 0012 3456 8")
    assert other.nib == "8120001234568"


def test_kecamatan_of_another_region_refused(bandung, trade):
    with pytest.raises(ValidationError) as exc:
        services.sme_create(region=bandung, by=trade, name="U", owner_name="A", kecamatan="32.01.01")
    assert "kecamatan" in _errors(exc)


def test_markets_must_be_countries(bandung, trade):
    with pytest.raises(ValidationError) as exc:
        services.sme_create(region=bandung, by=trade, name="U", owner_name="A", markets=["KR", "XX"])
    assert "markets" in _errors(exc)


def test_owner_must_be_sme_owner_of_region(bandung, bogor, trade):
    from kembar.accounts.models import Role
    from kembar.testing import make_member

    outsider = make_member("bogor-umkm", bogor, Role.SME_OWNER)
    with pytest.raises(ValidationError):
        services.sme_create(region=bandung, by=trade, owners=[outsider], name="U", owner_name="A")
    with pytest.raises(ValidationError):
        services.sme_create(region=bandung, by=trade, owners=[trade], name="U", owner_name="A")


def test_verify_records_who_and_when(sme, trade):
    services.sme_verify(sme=sme, by=trade)
    sme.refresh_from_db()
    assert sme.is_verified and sme.verified_by == trade


def test_certification_expiry_after_issue(sme, trade):
    with pytest.raises(ValidationError) as exc:
        services.certification_add(
            sme=sme,
            by=trade,
            kind="halal",
            number="ID32110001",
            issued=dt.date(2025, 1, 1),
            expires=dt.date(2024, 1, 1),
        )
    assert "expires" in _errors(exc)
    cert = services.certification_add(
        sme=sme,
        by=trade,
        kind="pirt",
        number="2063273010123-29",
        issued=dt.date(2020, 1, 1),
        expires=dt.date(2025, 1, 1),
    )
    assert cert.is_valid_on(dt.date(2024, 12, 31)) and not cert.is_valid_on(dt.date(2025, 1, 2))
    assert Certification.objects.filter(sme=sme).count() == 1


@pytest.mark.parametrize(
    ("hs", "ok"),
    [
        ("6110.20", True),
        ("610910", True),
        ("61091", False),
        ("6109101", False),
        ("990000", False),
        ("77aa00", False),
        ("770000", False),
    ],
)
def test_hs_code(sme, trade, hs, ok):
    fields = dict(category="kerajinan", price_min=1, price_max=2, hs_code=hs)
    if ok:
        assert services.product_create(sme=sme, by=trade, **fields).hs_code.isdigit()
    else:
        with pytest.raises(ValidationError) as exc:
            services.product_create(sme=sme, by=trade, **fields)
        assert "hs_code" in _errors(exc)


def test_price_range_and_currency(sme, trade):
    with pytest.raises(ValidationError) as exc:
        services.product_create(sme=sme, by=trade, category="fesyen", price_min=10, price_max=5, currency="usd")
    assert "price_max" in _errors(exc)
    with pytest.raises(ValidationError) as exc:
        services.product_create(sme=sme, by=trade, category="fesyen", price_min=1, price_max=5, currency="RPH")
    assert "currency" in _errors(exc)
    assert (
        services.product_create(sme=sme, by=trade, category="fesyen", price_min=1, price_max=5, currency="usd").currency
        == "USD"
    )


def test_product_has_four_texts_and_readiness(product, translator):
    assert sorted(product.texts.values_list("language", "status")) == [
        ("en", "missing"),
        ("id", "reviewed"),
        ("ja", "missing"),
        ("ko", "missing"),
    ]
    assert services.product_ready_for(product, ["id", "en", "ko", "ja"]) == ["en", "ko", "ja"]
    services.product_text_save(product=product, language="ko", by=translator, name="손뜨개 스웨터", short="수제 니트")
    text = product.texts.get(language="ko")
    assert text.status == "draft" and text.translator == translator
    services.product_text_save(product=product, language="ko", by=translator, status="reviewed")
    assert selectors.product_ready_for(product, ["id", "ko"]) == []
    # A reviewed text that changes goes back to draft.
    services.product_text_save(product=product, language="ko", by=translator, name="니트 스웨터")
    assert product.texts.get(language="ko").status == "draft"


def test_text_bounded(product, trade):
    with pytest.raises(ValidationError):
        services.product_text_save(product=product, language="en", by=trade, name="x" * 121)
    with pytest.raises(ValidationError):
        services.product_text_save(product=product, language="en", by=trade, name="Sweater", long="x" * 2001)
    with pytest.raises(ValidationError):
        services.product_text_save(product=product, language="de", by=trade, name="Pullover")
    with pytest.raises(ValidationError):
        services.product_text_save(product=product, language="en", by=trade, status="reviewed")  # no name


def test_photo_stored_with_thumbnail(product, trade):
    photo = services.photo_add(product=product, by=trade, upload=photo_upload(size=(1600, 1200)), alt="Sweter biru")
    assert photo.content_type == "image/jpeg" and (photo.width, photo.height) == (1600, 1200)
    assert photo.image.name.endswith(".jpg") and photo.thumbnail.name.endswith("-thumb.jpg")
    from PIL import Image

    with Image.open(photo.thumbnail.open("rb")) as thumb:
        assert max(thumb.size) == photos.THUMB_SIDE
    png = services.photo_add(product=product, by=trade, upload=photo_upload("x.png", fmt="PNG"))
    assert png.order == 1 and png.image.name.endswith(".png")


def test_photo_refused_by_content_not_name(product, trade):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from kembar.testing import TINY_PDF

    fake = SimpleUploadedFile("foto.jpg", TINY_PDF, content_type="image/jpeg")
    with translation.override("id"), pytest.raises(ValidationError) as exc:
        services.photo_add(product=product, by=trade, upload=fake)
    assert exc.value.code == "bad_type"
    broken = photo_upload()
    broken = SimpleUploadedFile("b.jpg", broken.read()[:400], content_type="image/jpeg")
    with pytest.raises(ValidationError):
        services.photo_add(product=product, by=trade, upload=broken)
    with pytest.raises(ValidationError) as exc:
        services.photo_add(product=product, by=trade, upload=photo_upload(size=(120, 90)))
    assert exc.value.code == "too_small"
    assert ProductPhoto.objects.count() == 0


def test_photo_size_and_count_bounded(product, trade, settings):
    settings.KEMBAR_SME_PHOTO_MAX_MB = 0
    with pytest.raises(ValidationError) as exc:
        services.photo_add(product=product, by=trade, upload=photo_upload())
    assert exc.value.code == "too_large"
    del settings.KEMBAR_SME_PHOTO_MAX_MB
    for _ in range(MAX_PHOTOS):
        services.photo_add(product=product, by=trade, upload=photo_upload())
    with pytest.raises(ValidationError) as exc:
        services.photo_add(product=product, by=trade, upload=photo_upload())
    assert exc.value.code == "too_many"


def test_translator_assignment_needs_role(bandung, trade, translator):
    assert selectors.translator_languages(translator, bandung) == ["ko", "ja"]
    with pytest.raises(ValidationError):
        services.translator_assign(region=bandung, user=trade, languages=["en"], by=None)
    services.translator_assign(region=bandung, user=translator, languages=["ja"], by=None)
    assert selectors.translator_languages(translator, bandung) == ["ja"]


def test_completeness_counts(bandung, sme, other_sme, trade, product):
    services.product_create(
        sme=other_sme,
        by=trade,
        category="makanan_minuman",
        price_min=1,
        price_max=2,
        texts={"id": {"name": "Kopi", "status": "reviewed"}, "en": {"name": "Coffee"}},
    )
    gone = services.product_create(sme=sme, by=trade, category="fesyen", price_min=1, price_max=2)
    services.product_delete(product=gone, by=trade)
    rows = {r["language"]: r for r in selectors.completeness(bandung)}
    assert rows["id"] == {"language": "id", "total": 2, "reviewed": 2, "draft": 0, "missing": 0, "percent": 100}
    assert (rows["en"]["draft"], rows["en"]["missing"], rows["en"]["percent"]) == (1, 1, 0)
    assert rows["ko"]["missing"] == 2
    mine = {r["language"]: r for r in selectors.completeness(bandung, owner=sme.owners.get())}
    assert mine["id"]["total"] == 1
    assert ProductText.objects.filter(product=gone).count() == 4
