"""The portal's feeds, calendars, sitemap, open data, languages and caching headers (issue 18 §1, §3)."""

import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest
from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from kembar.accounts.models import Role
from kembar.cooperations import services
from kembar.public import services as public
from kembar.testing import make_cooperation, make_member

from .test_portal import Sentinels, _private_world

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


@pytest.fixture
def world(bandung, bogor):
    admin = make_member("admin", bandung, Role.BUREAU_ADMIN)
    w = _private_world(bandung, secret=Sentinels(), by=admin)
    w["admin"] = admin
    public.cooperation_publish(cooperation=w["coop"], by=admin, published=True)
    for key in ("activity", "doc", "finding", "upcoming"):
        public.item_publish(item=w[key], by=admin, public=True)
    other = make_member("bogor-admin", bogor, Role.BUREAU_ADMIN)
    w["bogor"] = make_cooperation(bogor, by=other, ref="bogor-nanning")
    return w


def _urls(w):
    coop = w["coop"]
    code, ref = coop.region.code, coop.ref
    return [
        reverse("public_directory"),
        reverse("public_region", args=[code]),
        reverse("public_cooperation", args=[code, ref]),
        reverse("public_region_feed", args=[code]),
        reverse("public_cooperation_feed", args=[code, ref]),
        reverse("public_region_ics", args=[code]),
        reverse("public_cooperation_ics", args=[code, ref]),
        reverse("public_sitemap"),
        reverse("public_robots"),
        reverse("public_data"),
        reverse("public_data_csv"),
        reverse("public_data_json"),
    ]


@pytest.mark.parametrize("logged_in", [False, True])
def test_public_answers_are_cacheable_by_anyone_and_answer_304(client, world, logged_in):
    """Every portal answer: public for 5 minutes, an ETag that gives 304, not varied by cookie — also when a
    logged-in user asks (the page reads neither their session nor a CSRF token)."""
    if logged_in:
        client.force_login(world["admin"])
    for url in _urls(world):
        response = client.get(url)
        assert response.status_code == 200, url
        cache_control = {p.strip() for p in response["Cache-Control"].split(",")}
        assert cache_control == {"public", "max-age=300"}, (url, cache_control)
        assert "cookie" not in response.get("Vary", "").lower(), url
        assert not response.cookies, url  # no session, no CSRF cookie set
        etag = response["ETag"]
        again = client.get(url, headers={"if-none-match": etag})
        assert again.status_code == 304 and again.content == b"", url
        assert client.get(url, headers={"if-none-match": '"other"'}).status_code == 200, url


def test_a_change_changes_the_etag(client, world):
    url = reverse("public_cooperation", args=[world["coop"].region.code, world["coop"].ref])
    etag = client.get(url)["ETag"]
    services.activity_create(cooperation=world["coop"], by=world["admin"], date="2021-03-04", title="Lokakarya")
    public.publication_rules_update(
        region=world["coop"].region, by=world["admin"], activities=True, documents=False, evaluation=False
    )
    response = client.get(url, headers={"if-none-match": etag})
    assert response.status_code == 200 and "Lokakarya" in response.content.decode()


def test_home_varies_by_cookie_and_is_private_for_staff(client, world):
    """`/` is the directory for a visitor and the staff's start for a user: it says it varies by cookie."""
    anonymous = Client().get("/")
    assert "public" in anonymous["Cache-Control"] and "Cookie" in anonymous["Vary"]
    client.force_login(world["admin"])
    staff = client.get("/", follow=True)
    assert "private" in staff["Cache-Control"] and "public" not in staff["Cache-Control"]


