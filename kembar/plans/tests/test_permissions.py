"""Every URL of the plans app × anonymous, each role of the region, national overseer, users of another region."""

import pytest
from django.urls import reverse

from kembar.accounts.models import Role
from kembar.plans import services
from kembar.testing import REGION_ROLES, make_member, matrix_users, pdf_upload

from .conftest import CONTENTS, DAY

READ = {"plan_list", "plan_review", "plan_docx", "plan_pdf", "mou_draft_docx", "mou_draft"}
EDIT = {"plan_edit"}
DPRD_ONLY = {"plan_decide"}
COVERED = READ | EDIT | DPRD_ONLY

WHO = [*REGION_ROLES, "overseer", "other_admin", "other_dprd"]


@pytest.fixture
def world(bandung, bogor, liuzhou, staff):
    plan = services.plan_save(cooperation=liuzhou, by=staff, contents=CONTENTS)
    plan = services.plan_submit(plan=plan, by=staff, on=DAY)
    users = matrix_users(bandung, bogor, other_key="other_admin")
    users["other_dprd"] = make_member("u-bogor-dprd", bogor, Role.DPRD)
    by_ref = {"ref": liuzhou.ref}
    kwargs = {
        "plan_list": {},
        "plan_review": {"pk": plan.pk},
        "plan_decide": {"pk": plan.pk},
        "plan_edit": by_ref,
        "plan_docx": by_ref,
        "plan_pdf": by_ref,
        "mou_draft_docx": by_ref,
        "mou_draft": by_ref,
    }
    return {"region": bandung, "plan": plan, "users": users, "kwargs": kwargs}


def _url(world, name):
    return reverse(name, kwargs={"code": world["region"].code, **world["kwargs"][name]})


def _expected(name, who):
    if who.startswith("other_"):
        return 404
    if name in READ:
        return 200
    if name in EDIT:
        return 200 if who in (Role.BUREAU_ADMIN, Role.BUREAU_STAFF) else 403
    return 200 if who == Role.DPRD else 403


@pytest.mark.parametrize("name", sorted(COVERED))
def test_anonymous_is_sent_to_login(client, world, name):
    response = client.get(_url(world, name))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize("name", sorted(COVERED))
def test_matrix(client, world, name, who):
    client.force_login(world["users"][who])
    assert client.get(_url(world, name)).status_code == _expected(name, who), (name, who)


@pytest.mark.parametrize("who", [Role.BUREAU_ADMIN, Role.BUREAU_STAFF, Role.LEADERSHIP, "overseer"])
def test_only_the_regions_dprd_decides(client, world, who):
    client.force_login(world["users"][who])
    response = client.post(_url(world, "plan_decide"), {"decision": "approve", "letter": pdf_upload()})
    assert response.status_code == 403
    world["plan"].refresh_from_db()
    assert world["plan"].status == "submitted"


def test_dprd_of_another_region_gets_404_and_changes_nothing(client, world):
    client.force_login(world["users"]["other_dprd"])
    response = client.post(_url(world, "plan_decide"), {"decision": "reject", "notes": "Tidak."})
    assert response.status_code == 404
    world["plan"].refresh_from_db()
    assert world["plan"].status == "submitted"
    assert client.get(reverse("plan_list", kwargs={"code": "32.01"})).status_code == 200  # its own region: empty


@pytest.mark.parametrize("who", [Role.LEADERSHIP, Role.DPRD, "overseer"])
def test_readers_cannot_upload_a_draft_or_save_a_plan(client, world, who):
    client.force_login(world["users"][who])
    assert client.post(_url(world, "mou_draft"), {"upload": pdf_upload()}).status_code == 403
    assert client.post(_url(world, "plan_edit"), {}).status_code == 403
