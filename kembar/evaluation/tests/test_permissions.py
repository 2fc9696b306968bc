"""Who may see an evaluation and who may set the dormancy thresholds: anonymous, every role, the national
roles, another region."""

import pytest
from django.urls import reverse

from kembar.accounts.models import Role
from kembar.regions.models import RegionProfile
from kembar.testing import READERS, Case, PermissionMatrix, coop_ref, make_cooperation, matrix_world

ADMIN = frozenset({Role.BUREAU_ADMIN})


def _thresholds(world):
    return list(RegionProfile.all_objects.values_list("region_id", "quiet_months", "dormant_months"))


def _saved_only_by_the_bureau_admin(response, who, world):
    assert RegionProfile.objects.filter(quiet_months=6).exists() is (who == Role.BUREAU_ADMIN)


CASES = (
    Case("cooperation_evaluation", READERS, coop_ref),
    Case("evaluation_settings", ADMIN),
    Case(
        "evaluation_settings",
        ADMIN,
        method="post",
        ok=302,
        data=lambda w: {"quiet_months": 6, "dormant_months": 12},
        state=_thresholds,
        check=_saved_only_by_the_bureau_admin,
    ),
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
    url = reverse("cooperation_evaluation", kwargs={"code": "32.73", "ref": other.ref})
    assert client.get(url).status_code == 404
