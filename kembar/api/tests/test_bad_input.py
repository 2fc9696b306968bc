"""Bad input to a token's endpoints: every refusal is a 4xx problem document (RFC 9457) in the requested
language, and no row changes (no activity, no history row, no idempotency record)."""

import json

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from kembar.accounts.models import Role
from kembar.api import tokens
from kembar.cooperations import services
from kembar.cooperations.models import Activity
from kembar.core.models import FormSubmission
from kembar.testing import make_cooperation, make_member

PROBLEM = "application/problem+json"


@pytest.fixture
def world(bandung, bogor):
    staff = make_member("staf", bandung, Role.BUREAU_STAFF)
    coop = make_cooperation(bandung, by=staff, ref="bandung-liuzhou", title="Bandung–Liuzhou", country="CN")
    activity = services.activity_create(cooperation=coop, by=staff, title="Pameran", date="2019-05")
    return {
        "region": bandung,
        "staff": staff,
        "coop": coop,
        "activity": activity,
        "token": tokens.token_create(user=staff, name="uji", scope="write")[1],
    }


def rows():
    """Everything a write through the API touches."""
    return (
        sorted(Activity.objects.values_list("pk", "title", "updated_at")),
        Activity.history.count(),
        FormSubmission.objects.count(),
    )


def send(world, method, url, raw, *, language="id", content_type="application/json"):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {world['token']}", "HTTP_ACCEPT_LANGUAGE": language}
    return getattr(Client(), method)(url, raw, content_type=content_type, **headers)


def create_url(world):
    return reverse("api_v1:api_activity_create", args=[world["region"].code])


def update_url(world):
    return reverse("api_v1:api_activity_update", args=[world["region"].code, world["activity"].pk])


@pytest.mark.parametrize("language", ["id", "en"])
def test_unknown_fields_are_refused_and_nothing_is_recorded(world, language):
    before = rows()
    body = {"cooperation": "bandung-liuzhou", "title": "Rapat", "region": "32.01", "pad": "y" * 1000}
    created = send(world, "post", create_url(world), json.dumps(body), language=language)
    outcome = {"cooperation": "bandung-liuzhou", "title": "Rapat", "outcomes": [{"text": "Hasil", "score": 5}]}
    nested = send(world, "post", create_url(world), json.dumps(outcome), language=language)
    changed = send(world, "patch", update_url(world), json.dumps({"title": "Baru", "id": 5}), language=language)
    for response in (created, nested, changed):
        assert response.status_code == 422 and response["Content-Type"] == PROBLEM, response.content
    assert {tuple(e["loc"][-1:]) for e in created.json()["errors"]} == {("region",), ("pad",)}
    assert nested.json()["errors"][0]["loc"][-3:] == ["outcomes", "0", "score"]
    assert rows() == before


@pytest.mark.parametrize("raw", ["[]", '"judul"', "5", "null"])
def test_a_body_that_is_not_an_object_is_refused(world, raw):
    before = rows()
    for method, url in (("patch", update_url(world)), ("post", create_url(world))):
        response = send(world, method, url, raw)
        assert response.status_code == 422 and response["Content-Type"] == PROBLEM, (method, response.content)
    assert rows() == before


#: Bodies the request's schema or JSON itself refuses, each with what the Indonesian and English answers say.
REFUSED = [
    ({"title": "x" * 100_000}, "title", "Tulis paling banyak 2.000 karakter.", "Write at most 2,000 characters."),
    ({"field": "x" * 100_000}, "field", "Tulis paling banyak 200 karakter.", "Write at most 200 characters."),
    ({"title": "a\x1b[31mb"}, "title", "tidak dapat disimpan", "cannot be kept"),
    ({"title": ["a"]}, "title", "Tulis teks di sini.", "Write text here."),
    ({"participants": "x"}, "participants", "Kirim daftar.", "Send a list."),
    ({"community_in_planning": "mungkin"}, "community_in_planning", "true atau false", "true or false"),
    ({"participant_counts": {"youth": 2**70}}, "youth", "10.000.000 atau kurang", "10,000,000 or less"),
    ({"budget_region": 2**70}, "budget_region", "paling banyak 18 digit", "at most 18 digits"),
    ({"kind": "pesta"}, "kind", "Pilih salah satu dari:", "Choose one of:"),
    ({"zzz": 1}, "zzz", "Isian ini tidak dikenal", "This field is not known"),
]


@pytest.mark.parametrize(("body", "field", "indonesian", "english"), REFUSED)
def test_what_the_schema_refuses_is_said_in_the_requested_language(world, body, field, indonesian, english):
    before = rows()
    for language, words in (("id", indonesian), ("en", english)):
        raw = json.dumps({"cooperation": "bandung-liuzhou", "title": "Rapat", **body})
        response = send(world, "post", create_url(world), raw, language=language)
        assert response.status_code == 422 and response["Content-Type"] == PROBLEM
        (error,) = response.json()["errors"]
        assert error["loc"][-1] == field and words in error["msg"], error
        if language == "id":
            assert not {"should", "Input", "Value error"} & set(error["msg"].replace(",", " ").split()), error
    assert rows() == before


