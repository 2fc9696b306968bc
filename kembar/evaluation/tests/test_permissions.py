"""Who may see an evaluation and who may set the dormancy thresholds: anonymous, every role, another region."""

import pytest
from django.urls import reverse

from kembar.accounts.models import Role
from kembar.regions.models import RegionProfile
from kembar.testing import REGION_ROLES, make_cooperation, make_member, matrix_users

COVERED = {"cooperation_evaluation", "evaluation_settings"}

WHO = [*REGION_ROLES, "overseer", "other_region"]


@pytest.fixture
def world(bandung, bogor):
    owner = make_member("owner", bandung, Role.BUREAU_ADMIN)
    coop = make_cooperation(bandung, by=owner, ref="bandung-liuzhou")
    users = matrix_users(bandung, bogor)
    return {"coop": coop, "users": users}


def _url(name, coop):
    if name == "evaluation_settings":
        return reverse(name, kwargs={"code": coop.region.code})
    return reverse(name, kwargs={"code": coop.region.code, "ref": coop.ref})


@pytest.mark.parametrize("name", sorted(COVERED))
def test_anonymous_is_sent_to_login(client, world, name):
    response = client.get(_url(name, world["coop"]))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("who", WHO)
def test_evaluation_is_read_by_every_role_of_the_region_and_national(client, world, who):
    client.force_login(world["users"][who])
    response = client.get(_url("cooperation_evaluation", world["coop"]))
    assert response.status_code == (404 if who == "other_region" else 200)


@pytest.mark.parametrize("who", WHO)
def test_only_the_bureau_admin_sets_thresholds(client, world, who):
    client.force_login(world["users"][who])
    url = _url("evaluation_settings", world["coop"])
    expected = 200 if who == Role.BUREAU_ADMIN else 404 if who == "other_region" else 403
    assert client.get(url).status_code == expected
    response = client.post(url, {"quiet_months": 6, "dormant_months": 12})
    assert response.status_code == (302 if who == Role.BUREAU_ADMIN else expected)
    assert RegionProfile.objects.filter(quiet_months=6).exists() is (who == Role.BUREAU_ADMIN)


def test_a_cooperation_of_another_region_is_404_even_for_its_ref(client, world, bogor):
    other = make_cooperation(bogor, ref="bogor-nanning")
    client.force_login(world["users"][Role.BUREAU_ADMIN])
    url = reverse("cooperation_evaluation", kwargs={"code": "32.73", "ref": other.ref})
    assert client.get(url).status_code == 404
