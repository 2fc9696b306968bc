"""The registry's pages as each role uses them: landing, lists, forms, photos, texts, the sample badge."""

import pytest
from django.urls import reverse
from django.utils import translation

from kembar.accounts.models import Role
from kembar.smes import services
from kembar.smes.models import SME, Product, ProductPhoto, ProductText
from kembar.testing import make_member

from .conftest import photo_upload

pytestmark = pytest.mark.django_db


def _login(client, username):
    return client.post(reverse("login"), {"username": username, "password": "pass-1234"}, follow=True)


@pytest.mark.parametrize("role", [Role.TRADE_STAFF, Role.SME_OWNER, Role.TRANSLATOR])
def test_programme_roles_land_on_the_programme_home(client, bandung, role):
    make_member("orang", bandung, role)
    response = _login(client, "orang")
    home = reverse("smes_home", args=["32.73"])
    assert response.redirect_chain[-1][0] == home and response.status_code == 200
    assert client.get("/").url == home
    html = response.content.decode()
    assert f'href="{reverse("smes_sme_list", args=["32.73"])}"' in html  # the menu shows the programme's pages
    assert f'href="{reverse("cooperation_list", args=["32.73"])}"' not in html  # and none of the bureau's


def test_bureau_staff_still_land_on_cooperations(client, staff):
    response = _login(client, "staf")
    assert response.redirect_chain[-1][0] == reverse("cooperation_list", args=["32.73"])


def test_trade_staff_create_and_verify_an_sme(client, bandung, trade):
    client.force_login(trade)
    url = reverse("smes_sme_create", args=["32.73"])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "name": "Batik Cigadung",
            "owner_name": "Euis",
            "nib": "9120 0098 7654 3",
            "kecamatan": "32.73.08",
            "export_readiness": "ready",
            "markets": "kr, jp",
        },
    )
    sme = SME.objects.get()
    assert response.url == reverse("smes_sme_detail", args=["32.73", sme.pk])
    assert (sme.nib, sme.markets) == ("9120009876543", ["JP", "KR"])
    client.post(reverse("smes_sme_verify", args=["32.73", sme.pk]))
    sme.refresh_from_db()
    assert sme.verified_by == trade


def test_bad_nib_shown_on_the_form_nothing_saved(client, trade):
    client.force_login(trade)
    with translation.override("en"):
        response = client.post(
            reverse("smes_sme_create", args=["32.73"]),
            {"name": "X", "owner_name": "Y", "nib": "12345", "export_readiness": "ready"},
            HTTP_ACCEPT_LANGUAGE="en",
        )
    assert response.status_code == 200
    assert SME.objects.count() == 0
    assert "13 digits" in response.content.decode() or "13 digit" in response.content.decode()


def test_owner_adds_a_product_with_photos_and_indonesian_text(client, owner, sme):
    client.force_login(owner)
    response = client.post(
        reverse("smes_product_create", args=["32.73", sme.pk]),
        {
            "category": "kerajinan",
            "price_min": "50000",
            "price_max": "75000",
            "currency": "IDR",
            "min_order": "20",
            "unit": "pcs",
            "name": "Tas anyaman mendong",
            "short": "Tas tangan dari mendong",
            "photos": [photo_upload("a.jpg"), photo_upload("b.png", fmt="PNG")],
            "alt": "Tas anyaman",
        },
    )
    product = Product.objects.get()
    assert response.url == reverse("smes_product_detail", args=["32.73", product.pk])
    assert product.photos.count() == 2
    text = product.texts.get(language="id")
    assert (text.name, text.status, text.translator) == ("Tas anyaman mendong", "draft", owner)
    page = client.get(response.url)
    assert "Tas anyaman mendong" in page.content.decode()
    photo = product.photos.first()
    image = client.get(reverse("smes_photo_file", args=["32.73", product.pk, photo.pk, "thumb"]))
    assert image.status_code == 200 and image["Content-Type"] == "image/jpeg"


def test_a_bad_photo_saves_no_product(client, owner, sme):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(owner)
    response = client.post(
        reverse("smes_product_create", args=["32.73", sme.pk]),
        {
            "category": "kerajinan",
            "price_min": "1",
            "price_max": "2",
            "currency": "IDR",
            "min_order": "1",
            "unit": "pcs",
            "name": "Tas",
            "photos": [photo_upload("a.jpg"), SimpleUploadedFile("b.jpg", b"<html>not a photo</html>")],
        },
    )
    assert response.status_code == 200
    assert "b.jpg" in response.content.decode()
    assert Product.all_objects.count() == 0 and ProductPhoto.all_objects.count() == 0


