"""Who reaches which endpoint: anonymous, a token of each role, a national role's, another region's, a read-only
token writing, a revoked token, a user who left every region (issue 18 §3). And the token page's own matrix.

The core matrix (kembar/core/tests/test_permissions.py) requires every URL name to be covered somewhere: the API's
are covered here."""

import json

import pytest
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse

from kembar.accounts.models import Membership, Role
from kembar.api import tokens
from kembar.api.models import ApiToken
from kembar.cooperations import services
from kembar.cooperations.models import Activity
from kembar.testing import EDITORS, EVERYONE, READERS, Case, PermissionMatrix, coop_ref, matrix_world


def _activities(world):
    return list(Activity.all_objects.order_by("pk").values_list("pk", "title", "date", "updated_at"))


def _activity(world):
    return {"pk": world["activity"].pk}


CASES = (
    Case("api_v1:api_cooperations", READERS),
    Case("api_v1:api_cooperation", READERS, coop_ref),
    Case("api_v1:api_activities", READERS),
    Case("api_v1:api_activity", READERS, _activity),
    Case(
        "api_v1:api_activity_create",
        EDITORS,
        method="post",
        ok=201,
        data=lambda w: {"cooperation": w["coop"].ref, "title": "Kunjungan delegasi", "date": "2024-05"},
        state=_activities,
    ),
    Case(
        "api_v1:api_activity_update",
        EDITORS,
        _activity,
        method="patch",
        data=lambda w: {"title": "Pameran budaya"},
        state=_activities,
    ),
)
CASES += (
    Case("api_v1:api_documents", READERS, coop_ref),
    Case("api_v1:api_obligations", READERS, coop_ref),
    Case("api_v1:api_evaluation", READERS, coop_ref),
    # A user's own alerts, in the regions they belong to: anyone with a token (none for the national roles).
    Case("api_v1:api_alerts", READERS | {"other_region"}, regional=False),
)
PUBLIC = ("api_public_filters", "api_public_cooperations", "api_public_region", "api_public_cooperation")
WHO = (*PermissionMatrix.who,)


def _api_names(patterns=None, inside=False) -> set[str]:
    """The names of the API's URLs (the api_v1 namespace) and of the token page."""
    names = set()
    for p in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(p, URLResolver):
            names |= _api_names(p.url_patterns, inside or p.namespace == "api_v1")
        elif p.name and (inside or p.name.startswith("api_")):
            names.add(p.name)
    return names


COVERED = {c.name.split(":")[1] for c in CASES} | set(PUBLIC) | {"openapi-json", "openapi-view"}
COVERED |= {"api_tokens", "api_token_revoke", "api-root"}


def test_every_endpoint_is_in_the_matrix():
    assert _api_names() - COVERED == set()


@pytest.fixture
def world(bandung, bogor):
    world = matrix_world(bandung, bogor)
    world["activity"] = services.activity_create(cooperation=world["coop"], by=world["owner"], title="Pameran")
    users = world["users"].items()
    world["tokens"] = {who: tokens.token_create(user=u, name="uji", scope="write")[1] for who, u in users}
    world["read"] = {who: tokens.token_create(user=u, name="baca", scope="read")[1] for who, u in users}
    return world