def test_languages_have_their_own_addresses(client, world):
    """Indonesian without `lang`, English with `?lang=en` (whatever the switcher's cookie says), each page naming
    both with hreflang, Open Graph and a description; links keep the language."""
    coop = world["coop"]
    url = reverse("public_cooperation", args=[coop.region.code, coop.ref])
    client.cookies["django_language"] = "en"
    indonesian = client.get(url)
    assert indonesian["Content-Language"] == "id" and '<html lang="id">' in indonesian.content.decode()
    english = client.get(url, {"lang": "en"})
    html = english.content.decode()
    assert english["Content-Language"] == "en" and '<html lang="en">' in html
    assert f'hreflang="id" href="http://testserver{url}"' in html
    assert f'hreflang="en" href="http://testserver{url}?lang=en"' in html
    assert f'<link rel="canonical" href="http://testserver{url}?lang=en">' in html
    assert 'property="og:title" content="Kota Bandung – Kota Liuzhou"' in html
    assert '<meta name="description"' in html and 'property="og:locale" content="en_US"' in html
    assert reverse("public_region", args=[coop.region.code]) + "?lang=en" in html
    assert indonesian["ETag"] != english["ETag"]
    # Its feeds are linked from the page, for a reader and a calendar.
    assert (
        'type="application/atom+xml"' in html
        and reverse("public_cooperation_feed", args=[coop.region.code, coop.ref]) in html
    )


def test_atom_feeds_of_public_activities(client, world):
    coop = world["coop"]
    for url in (
        reverse("public_region_feed", args=[coop.region.code]),
        reverse("public_cooperation_feed", args=[coop.region.code, coop.ref]),
    ):
        response = client.get(url)
        assert response["Content-Type"].startswith("application/atom+xml")
        feed = ET.fromstring(response.content)
        titles = [e.findtext(f"{ATOM}title") for e in feed.iter(f"{ATOM}entry")]
        assert titles == ["Pertukaran budaya — Kota Bandung – Kota Liuzhou"], url  # the public, dated by today
        entry = next(feed.iter(f"{ATOM}entry"))
        assert entry.findtext(f"{ATOM}published").startswith("2019-10-05")
        assert "Dua sekolah bermitra" in entry.findtext(f"{ATOM}summary")
        assert (
            entry.find(f"{ATOM}link")
            .get("href")
            .endswith(reverse("public_cooperation", args=[coop.region.code, coop.ref]))
        )
    # Newest first, bounded, every activity once the rule publishes them.
    public.publication_rules_update(
        region=coop.region, by=world["admin"], activities=True, documents=False, evaluation=False
    )
    feed = ET.fromstring(client.get(reverse("public_region_feed", args=[coop.region.code])).content)
    days = [e.findtext(f"{ATOM}published")[:10] for e in feed.iter(f"{ATOM}entry")]
    assert days == ["2020-01-01", "2019-10-05"]


def test_icalendar_of_upcoming_public_activities(client, world):
    coop = world["coop"]
    for url in (
        reverse("public_region_ics", args=[coop.region.code]),
        reverse("public_cooperation_ics", args=[coop.region.code, coop.ref]),
    ):
        response = client.get(url)
        assert response["Content-Type"].startswith("text/calendar")
        cal = Calendar.from_ical(response.content)
        events = [c for c in cal.walk("VEVENT")]
        assert len(events) == 1, url
        assert "Festival kota kembar" in str(events[0]["SUMMARY"])
        assert events[0].decoded("DTSTART") == world["upcoming"].date.earliest()


def test_feeds_of_what_is_not_published_are_not_found(client, world):
    code = world["coop"].region.code
    for url in (
        reverse("public_region_feed", args=["32.01"]),
        reverse("public_region_ics", args=["32.01"]),
        reverse("public_cooperation_feed", args=["32.01", "bogor-nanning"]),
        reverse("public_cooperation_ics", args=["32.01", "bogor-nanning"]),
        reverse("public_cooperation_feed", args=[code, "bogor-nanning"]),
    ):
        assert client.get(url).status_code == 404, url


def test_the_sitemap_lists_public_pages_only(client, world):
    coop = world["coop"]
    root = ET.fromstring(client.get(reverse("public_sitemap")).content)
    locs = {u.findtext(f"{SITEMAP}loc") for u in root.iter(f"{SITEMAP}url")}
    base = "http://testserver"
    expected = {
        reverse("public_directory"),
        reverse("public_region", args=[coop.region.code]),
        reverse("public_cooperation", args=[coop.region.code, coop.ref]),
    }
    assert locs == {base + p for p in expected} | {base + p + "?lang=en" for p in expected}
    alternates = {link.get("hreflang") for link in root.iter(f"{XHTML}link")}
    assert alternates == {"id", "en", "x-default"}
    assert "bogor" not in client.get(reverse("public_sitemap")).content.decode()
    robots = client.get(reverse("public_robots")).content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in robots and "Disallow: /r/" in robots
    assert "Disallow: /admin/" in robots and "Disallow: /daerah/" not in robots