@pytest.mark.parametrize("field", ["name", "long", "alt"])
def test_a_control_character_saves_no_product(client, owner, sme, field):
    client.force_login(owner)
    data = {"category": "kerajinan", "price_min": "1", "price_max": "2", "currency": "IDR", "min_order": "1"}
    data |= {"unit": "pcs", "name": "Tas", "photos": [photo_upload()]}
    response = client.post(reverse("smes_product_create", args=["32.73", sme.pk]), {**data, field: "Tas\x1b[2J"})
    assert response.status_code == 200 and "karakter yang tidak dapat disimpan" in response.content.decode()
    assert Product.all_objects.count() == 0 and ProductPhoto.all_objects.count() == 0


def test_translator_writes_korean_and_reviews(client, translator, product):
    client.force_login(translator)
    url = reverse("smes_text_edit", args=["32.73", product.pk, "ko"])
    page = client.get(url)
    assert page.status_code == 200 and "Sweter rajut" in page.content.decode()  # the Indonesian source beside
    client.post(url, {"name": "손뜨개 스웨터", "short": "수제 니트 스웨터", "long": "", "status": "reviewed"})
    text = product.texts.get(language="ko")
    assert (text.name, text.status, text.translator, text.reviewed_by) == (
        "손뜨개 스웨터",
        "reviewed",
        translator,
        translator,
    )
    # Indonesian is not theirs to write.
    assert client.get(reverse("smes_text_edit", args=["32.73", product.pk, "id"])).status_code == 403


def test_owner_cannot_mark_reviewed(client, owner, product):
    client.force_login(owner)
    url = reverse("smes_text_edit", args=["32.73", product.pk, "en"])
    response = client.post(url, {"name": "Knit sweater", "short": "", "long": "", "status": "reviewed"})
    assert response.status_code == 200  # "reviewed" is not a choice for them
    assert product.texts.get(language="en").status == ProductText.Status.MISSING


def test_sample_rows_carry_the_badge(client, trade, bandung):
    sme = services.sme_create(region=bandung, by=trade, name="Contoh Usaha", owner_name="A", is_sample=True)
    client.force_login(trade)
    html = client.get(reverse("smes_sme_detail", args=["32.73", sme.pk])).content.decode()
    assert 'class="badge sample"' in html
    html = client.get(reverse("smes_sme_list", args=["32.73"])).content.decode()
    assert 'class="badge sample"' in html


def test_completeness_page_counts(client, trade, product):
    client.force_login(trade)
    html = client.get(reverse("smes_completeness", args=["32.73"])).content.decode()
    assert '<td data-count="reviewed">1 / 1</td>' in html


def test_home_gives_the_programme_s_facts_with_their_source(client, trade):
    client.force_login(trade)
    with translation.override("id"):
        html = client.get(reverse("smes_home", args=["32.73"]), HTTP_ACCEPT_LANGUAGE="id").content.decode()
    assert "5.198" in html and "30,6" in html
    assert "Artikel tanpa judul tentang program Little Bandung" in html and "Dinas KUMKM dan Perindag" in html
    assert "seed" not in html.lower()


def test_an_owner_renaming_a_verified_business_has_it_verified_again(client, owner, trade, sme):
    services.sme_verify(sme=sme, by=trade)
    client.force_login(owner)
    url = reverse("smes_sme_edit", args=["32.73", sme.pk])
    data = {"name": sme.name, "owner_name": sme.owner_name, "nib": sme.nib, "export_readiness": "exported"}
    client.post(url, data)
    sme.refresh_from_db()
    assert sme.is_verified and sme.export_readiness == "exported"  # readiness is the owner's to say
    client.post(url, {**data, "name": "Rajut Cihampelas Jaya"})
    sme.refresh_from_db()
    assert sme.name == "Rajut Cihampelas Jaya" and not sme.is_verified


def test_trade_staff_set_a_translator_s_languages(client, bandung, trade, translator):
    from kembar.smes import selectors

    client.force_login(trade)
    url = reverse("smes_translators", args=["32.73"])
    assert "Penerjemah" in client.get(url).content.decode()
    client.post(url, {"user": translator.pk, "languages": ["en", "ja", "xx"]})
    assert selectors.translator_languages(translator, bandung) == ["en", "ja"]
    assert client.post(url, {"user": trade.pk, "languages": ["en"]}).status_code == 404  # not a translator


def test_a_product_page_writes_its_numbers_the_indonesian_way(client, trade, product):
    """Price, minimum order and monthly capacity grouped as Indonesian writes them: "Rp 150.000", "1.500 pcs"."""
    type(product).objects.filter(pk=product.pk).update(min_order=1200, capacity_per_month=1500)
    client.force_login(trade)
    html = client.get(reverse("smes_product_detail", args=["32.73", product.pk])).content.decode()
    assert "Rp 150.000 – Rp 250.000" in html
    assert "<dd>1.200 pcs</dd>" in html and "<dd>1.500 pcs</dd>" in html
