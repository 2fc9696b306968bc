"""Who may see the conditions checklist and who may attest: anonymous, every role, national roles, another
region."""

import pytest
from django.urls import reverse

from kembar.accounts.models import Role
from kembar.conditions.models import ConditionAttestation
from kembar.testing import EDITORS, READERS, Case, PermissionMatrix, coop_ref, make_cooperation, matrix_world

ATTEST = {"set_id": "permenlu-2006", "item_id": "stability", "met": "yes", "evidence": "Rapat koordinasi FKPD."}


def _attestations(world):
    return list(ConditionAttestation.objects.values_list("pk", flat=True))


def _attest_link_only_for_editors(response, who, world):
    url = reverse("condition_attest", kwargs={"code": world["region"].code, **coop_ref(world)})
    assert (url in response.content.decode()) is (who in EDITORS)


def _attested_by_them(response, who, world):
    if who in EDITORS:
        assert ConditionAttestation.objects.get().attested_by == world["users"][who]


CASES = (
    Case("condition_checklist", READERS, coop_ref, check=_attest_link_only_for_editors),
    Case(
        "condition_attest",
        EDITORS,
        coop_ref,
        method="post",
        ok=302,
        data=lambda w: ATTEST,
        state=_attestations,
        check=_attested_by_them,
        creates=_attestations,
    ),
    Case("condition_attest", EDITORS, coop_ref, ok=405, state=_attestations),  # a GET: the bureau is told to POST
)
COVERED = {case.name for case in CASES}


@pytest.fixture
def world(bandung, bogor):
    return matrix_world(bandung, bogor)


class TestPermissions(PermissionMatrix):
    cases = CASES


def test_a_cooperation_of_another_region_is_404_even_for_its_ref(client, world, bogor):
    other = make_cooperation(bogor, ref="bogor-nanning")
    client.force_login(world["users"][Role.BUREAU_ADMIN])
    url = reverse("condition_checklist", kwargs={"code": "32.73", "ref": other.ref})
    assert client.get(url).status_code == 404
    url = reverse("condition_attest", kwargs={"code": "32.73", "ref": other.ref})
    assert client.post(url, ATTEST).status_code == 404
    assert not ConditionAttestation.objects.exists()
