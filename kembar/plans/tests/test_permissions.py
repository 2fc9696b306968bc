"""Every URL of the plans app × anonymous, each role of the region, the national roles, users of another
region (its bureau admin and a member of its DPRD)."""

import pytest
from django.urls import reverse

from kembar.accounts.models import Role
from kembar.cooperations.models import Document, DocumentFile
from kembar.plans import services
from kembar.plans.forms import PlanForm
from kembar.plans.models import CooperationPlan
from kembar.testing import (
    EDITORS,
    READERS,
    REGION_ROLES,
    Case,
    PermissionMatrix,
    make_cooperation,
    make_member,
    matrix_users,
    pdf_upload,
)

from .conftest import CONTENTS, DAY

DPRD = frozenset({Role.DPRD})


def _ref(world):
    return {"ref": world["plan"].cooperation.ref}


def _plan(world):
    return {"pk": world["plan"].pk}


def _state(world):
    """What the plans' forms write: the plans (status, contents) and the documents with their files."""
    plans = list(CooperationPlan.all_objects.order_by("pk").values_list("pk", "status", "contents"))
    return plans, Document.all_objects.count(), DocumentFile.objects.count()


CASES = (
    Case("plan_list", READERS),
    Case("plan_review", READERS, _plan),
    Case("plan_docx", READERS, _ref),
    Case("plan_pdf", READERS, _ref),
    Case("mou_draft_docx", READERS, _ref),
    Case("mou_draft", READERS, _ref),
    Case("plan_edit", EDITORS, _ref),
    Case("plan_decide", DPRD, _plan),
    # Only the region's DPRD decides; only the bureau uploads a draft or saves a plan (an empty form: shown
    # again with its errors).
    Case(
        "plan_decide",
        DPRD,
        _plan,
        method="post",
        ok=302,
        data=lambda w: {"decision": "approve", "letter": pdf_upload()},
        state=_state,
        creates=_state,
    ),
    Case(
        "mou_draft",
        EDITORS,
        _ref,
        method="post",
        ok=302,
        data=lambda w: {"upload": pdf_upload()},
        state=_state,
        creates=_state,
    ),
    Case("plan_edit", EDITORS, _ref, method="post", ok=400, state=_state),
    # A first plan of another cooperation, written and submitted to the DPRD in one go.
    Case(
        "plan_edit",
        EDITORS,
        lambda w: {"ref": w["second"].ref},
        method="post",
        ok=302,
        data=lambda w: {**{PlanForm.field_name({"id": k}): v for k, v in CONTENTS.items()}, "action": "submit"},
        state=_state,
        creates=_state,
    ),
)
COVERED = {case.name for case in CASES}


@pytest.fixture
def world(bandung, bogor, liuzhou, staff):
    plan = services.plan_save(cooperation=liuzhou, by=staff, contents=CONTENTS)
    plan = services.plan_submit(plan=plan, by=staff, on=DAY)
    users = matrix_users(bandung, bogor, national_admin=True)
    users["other_dprd"] = make_member("u-bogor-dprd", bogor, Role.DPRD)
    second = make_cooperation(bandung, by=staff, ref="bandung-suwon", rule_pack="permendagri-3-2008")
    return {"region": bandung, "plan": plan, "users": users, "second": second}


class TestPermissions(PermissionMatrix):
    cases = CASES
    who = (*REGION_ROLES, "overseer", "national_admin", "other_region", "other_dprd")
    strangers = frozenset({"other_region", "other_dprd"})


def test_a_dprd_of_another_region_reads_its_own_list(client, world):
    client.force_login(world["users"]["other_dprd"])
    assert client.get(reverse("plan_list", kwargs={"code": "32.01"})).status_code == 200  # its own region: empty
