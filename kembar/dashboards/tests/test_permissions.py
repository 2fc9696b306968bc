"""Every URL of the dashboards × anonymous, each role of the region, national roles, another region."""

import pytest
from django.urls import reverse

from kembar.accounts.models import Role
from kembar.testing import REGION_ROLES, make_cooperation, make_member, matrix_users

COVERED = {"dashboard", "national_dashboard", "world_map_base"}
#: Public: the same drawing for everyone, holding no one's data (test_map.py's tests of the base map).
PUBLIC = {"world_map_base"}

WHO = [*REGION_ROLES, "overseer", "national_admin", "other_admin"]


@pytest.fixture
def world(bandung, bogor):
    owner = make_member("owner", bandung, Role.BUREAU_ADMIN)
    make_cooperation(bandung, by=owner, ref="bandung-liuzhou")
    users = matrix_users(bandung, bogor, other_key="other_admin")
    users["national_admin"] = make_member("u-national-admin", None, Role.NATIONAL_ADMIN)
    return {"region": bandung, "users": users}


def _url(world, name):
    return reverse(name, args=[world["region"].code]) if name == "dashboard" else reverse(name)


@pytest.mark.parametrize("name", sorted(COVERED - PUBLIC))
def test_anonymous_is_sent_to_login(client, world, name):
    response = client.get(_url(world, name))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("who", WHO)
def test_region_dashboard(client, world, who):
    """Every role of the region and the national roles read it; another region's user gets 404."""
    client.force_login(world["users"][who])
    expected = 404 if who == "other_admin" else 200
    assert client.get(_url(world, "dashboard")).status_code == expected


@pytest.mark.parametrize("who", WHO)
def test_national_dashboard(client, world, who):
    """Only the national overseer and the national administrator: others get 404, not a hint."""
    client.force_login(world["users"][who])
    expected = 200 if who in ("overseer", "national_admin") else 404
    assert client.get(_url(world, "national_dashboard")).status_code == expected


@pytest.mark.parametrize("who", WHO)
def test_dashboards_are_read_only(client, world, who):
    client.force_login(world["users"][who])
    assert client.post(_url(world, "dashboard")).status_code in (404, 405)
    assert client.post(_url(world, "national_dashboard")).status_code in (404, 405)


def test_overseer_drills_down_read_only(client, world):
    client.force_login(world["users"]["overseer"])
    client.cookies["django_language"] = "en"
    html = client.get(_url(world, "national_dashboard")).content.decode()
    assert reverse("dashboard", args=["32.73"]) in html
    region = client.get(reverse("dashboard", args=["32.73"])).content.decode()
    assert "read-only" in region
    assert reverse("cooperation_detail", args=["32.73", "bandung-liuzhou"]) in region
