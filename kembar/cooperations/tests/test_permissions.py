"""Who may reach the expiry screens — deadlines (read), renewal (edit), region settings (bureau admin) —
and the activities (read; recording, changing and deleting them: the bureau).

The core matrix (kembar/core/tests/test_permissions.py) requires every URL name to be covered
somewhere; these are covered here, for anonymous, each role, the national roles and a user of another
region.
"""

import pytest
from django.urls import reverse

from kembar.accounts.models import Role
from kembar.cooperations import services
from kembar.cooperations.models import Activity, ActivityFile, Cooperation, Document, Event
from kembar.regions.models import RegionProfile
from kembar.testing import (
    EDITORS,
    READERS,
    Case,
    PermissionMatrix,
    make_cooperation,
    make_member,
    matrix_world,
    pdf_upload,
)

ADMIN = frozenset({Role.BUREAU_ADMIN})


def _mou(world):
    return {"pk": world["mou"].pk}


def _activity(world):
    return {"pk": world["activity"].pk}


def _activity_ref(world):
    return {"ref": world["activity"].cooperation.ref}


def _state(world):
    """What these forms write: documents, events, the region's profile, activities and their files."""
    return (
        list(Document.all_objects.order_by("pk").values_list("pk", "kind", "date", "deleted_at")),
        Event.all_objects.count(),
        list(RegionProfile.all_objects.values_list("pk", "loi_followup_months")),
        list(Activity.all_objects.order_by("pk").values_list("title", "deleted_at")),
        ActivityFile.objects.count(),
    )


def _people(world):
    """Who is in charge of what, and the handovers and history rows that record it."""
    from kembar.monitoring.models import Handover

    return (
        list(Cooperation.all_objects.order_by("pk").values_list("pk", "person_in_charge")),
        Handover.objects.count(),
        Cooperation.history.count(),
    )


FORGED = {"date": "2020", "title": "Forged"}

CASES = (
    Case("deadlines", READERS),
    Case("document_renew", EDITORS, _mou),
    Case("region_settings", ADMIN),
    Case(
        "document_renew",
        EDITORS,
        _mou,
        method="post",
        ok=302,
        data=lambda w: {"kind": "mou", "date": "2020-05-10"},
        state=_state,
        creates=lambda w: Document.all_objects.count(),
    ),
    Case("region_settings", ADMIN, method="post", ok=302, data=lambda w: {"loi_followup_months": "24"}, state=_state),
    # Activities.
    Case("activity_list", READERS, _activity_ref),
    Case("activity_region_list", READERS),
    Case("activity_detail", READERS, _activity),
    Case("activity_file_download", READERS, lambda w: {"pk": w["evidence"].pk}),
    Case("activity_create", EDITORS, _activity_ref),
    Case("activity_edit", EDITORS, _activity),
    Case("activity_delete", EDITORS, _activity),
    Case(
        "activity_create",
        EDITORS,
        _activity_ref,
        method="post",
        ok=302,
        data=lambda w: FORGED,
        state=_state,
        creates=lambda w: Activity.all_objects.count(),
    ),
    Case("activity_edit", EDITORS, _activity, method="post", ok=302, data=lambda w: FORGED, state=_state),
    Case("activity_delete", EDITORS, _activity, method="post", ok=302, state=_state),
    Case(  # evidence added on the activity's page
        "activity_detail",
        EDITORS,
        _activity,
        method="post",
        ok=302,
        data=lambda w: {"upload": pdf_upload()},
        state=_state,
        creates=lambda w: ActivityFile.objects.count(),
    ),
    # The cooperation list's selected rows: exported by every reader, given a person in charge by the bureau.
    Case(
        "cooperation_bulk",
        READERS,
        method="post",
        data=lambda w: {"action": "export", "ids": [w["coop"].pk, w["activity"].cooperation.pk]},
        state=_people,
    ),
    Case(
        "cooperation_bulk",
        EDITORS,
        method="post",
        ok=302,
        data=lambda w: {"action": "assign", "ids": [w["coop"].pk], "person": "Rina"},
        state=_people,
    ),
    # Restoring a live activity: not in the trash (404) for the bureau; refused before that for the others.
    Case(
        "trash_restore",
        EDITORS,
        lambda w: {"kind": "activity", "pk": w["activity"].pk},
        method="post",
        ok=404,
        state=_state,
    ),
)
COVERED = {case.name for case in CASES}


@pytest.fixture
def world(bandung, bogor):
    world = matrix_world(bandung, bogor)
    owner = world["owner"]
    world["mou"] = services.document_create(
        cooperation=world["coop"], by=owner, kind="mou", title="MoU", date="2015-05-10", duration_months=60
    )
    suwon = make_cooperation(bandung, by=owner, ref="bandung-suwon")
    activity = services.activity_create(cooperation=suwon, by=owner, date="2019-10", title="Exhibition")
    world["activity"] = activity
    world["evidence"] = services.activity_file_add(activity=activity, by=owner, upload=pdf_upload())
    return world


class TestPermissions(PermissionMatrix):
    cases = CASES


def test_a_document_of_another_region_is_not_found(client, world, bogor):
    other = make_member("bogor-staff", bogor, Role.BUREAU_STAFF)
    coop = make_cooperation(bogor, by=other, ref="bogor-nanning")
    mou = services.document_create(cooperation=coop, by=other, kind="mou", title="MoU", date="2008")
    client.force_login(world["users"][Role.BUREAU_ADMIN])
    url = reverse("document_renew", kwargs={"code": world["region"].code, "pk": mou.pk})
    assert client.get(url).status_code == 404
    assert client.post(url, {"kind": "mou", "date": "2020"}).status_code == 404
    assert not Document.objects.filter(renews=mou).exists()


def test_an_activity_of_another_region_is_not_found(client, world, bogor):
    other = make_member("bogor-staff", bogor, Role.BUREAU_STAFF)
    coop = make_cooperation(bogor, by=other, ref="bogor-nanning")
    activity = services.activity_create(cooperation=coop, by=other, date="2016", title="Nanning visit")
    client.force_login(world["users"][Role.BUREAU_ADMIN])
    code = world["region"].code
    for name in ("activity_detail", "activity_edit", "activity_delete"):
        url = reverse(name, kwargs={"code": code, "pk": activity.pk})
        assert client.get(url).status_code == 404
        assert client.post(url, {"date": "2020", "title": "Forged"}).status_code == 404
    assert client.get(reverse("activity_list", kwargs={"code": code, "ref": coop.ref})).status_code == 404
    assert "Nanning visit" not in client.get(reverse("activity_region_list", kwargs={"code": code})).content.decode()
    activity.refresh_from_db()
    assert (activity.title, activity.deleted_at) == ("Nanning visit", None)
