"""The public portal: what it shows, what it never shows, and what it refuses (issue 18 §1)."""

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kembar.accounts.models import Role
from kembar.cooperations import services
from kembar.cooperations.models import Activity, Cooperation, Document, Event, Finding, Source
from kembar.core.dates import DateSpec
from kembar.public import selectors
from kembar.public import services as public
from kembar.testing import make_cooperation, make_member, make_obligation, pdf_upload

#: Every private value of the world below carries this mark, each one different: none may reach a public page.
MARK = "ZZPRIV"


class Sentinels:
    def __init__(self):
        self.values = []

    def __call__(self, what: str) -> str:
        value = f"{MARK}{len(self.values):03d}{what}"
        self.values.append(value)
        return value


@pytest.fixture
def secret():
    return Sentinels()


def _private_world(region, *, secret, ref="bandung-liuzhou", by=None):
    """A cooperation with every private field filled with a sentinel, and public items beside private ones."""
    from kembar.partners.services import partner_create

    partner = partner_create(
        region=region,
        by=by,
        name="Kota Liuzhou",
        name_local="柳州市",
        country_id="CN",
        kind="local_government",
        level="city",
        admin_region=secret("adminregion"),
        contacts=secret("contacts") + " +62-812-0000-1111 humas@example.org",
        note=secret("partnernote"),
    )
    coop = make_cooperation(
        region,
        by=by,
        ref=ref,
        partner=partner,
        title=secret("title"),
        legal_basis=secret("legalbasis"),
        goals=secret("goals"),
        terms={"budget_sharing": secret("terms")},
        person_in_charge=secret("pic"),
        status_basis=secret("statusbasis"),
        fields=["Pendidikan dan Kebudayaan"],
        started="2006-09-21",
    )
    services.cooperation_update(
        cooperation=coop, by=by, person_in_charge=secret("newpic"), handover_note=secret("handover")
    )
    source = Source.objects.create(
        region=region, cooperation=coop, key="s1", cite=secret("cite"), seed=secret("seed.txt"), url=""
    )
    Event(
        region=region, cooperation=coop, date=DateSpec.parse("2006-09-21"), kind="signing", title=secret("event")
    ).save()
    make_obligation(coop, text=secret("obligation"))
    shown = services.activity_create(
        cooperation=coop,
        by=by,
        date="2019-10-05",
        title="Pertukaran budaya",
        kind="exchange",
        field=secret("actfield"),
        host="partner",
        participants=["community", "education"],
        participant_counts={"community": 123457},
        budget_region="987654321.12",
        budget_partner="123456789.34",
        currency="IDR",
        outcomes=[{"text": "Dua sekolah bermitra", "tangible": "direct"}],
        source=source,
    )
    services.activity_file_add(
        activity=shown, by=by, upload=pdf_upload(secret("evidence") + ".pdf"), caption=secret("caption")
    )
    hidden = services.activity_create(cooperation=coop, by=by, date="2020-01-01", title="Kegiatan belum dipublikasikan")
    upcoming = services.activity_create(
        cooperation=coop, by=by, date=str(timezone.localdate() + dt.timedelta(days=60)), title="Festival kota kembar"
    )
    doc = services.document_create(
        cooperation=coop,
        by=by,
        kind="mou",
        title="MoU Kota Bersaudara",
        date="2006-09-21",
        signatories=[{"name": secret("signatory"), "office": secret("office")}],
        language=secret("language"),
        summary=secret("docsummary"),
        upload=pdf_upload(secret("docfile") + ".pdf"),
        source=source,
    )
    private_doc = services.document_create(cooperation=coop, by=by, kind="report", title="Laporan internal")
    finding = Finding(region=region, cooperation=coop, topic="community", text="Masyarakat belum dilibatkan")
    finding.save()
    private_finding = Finding(region=region, cooperation=coop, topic="budget", text=secret("finding"))
    private_finding.save()
    return {
        "coop": coop,
        "activity": shown,
        "hidden": hidden,
        "upcoming": upcoming,
        "doc": doc,
        "private_doc": private_doc,
        "finding": finding,
        "private_finding": private_finding,
    }


