"""Who may reach the expiry screens: deadlines (read), renewal (edit), region settings (bureau admin).

The core matrix (kembar/core/tests/test_permissions.py) requires every URL name to be covered
somewhere; these are covered here, for anonymous, each role, a national overseer and a user of
another region.
"""

import pytest
from django.urls import reverse

from kembar.accounts.models import Role
from kembar.cooperations import services
from kembar.cooperations.models import Document, Event
from kembar.regions.models import RegionProfile
from kembar.testing import REGION_ROLES, make_cooperation, make_member, matrix_users

COVERED = {"deadlines", "document_renew", "region_settings"}

WHO = [*REGION_ROLES, "overseer", "other_region"]
# Who gets the page (200); every other role of the region and the overseer get 403, another region 404.
ALLOWED = {
    "deadlines": {*REGION_ROLES, "overseer"},
    "document_renew": {Role.BUREAU_ADMIN, Role.BUREAU_STAFF},
    "region_settings": {Role.BUREAU_ADMIN},
}


@pytest.fixture
def world(bandung, bogor):
    owner = make_member("owner", bandung, Role.BUREAU_ADMIN)
    coop = make_cooperation(bandung, by=owner, ref="bandung-liuzhou")
    mou = services.document_create(
        cooperation=coop, by=owner, kind="mou", title="MoU", date="2015-05-10", duration_months=60
    )
    users = matrix_users(bandung, bogor)
    urls = {
        "deadlines": reverse("deadlines", kwargs={"code": bandung.code}),
        "region_settings": reverse("region_settings", kwargs={"code": bandung.code}),
        "document_renew": reverse("document_renew", kwargs={"code": bandung.code, "pk": mou.pk}),
    }
    return {"region": bandung, "users": users, "urls": urls, "mou": mou}


def test_covered_names_exist():
    for name in ALLOWED:
        assert reverse(name, kwargs={"code": "32.73", **({"pk": 1} if name == "document_renew" else {})})


@pytest.mark.parametrize("name", sorted(COVERED))
def test_anonymous_is_sent_to_login(client, world, name):
    response = client.get(world["urls"][name])
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize("name", sorted(COVERED))
def test_matrix(client, world, name, who):
    client.force_login(world["users"][who])
    expected = 404 if who == "other_region" else 200 if who in ALLOWED[name] else 403
    assert client.get(world["urls"][name]).status_code == expected, (name, who)


@pytest.mark.parametrize("who", [Role.LEADERSHIP, Role.DPRD, "overseer", "other_region", Role.BUREAU_STAFF])
def test_posts_without_the_right_change_nothing(client, world, who):
    client.force_login(world["users"][who])
    renew = client.post(world["urls"]["document_renew"], {"kind": "mou", "date": "2020-05-10"})
    settings = client.post(world["urls"]["region_settings"], {"loi_followup_months": "24"})
    expected = 404 if who == "other_region" else 403
    assert settings.status_code == expected
    assert renew.status_code == (302 if who == Role.BUREAU_STAFF else expected)
    assert not RegionProfile.objects.filter(region=world["region"]).exists()
    if who != Role.BUREAU_STAFF:
        assert Document.objects.count() == 1 and not Event.objects.exists()


def test_a_document_of_another_region_is_not_found(client, world, bogor):
    other = make_member("bogor-staff", bogor, Role.BUREAU_STAFF)
    coop = make_cooperation(bogor, by=other, ref="bogor-nanning")
    mou = services.document_create(cooperation=coop, by=other, kind="mou", title="MoU", date="2008")
    client.force_login(world["users"][Role.BUREAU_ADMIN])
    url = reverse("document_renew", kwargs={"code": world["region"].code, "pk": mou.pk})
    assert client.get(url).status_code == 404
    assert client.post(url, {"kind": "mou", "date": "2020"}).status_code == 404
    assert not Document.objects.filter(renews=mou).exists()


# --- Activities ------------------------------------------------------------------------------
# Added to COVERED here; the tests above were parametrized with the set as it was before.

