"""Who may reach the procedure's URLs: anonymous, every region role, national roles, another region."""

import pytest
from django.urls import reverse

from kembar.accounts.models import Role
from kembar.procedure.models import CooperationProcedure, StageRecord
from kembar.testing import make_cooperation, make_member

COVERED = {
    "rule_pack_list",
    "rule_pack_detail",
    "rule_pack_new_version",
    "procedure_start",
    "procedure_complete",
    "procedure_send_back",
}
REGION_URLS = ("procedure_start", "procedure_complete", "procedure_send_back")
WHO = [Role.BUREAU_ADMIN, Role.BUREAU_STAFF, Role.LEADERSHIP, Role.DPRD, "overseer", "national_admin", "other_region"]


@pytest.fixture
def world(bandung, bogor):
    owner = make_member("owner", bandung, Role.BUREAU_ADMIN)
    coop = make_cooperation(bandung, by=owner, ref="bandung-liuzhou", rule_pack="permendagri-3-2008")
    users = {role: make_member(f"u-{role}", bandung, role) for role in WHO[:4]}
    users["overseer"] = make_member("u-overseer", None, Role.NATIONAL_OVERSEER)
    users["national_admin"] = make_member("u-natadmin", None, Role.NATIONAL_ADMIN)
    users["other_region"] = make_member("u-bogor", bogor, Role.BUREAU_ADMIN)
    return {"coop": coop, "users": users}


def region_url(name, coop):
    return reverse(name, kwargs={"code": coop.region.code, "ref": coop.ref})


GLOBAL_URLS = {
    "rule_pack_list": lambda: reverse("rule_pack_list"),
    "rule_pack_detail": lambda: reverse("rule_pack_detail", args=["permendagri-3-2008"]),
    "rule_pack_new_version": lambda: reverse("rule_pack_new_version", args=["permendagri-3-2008"]),
}
POST = {"stages": ["perencanaan"], "reason": "Sent back in a test."}


@pytest.mark.parametrize("name", sorted(COVERED))
def test_anonymous_is_sent_to_login(client, world, name):
    if name in REGION_URLS:
        response = client.post(region_url(name, world["coop"]), POST)
    else:
        response = client.get(GLOBAL_URLS[name]())
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize("name", REGION_URLS)
def test_region_urls(client, world, name, who):
    client.force_login(world["users"][who])
    response = client.post(region_url(name, world["coop"]), POST)
    if who == "other_region":
        expected = 404
    elif who in (Role.BUREAU_ADMIN, Role.BUREAU_STAFF):
        expected = 302
    else:
        expected = 403  # read-only roles of the region and national roles
    assert response.status_code == expected
    if expected != 302:
        assert not StageRecord.objects.exists() and not CooperationProcedure.objects.exists()


@pytest.mark.parametrize("who", WHO)
def test_region_urls_are_post_only(client, world, who):
    client.force_login(world["users"][who])
    for name in REGION_URLS:
        assert client.get(region_url(name, world["coop"])).status_code == 405


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize("name", sorted(GLOBAL_URLS))
def test_rule_pack_pages(client, world, name, who):
    """Rule packs are national and public to every logged-in user; only national admins publish versions."""
    client.force_login(world["users"][who])
    response = client.get(GLOBAL_URLS[name]())
    expected = 403 if name == "rule_pack_new_version" and who != "national_admin" else 200
    assert response.status_code == expected


def test_only_national_admin_may_post_a_new_version(client, world):
    from kembar.procedure.models import RulePack

    for who in (Role.BUREAU_ADMIN, "overseer", "other_region"):
        client.force_login(world["users"][who])
        assert client.post(GLOBAL_URLS["rule_pack_new_version"](), {"note": "x"}).status_code == 403
    assert RulePack.objects.filter(pack_id="permendagri-3-2008").count() == 1