def test_open_data_csv_and_json(client, world, bandung):
    admin = world["admin"]
    from kembar.partners.services import partner_create

    partner = partner_create(
        region=bandung,
        by=admin,
        name='=HYPERLINK("http://x","y")',
        country_id="JP",
        kind="local_government",
        level="city",
    )
    formula = make_cooperation(bandung, by=admin, ref="k-formula", partner=partner)
    public.cooperation_publish(cooperation=formula, by=admin, published=True)
    response = client.get(reverse("public_data_csv"))
    assert response["Content-Type"].startswith("text/csv")
    assert 'rel="license"' in response["Link"] and "creativecommons.org/licenses/by/4.0" in response["Link"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert {r["partner_name"] for r in rows} == {"Kota Liuzhou", '\'=HYPERLINK("http://x","y")'}
    liuzhou = next(r for r in rows if r["partner_name"] == "Kota Liuzhou")
    assert liuzhou["country_code"] == "CN" and liuzhou["partner_name_local"] == "柳州市"
    assert liuzhou["fields"] == "Pendidikan dan Kebudayaan" and liuzhou["started"] == "2006-09-21"
    assert liuzhou["latest_activity_title"] == "Pertukaran budaya"
    assert liuzhou["url"] == "http://testserver" + reverse("public_cooperation", args=[bandung.code, "bandung-liuzhou"])
    # The same filters as the directory; JSON with its licence and columns; labels in the address's language.
    document = json.loads(client.get(reverse("public_data_json"), {"country": "CN", "lang": "en"}).content)
    assert document["metadata"]["licence"] == {
        "name": "CC BY 4.0",
        "url": "https://creativecommons.org/licenses/by/4.0/",
    }
    assert document["metadata"]["filters"] == {"country": "CN"} and document["metadata"]["count"] == 1
    assert [c["name"] for c in document["metadata"]["columns"]] == list(rows[0].keys())
    (row,) = document["cooperations"]
    assert row["country_name"] == "China" and row["fields"] == ["Pendidikan dan Kebudayaan"]
    assert client.get(reverse("public_data_csv"), {"country": "ZZ"}).status_code == 400


def test_the_data_dictionary_describes_each_column_in_the_page_language(client, world):
    from kembar.public.opendata import COLUMNS

    html = client.get(reverse("public_data")).content.decode()
    for column in COLUMNS:
        assert f"<code>{column.name}</code>" in html
    assert "Negara mitra, kode ISO 3166-1 alpha-2." in html  # in the page's language: Indonesian by default
    english = client.get(reverse("public_data") + "?lang=en").content.decode()
    assert "The partner&#x27;s country, ISO 3166-1 alpha-2 code." in english
    assert "Negara mitra, kode ISO 3166-1 alpha-2." not in english
    assert "CC BY 4.0" in html and 'rel="license"' in html


def test_a_control_character_kept_from_before_is_left_out_of_the_feed(client, world):
    """Records refuse control characters now; one saved before (or by a bulk write) must not break the feed, which
    XML cannot hold it in."""
    from kembar.cooperations.models import Activity

    Activity.objects.filter(pk=world["activity"].pk).update(title="Pertukaran\x1b[2J budaya\x07")
    coop = world["coop"]
    response = client.get(reverse("public_cooperation_feed", args=[coop.region.code, coop.ref]))
    assert response.status_code == 200
    titles = [e.findtext(f"{ATOM}title") for e in ET.fromstring(response.content).iter(f"{ATOM}entry")]
    assert titles == ["Pertukaran[2J budaya — Kota Bandung – Kota Liuzhou"]
