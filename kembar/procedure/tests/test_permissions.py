"""Who may reach the procedure's URLs: anonymous, every region role, national roles, another region."""

import pytest
from django.urls import reverse

from kembar.procedure import services
from kembar.procedure.models import CooperationProcedure, RulePack, StageRecord
from kembar.testing import EDITORS, EVERYONE, Case, PermissionMatrix, coop_ref, make_cooperation, matrix_world

PACK = {"pack_id": "permendagri-3-2008"}
POST = {"stages": ["perencanaan"], "reason": "Sent back in a test."}
REGION_URLS = ("procedure_start", "procedure_complete", "procedure_send_back")


def _state(world):
    """What the procedure's actions and a new rule pack version write."""
    return (
        list(StageRecord.objects.values_list("pk", flat=True)),
        list(CooperationProcedure.objects.values_list("pk", flat=True)),
        list(RulePack.objects.values_list("pk", flat=True)),
    )


def _second(world):
    return {"ref": world["second"].ref}


def _new_version(world):
    """A new version of the pack that confirms its first stage's source again, with a deadline."""
    pack = RulePack.objects.filter(pack_id=PACK["pack_id"]).order_by("-version").first()
    data = {"note": "Checked against the regulation text."}
    for stage in pack.data["stages"]:
        if stage.get("confirmed", True):
            data[f"{stage['id']}__confirmed"] = "on"
        data[f"{stage['id']}__source"] = stage["source"]
        data[f"{stage['id']}__deadline_days"] = stage.get("deadline_days") or ""
    data[f"{pack.data['stages'][0]['id']}__deadline_days"] = "30"
    return data


CASES = (
    # The region's actions, for its bureau (read-only roles of the region and national roles get 403).
    *(
        Case(name, EDITORS, coop_ref, method="post", ok=302, data=lambda w: POST, state=_state)
        for name in REGION_URLS[:2]
    ),
    # Nothing completed on it: sending back is refused, on the dossier shown again with the form (400).
    Case("procedure_send_back", EDITORS, coop_ref, method="post", ok=400, data=lambda w: POST, state=_state),
    # Each move of the stepper, sent as three quick clicks: made once.
    *(
        Case(name, EDITORS, kwargs, method="post", ok=302, data=lambda w: POST, state=_state, creates=_state)
        for name, kwargs in (
            ("procedure_start", coop_ref),
            ("procedure_complete", coop_ref),
            ("procedure_send_back", _second),
        )
    ),
    Case(
        "rule_pack_new_version",
        frozenset({"national_admin"}),
        lambda w: PACK,
        method="post",
        ok=302,
        data=_new_version,
        regional=False,
        state=_state,
        creates=_state,
    ),
    # Rule packs are national and public to every logged-in user; only national admins publish versions.
    Case("rule_pack_list", EVERYONE, regional=False),
    Case("rule_pack_detail", EVERYONE, lambda w: PACK, regional=False),
    Case("rule_pack_new_version", frozenset({"national_admin"}), lambda w: PACK, regional=False),
    # A note alone is not a version: the form comes back; nobody else gets that far.
    Case(
        "rule_pack_new_version",
        frozenset({"national_admin"}),
        lambda w: PACK,
        method="post",
        data=lambda w: {"note": "x"},
        regional=False,
        state=_state,
    ),
)
COVERED = {case.name for case in CASES}


@pytest.fixture
def world(bandung, bogor):
    world = matrix_world(bandung, bogor, rule_pack="permendagri-3-2008")
    # A cooperation whose first stage is done, to be sent back.
    second = make_cooperation(bandung, by=world["owner"], ref="bandung-suwon", rule_pack="permendagri-3-2008")
    services.stage_complete(cooperation=second, by=world["owner"], stage_ids=["perencanaan"], justification="")
    world["second"] = second
    return world


class TestPermissions(PermissionMatrix):
    cases = CASES


@pytest.mark.parametrize("who", PermissionMatrix.who)
def test_region_urls_are_post_only(client, world, who):
    client.force_login(world["users"][who])
    for name in REGION_URLS:
        assert client.get(reverse(name, kwargs={"code": world["region"].code, **coop_ref(world)})).status_code == 405