@pytest.fixture
def world(bandung, bogor, secret):
    admin = make_member("admin", bandung, Role.BUREAU_ADMIN)
    admin.first_name, admin.last_name, admin.email = secret("adminname"), secret("surname"), "admin@bandung.example"
    admin.save()
    w = _private_world(bandung, secret=secret, by=admin)
    w["admin"] = admin
    public.cooperation_publish(cooperation=w["coop"], by=admin, published=True)
    for key in ("activity", "doc", "finding"):
        public.item_publish(item=w[key], by=admin, public=True)
    public.item_publish(item=w["upcoming"], by=admin, public=True)
    # People signed up for the upcoming activity (one on the waiting list): only counts may show.
    from kembar.participation import signups

    signups.capacity_set(activity=w["upcoming"], capacity=1, by=admin)
    for n in range(2):
        signups.signup_create(
            activity=w["upcoming"],
            name=secret("signupname"),
            email=f"peserta{n}@example.org",
            organisation=secret("org"),
        )
    # Bogor publishes nothing: it has a cooperation of its own, private.
    other = make_member("bogor-admin", bogor, Role.BUREAU_ADMIN)
    w["bogor"] = make_cooperation(bogor, by=other, ref="bogor-nanning", title=secret("bogortitle"))
    return w


def _public_pages(w) -> list[str]:
    coop = w["coop"]
    code = coop.region.code
    return [
        "/",
        reverse("public_directory"),
        reverse("public_directory") + "?q=Liuzhou",
        reverse("public_region", args=[code]),
        reverse("public_cooperation", args=[code, coop.ref]),
        reverse("signup_create", args=[code, coop.ref, w["upcoming"].pk]),
        # The feeds, calendars, sitemap and open data read the same selectors: the same test holds for them.
        reverse("public_region_feed", args=[code]),
        reverse("public_cooperation_feed", args=[code, coop.ref]),
        reverse("public_region_ics", args=[code]),
        reverse("public_cooperation_ics", args=[code, coop.ref]),
        reverse("public_sitemap"),
        reverse("public_robots"),
        reverse("public_data"),
        reverse("public_data_csv"),
        reverse("public_data_json"),
    ]


def _private_values_in(html: str, secret: Sentinels) -> list[str]:
    found = [v for v in secret.values if v in html]
    if MARK in html:  # a sentinel cut short (truncated) still gives itself away
        found.append(html[html.index(MARK) : html.index(MARK) + 30])
    return found


def test_no_private_value_reaches_any_public_page(client, world, secret):
    """Everything publishable published, every public page rendered in both languages: none of the private
    values appears, nor any e-mail address or telephone number."""
    # The region's rule publishes everything it can, too.
    public.publication_rules_update(
        region=world["coop"].region, by=world["admin"], activities=True, documents=True, evaluation=True
    )
    for language in ("id", "en"):
        for url in _public_pages(world):
            response = client.get(url, {"lang": language})
            assert response.status_code == 200, url
            html = response.content.decode()
            assert _private_values_in(html, secret) == [], (url, language)
            assert not re.search(r"[\w.]+@[\w-]+\.\w+", html), url
            assert "812-0000" not in html and "987654321" not in html and "123456789" not in html, url
    # The public file is named after the document, never its uploaded name.
    url = reverse("public_document_file", args=[world["coop"].region.code, world["coop"].ref, world["doc"].pk])
    response = client.get(url)
    assert response.status_code == 200
    assert MARK not in response["Content-Disposition"]
    assert "mou-kota-bersaudara.pdf" in response["Content-Disposition"]


def test_the_cooperation_page_shows_what_is_public(client, world):
    coop = world["coop"]
    html = client.get(reverse("public_cooperation", args=[coop.region.code, coop.ref])).content.decode()
    assert "Kota Liuzhou" in html and "柳州市" in html
    assert "Pertukaran budaya" in html and "Dua sekolah bermitra" in html  # activity and its outcome
    assert "Festival kota kembar" in html  # upcoming
    assert "MoU Kota Bersaudara" in html
    assert "Masyarakat belum dilibatkan" in html  # the public finding
    assert "Pendidikan dan Kebudayaan" in html  # its field
    assert "Ringkasan evaluasi" not in html  # the region does not publish it
    assert 'lang="id"' in html and reverse("login") in html  # Indonesian, with the login one click away


def test_the_region_rule_publishes_activities_and_documents(client, world):
    coop, admin = world["coop"], world["admin"]
    url = reverse("public_cooperation", args=[coop.region.code, coop.ref])
    assert world["hidden"].title not in client.get(url).content.decode()
    public.publication_rules_update(region=coop.region, by=admin, activities=True, documents=False, evaluation=True)
    html = client.get(url).content.decode()
    assert world["hidden"].title in html  # every activity now
    assert world["private_doc"].title not in html  # but not every document
    assert world["private_finding"].text not in html  # findings only one by one
    assert "Ringkasan evaluasi" in html


