"""Editions: numbered per region, refuse products whose texts are not reviewed, order by category then name,
and keep a snapshot that does not follow later changes of the products."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from kembar.catalogue import services
from kembar.catalogue.models import Edition, EditionItem
from kembar.smes import services as smes

from .conftest import make_product

pytestmark = pytest.mark.django_db


def test_numbers_are_sequential_per_region_and_never_reused(programme, bogor, trade):
    a = services.edition_create(region=programme, by=trade, title="A", date=dt.date(2026, 1, 1))
    services.edition_delete(edition=a, by=trade)
    b = services.edition_create(region=programme, by=trade, title="B", date=dt.date(2026, 2, 1))
    other = services.edition_create(region=bogor, by=None, title="Bogor", date=dt.date(2026, 2, 1))
    assert (a.number, b.number, other.number) == (1, 2, 1)


def test_a_product_not_reviewed_in_a_required_language_is_refused(programme, trade, sme, products):
    draft_ko = make_product(sme, trade, "kerajinan", "Angklung", "Angklung", "앙클룽", "アンクルン")
    smes.product_text_save(product=draft_ko, language="ko", by=trade, name="앙클룽 악기")  # changed: draft again
    edition = services.edition_create(region=programme, by=trade, title="E", date=dt.date(2026, 1, 1))
    with pytest.raises(ValidationError) as exc:
        services.edition_choose(edition=edition, by=trade, product_ids=[products[0].pk, draft_ko.pk])
    assert "Angklung" in str(exc.value) and "Korea" in str(exc.value)
    edition.refresh_from_db()
    assert edition.chosen == []  # all or nothing
    # An edition that requires only Indonesian and English takes it.
    en_only = services.edition_create(
        region=programme, by=trade, title="F", date=dt.date(2026, 1, 1), languages=["id", "en"]
    )
    services.edition_choose(edition=en_only, by=trade, product_ids=[draft_ko.pk])


def test_at_most_the_editions_size(programme, trade, products):
    services.settings_update(region=programme, by=trade, enabled=True, max_products=2)
    edition = services.edition_create(region=programme, by=trade, title="E", date=dt.date(2026, 1, 1))
    with pytest.raises(ValidationError, match="paling banyak 2 produk"):
        services.edition_choose(edition=edition, by=trade, product_ids=[p.pk for p in products])


def test_another_regions_product_is_refused(programme, bogor, trade, products):
    edition = services.edition_create(region=bogor, by=None, title="Bogor", date=dt.date(2026, 1, 1))
    with pytest.raises(ValidationError, match="produk tersebut tidak ada di daerah ini"):
        services.edition_choose(edition=edition, by=None, product_ids=[products[0].pk])


def test_publish_orders_by_category_then_name_and_keeps_a_snapshot(published, products, trade):
    items = list(EditionItem.objects.filter(edition=published).order_by("position"))
    names = [i.snapshot["texts"]["id"]["name"] for i in items]
    assert names == ["Syal Sutra Batik", "Tas Kulit Domba", "Wayang Golek Cepot", "Kopi Arabika Java Preanger"]
    assert [i.category for i in items] == ["fesyen", "fesyen", "kerajinan", "makanan_minuman"]
    first = items[1]
    assert first.snapshot["texts"]["ja"]["name"] == "羊革のバッグ"
    assert first.snapshot["sme"]["phone"] == "+62 22 1234567"
    assert first.snapshot["sme"]["certifications"][0]["kind"] == "halal"
    assert first.photo and first.photo.size > 0
    # The product changes and loses its photo; the edition does not.
    bag = products[0]
    smes.product_text_save(product=bag, language="id", by=trade, name="Tas Baru", status="reviewed")
    smes.product_update(product=bag, by=trade, price_min=999999, price_max=999999)
    for photo in bag.photos.all():
        smes.photo_delete(photo=photo, by=trade)
    first.refresh_from_db()
    assert first.snapshot["texts"]["id"]["name"] == "Tas Kulit Domba"
    assert first.snapshot["price_min"] == "150000.00"
    assert first.photo.size > 0


def test_a_published_edition_does_not_change(published, trade, products):
    with pytest.raises(ValidationError):
        services.edition_choose(edition=published, by=trade, product_ids=[products[0].pk])
    with pytest.raises(ValidationError):
        services.edition_publish(edition=published, by=trade)
    with pytest.raises(ValidationError):
        services.edition_delete(edition=published, by=trade)
    assert Edition.objects.get(pk=published.pk).is_published


def test_the_new_editions_date_is_shown_as_the_date_picker_reads_it(client, programme, trade):
    """A date input shows only an ISO date (2026-12-07): "07-12-2026", the Indonesian format, left it empty."""
    client.force_login(trade)
    client.cookies["django_language"] = "id"
    page = client.get(reverse("catalogue_editions", args=[programme.code])).content.decode()
    assert f'value="{timezone.localdate().isoformat()}"' in page


def test_a_title_with_control_characters_is_refused(client, programme, trade):
    """The title is on the online catalogue and its PDF, for buyers abroad: plain text only, as the trade forms."""
    client.force_login(trade)
    client.cookies["django_language"] = "id"
    data = {"title": "Edisi\x01 2027", "date": "2027-01-15", "languages": ["id", "en"]}
    response = client.post(reverse("catalogue_editions", args=[programme.code]), data)
    assert response.status_code == 400
    assert "Teks memuat karakter yang tidak dapat disimpan: ketik ulang." in response.content.decode()
    assert not Edition.objects.exists()


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_an_edition_dated_0001_or_9999_is_refused_on_its_field(client, programme, trade, day):
    client.force_login(trade)
    client.cookies["django_language"] = "id"
    data = {"title": "Edisi 2027", "date": day, "languages": ["id", "en"]}
    response = client.post(reverse("catalogue_editions", args=[programme.code]), data)
    assert response.status_code == 400 and "Pilih hari dari 1900 sampai 2100." in response.content.decode()
    assert not Edition.objects.exists()


def test_the_editions_distribution_counts_copies_in_words(client, published, trade):
    """ "50 eksemplar", not "50 jumlah eksemplar" (the field's name used as a unit)."""
    point = services.point_create(
        region=published.region, by=trade, kind="embassy", name="KBRI Seoul", country_id="KR", city="Seoul"
    )
    for copies in (50, 1):
        services.distribution_record(
            region=published.region, by=trade, edition=published, point=point, copies=copies, date=published.date
        )
    client.force_login(trade)
    page = client.get(reverse("catalogue_edition", args=[published.region.code, published.pk])).content.decode()
    assert "KBRI Seoul (Seoul) · 50 eksemplar</li>" in page and "KBRI Seoul (Seoul) · 1 eksemplar</li>" in page
    assert "jumlah eksemplar" not in page
    client.cookies["django_language"] = "en"
    page = client.get(reverse("catalogue_edition", args=[published.region.code, published.pk])).content.decode()
    assert "· 50 copies</li>" in page and "· 1 copy</li>" in page
