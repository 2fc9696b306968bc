"""Bad input to a token's endpoints: every refusal is a 4xx problem document (RFC 9457) in the requested
language, and no row changes (no activity, no history row, no idempotency record)."""

import json

import pytest
from django.test import Client
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
