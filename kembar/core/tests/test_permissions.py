"""The permission matrix: every URL × (anonymous, each role, a user of another region).

New URLs must be added to MATRIX — `test_every_url_is_in_the_matrix` fails otherwise.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from kembar.accounts.models import Role
from kembar.cooperations import services
from kembar.testing import REGION_ROLES, make_cooperation, make_member, matrix_users, pdf_upload

# name → (access kind, method). read: every role of the region and national roles see it.
# edit: only bureau admin and staff; other roles of the region get 403.
MATRIX = {
    "cooperation_list": ("read", "get"),
    "cooperation_detail": ("read", "get"),
    "cooperation_history": ("read", "get"),
    "cooperation_export": ("read", "get"),
    "document_detail": ("read", "get"),
    "file_download": ("read", "get"),
    "partner_list": ("read", "get"),
    "cooperation_create": ("edit", "get"),
    "cooperation_edit": ("edit", "get"),
    "cooperation_delete": ("edit", "get"),
    "document_create": ("edit", "get"),
    "document_edit": ("edit", "get"),
    "document_delete": ("edit", "get"),
    "partner_create": ("edit", "get"),
    "partner_edit": ("edit", "get"),
    "trash": ("edit", "get"),
    "trash_restore": ("edit", "post"),
}
# URLs outside a region, checked by their own tests below.
GLOBAL = {"home", "login", "logout", "region_switch", "national", "country_list", "country_edit", "set_language"}


def _names(patterns, prefix=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            if p.namespace == "admin":
                continue
            yield from _names(p.url_patterns)
        elif isinstance(p, URLPattern) and p.name:
            yield p.name


def _covered_elsewhere() -> set[str]:
    """URL names other apps' permission tests cover: each `kembar/<app>/tests/test_permissions.py`
    declares them in a COVERED set (and tests anonymous, every role and another region for them)."""
    import importlib
    from pathlib import Path

    covered = set()
    for path in sorted(Path(__file__).resolve().parents[2].glob("*/tests/test_permissions.py")):
        app = path.parts[-3]
        if app != "core":
            covered |= set(importlib.import_module(f"kembar.{app}.tests.test_permissions").COVERED)
    return covered


def test_every_url_is_in_the_matrix():
    names = set(_names(get_resolver().url_patterns))
    assert names - set(MATRIX) - GLOBAL - _covered_elsewhere() == set()


@pytest.fixture
def world(bandung, bogor):
    owner = make_member("owner", bandung, Role.BUREAU_ADMIN)
    coop = make_cooperation(bandung, by=owner, ref="bandung-liuzhou")
    doc = services.document_create(cooperation=coop, by=owner, kind="mou", title="MoU", upload=pdf_upload())
    deleted = services.document_create(cooperation=coop, by=owner, kind="loi", title="LoI lama")
    services.document_delete(document=deleted, by=owner)
    kwargs = {
        "cooperation_list": {},
        "cooperation_create": {},
        "partner_list": {},
        "partner_create": {},
        "trash": {},
        "cooperation_detail": {"ref": coop.ref},
        "cooperation_edit": {"ref": coop.ref},
        "cooperation_delete": {"ref": coop.ref},
        "cooperation_history": {"ref": coop.ref},
        "cooperation_export": {"ref": coop.ref},
        "document_create": {"ref": coop.ref},
        "document_detail": {"pk": doc.pk},
        "document_edit": {"pk": doc.pk},
        "document_delete": {"pk": doc.pk},
        "file_download": {"pk": doc.files.get().pk},
        "partner_edit": {"pk": coop.partner_id},
        "trash_restore": {"kind": "document", "pk": deleted.pk},
    }
    users = matrix_users(bandung, bogor)
    return {"region": bandung, "kwargs": kwargs, "users": users}


def _request(client, name, world, method):
    url = reverse(name, kwargs={"code": world["region"].code, **world["kwargs"][name]})
    return getattr(client, method)(url)


def _expected(name, who):
    kind, _method = MATRIX[name]
    if who == "other_region":
        return 404
    if kind == "read" or who in (Role.BUREAU_ADMIN, Role.BUREAU_STAFF):
        return {"trash_restore": 302}.get(name, 200)
    return 403


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_anonymous_is_sent_to_login(client, world, name):
    response = _request(client, name, world, MATRIX[name][1])
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("who", [*REGION_ROLES, "overseer", "other_region"])
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_matrix(client, world, name, who):
    client.force_login(world["users"][who])
    response = _request(client, name, world, MATRIX[name][1])
    assert response.status_code == _expected(name, who), (name, who)


def test_other_region_cannot_change_anything(client, world):
    """POSTs from a user of another region are refused with 404 and change nothing."""
    from kembar.cooperations.models import Cooperation, Document

    client.force_login(world["users"]["other_region"])
    code = world["region"].code
    before = list(Cooperation.all_objects.values_list("pk", "title", "deleted_at"))
    for name in ("cooperation_edit", "cooperation_delete", "document_delete", "trash_restore"):
        url = reverse(name, kwargs={"code": code, **world["kwargs"][name]})
        assert client.post(url, {"title": "Diretas", "ref": "x"}).status_code == 404
    assert list(Cooperation.all_objects.values_list("pk", "title", "deleted_at")) == before
    assert Document.all_objects.filter(deleted_at__isnull=False).count() == 1


def test_region_switch_refuses_foreign_region(client, world):
    client.force_login(world["users"]["other_region"])
    assert client.get(reverse("region_switch"), {"code": world["region"].code}).status_code == 404
    client.force_login(world["users"][Role.BUREAU_STAFF])
    response = client.get(reverse("region_switch"), {"code": world["region"].code})
    assert response.status_code == 302


def test_national_page_only_for_national_roles(client, world):
    client.force_login(world["users"][Role.BUREAU_ADMIN])
    assert client.get(reverse("national")).status_code == 404
    client.force_login(world["users"]["overseer"])
    response = client.get(reverse("national"), {"active": "1"})
    assert response.status_code == 200
    assert "Kota Bandung" in response.content.decode()


def test_country_edit_only_for_national_admin(client, world):
    from kembar.partners.models import Country

    url = reverse("country_edit", kwargs={"code": "TW"})
    for who in ("overseer", Role.BUREAU_ADMIN):
        client.force_login(world["users"][who])
        assert client.get(url).status_code == 404
    admin = make_member("nat-admin", None, Role.NATIONAL_ADMIN)
    client.force_login(admin)
    response = client.post(
        url,
        {
            "diplomatic_relations": "",
            "relations_note": "Kantor dagang saja",
            "relations_source": "Kemlu",
            "verified": "on",
        },
    )
    assert response.status_code == 302
    tw = Country.objects.get(code="TW")
    assert (tw.diplomatic_relations, tw.verified, tw.relations_source) == (False, True, "Kemlu")
    assert tw.history.first().history_user == admin
    client.force_login(world["users"][Role.BUREAU_STAFF])
    assert client.get(reverse("country_list")).status_code == 200
