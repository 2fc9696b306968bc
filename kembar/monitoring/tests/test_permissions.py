"""Every URL of the monitoring app × anonymous, each role of the region, national overseer, another region."""

import pytest
from django.urls import reverse

from kembar.accounts.models import Role
from kembar.cooperations.models import Obligation
from kembar.monitoring.models import Fulfilment, ObligationTerms
from kembar.regions.models import RegionProfile
from kembar.testing import REGION_ROLES, make_cooperation, make_member, matrix_users

READ = {"cooperation_obligations", "obligation_due_list", "capacity"}
EDIT = {"fulfilment_create", "obligation_terms_edit"}
ADMIN = {"capacity_staff"}
COVERED = READ | EDIT | ADMIN

WHO = [*REGION_ROLES, "overseer", "other_admin"]


@pytest.fixture
def world(bandung, bogor):
    owner = make_member("owner", bandung, Role.BUREAU_ADMIN)
    coop = make_cooperation(bandung, by=owner, ref="bandung-liuzhou", person_in_charge="Rina")
    obl = Obligation.objects.create(
        region=bandung, cooperation=coop, kind="meeting", text="Rapat tahunan", starts="2006-09-21", recurrence="yearly"
    )
    users = matrix_users(bandung, bogor, other_key="other_admin")
    kwargs = {
        "cooperation_obligations": {"ref": coop.ref},
        "obligation_due_list": {},
        "capacity": {},
        "fulfilment_create": {"pk": obl.pk},
        "obligation_terms_edit": {"pk": obl.pk},
        "capacity_staff": {},
    }
    return {"region": bandung, "users": users, "kwargs": kwargs, "obligation": obl}


def _url(world, name):
    return reverse(name, kwargs={"code": world["region"].code, **world["kwargs"][name]})


def _expected(name, who):
    if who.startswith("other_"):
        return 404
    if name in READ:
        return 200
    if name in EDIT:
        return 200 if who in (Role.BUREAU_ADMIN, Role.BUREAU_STAFF) else 403
    return 200 if who == Role.BUREAU_ADMIN else 403


@pytest.mark.parametrize("name", sorted(COVERED))
def test_anonymous_is_sent_to_login(client, world, name):
    response = client.get(_url(world, name))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize("name", sorted(COVERED))
def test_matrix(client, world, name, who):
    client.force_login(world["users"][who])
    assert client.get(_url(world, name)).status_code == _expected(name, who), (name, who)


@pytest.mark.parametrize("who", [Role.LEADERSHIP, Role.DPRD, "overseer", "other_admin"])
def test_readers_and_other_regions_cannot_write(client, world, who):
    client.force_login(world["users"][who])
    expected = 404 if who == "other_admin" else 403
    data = {"due": "2007-09-21", "fulfilled_on": "2007-09-21", "evidence": "Notulen."}
    assert client.post(_url(world, "fulfilment_create"), data).status_code == expected
    assert client.post(_url(world, "obligation_terms_edit"), {"grace_days": "5"}).status_code == expected
    assert client.post(_url(world, "capacity_staff"), {"staff": "9", "as_of": "2025"}).status_code == expected
    assert Fulfilment.all_objects.count() == 0
    assert ObligationTerms.all_objects.count() == 0
    assert not RegionProfile.objects.filter(bureau_staff=9).exists()


def test_staff_cannot_set_the_staff_count(client, world):
    client.force_login(world["users"][Role.BUREAU_STAFF])
    assert client.post(_url(world, "capacity_staff"), {"staff": "9", "as_of": "2025"}).status_code == 403
    assert not RegionProfile.objects.filter(bureau_staff=9).exists()


def test_other_region_sees_no_obligations(client, world, bogor):
    client.force_login(world["users"]["other_admin"])
    html = client.get(reverse("obligation_due_list", kwargs={"code": bogor.code})).content.decode()
    assert "Rapat tahunan" not in html
    html = client.get(reverse("capacity", kwargs={"code": bogor.code})).content.decode()
    assert "Rina" not in html and "bandung-liuzhou" not in html
    # A Bandung obligation's pk under Bogor's code is not found.
    url = reverse("fulfilment_create", kwargs={"code": bogor.code, "pk": world["obligation"].pk})
    assert client.get(url).status_code == 404
