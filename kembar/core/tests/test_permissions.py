"""The permission matrix: every URL × (anonymous, each role, the national roles, a user of another region).

A new URL gets a Case here or in its app's tests/test_permissions.py (kembar.testing.PermissionMatrix) —
`test_every_url_is_in_the_matrix` fails otherwise.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from kembar.accounts.models import Role
from kembar.cooperations import services
from kembar.cooperations.models import Cooperation, Document, DocumentFile
from kembar.partners.models import Partner
from kembar.testing import (
    EDITORS,
    EVERYONE,
    NATIONAL,
    READERS,
    Case,
    PermissionMatrix,
    coop_ref,
    make_member,
    matrix_world,
    pdf_upload,
)


def _document(world):
    return {"pk": world["doc"].pk}


def _written(world):
    """What the creating forms below write: cooperations, partners, documents and their files."""
    return (
        list(Cooperation.all_objects.values_list("pk", "ref")),
        list(Partner.all_objects.values_list("pk", "name")),
        Document.all_objects.count(),
        DocumentFile.objects.count(),
    )


PARTNER = {"name": "Kota Suwon", "country": "KR", "kind": "local_government", "level": "city"}
#: A new cooperation with a new partner, added in the same form.
NEW_COOPERATION = {
    "ref": "bandung-suwon",
    "title": "Kerja Sama Bandung–Suwon",
    "type": "KSDPL",
    "form": "sister_city",
    "status": "active",
    **{f"new_partner-{k}": v for k, v in PARTNER.items()},
}


# read: every role of the region and national roles see it; edit: only bureau admin and staff (other
# roles of the region get 403). Outside a region: the national overview (national roles only, others 404),
# the countries (every logged-in user reads them; only a national administrator edits, others 404).
CASES = (
    Case("cooperation_list", READERS),
    Case("cooperation_detail", READERS, coop_ref),
    Case("cooperation_history", READERS, coop_ref),
    Case("cooperation_export", READERS, coop_ref),
    Case("document_detail", READERS, _document),
    Case("file_download", READERS, lambda w: {"pk": w["doc"].files.get().pk}),
    Case("partner_list", READERS),
    Case("cooperation_create", EDITORS),
    Case("cooperation_edit", EDITORS, coop_ref),
    Case("cooperation_delete", EDITORS, coop_ref),
    Case("document_create", EDITORS, coop_ref),
    Case("document_edit", EDITORS, _document),
    Case("document_delete", EDITORS, _document),
    Case("partner_create", EDITORS),
    # The forms that create, each sent as three quick clicks too (PermissionMatrix.test_three_quick_posts…).
    Case(
        "cooperation_create",
        EDITORS,
        method="post",
        ok=302,
        data=lambda w: NEW_COOPERATION,
        state=_written,
        creates=_written,
    ),
    Case("partner_create", EDITORS, method="post", ok=302, data=lambda w: PARTNER, state=_written, creates=_written),
    Case(
        "document_create",
        EDITORS,
        coop_ref,
        method="post",
        ok=302,
        data=lambda w: {"kind": "loi", "title": "LoI", "date": "31/12/2004", "upload": pdf_upload()},
        state=_written,
        creates=_written,
    ),
    Case(  # a new version of a document's file, on the document's page
        "document_detail",
        EDITORS,
        _document,
        method="post",
        ok=302,
        data=lambda w: {"upload": pdf_upload()},
        state=_written,
        creates=_written,
    ),
    Case("partner_edit", EDITORS, lambda w: {"pk": w["coop"].partner_id}),
    Case("trash", EDITORS),
    Case(
        "trash_restore",
        EDITORS,
        lambda w: {"kind": "document", "pk": w["deleted"].pk},
        method="post",
        ok=302,
        state=lambda w: list(Document.all_objects.values_list("pk", "deleted_at")),
    ),
    Case("national", NATIONAL, denied=404, regional=False),
    Case("country_list", EVERYONE, regional=False),
    Case("country_edit", frozenset({"national_admin"}), lambda w: {"code": "TW"}, denied=404, regional=False),
)
#: The URL names of this matrix (other apps' permission tests declare theirs as COVERED).
MATRIX = {case.name for case in CASES}
# URLs outside a region with their own tests below (or no access rule: logging in and out, the language).
GLOBAL = {"home", "login", "logout", "region_switch", "set_language"}


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
    world = matrix_world(bandung, bogor)
    coop, owner = world["coop"], world["owner"]
    world["doc"] = services.document_create(cooperation=coop, by=owner, kind="mou", title="MoU", upload=pdf_upload())
    world["deleted"] = services.document_create(cooperation=coop, by=owner, kind="loi", title="LoI lama")
    services.document_delete(document=world["deleted"], by=owner)
    return world


class TestPermissions(PermissionMatrix):
    cases = CASES


def test_other_region_cannot_change_anything(client, world):
    """POSTs from a user of another region are refused with 404 and change nothing."""
    client.force_login(world["users"]["other_region"])
    before = list(Cooperation.all_objects.values_list("pk", "title", "deleted_at"))
    for case in CASES:
        if case.name in ("cooperation_edit", "cooperation_delete", "document_delete", "trash_restore"):
            assert client.post(case.url(world), {"title": "Diretas", "ref": "x"}).status_code == 404
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
