"""The public API: exactly what the portal publishes, paged with a signed cursor, cached with ETags, errors as
problem details in the client's language, limited per address (issue 18 §3)."""

import json
import re

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from kembar.core import ratelimit
from kembar.public import services as public
from kembar.public.tests import test_portal as portal
from kembar.testing import make_cooperation, make_member

#: The portal's fixtures: every private field filled with a sentinel, everything publishable published.
secret = portal.secret
world = portal.world


@pytest.fixture
def api():
    return Client()


def _urls(w) -> list[str]:
    code, ref = w["coop"].region.code, w["coop"].ref
    return [
        reverse("api_v1:api_public_filters"),
        reverse("api_v1:api_public_cooperations"),
        reverse("api_v1:api_public_cooperations") + "?q=Liuzhou",
        reverse("api_v1:api_public_region", args=[code]),
        reverse("api_v1:api_public_cooperation", args=[code, ref]),
    ]


def test_no_private_value_reaches_the_public_api(api, world, secret):
    """Everything publishable published: no private value in any public endpoint, in either language."""
    public.publication_rules_update(
        region=world["coop"].region, by=world["admin"], activities=True, documents=True, evaluation=True
    )
    for language in ("id", "en"):
        for url in _urls(world):
            response = api.get(url, HTTP_ACCEPT_LANGUAGE=language)
            assert response.status_code == 200, url
            body = response.content.decode()
            assert portal._private_values_in(body, secret) == [], (url, language)
            assert not re.search(r"[\w.]+@[\w-]+\.\w+", body), url
            assert "812-0000" not in body, url


def test_the_cooperation_shows_what_the_portal_shows(api, world):
    coop = world["coop"]
    data = api.get(reverse("api_v1:api_public_cooperation", args=[coop.region.code, coop.ref])).json()
    assert data["cooperation"]["partner"] == "Kota Liuzhou" and data["cooperation"]["partner_local"] == "柳州市"
    assert [a["title"] for a in data["past"]] == ["Pertukaran budaya"]
    assert [a["title"] for a in data["upcoming"]] == ["Festival kota kembar"]
    assert [d["title"] for d in data["documents"]] == ["MoU Kota Bersaudara"]
    assert data["documents"][0]["file"] == reverse(
        "public_document_file", args=[coop.region.code, coop.ref, world["doc"].pk]
    )
    assert data["evaluation"] is None  # the region does not publish it
    assert data["cooperation"]["url"] == reverse("public_cooperation", args=[coop.region.code, coop.ref])


def test_unpublished_is_not_found_as_a_problem(api, world, bogor):
    """Bogor published nothing: its region and cooperation are 404, a problem detail, like on the portal."""
    for url in (
        reverse("api_v1:api_public_region", args=[bogor.code]),
        reverse("api_v1:api_public_cooperation", args=[bogor.code, "bogor-nanning"]),
        reverse("api_v1:api_public_region", args=["99.99"]),
    ):
        response = api.get(url)
        assert response.status_code == 404, url
        assert response["Content-Type"] == "application/problem+json"
        problem = response.json()
        assert problem["status"] == 404 and problem["title"] == "Tidak ditemukan" and problem["instance"] == url


