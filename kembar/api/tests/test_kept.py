"""The list endpoints' answers are built once for everyone who may read them and built again after a write
(kembar/api/kept.py, docs/adr/0023): a second reader makes fewer queries and gets the same answer, a write is
seen by the next request, another region's token still gets 404, and each language has its own answer."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kembar.accounts.models import Role
from kembar.api import tokens
from kembar.cooperations import services
from kembar.public import services as public
from kembar.testing import make_cooperation, make_member


@pytest.fixture
def world(bandung, bogor):
    staff = make_member("staf", bandung, Role.BUREAU_STAFF)
    leader = make_member("pimpinan", bandung, Role.LEADERSHIP)
    coop = make_cooperation(bandung, by=staff, ref="bandung-liuzhou", title="Bandung–Liuzhou", country="CN")
    bogor_staff = make_member("bogor-staf", bogor, Role.BUREAU_STAFF)
    make_cooperation(bogor, by=bogor_staff, ref="bogor-nanning", title="Bogor–Nanning", country="CN")
    return {
        "staff": staff,
        "coop": coop,
        "staff_token": tokens.token_create(user=staff, name="uji", scope="write")[1],
        "leader_token": tokens.token_create(user=leader, name="uji", scope="read")[1],
        "bogor_token": tokens.token_create(user=bogor_staff, name="uji", scope="read")[1],
    }


def _get(url, token="", language="id", **params):
    headers = {"HTTP_ACCEPT_LANGUAGE": language}
    if token:
        headers["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    with CaptureQueriesContext(connection) as queries:
        response = Client().get(url, params, **headers)
    return response, [q["sql"] for q in queries.captured_queries]


def test_a_second_reader_of_the_region_gets_the_same_list_with_fewer_queries(world):
    url = reverse("api_v1:api_cooperations", args=["32.73"])
    first, built = _get(url, world["staff_token"])
    second, kept = _get(url, world["leader_token"])
    assert first.status_code == second.status_code == 200
    assert second.content == first.content and second["ETag"] == first["ETag"]
    assert [c["ref"] for c in second.json()["items"]] == ["bandung-liuzhou"]
    # Building reads the cooperations, their partners and their stored facts; a kept answer reads none of them.
    assert len(kept) < len(built)
    assert any("cooperations_cooperation" in sql for sql in built)
    assert not any("cooperations_cooperation" in sql for sql in kept)


def test_a_write_is_seen_by_the_next_request(world):
    url = reverse("api_v1:api_cooperations", args=["32.73"])
    before, _n = _get(url, world["staff_token"])
    assert [c["title"] for c in before.json()["items"]] == ["Bandung–Liuzhou"]
    services.cooperation_update(cooperation=world["coop"], by=world["staff"], title="Bandung–Liuzhou (baru)")
    after, _n = _get(url, world["leader_token"])
    assert [c["title"] for c in after.json()["items"]] == ["Bandung–Liuzhou (baru)"]
    assert after["ETag"] != before["ETag"]


def test_a_kept_list_is_never_read_by_another_regions_token(world):
    bandung = reverse("api_v1:api_cooperations", args=["32.73"])
    assert _get(bandung, world["staff_token"])[0].status_code == 200
    refused, _n = _get(bandung, world["bogor_token"])
    assert refused.status_code == 404 and b"bandung-liuzhou" not in refused.content
    own, _n = _get(reverse("api_v1:api_cooperations", args=["32.01"]), world["bogor_token"])
    assert [c["ref"] for c in own.json()["items"]] == ["bogor-nanning"]


def test_each_language_and_each_query_has_its_own_answer(world):
    url = reverse("api_v1:api_cooperations", args=["32.73"])
    indonesian, _n = _get(url, world["staff_token"])
    english, _n = _get(url, world["leader_token"], language="en")
    assert indonesian.json()["items"][0]["status_label"] != english.json()["items"][0]["status_label"]
    assert english["Content-Language"] == "en"
    korea, _n = _get(url, world["leader_token"], country="KR")
    assert korea.json()["items"] == []


def test_the_public_list_shows_a_publication_at_the_next_request(world):
    url = reverse("api_v1:api_public_cooperations")
    assert _get(url)[0].json()["items"] == []
    public.cooperation_publish(cooperation=world["coop"], by=world["staff"], published=True)
    shown, built = _get(url)
    assert [c["ref"] for c in shown.json()["items"]] == ["bandung-liuzhou"]
    again, kept = _get(url)
    assert again.content == shown.content and len(kept) < len(built)
    public.cooperation_publish(cooperation=world["coop"], by=world["staff"], published=False)
    assert _get(url)[0].json()["items"] == []
