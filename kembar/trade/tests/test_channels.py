"""The trade office's channel pages and the programme dashboard: the channels' rules refused with a message on
the form and nothing saved, store floors, f4bdg posts, delete and restore, the "ending soon" list, and the
dashboard's figures (aggregated by the database, Indonesian number format, a fixed number of queries)."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from kembar.testing import queries_of
from kembar.trade import services
from kembar.trade.models import Channel, ChannelPost, StoreUnit

from .conftest import make_sme, send_inquiry


def _url(world, name, *args):
    return reverse(name, args=[world["region"].code, *args])


def test_a_mobile_event_too_short_is_refused_with_why(client, world):
    client.force_login(world["users"]["trade_staff"])
    before = Channel.all_objects.count()
    data = {"name": "Pameran", "venue": "COEX", "city": "Seoul", "country": "KR"}
    data |= {"starts": "2027-03-01", "ends": "2027-03-02"}
    response = client.post(_url(world, "trade_channel_create", "mobile"), data)
    page = response.content.decode()
    assert response.status_code == 400 and 'id="id_ends_errors"' in page  # at the last day, what was typed kept
    assert 'value="2027-03-02"' in page and 'value="Pameran"' in page
    assert "4 Maret 2027" in page and "31 Maret 2027" in page  # the dates it must end between, in Indonesian
    assert Channel.all_objects.count() == before
    client.cookies.load({"django_language": "en"})
    page = client.post(_url(world, "trade_channel_create", "mobile"), data).content.decode()
    assert "A Mobile event lasts from 4 days to 1 month" in page and "this one lasts 2 days" in page


@pytest.mark.parametrize("language", ["id", "en"])
@pytest.mark.parametrize(("kind", "ends"), [("mobile", "2027-03-02"), ("wall", "2027-12-30")])
def test_a_refused_channel_cites_the_programme_as_a_reader_looks_it_up(client, world, language, kind, ends):
    client.force_login(world["users"]["trade_staff"])
    client.cookies.load({"django_language": language})
    data = {"name": "Pameran", "venue": "COEX", "partner_business": "Kafe", "city": "Seoul", "country": "KR"}
    data |= {"starts": "2027-03-01" if kind == "mobile" else "2027-01-01", "ends": ends}
    response = client.post(_url(world, "trade_channel_create", kind), data)
    page = response.content.decode()
    assert response.status_code == 400
    assert "Dinas KUMKM dan Perindag Kota Bandung, 2015" in page  # the programme's source, as the dashboard cites it
    assert "seed" not in page.lower()  # no research file's number


def test_a_wall_of_a_year_is_saved_with_its_products_smes(client, world):
    client.force_login(world["users"]["trade_staff"])
    product = world["products_b"][0]
    data = {"name": "Dinding Kafe Seoul", "venue": "Kafe Hongdae", "partner_business": "Kafe Hongdae"}
    data |= {"city": "Seoul", "country": "KR", "starts": "2027-01-01", "ends": "2027-12-31"}
    data |= {"products": [str(product.pk)], "cooperation": str(world["coop"].pk)}
    response = client.post(_url(world, "trade_channel_create", "wall"), data)
    assert response.status_code == 302
    wall = Channel.objects.get(name="Dinding Kafe Seoul")
    assert list(wall.smes.all()) == [world["sme_b"]]  # a product shown brings its SME
    assert wall.cooperation_id == world["coop"].pk
    # A year less a day is not a year.
    data |= {"name": "Dinding Pendek", "ends": "2027-12-30"}
    assert client.post(_url(world, "trade_channel_create", "wall"), data).status_code == 400
    assert not Channel.objects.filter(name="Dinding Pendek").exists()


@pytest.mark.parametrize("kind", ["mobile", "wall", "store"])
def test_a_year_out_of_range_is_refused_on_its_field(client, world, kind):
    client.force_login(world["users"]["trade_staff"])
    before = Channel.all_objects.count()
    data = {"name": "Pameran", "venue": "COEX", "partner_business": "Kafe", "city": "Seoul", "country": "KR"}
    data |= {"starts": "9999-12-01", "ends": "9999-12-31"}
    response = client.post(_url(world, "trade_channel_create", kind), data)
    assert response.status_code == 400 and "Pilih hari dari 1900 sampai 2100." in response.content.decode()
    assert Channel.all_objects.count() == before
    data |= {"starts": "0001-01-01", "ends": "0001-01-20"}
    assert (
        "Pilih hari dari 1900 sampai 2100."
        in client.post(_url(world, "trade_channel_create", kind), data).content.decode()
    )
    assert Channel.all_objects.count() == before


def test_another_regions_products_cannot_be_shown(world, bogor):
    _sme, bogors = make_sme(bogor, by=world["users"]["other_region"], name="Bogor")
    before = list(world["channel"].products.values_list("pk", flat=True))
    try:
        services.channel_update(channel=world["channel"], by=world["users"]["trade_staff"], products=bogors)
    except Exception as exc:  # noqa: BLE001 — the refusal is what is tested
        assert "products" in getattr(exc, "message_dict", {})
    else:
        raise AssertionError("another region's product was accepted")
    assert list(world["channel"].products.values_list("pk", flat=True)) == before


def test_store_floors_posts_delete_and_restore(client, world):
    client.force_login(world["users"]["trade_staff"])
    store = world["channel"]
    for label, use in (("Lantai 1", "cafe"), ("Lantai 2", "restaurant")):
        client.post(_url(world, "trade_unit_add", store.pk), {"label": label, "use": use})
    assert list(StoreUnit.objects.filter(channel=store).values_list("label", "position")) == [
        ("Lantai 1", 1),
        ("Lantai 2", 2),
    ]
    page = services.channel_create(
        region=world["region"], by=None, kind="f4bdg", name="f4bdg", url="https://facebook.example/f4bdg"
    )
    client.post(
        _url(world, "trade_post_add", page.pk), {"date": "2026-11-02", "url": "https://x.example/1", "reach": "-5"}
    )
    assert not ChannelPost.objects.exists()
    client.post(
        _url(world, "trade_post_add", page.pk), {"date": "2026-11-02", "url": "https://x.example/1", "reach": "1500"}
    )
    assert ChannelPost.objects.get().reach == 1500
    # A store has no posts, a page no floors.
    client.post(_url(world, "trade_post_add", store.pk), {"date": "2026-11-02", "url": "https://x.example/2"})
    client.post(_url(world, "trade_unit_add", page.pk), {"label": "Lantai 9", "use": "cafe"})
    assert ChannelPost.objects.count() == 1 and not StoreUnit.objects.filter(channel=page).exists()
    # Deleted, listed among the deleted, restored with its floors.
    client.post(_url(world, "trade_channel_delete", store.pk))
    assert not Channel.objects.filter(pk=store.pk).exists()
    listing = client.get(_url(world, "trade_channel_list") + "?trash=1").content.decode()
    assert store.name in listing
    client.post(_url(world, "trade_channel_restore", store.pk))
    assert Channel.objects.filter(pk=store.pk).exists()
    detail = client.get(_url(world, "trade_channel_detail", store.pk)).content.decode()
    assert "Lantai 2" in detail


def test_a_refused_post_or_floor_is_shown_again_with_what_was_typed(client, world):
    client.force_login(world["users"]["trade_staff"])
    page = services.channel_create(
        region=world["region"], by=None, kind="f4bdg", name="f4bdg", url="https://facebook.example/f4bdg"
    )
    data = {"date": "2026-11-02", "url": "https://x.example/1", "summary": "Promosi kopi", "reach": "-5"}
    response = client.post(_url(world, "trade_post_add", page.pk), data)
    html = response.content.decode()
    assert response.status_code == 400 and not ChannelPost.objects.exists()
    assert 'id="id_reach_errors"' in html  # the error at its field
    assert "Promosi kopi" in html and 'value="https://x.example/1"' in html  # nothing typed is lost
    # A post dated 0001 is a slip of the keyboard: refused at its date, as the channels' own days are.
    response = client.post(_url(world, "trade_post_add", page.pk), {**data, "reach": "5", "date": "0001-11-02"})
    assert response.status_code == 400 and not ChannelPost.objects.exists()
    assert 'id="id_date_errors"' in response.content.decode()
    assert "Pilih hari dari 1900 sampai 2100." in response.content.decode()
    response = client.post(_url(world, "trade_unit_add", world["channel"].pk), {"label": "", "use": "cafe"})
    assert response.status_code == 400 and "Lantai" not in str(list(StoreUnit.objects.values_list("label")))
    assert "Isian ini wajib diisi." in response.content.decode()


def _language_switch_leads_to(html: str) -> set[str]:
    return set(re.findall(r'<input name="next" type="hidden" value="([^"]*)"', html))


def test_a_refused_form_s_page_switches_language_back_to_the_page_not_the_post_url(client, world):
    """A refused post, floor, status or deal is shown at the address it was sent to, which answers no GET
    (405): the header's language switch leads back to the channel's or the inquiry's page."""
    client.force_login(world["users"]["trade_staff"])
    page = services.channel_create(
        region=world["region"], by=None, kind="f4bdg", name="f4bdg", url="https://facebook.example/f4bdg"
    )
    inquiry = world["inquiry"]
    refused = [
        (_url(world, "trade_post_add", page.pk), {"date": "2026-11-02", "url": "https://x.example/1", "reach": "-5"}),
        (_url(world, "trade_unit_add", world["channel"].pk), {"label": "", "use": "cafe"}),
        (_url(world, "trade_inquiry_move", inquiry.pk), {"to": "new"}),
        (_url(world, "trade_inquiry_deal", inquiry.pk), {"value": "-1", "currency": "KRW"}),
    ]
    pages = [page.pk, world["channel"].pk]
    expected = [_url(world, "trade_channel_detail", pk) for pk in pages] + [
        _url(world, "trade_inquiry_detail", inquiry.pk)
    ] * 2
    for (url, data), back in zip(refused, expected, strict=True):
        response = client.post(url, data)
        assert response.status_code == 400, url
        assert _language_switch_leads_to(response.content.decode()) == {back}, url
        assert client.get(back).status_code == 200