@pytest.mark.parametrize(
    ("raw", "indonesian", "english"),
    [
        ('{"cooperation": "bandung-liuzhou", "title": ', "bukan JSON yang sah (baris 1, kolom 45)", "not valid JSON"),
        ('{"outcomes": ' + "[" * 1000 + "]" * 1000 + "}", "bersarang terlalu dalam", "nested too deeply"),
        (b'{"title": "\xff\xfe"}', "bukan teks UTF-8", "not UTF-8 text"),
    ],
)
def test_a_body_that_cannot_be_read_is_said_in_the_requested_language(world, raw, indonesian, english):
    before = rows()
    for language, words in (("id", indonesian), ("en", english)):
        for method, url in (("post", create_url(world)), ("patch", update_url(world))):
            response = send(world, method, url, raw, language=language)
            assert response.status_code == 400 and response["Content-Type"] == PROBLEM
            assert words in response.json()["detail"] and response["Content-Language"] == language
    assert rows() == before


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=100_000)
def test_a_body_over_the_limit_is_a_problem_not_a_page(world):
    before = rows()
    raw = json.dumps({"cooperation": "bandung-liuzhou", "title": "Rapat", "pad": "y" * 200_000})
    for language, words in (("id", "lebih besar dari 0,1 MB"), ("en", "larger than 0.1 MB")):
        for method, url in (("post", create_url(world)), ("patch", update_url(world))):
            response = send(world, method, url, raw, language=language)
            assert response.status_code == 413 and response["Content-Type"] == PROBLEM, response.content[:200]
            assert words in response.json()["detail"] and response["Content-Language"] == language
    assert rows() == before


def test_too_many_query_fields_is_a_problem_not_a_page(world):
    url = reverse("api_v1:api_activities", args=[world["region"].code])
    query = "&".join(f"f{i}=1" for i in range(1200))
    headers = {"HTTP_AUTHORIZATION": f"Bearer {world['token']}", "HTTP_ACCEPT_LANGUAGE": "en"}
    response = Client().get(f"{url}?{query}", **headers)
    assert response.status_code == 400 and response["Content-Type"] == PROBLEM, response.content[:200]
    assert "too many" in response.json()["detail"]


@pytest.mark.parametrize(
    "path",
    ["/api/v1/regions/32.73/nope", "/api/v1/regions/32.73/activities/", "/api/v1/regions/a/b/cooperations", "/api/v1/"],
)
def test_an_address_the_api_does_not_have_is_a_problem(world, path):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {world['token']}"}
    for language, words in (("id", "Tidak ada apa pun di sini"), ("en", "There is nothing here")):
        for method in ("get", "post"):
            response = getattr(Client(), method)(path, HTTP_ACCEPT_LANGUAGE=language, **headers)
            assert response.status_code == 404 and response["Content-Type"] == PROBLEM, (method, response.content[:80])
            assert words in response.json()["detail"] and response["Content-Language"] == language


def test_a_method_an_address_does_not_answer_is_a_problem(world):
    before = rows()
    for method in ("delete", "put"):
        for language, words in (("id", "tidak menerima"), ("en", "does not take")):
            response = send(world, method, update_url(world), "{}", language=language)
            assert response.status_code == 405 and response["Content-Type"] == PROBLEM, response.content[:80]
            assert words in response.json()["detail"] and "PATCH" in response.json()["detail"]
            assert set(response["Allow"].split(", ")) == {"GET", "PATCH"}
            assert response["Content-Language"] == language
    assert rows() == before


@pytest.mark.parametrize(
    ("name", "query", "field", "indonesian", "english"),
    [
        ("api_activities", {"year": "abcd"}, "year", "Tulis tahun", "Write a year"),
        ("api_activities", {"year": "0000"}, "year", "Tulis tahun", "Write a year"),
        ("api_cooperations", {"country": "Z!"}, "country", "kode negara", "country's two-letter code"),
        ("api_cooperations", {"status": "zzz"}, "status", "Pilih salah satu dari: idea,", "Choose one of: idea,"),
    ],
)
def test_a_filter_value_that_is_none_is_refused_not_ignored(world, name, query, field, indonesian, english):
    url = reverse(f"api_v1:{name}", args=[world["region"].code])
    for language, words in (("id", indonesian), ("en", english)):
        headers = {"HTTP_AUTHORIZATION": f"Bearer {world['token']}", "HTTP_ACCEPT_LANGUAGE": language}
        response = Client().get(url, query, **headers)
        assert response.status_code == 422 and response["Content-Type"] == PROBLEM, response.content[:200]
        (error,) = response.json()["errors"]
        assert error["loc"] == ["query", field] and words in error["msg"], error


def test_filters_as_people_write_them_still_work(world):
    def listed(name, **query):
        url = reverse(f"api_v1:{name}", args=[world["region"].code])
        response = Client().get(url, query, HTTP_AUTHORIZATION=f"Bearer {world['token']}")
        assert response.status_code == 200, response.content
        return [item.get("ref") or item.get("title") for item in response.json()["items"]]

    assert listed("api_activities", year="2019") == ["Pameran"] and listed("api_activities", year="2020") == []
    assert listed("api_cooperations", country="cn") == listed("api_cooperations", country="CN") == ["bandung-liuzhou"]
    assert listed("api_cooperations", country="KR") == []


def test_a_control_character_kept_from_before_does_not_break_the_answer(world):
    """Records refuse control characters now; an outcome saved with one before is read back as it is (JSON holds
    it), not refused by the request's rule (a 500)."""
    Activity.objects.filter(pk=world["activity"].pk).update(
        title="Pameran\x1b[2J", outcomes=[{"text": "Hasil\x07 lama"}]
    )
    headers = {"HTTP_AUTHORIZATION": f"Bearer {world['token']}"}
    for url in (
        reverse("api_v1:api_activities", args=[world["region"].code]),
        reverse("api_v1:api_activity", args=[world["region"].code, world["activity"].pk]),
    ):
        response = Client().get(url, **headers)
        assert response.status_code == 200, response.content[:300]
        activity = response.json()["items"][0] if "items" in response.json() else response.json()
        assert (activity["title"], activity["outcomes"]) == (
            "Pameran\x1b[2J",
            [{"text": "Hasil\x07 lama", "tangible": ""}],
        )