def test_unpublished_and_deleted_things_are_not_found(client, world):
    coop, admin = world["coop"], world["admin"]
    code = coop.region.code
    cases = [
        reverse("public_cooperation", args=["32.01", "bogor-nanning"]),  # never published
        reverse("public_region", args=["32.01"]),  # a region with nothing published
        reverse("public_region", args=["99.99"]),  # no such region
        reverse("public_cooperation", args=[code, "no-such-ref"]),
        reverse("public_cooperation", args=["32.01", coop.ref]),  # Bandung's cooperation under Bogor's code
        reverse("public_document_file", args=[code, coop.ref, world["private_doc"].pk]),
    ]
    for url in cases:
        assert client.get(url).status_code == 404, url
    # Withdrawn: gone from every public page, and answered exactly as something that never existed.
    public.cooperation_publish(cooperation=coop, by=admin, published=False)
    gone = client.get(reverse("public_cooperation", args=[code, coop.ref]))
    never = client.get(reverse("public_cooperation", args=[code, "no-such-ref"]))
    assert gone.status_code == never.status_code == 404
    assert "Liuzhou" not in gone.content.decode()
    assert client.get(reverse("public_region", args=[code])).status_code == 404
    assert "Kota Liuzhou" not in client.get(reverse("public_directory")).content.decode()
    # Published again, a deleted activity and a deleted cooperation are not shown.
    public.cooperation_publish(cooperation=coop, by=admin, published=True)
    services.activity_delete(activity=world["activity"], by=admin)
    assert "Pertukaran budaya" not in client.get(reverse("public_cooperation", args=[code, coop.ref])).content.decode()
    services.cooperation_delete(cooperation=coop, by=admin)
    assert client.get(reverse("public_cooperation", args=[code, coop.ref])).status_code == 404
    assert client.get(reverse("public_region", args=[code])).status_code == 404


def test_the_directory_lists_only_regions_that_published(client, world, bandung):
    html = client.get("/").content.decode()
    assert "Kota Liuzhou" in html and bandung.name in html
    assert "Kabupaten Bogor" not in html  # neither as a row nor as a filter option


@pytest.mark.parametrize(
    ("query", "shown"),
    [
        ({"q": "liuzhou"}, True),
        ({"q": "LIUZHOU"}, True),
        ({"q": "柳州"}, True),
        ({"q": "bandung"}, True),  # the region's name
        ({"q": "china"}, True),  # the country's English name, on the Indonesian page too
        ({"q": "Suwon"}, False),
        ({"country": "CN"}, True),
        ({"region": "32.73"}, True),
        ({"province": "32"}, True),
        ({"field": "Pendidikan dan Kebudayaan"}, True),
        ({"form": "sister_city"}, True),
        ({"form": "institution"}, False),
        ({"status": "ended"}, False),
    ],
)
def test_directory_filters(client, world, query, shown):
    response = client.get(reverse("public_directory"), query)
    assert response.status_code == 200
    assert ("Kota Liuzhou" in response.content.decode()) is shown


def test_directory_status_filter(client, world):
    """The status is the one Kembar derives today (Liuzhou: silent since its 2019 exchange)."""
    listing = selectors.directory(filters=selectors.DirectoryFilters())
    status = listing.rows[0].status
    assert status and status != "ended"
    assert "Kota Liuzhou" in client.get(reverse("public_directory"), {"status": status}).content.decode()
    assert "Kota Liuzhou" not in client.get(reverse("public_directory"), {"status": "ended"}).content.decode()


@pytest.mark.parametrize(
    "query",
    [
        {"country": "ZZ"},
        {"country": "KR"},  # a real country, but no published partner there
        {"region": "32.01"},  # a real region, but nothing published
        {"province": "../../etc"},
        {"status": "<script>"},
        {"form": "x" * 5000},
        {"field": "Tidak ada"},
        {"q": "x" * 101},
        {"q": "a\x00b"},
    ],
)
def test_bad_directory_parameters_are_refused(client, world, query):
    response = client.get(reverse("public_directory"), query)
    assert response.status_code == 400
    html = response.content.decode()
    assert 'role="alert"' in html and "Kota Liuzhou" not in html


def test_the_directory_pages_and_maps(client, bandung, secret):
    admin = make_member("admin", bandung, Role.BUREAU_ADMIN)
    for i in range(30):
        coop = make_cooperation(bandung, by=admin, ref=f"k-{i:02d}", country="KR" if i % 2 else "JP")
        public.cooperation_publish(cooperation=coop, by=admin, published=True)
    first = client.get(reverse("public_directory")).content.decode()
    second = client.get(reverse("public_directory"), {"page": "2"}).content.decode()
    assert "Mitra k-00" in first and "Mitra k-29" not in first
    assert "Mitra k-29" in second and "Mitra k-00" not in second
    assert "30 kerja sama" in first  # counted in full
    assert 'class="world-map"' in first and "Korea" in first  # the map, with its table