def test_a_wall_ending_soon_is_listed_for_renewal(client, world):
    client.force_login(world["users"]["trade_staff"])
    today = timezone.localdate()
    start = today - dt.timedelta(days=330)
    services.channel_create(
        region=world["region"],
        by=None,
        kind="wall",
        name="Dinding Hampir Habis",
        venue="Kafe",
        partner_business="Kafe",
        country_id="KR",
        starts=start,
        ends=start + dt.timedelta(days=400),
    )
    listing = client.get(_url(world, "trade_channel_list")).content.decode()
    assert "h-ending" in listing and "Dinding Hampir Habis" in listing
    dashboard = client.get(_url(world, "trade_dashboard")).content.decode()
    assert "Dinding Hampir Habis" in dashboard
    # The kind in brackets after the name, by its short name: not "(Wall (produk di dinding kafe atau restoran))".
    for page in (listing, dashboard):
        assert "Dinding Hampir Habis</a> (Wall) — berakhir pada" in page and "))" not in page


def test_the_dashboard_counts_and_sums_in_indonesian(client, world):
    staff = world["users"]["trade_staff"]
    services.inquiry_deal(inquiry=world["inquiry"], by=staff, value=Decimal("12500000"), currency="KRW")
    client.force_login(staff)
    page = client.get(_url(world, "trade_dashboard")).content.decode()
    assert "KRW 12.500.000</strong>" in page  # a won has no cents
    detail = client.get(_url(world, "trade_inquiry_detail", world["inquiry"].pk)).content.decode()
    assert '<dd id="deal-value">KRW 12.500.000</dd>' in detail
    assert "Little Bandung Hongdae (Store)</dd>" in detail  # the channel it came from, its kind said once
    # The consent in a sentence, its text's version in words (not the key "2026-12-buyer-1").
    assert "atas teks persetujuan versi Desember 2026</dd>" in detail and "<dd>Diberikan pada " in detail
    assert world["inquiry"].consent_version not in detail
    assert 'id="per-country"' in page and "Korea" in page and "Jepang" in page
    assert 'id="completeness"' in page