def send(case: Case, world, token: str | None = None, language: str = "id"):
    headers = {"HTTP_ACCEPT_LANGUAGE": language}
    if token:
        headers["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    client, url = Client(), case.url(world)
    if case.method == "get":
        return client.get(url, **headers)
    body = json.dumps(case.data(world))
    return getattr(client, case.method)(url, body, content_type="application/json", **headers)


def expected(case: Case, who: str) -> int:
    if case.regional and who == "other_region":
        return 404  # another region's code: never a hint that it exists
    return case.ok if who in case.allowed else case.denied


def _is_problem(response, status):
    assert response.status_code == status, (response.status_code, response.content[:300])
    if status >= 400:
        assert response["Content-Type"] == "application/problem+json"
        assert response.json()["status"] == status


@pytest.mark.parametrize("case", CASES, ids=str)
def test_anonymous_is_401(world, case):
    before = case.state(world) if case.state else None
    response = send(case, world)
    _is_problem(response, 401)
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert (case.state(world) if case.state else None) == before


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize("case", CASES, ids=str)
def test_matrix(world, case, who):
    """A read-and-write token of each user: what the user's role allows in the region, 404 in another region."""
    status = expected(case, who)
    before = case.state(world) if case.state else None
    response = send(case, world, world["tokens"][who])
    _is_problem(response, status)
    if case.state and status != case.ok:
        assert case.state(world) == before, f"{case} changed what it refused ({who})"


@pytest.mark.parametrize("case", [c for c in CASES if c.method != "get"], ids=str)
def test_a_read_token_may_not_write(world, case):
    before = case.state(world)
    response = send(case, world, world["read"][Role.BUREAU_ADMIN], language="en")
    _is_problem(response, 403)
    assert response.json()["detail"] == "This token may only read."
    assert case.state(world) == before


@pytest.mark.parametrize("case", CASES, ids=str)
def test_a_revoked_token_is_401(world, case):
    admin = world["users"][Role.BUREAU_ADMIN]
    secret = world["tokens"][Role.BUREAU_ADMIN]
    tokens.token_revoke(token=ApiToken.objects.get(user=admin, scope="write"), by=admin)
    _is_problem(send(case, world, secret), 401)


def test_a_membership_lost_is_access_lost(world):
    """The token follows its user's memberships at each request: moved to Bogor, Bandung is 404; in no region any
    more, 403 everywhere."""
    staff = world["users"][Role.BUREAU_STAFF]
    case = CASES[0]
    _is_problem(send(case, world, world["tokens"][Role.BUREAU_STAFF]), 200)
    Membership.objects.filter(user=staff).update(region=world["users"]["other_region"].memberships.get().region)
    _is_problem(send(case, world, world["tokens"][Role.BUREAU_STAFF]), 404)
    Membership.objects.filter(user=staff).delete()
    _is_problem(send(case, world, world["tokens"][Role.BUREAU_STAFF]), 403)


def test_an_inactive_user_or_a_made_up_token_is_401(world):
    case = CASES[0]
    _is_problem(send(case, world, "kmb_00000000_" + "x" * 43), 401)
    _is_problem(send(case, world, "not-a-token"), 401)
    admin = world["users"][Role.BUREAU_ADMIN]
    admin.is_active = False
    admin.save()
    _is_problem(send(case, world, world["tokens"][Role.BUREAU_ADMIN]), 401)


@pytest.mark.parametrize("name", PUBLIC)
@pytest.mark.parametrize("who", ["anonymous", Role.BUREAU_ADMIN, "other_region"])
def test_public_endpoints_are_the_same_for_everyone(world, name, who):
    """Nothing published yet: the lists are empty and the region and cooperation 404, with a token or without."""
    from kembar.public import services as public

    public.cooperation_publish(cooperation=world["coop"], by=world["owner"], published=True)
    code = world["region"].code
    args = {"api_public_region": [code], "api_public_cooperation": [code, "bandung-liuzhou"]}
    headers = {"HTTP_AUTHORIZATION": f"Bearer {world['tokens'][who]}"} if who != "anonymous" else {}
    response = Client().get(reverse(f"api_v1:{name}", args=args.get(name, [])), **headers)
    assert response.status_code == 200, (name, who, response.content[:200])


# --- The token page ---------------------------------------------------------------------------------------


class TestTokenPage(PermissionMatrix):
    cases = (
        Case("api_tokens", EVERYONE, regional=False),
        Case(
            "api_tokens",
            EVERYONE,
            regional=False,
            method="post",
            ok=200,
            data=lambda w: {"name": "Dasbor", "scope": "read"},
        ),
        Case(
            "api_token_revoke",
            frozenset(),
            lambda w: {"pk": w["owner_token"].pk},
            regional=False,
            method="post",
            denied=404,
            data=lambda w: {},
            state=lambda w: list(ApiToken.objects.values_list("pk", "revoked_at")),
        ),
    )

    @pytest.fixture
    def world(self, bandung, bogor):
        world = matrix_world(bandung, bogor)
        world["owner_token"] = tokens.token_create(user=world["owner"], name="milik pemilik", scope="read")[0]
        return world


def test_the_api_root_has_nothing_to_show(world):
    """`/api/v1/` (ninja's root name, for reverse()) is no endpoint: 404 for everyone."""
    assert Client().get(reverse("api_v1:api-root")).status_code == 404