ACTIVITY_URLS = {
    "activity_list": "read",
    "activity_region_list": "read",
    "activity_detail": "read",
    "activity_file_download": "read",
    "activity_create": "edit",
    "activity_edit": "edit",
    "activity_delete": "edit",
}
COVERED = COVERED | set(ACTIVITY_URLS)


@pytest.fixture
def activity_world(world):
    from kembar.testing import pdf_upload

    owner = world["users"][Role.BUREAU_ADMIN]
    coop = make_cooperation(world["region"], by=owner, ref="bandung-suwon")
    activity = services.activity_create(cooperation=coop, by=owner, date="2019-10", title="Exhibition")
    evidence = services.activity_file_add(activity=activity, by=owner, upload=pdf_upload())
    code = world["region"].code
    world["activity"] = activity
    world["activity_urls"] = {
        "activity_list": reverse("activity_list", kwargs={"code": code, "ref": coop.ref}),
        "activity_region_list": reverse("activity_region_list", kwargs={"code": code}),
        "activity_create": reverse("activity_create", kwargs={"code": code, "ref": coop.ref}),
        "activity_detail": reverse("activity_detail", kwargs={"code": code, "pk": activity.pk}),
        "activity_edit": reverse("activity_edit", kwargs={"code": code, "pk": activity.pk}),
        "activity_delete": reverse("activity_delete", kwargs={"code": code, "pk": activity.pk}),
        "activity_file_download": reverse("activity_file_download", kwargs={"code": code, "pk": evidence.pk}),
    }
    return world


@pytest.mark.parametrize("name", sorted(ACTIVITY_URLS))
def test_activity_anonymous_is_sent_to_login(client, activity_world, name):
    response = client.get(activity_world["activity_urls"][name])
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize("name", sorted(ACTIVITY_URLS))
def test_activity_matrix(client, activity_world, name, who):
    client.force_login(activity_world["users"][who])
    editors = {Role.BUREAU_ADMIN, Role.BUREAU_STAFF}
    expected = 404 if who == "other_region" else 200 if ACTIVITY_URLS[name] == "read" or who in editors else 403
    assert client.get(activity_world["activity_urls"][name]).status_code == expected, (name, who)


@pytest.mark.parametrize("who", [Role.LEADERSHIP, Role.DPRD, "overseer", "other_region"])
def test_activity_posts_without_the_right_change_nothing(client, activity_world, who):
    from kembar.cooperations.models import Activity, ActivityFile
    from kembar.testing import pdf_upload

    client.force_login(activity_world["users"][who])
    urls, activity = activity_world["activity_urls"], activity_world["activity"]
    expected = 404 if who == "other_region" else 403
    code = activity_world["region"].code
    posts = [
        (urls["activity_create"], {"date": "2020", "title": "Forged"}),
        (urls["activity_edit"], {"date": "2020", "title": "Forged"}),
        (urls["activity_delete"], {}),
        (urls["activity_detail"], {"upload": pdf_upload()}),
        (reverse("trash_restore", kwargs={"code": code, "kind": "activity", "pk": activity.pk}), {}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == expected, (url, who)
    assert list(Activity.all_objects.values_list("title", "deleted_at")) == [("Exhibition", None)]
    assert ActivityFile.objects.count() == 1


def test_an_activity_of_another_region_is_not_found(client, activity_world, bogor):
    other = make_member("bogor-staff", bogor, Role.BUREAU_STAFF)
    coop = make_cooperation(bogor, by=other, ref="bogor-nanning")
    activity = services.activity_create(cooperation=coop, by=other, date="2016", title="Nanning visit")
    client.force_login(activity_world["users"][Role.BUREAU_ADMIN])
    code = activity_world["region"].code
    for name in ("activity_detail", "activity_edit", "activity_delete"):
        url = reverse(name, kwargs={"code": code, "pk": activity.pk})
        assert client.get(url).status_code == 404
        assert client.post(url, {"date": "2020", "title": "Forged"}).status_code == 404
    assert client.get(reverse("activity_list", kwargs={"code": code, "ref": coop.ref})).status_code == 404
    assert "Nanning visit" not in client.get(reverse("activity_region_list", kwargs={"code": code})).content.decode()
    activity.refresh_from_db()
    assert (activity.title, activity.deleted_at) == ("Nanning visit", None)