def test_problems_in_the_requested_language(api, world):
    url = reverse("api_v1:api_public_cooperations") + "?country=ZZ"
    indonesian = api.get(url)
    english = api.get(url, HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    other = api.get(url, HTTP_ACCEPT_LANGUAGE="fr, de;q=0.5")
    assert indonesian.status_code == english.status_code == other.status_code == 400
    assert english.json()["title"] == "Bad request" and english["Content-Language"] == "en"
    assert "There is no such country" in english.json()["detail"]
    assert indonesian.json()["title"] == "Permintaan tidak valid" and indonesian["Content-Language"] == "id"
    assert other.json() == indonesian.json()  # neither Indonesian nor English asked: Indonesian


def test_validation_errors_are_problems_too(api, world):
    response = api.get(reverse("api_v1:api_public_cooperations") + "?limit=100000", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 422 and response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["title"] == "Invalid data" and problem["errors"][0]["loc"] == ["query", "limit"]


def _make_published(region, admin, n):
    for i in range(n):
        coop = make_cooperation(region, by=admin, ref=f"k-{i:02d}", title=f"Kerja sama {i}")
        public.cooperation_publish(cooperation=coop, by=admin, published=True)


def test_cursor_pages_through_the_directory(api, bandung):
    admin = make_member("admin", bandung, "bureau_admin")
    _make_published(bandung, admin, 7)
    url = reverse("api_v1:api_public_cooperations")
    seen, cursor = [], ""
    for _page in range(10):
        data = api.get(url, {"limit": 3, "cursor": cursor}).json()
        seen += [row["ref"] for row in data["items"]]
        cursor = data["next"]
        if cursor is None:
            break
    assert sorted(seen) == [f"k-{i:02d}" for i in range(7)] and len(seen) == 7


def test_a_cooperation_published_between_pages_neither_skips_nor_repeats_a_row(api, bandung):
    """The cursor holds the last row's key, not a page number: publishing one before the cursor's place shifts
    nothing (with page numbers the next page would show the last row of the page before again)."""
    admin = make_member("admin", bandung, "bureau_admin")
    _make_published(bandung, admin, 6)
    url = reverse("api_v1:api_public_cooperations")
    first = api.get(url, {"limit": 3}).json()
    # A partner whose name sorts before every other: it lands on the first page, already read.
    early = make_cooperation(bandung, by=admin, ref="k-early", title="Awal", partner=None, country="AE")
    early.partner.name = "AAA Awal"
    early.partner.save()
    public.cooperation_publish(cooperation=early, by=admin, published=True)
    second = api.get(url, {"limit": 3, "cursor": first["next"]}).json()
    refs = [row["ref"] for row in first["items"] + second["items"]]
    assert len(refs) == len(set(refs)) == 6 and "k-early" not in refs
    # Asked again from the start, the new one comes first.
    assert api.get(url, {"limit": 3}).json()["items"][0]["ref"] == "k-early"


def test_a_made_up_or_foreign_cursor_is_refused(api, world):
    url = reverse("api_v1:api_public_cooperations")
    assert api.get(url, {"cursor": "abc"}).status_code == 400
    # A cursor of another list (signed by us) is not this list's either.
    from kembar.api.paging import write_cursor as _write

    response = api.get(url, {"cursor": _write((1,), "activities")}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400 and "cursor" in response.json()["detail"]


def test_etag_answers_304_until_something_changes(api, world):
    url = reverse("api_v1:api_public_cooperations")
    first = api.get(url)
    etag = first["ETag"]
    assert first.status_code == 200 and etag and "public" in first["Cache-Control"]
    assert "Accept-Language" in first["Vary"]
    again = api.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b""
    public.cooperation_publish(cooperation=world["coop"], by=world["admin"], published=False)
    changed = api.get(url, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag and changed.json()["items"] == []


@override_settings(KEMBAR_API_RATE=(3, 60))
def test_too_many_requests_from_one_address(api, world):
    ratelimit.clear("api", "127.0.0.1")
    url = reverse("api_v1:api_public_filters")
    assert [api.get(url).status_code for _ in range(3)] == [200, 200, 200]
    refused = api.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert refused.status_code == 429 and int(refused["Retry-After"]) >= 1
    assert refused["Content-Type"] == "application/problem+json"
    assert refused.json()["title"] == "Too many requests"
    other = Client(REMOTE_ADDR="10.0.0.9")  # another address has its own count
    assert other.get(url).status_code == 200


def test_the_api_only_reads_for_anyone(api, world):
    for url in _urls(world):
        assert api.post(url, data=json.dumps({}), content_type="application/json").status_code == 405, url


def test_the_openapi_document_and_docs_page(api):
    doc = api.get("/api/v1/openapi.json")
    assert doc.status_code == 200 and doc.json()["openapi"].startswith("3.")
    assert "/api/v1/public/cooperations" in doc.json()["paths"]
    page = api.get("/api/v1/docs")
    html = page.content.decode()
    assert page.status_code == 200 and "/static/ninja/swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower()  # served from the package's own files, offline
