"""Every URL of the monitoring app × anonymous, each role of the region, the national roles, another region."""

import pytest
from django.urls import reverse

from kembar.accounts.models import Role
from kembar.cooperations.models import Obligation
from kembar.monitoring.models import Fulfilment, ObligationTerms
from kembar.regions.models import RegionProfile
from kembar.testing import EDITORS, READERS, Case, PermissionMatrix, matrix_world

ADMIN = frozenset({Role.BUREAU_ADMIN})


def _obligation(world):
    return {"pk": world["obligation"].pk}


def _state(world):
    """What monitoring writes: fulfilments, terms, the region's staff count."""
    return (
        list(Fulfilment.all_objects.values_list("pk", flat=True)),
        list(ObligationTerms.all_objects.values_list("pk", "grace_days")),
        list(RegionProfile.all_objects.values_list("pk", "bureau_staff")),
    )


CASES = (
    Case("cooperation_obligations", READERS, lambda w: {"ref": w["obligation"].cooperation.ref}),
    Case("obligation_due_list", READERS),
    Case("capacity", READERS),
    Case("fulfilment_create", EDITORS, _obligation),
    Case("obligation_terms_edit", EDITORS, _obligation),
    Case("capacity_staff", ADMIN),
    Case(
        "fulfilment_create",
        EDITORS,
        _obligation,
        method="post",
        ok=302,
        data=lambda w: {"due": "2007-09-21", "fulfilled_on": "21/09/2007", "evidence": "Notulen."},
        state=_state,
        creates=lambda w: Fulfilment.all_objects.count(),
    ),
    Case(
        "obligation_terms_edit",
        EDITORS,
        _obligation,
        method="post",
        ok=302,
        data=lambda w: {"grace_days": "5"},
        state=_state,
    ),
    # Staff may record fulfilments but not set the staff count.
    Case("capacity_staff", ADMIN, method="post", ok=302, data=lambda w: {"staff": "9", "as_of": "2025"}, state=_state),
)
COVERED = {case.name for case in CASES}


@pytest.fixture
def world(bandung, bogor):
    world = matrix_world(bandung, bogor, person_in_charge="Rina")
    world["obligation"] = Obligation.objects.create(
        region=bandung,
        cooperation=world["coop"],
        kind="meeting",
        text="Rapat tahunan",
        starts="2006-09-21",
        recurrence="yearly",
    )
    return world


class TestPermissions(PermissionMatrix):
    cases = CASES


def test_other_region_sees_no_obligations(client, world, bogor):
    client.force_login(world["users"]["other_region"])
    html = client.get(reverse("obligation_due_list", kwargs={"code": bogor.code})).content.decode()
    assert "Rapat tahunan" not in html
    html = client.get(reverse("capacity", kwargs={"code": bogor.code})).content.decode()
    assert "Rina" not in html and "bandung-liuzhou" not in html
    # A Bandung obligation's pk under Bogor's code is not found.
    url = reverse("fulfilment_create", kwargs={"code": bogor.code, "pk": world["obligation"].pk})
    assert client.get(url).status_code == 404
