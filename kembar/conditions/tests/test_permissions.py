"""Who may see the conditions checklist and who may attest: anonymous, every role, another region."""

import pytest
from django.urls import reverse

from kembar.accounts.models import Role
from kembar.conditions.models import ConditionAttestation
from kembar.testing import REGION_ROLES, make_cooperation, make_member, matrix_users

COVERED = {"condition_checklist", "condition_attest"}

WHO = [*REGION_ROLES, "overseer", "other_region"]
ATTEST = {"set_id": "permenlu-2006", "item_id": "stability", "met": "yes", "evidence": "Rapat koordinasi FKPD."}


@pytest.fixture
def world(bandung, bogor):
    owner = make_member("owner", bandung, Role.BUREAU_ADMIN)
    coop = make_cooperation(bandung, by=owner, ref="bandung-liuzhou")
    users = matrix_users(bandung, bogor)
    return {"coop": coop, "users": users}


def _url(name, coop):
    return reverse(name, kwargs={"code": coop.region.code, "ref": coop.ref})


@pytest.mark.parametrize("name", sorted(COVERED))
def test_anonymous_is_sent_to_login(client, world, name):
    url = _url(name, world["coop"])
    response = client.post(url, ATTEST) if name == "condition_attest" else client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert not ConditionAttestation.objects.exists()


@pytest.mark.parametrize("who", WHO)
def test_checklist_is_read_by_every_role_of_the_region_and_national(client, world, who):
    client.force_login(world["users"][who])
    response = client.get(_url("condition_checklist", world["coop"]))
    assert response.status_code == (404 if who == "other_region" else 200)
    if response.status_code == 200:
        can_attest = who in (Role.BUREAU_ADMIN, Role.BUREAU_STAFF)
        assert (_url("condition_attest", world["coop"]) in response.content.decode()) is can_attest


@pytest.mark.parametrize("who", WHO)
def test_only_the_bureau_attests(client, world, who):
    client.force_login(world["users"][who])
    response = client.post(_url("condition_attest", world["coop"]), ATTEST)
    if who in (Role.BUREAU_ADMIN, Role.BUREAU_STAFF):
        assert response.status_code == 302
        assert ConditionAttestation.objects.get().attested_by == world["users"][who]
    else:
        assert response.status_code == (404 if who == "other_region" else 403)
        assert not ConditionAttestation.objects.exists()


def test_attest_answers_get_with_405_for_the_bureau(client, world):
    client.force_login(world["users"][Role.BUREAU_STAFF])
    assert client.get(_url("condition_attest", world["coop"])).status_code == 405


def test_a_cooperation_of_another_region_is_404_even_for_its_ref(client, world, bogor):
    other = make_cooperation(bogor, ref="bogor-nanning")
    client.force_login(world["users"][Role.BUREAU_ADMIN])
    url = reverse("condition_checklist", kwargs={"code": "32.73", "ref": other.ref})
    assert client.get(url).status_code == 404
    url = reverse("condition_attest", kwargs={"code": "32.73", "ref": other.ref})
    assert client.post(url, ATTEST).status_code == 404
    assert not ConditionAttestation.objects.exists()