def test_the_dashboards_queries_do_not_grow_with_rows(client, world):
    client.force_login(world["users"]["trade_staff"])
    url = _url(world, "trade_dashboard")
    few = queries_of(client, url)
    sme, products = make_sme(world["region"], by=None, name="Banyak", products=5)
    for n in range(5):
        send_inquiry(world["region"], products[n : n + 1], email=f"b{n}@example.org", country="SG", language="en")
    services.channel_create(region=world["region"], by=None, kind="f4bdg", name="x", url="https://x.example/")
    assert queries_of(client, url) == few


def test_list_pages_queries_do_not_grow_with_rows(client, world):
    client.force_login(world["users"]["trade_staff"])
    lists = [_url(world, "trade_channel_list"), _url(world, "trade_inquiry_list")]
    few = [queries_of(client, u) for u in lists]
    _sme, products = make_sme(world["region"], by=None, name="Lagi", products=4)
    for n in range(4):
        send_inquiry(world["region"], products[n : n + 1], email=f"c{n}@example.org")
        services.channel_create(region=world["region"], by=None, kind="f4bdg", name=f"p{n}", url="https://x.example/")
    assert [queries_of(client, u) for u in lists] == few


def test_a_sample_channel_is_marked_in_the_readers_language(client, world):
    from django.utils import translation

    store = Channel.objects.get(name="Little Bandung Hongdae")
    Channel.objects.filter(pk=store.pk).update(is_sample=True)
    client.force_login(world["users"]["trade_staff"])
    for language, word in (("id", ">contoh</span>"), ("en", ">sample</span>")):
        client.cookies["django_language"] = language
        with translation.override(language):
            assert word in client.get(_url(world, "trade_channel_detail", store.pk)).content.decode()