def test_the_public_pages_cost_the_same_queries_for_many(client, bandung, django_assert_max_num_queries):
    """Pages pin their query counts: a directory of 40 costs what one of 4 does."""
    from kembar.testing import queries_of

    admin = make_member("admin", bandung, Role.BUREAU_ADMIN)

    def publish(n, start):
        for i in range(start, start + n):
            coop = make_cooperation(bandung, by=admin, ref=f"k-{i:02d}")
            services.activity_create(cooperation=coop, by=admin, date="2024-01-01", title=f"Kegiatan {i}")
            public.cooperation_publish(cooperation=coop, by=admin, published=True)

    publish(4, 0)
    anon = Client()
    few = {url: queries_of(anon, url) for url in ("/", "/daerah/32.73/", "/daerah/32.73/k-00/")}
    publish(36, 4)
    many = {url: queries_of(anon, url) for url in few}
    assert many == few


def test_publishing_is_recorded_in_the_history(world):
    coop = Cooperation.objects.get(pk=world["coop"].pk)
    assert (coop.published, coop.published_by) == (True, world["admin"])
    last = coop.history.first()
    assert (last.history_user, last.history_change_reason, last.published) == (world["admin"], "published", True)
    activity = Activity.objects.get(pk=world["activity"].pk)
    assert activity.history.first().history_change_reason == "made public"
    doc = Document.objects.get(pk=world["doc"].pk)
    assert doc.public and doc.history.first().history_user == world["admin"]


def test_items_are_private_by_default(bandung):
    coop = make_cooperation(bandung)
    activity = services.activity_create(cooperation=coop, by=None, date="2020", title="A")
    assert (coop.published, activity.public) == (False, False)
    assert not selectors.public_activities().exists()


def test_the_demo_publishes_bandung(ref_data):
    """`kembar demo`: Bandung's cooperations published, all their activities by rule, no documents but
    Liuzhou's MoU; Bogor publishes nothing."""
    from io import StringIO

    from django.core.management import call_command

    call_command("demo", stdout=StringIO())
    anon = Client()
    html = anon.get("/").content.decode()
    assert "Liuzhou" in html and "Kabupaten Bogor" not in html
    page = anon.get(reverse("public_cooperation", args=["32.73", "bandung-liuzhou"]))
    assert page.status_code == 200
    liuzhou = selectors.cooperation_page(code="32.73", ref="bandung-liuzhou")
    assert [d.kind for d in liuzhou.documents] == ["mou"] and liuzhou.documents[0].has_file is False
    recorded = Activity.objects.filter(cooperation__ref="bandung-liuzhou")
    today = timezone.localdate()
    assert len(liuzhou.past) == recorded.filter(date_sort__lte=today).count()
    # The planned activity an accepted community proposal made is public too, among the upcoming ones.
    assert len(liuzhou.upcoming) == recorded.filter(date_sort__gt=today).count() >= 1
    assert anon.get(reverse("public_cooperation", args=["32.01", "bogor-nanning"])).status_code == 404


def test_the_directory_names_each_form_in_the_visitors_language(client, world):
    coop = world["coop"]
    assert coop.form == "sister_city"
    pages = {lang: client.get("/daerah/", {"lang": lang}).content.decode() for lang in ("id", "en")}
    cells = {lang: re.findall(r"<td data-label=\"[^\"]*\"><span>([^<]*) <small>", html) for lang, html in pages.items()}
    assert cells["id"] == ["Kota kembar"] and cells["en"] == ["Sister city"]


@pytest.mark.parametrize(("language", "suffix"), [("id", ""), ("en", "?lang=en")])
def test_the_dossier_opens_the_public_page_in_the_readers_language(client, world, language, suffix):
    """A public page takes its language from its address: the staff page's link carries the reader's."""
    coop = world["coop"]
    client.force_login(world["admin"])
    client.cookies["django_language"] = language
    html = client.get(reverse("cooperation_detail", args=[coop.region.code, coop.ref])).content.decode()
    public_url = reverse("public_cooperation", args=[coop.region.code, coop.ref])
    assert f'href="{public_url}{suffix}"' in html
    page = client.get(public_url + suffix)
    assert page["Content-Language"] == language
