"""Who may publish (the bureau's controls) and who may read the portal (everyone, logged in or not).

The core matrix (kembar/core/tests/test_permissions.py) requires every URL name to be covered somewhere: these
are covered here, for anonymous, each role, the national roles and a user of another region.
"""

import pytest
from django.test import Client
from django.urls import reverse

from kembar.accounts.models import Role
from kembar.cooperations import services
from kembar.cooperations.models import Activity, Cooperation, Document, Finding
from kembar.public import services as public
from kembar.regions.models import RegionProfile
from kembar.testing import EDITORS, HOSTILE_QUERY, Case, PermissionMatrix, coop_ref, matrix_world, pdf_upload

ADMIN = frozenset({Role.BUREAU_ADMIN})


def _published(world):
    """What publishing writes: the cooperations' and items' flags, and the region's rule."""
    return (
        list(Cooperation.all_objects.order_by("pk").values_list("pk", "published")),
        list(Activity.all_objects.order_by("pk").values_list("pk", "public")),
        list(Document.all_objects.order_by("pk").values_list("pk", "public")),
        list(Finding.all_objects.order_by("pk").values_list("pk", "public")),
        list(RegionProfile.all_objects.values_list("publish_activities", "publish_documents", "publish_evaluation")),
    )


def _item(kind):
    return lambda w: {"kind": kind, "pk": w[kind].pk}


CASES = (
    Case(
        "cooperation_publish", ADMIN, coop_ref, method="post", ok=302, data=lambda w: {"public": "1"}, state=_published
    ),
    Case(
        "item_publish",
        EDITORS,
        _item("activity"),
        method="post",
        ok=302,
        data=lambda w: {"public": "1"},
        state=_published,
    ),
    Case(
        "item_publish",
        EDITORS,
        _item("document"),
        method="post",
        ok=302,
        data=lambda w: {"public": "1"},
        state=_published,
    ),
    Case(
        "item_publish",
        EDITORS,
        _item("finding"),
        method="post",
        ok=302,
        data=lambda w: {"public": "1"},
        state=_published,
    ),
    Case(
        "publication_rules",
        ADMIN,
        method="post",
        ok=302,
        data=lambda w: {"activities": "on", "evaluation": "on"},
        state=_published,
    ),
)
#: The portal's pages: no login, the same answer for everyone.
PUBLIC = (
    "public_directory",
    "public_region",
    "public_cooperation",
    "public_document_file",
    "public_region_feed",
    "public_cooperation_feed",
    "public_region_ics",
    "public_cooperation_ics",
)
#: The portal's addresses that exist whatever is published (the unpublished are left out of them, not refused).
SITE = ("public_data", "public_data_csv", "public_data_json", "public_sitemap", "public_robots")
COVERED = {case.name for case in CASES} | set(PUBLIC) | set(SITE)


@pytest.fixture
def world(bandung, bogor):
    world = matrix_world(bandung, bogor)
    coop, owner = world["coop"], world["owner"]
    world["activity"] = services.activity_create(cooperation=coop, by=owner, date="2019", title="Pameran")
    world["document"] = services.document_create(
        cooperation=coop, by=owner, kind="mou", title="MoU", upload=pdf_upload()
    )
    world["finding"] = Finding(region=bandung, cooperation=coop, topic="community", text="Belum dilibatkan")
    world["finding"].save()
    return world


class TestPermissions(PermissionMatrix):
    cases = CASES


def _public_urls(world):
    coop = world["coop"]
    args = [coop.region.code, coop.ref]
    return [
        reverse("public_directory"),
        reverse("public_region", args=args[:1]),
        reverse("public_cooperation", args=args),
        reverse("public_document_file", args=[*args, world["document"].pk]),
        reverse("public_region_feed", args=args[:1]),
        reverse("public_cooperation_feed", args=args),
        reverse("public_region_ics", args=args[:1]),
        reverse("public_cooperation_ics", args=args),
    ]


def _site_urls():
    return [reverse(name) for name in SITE]


