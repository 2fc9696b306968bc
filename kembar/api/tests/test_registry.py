"""A token's endpoints: the registry and activities of its regions, read through the pages' selectors, written
through the services (history, the forms' rules), created once per Idempotency-Key (issue 18 §3)."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from kembar.accounts.models import Role
from kembar.api import tokens
from kembar.cooperations import services
from kembar.cooperations.models import Activity
from kembar.testing import make_cooperation, make_member


@pytest.fixture
def world(bandung, bogor):
    staff = make_member("staf", bandung, Role.BUREAU_STAFF)
    coop = make_cooperation(bandung, by=staff, ref="bandung-liuzhou", title="Bandung–Liuzhou", country="CN")
    other = make_cooperation(bandung, by=staff, ref="bandung-suwon", title="Bandung–Suwon", country="KR")
    activity = services.activity_create(cooperation=coop, by=staff, title="Pameran", date="2019-05", kind="exhibition")
    return {
        "region": bandung,
        "staff": staff,
        "coop": coop,
        "other": other,
        "activity": activity,
        "token": tokens.token_create(user=staff, name="uji", scope="write")[1],
    }


def call(world, method, name, *args, body=None, language="id", **headers):
    url = reverse(f"api_v1:{name}", args=[world["region"].code, *args])
    headers = {"HTTP_AUTHORIZATION": f"Bearer {world['token']}", "HTTP_ACCEPT_LANGUAGE": language, **headers}
    if method == "get":
        return Client().get(url, body or {}, **headers)
    return getattr(Client(), method)(url, json.dumps(body), content_type="application/json", **headers)


def test_the_registry_with_the_lists_filters(world):
    everything = call(world, "get", "api_cooperations").json()
    assert [c["ref"] for c in everything["items"]] == ["bandung-liuzhou", "bandung-suwon"]
    korea = call(world, "get", "api_cooperations", body={"country": "KR"}).json()
    assert [c["ref"] for c in korea["items"]] == ["bandung-suwon"]
    assert call(world, "get", "api_cooperations", body={"type": "nope"}).status_code == 422
    one = call(world, "get", "api_cooperation", "bandung-liuzhou").json()
    assert one["title"] == "Bandung–Liuzhou" and one["country"] == "CN" and one["status"]


def test_pages_of_a_region_list_follow_the_cursor(world):
    for i in range(4):
        services.activity_create(cooperation=world["coop"], by=world["staff"], title=f"Rapat {i}")
    seen, cursor = [], ""
    while True:
        page = call(world, "get", "api_activities", body={"limit": 2, "cursor": cursor}).json()
        seen += [a["title"] for a in page["items"]]
        if not (cursor := page["next"]):
            break
    assert seen == ["Pameran", "Rapat 0", "Rapat 1", "Rapat 2", "Rapat 3"]
    kinds = call(world, "get", "api_activities", body={"kind": "exhibition"}).json()
    assert [a["title"] for a in kinds["items"]] == ["Pameran"]


def test_creating_an_activity_goes_through_the_service_with_history(world):
    body = {"cooperation": "bandung-liuzhou", "title": "Kunjungan", "date": "2024-05", "kind": "delegation_visit"}
    response = call(world, "post", "api_activity_create", body=body)
    assert response.status_code == 201, response.content
    made = Activity.objects.get(pk=response.json()["id"])
    assert made.title == "Kunjungan" and str(made.date) == "2024-05" and made.cooperation == world["coop"]
    first = made.history.earliest()
    assert first.history_user == world["staff"] and first.history_change_reason == "created"


def test_the_forms_rules_refuse_with_their_words(world):
    body = {"cooperation": "bandung-liuzhou", "title": "Rapat", "date": "1900", "budget_region": "100"}
    response = call(world, "post", "api_activity_create", body=body, language="en")
    assert response.status_code == 422 and response["Content-Type"] == "application/problem+json"
    errors = {e["loc"][-1]: e["msg"] for e in response.json()["errors"]}
    assert "before the Republic of Indonesia existed" in errors["date"]
    assert not Activity.objects.filter(title="Rapat").exists()
    unknown = call(world, "post", "api_activity_create", body={"cooperation": "nope", "title": "x"}, language="en")
    assert unknown.status_code == 422 and unknown.json()["errors"][0]["loc"] == ["body", "cooperation"]
    nul = call(world, "post", "api_activity_create", body={"cooperation": "bandung-liuzhou", "title": "a\x00b"})
    assert nul.status_code == 422


def test_the_same_idempotency_key_records_once(world):
    body = {"cooperation": "bandung-liuzhou", "title": "Festival"}
    first = call(world, "post", "api_activity_create", body=body, HTTP_IDEMPOTENCY_KEY="k-1")
    again = call(world, "post", "api_activity_create", body=body, HTTP_IDEMPOTENCY_KEY="k-1")
    other = call(world, "post", "api_activity_create", body=body, HTTP_IDEMPOTENCY_KEY="k-2")
    assert (first.status_code, again.status_code, other.status_code) == (201, 200, 201)
    assert again.json()["id"] == first.json()["id"] != other.json()["id"]
    assert Activity.objects.filter(title="Festival").count() == 2


def test_updating_changes_only_what_is_sent(world):
    pk = world["activity"].pk
    response = call(world, "patch", "api_activity_update", pk, body={"title": "Pameran budaya", "end": "2019-06"})
    assert response.status_code == 200, response.content
    activity = Activity.objects.get(pk=pk)
    assert (activity.title, str(activity.end), str(activity.date), activity.kind) == (
        "Pameran budaya",
        "2019-06",
        "2019-05",
        "exhibition",
    )
    assert activity.history.latest().history_user == world["staff"]
    assert call(world, "patch", "api_activity_update", pk, body={"title": ""}).status_code == 422
    assert call(world, "patch", "api_activity_update", 999999, body={"title": "x"}).status_code == 404


def test_a_token_is_shown_once_and_kept_as_a_hash(world, client):
    from kembar.api.models import ApiToken

    client.force_login(world["staff"])
    before = ApiToken.objects.count()
    refused = client.post(reverse("api_tokens"), {"name": "Dasbor\x1b[2J", "scope": "read"})
    assert "karakter yang tidak dapat disimpan" in refused.content.decode() and ApiToken.objects.count() == before
    response = client.post(reverse("api_tokens"), {"name": "Dasbor pariwisata", "scope": "read"})
    assert response.status_code == 200
    secret = response.context["secret"]
    assert secret.startswith("kmb_") and secret in response.content.decode()
    row = ApiToken.objects.get(name="Dasbor pariwisata")
    assert secret not in (row.digest, row.prefix) and secret.startswith(row.prefix)
    later = client.get(reverse("api_tokens")).content.decode()
    assert secret not in later and row.prefix in later
    # It works, then is revoked from the page.
    url = reverse("api_v1:api_cooperations", args=[world["region"].code])
    assert Client().get(url, HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 200
    client.post(reverse("api_token_revoke", args=[row.pk]))
    assert Client().get(url, HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 401


def test_documents_metadata_never_the_file_names(world):
    from kembar.testing import pdf_upload

    services.document_create(
        cooperation=world["coop"], by=world["staff"], kind="mou", title="MoU", upload=pdf_upload("rahasia-nama.pdf")
    )
    docs = call(world, "get", "api_documents", "bandung-liuzhou")
    assert docs.status_code == 200
    (doc,) = docs.json()
    assert doc["title"] == "MoU" and doc["kind"] == "mou" and doc["files"][0]["version"] == 1
    assert doc["files"][0]["content_type"] == "application/pdf"
    assert "rahasia-nama" not in docs.content.decode() and "/media/" not in docs.content.decode()


def test_obligations_and_evaluation(world):
    from kembar.testing import make_obligation

    make_obligation(world["coop"])
    (obligation,) = call(world, "get", "api_obligations", "bandung-liuzhou").json()
    assert (obligation["text"], obligation["starts"], obligation["recurrence"]) == (
        "Pertemuan tahunan",
        "2006-09-21",
        "yearly",
    )
    ev = call(world, "get", "api_evaluation", "bandung-liuzhou", body={"framework": "tm2009", "as_of": "2024-01-01"})
    assert ev.status_code == 200 and ev.json()["as_of"] == "2024-01-01" and ev.json()["elements"]
    assert call(world, "get", "api_evaluation", "bandung-liuzhou", body={"framework": "x"}).status_code == 422


def test_alerts_are_the_users_own(world, bogor):
    from kembar.alerts.models import Alert

    other = make_member("lain", world["region"], Role.BUREAU_STAFF)
    for user, title in ((world["staff"], "Milik saya"), (other, "Milik orang lain")):
        Alert.objects.create(region=world["region"], user=user, kind="dormancy", level="warn", title=title, key=title)
    url = reverse("api_v1:api_alerts")
    data = Client().get(url, HTTP_AUTHORIZATION=f"Bearer {world['token']}").json()
    assert [a["title"] for a in data["items"]] == ["Milik saya"] and data["items"][0]["region"] == "32.73"