@pytest.fixture
def published(world):
    public.cooperation_publish(cooperation=world["coop"], by=world["owner"], published=True)
    public.item_publish(item=world["document"], by=world["owner"], public=True)
    return world


@pytest.mark.parametrize("who", ["anonymous", *PermissionMatrix.who])
def test_everyone_reads_the_portal(client, published, who):
    """Anonymous, every role, national users and another region's admin: the same public pages (200)."""
    if who != "anonymous":
        client.force_login(published["users"][who])
    for url in _public_urls(published) + _site_urls():
        assert client.get(url).status_code == 200, (who, url)


@pytest.mark.parametrize("who", ["anonymous", Role.BUREAU_ADMIN, "overseer", "other_region"])
def test_nobody_reads_what_is_not_published(client, world, who):
    """Before publishing, every portal page of it is 404, for the region's own admin as for anyone."""
    if who != "anonymous":
        client.force_login(world["users"][who])
    for url in _public_urls(world)[1:]:
        assert client.get(url).status_code == 404, (who, url)


def test_the_portal_answers_only_reads(client, published):
    for url in _public_urls(published) + _site_urls():
        assert client.post(url).status_code == 405, url


def test_hostile_queries_on_the_portal(client, published):
    """Hostile parameters: refused with their message (400) on the directory and its downloads, ignored
    elsewhere; never a 500."""
    for url in _public_urls(published) + _site_urls():
        response = client.get(url, HOSTILE_QUERY)
        assert response.status_code in (200, 400), url
        if response.status_code == 400 and response["Content-Type"].startswith("text/html"):
            assert b'role="alert"' in response.content


def test_home_is_the_directory_for_visitors_and_unchanged_for_users(client, published):
    response = Client().get("/")
    assert response.status_code == 200 and reverse("login") in response.content.decode()
    client.force_login(published["users"][Role.BUREAU_STAFF])
    assert client.get("/").url == reverse("cooperation_list", args=[published["coop"].region.code])


def test_another_regions_admin_cannot_publish(client, world):
    client.force_login(world["users"]["other_region"])
    code, coop = world["region"].code, world["coop"]
    before = _published(world)
    assert client.post(reverse("cooperation_publish", args=[code, coop.ref]), {"public": "1"}).status_code == 404
    url = reverse("item_publish", args=[code, "activity", world["activity"].pk])
    assert client.post(url, {"public": "1"}).status_code == 404
    assert _published(world) == before


def test_an_item_of_another_region_is_not_found(client, world, bogor):
    """Bandung's staff naming Bogor's activity under Bandung's code: 404, nothing changes."""
    from kembar.testing import make_cooperation, make_member

    other = make_member("bogor-staff", bogor, Role.BUREAU_STAFF)
    theirs = services.activity_create(
        cooperation=make_cooperation(bogor, by=other, ref="bogor-nanning"), by=other, date="2016", title="Kunjungan"
    )
    client.force_login(world["users"][Role.BUREAU_STAFF])
    url = reverse("item_publish", args=[world["region"].code, "activity", theirs.pk])
    assert client.post(url, {"public": "1"}).status_code == 404
    assert (
        client.post(reverse("item_publish", args=[world["region"].code, "event", 1]), {"public": "1"}).status_code
        == 404
    )
    theirs.refresh_from_db()
    assert theirs.public is False


def test_the_dossier_shows_the_control_to_admins_only(client, world):
    code, coop = world["region"].code, world["coop"]
    url = reverse("cooperation_detail", args=[code, coop.ref])
    publish = reverse("cooperation_publish", args=[code, coop.ref])
    client.force_login(world["users"][Role.BUREAU_ADMIN])
    assert publish in client.get(url).content.decode()
    client.force_login(world["users"][Role.BUREAU_STAFF])
    html = client.get(url).content.decode()
    assert publish not in html
    assert reverse("item_publish", args=[code, "document", world["document"].pk]) in html  # staff publish items
    client.force_login(world["users"][Role.LEADERSHIP])
    assert (
        reverse("item_publish", args=[code, "document", world["document"].pk]) not in client.get(url).content.decode()
    )
