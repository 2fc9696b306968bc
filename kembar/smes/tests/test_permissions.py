"""Who may open and post every page of the SME registry (docs/adr/0037): trade staff curate; an SME owner
their own SMEs (another SME's pages 404); a translator the texts of their languages, the rest read-only;
the region's bureau reads; national roles and another region's users 404 (never a hint it exists)."""

from dataclasses import dataclass

import pytest
from django.urls import get_resolver, reverse

from kembar.accounts.models import Role
from kembar.smes import exchange, services
from kembar.smes.models import SME, Certification, Product, ProductPhoto, ProductText, TranslatorAssignment
from kembar.testing import Case, PermissionMatrix, make_member

from .conftest import photo_upload

TRADE, OWNER, OTHER_OWNER, TRANSLATOR = "trade", "owner", "other_owner", "translator"
BUREAU = frozenset({Role.BUREAU_ADMIN, Role.BUREAU_STAFF, Role.LEADERSHIP, Role.DPRD})
#: Everyone of the region with a role that opens the registry.
READERS = frozenset({TRADE, OWNER, OTHER_OWNER, TRANSLATOR}) | BUREAU
#: Who reads the owner's SME and its products (the other owner: 404).
SEES_SME = READERS - {OTHER_OWNER}
EDITS_SME = frozenset({TRADE, OWNER})
QUEUE = frozenset({TRADE, TRANSLATOR})


@dataclass(frozen=True)
class P(Case):
    """A case whose `hidden` users get 404 (another SME's owner on this SME's pages) instead of `denied`."""

    hidden: frozenset = frozenset()


def _sme(w):
    return {"pk": w["sme"].pk}


def _product(w):
    return {"pk": w["product"].pk}


def _cert(w):
    return {"pk": w["sme"].pk, "cert": w["certification"].pk}


def _removed_cert(w):
    return {"pk": w["sme"].pk, "cert": w["removed_certification"].pk}


def _certs(w):
    return list(Certification.all_objects.order_by("pk").values_list("pk", "kind", "number", "expires", "deleted_at"))


def _photo(w):
    return {"pk": w["product"].pk, "photo": w["photo"].pk}


def _text(language):
    return lambda w: {"pk": w["product"].pk, "language": language}


def _lang(language, **more):
    return lambda w: {"language": language, **more}


def _smes(w):
    return list(SME.all_objects.order_by("pk").values_list("pk", "name", "nib", "verified_at", "deleted_at"))


def _products(w):
    return (
        list(Product.all_objects.order_by("pk").values_list("pk", "price_min", "materials", "deleted_at")),
        list(ProductPhoto.all_objects.order_by("pk").values_list("pk", "deleted_at")),
        list(ProductText.objects.order_by("pk").values_list("pk", "name", "status")),
        Certification.all_objects.count(),
    )


def _sme_data(w):
    return {"name": "Rajut Cihampelas Baru", "owner_name": "Siti", "nib": "8120001234567", "export_readiness": "ready"}


def _product_data(w):
    return {
        "category": "fesyen",
        "price_min": "100000",
        "price_max": "200000",
        "currency": "IDR",
        "min_order": "5",
        "unit": "pcs",
        "materials": "katun",
        "name": "Kemeja batik",
    }


def _xliff(w):
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = exchange.export_xliff(w["region"], "ko").replace(b"<target></target>", b"<target>\xec\x8a\xa4</target>")
    return {"file": SimpleUploadedFile("ko.xlf", data, content_type="application/xliff+xml")}


def _assignments(w):
    return sorted(TranslatorAssignment.objects.values_list("user_id", "language"))


EDIT = dict(allowed=EDITS_SME, hidden=frozenset({OTHER_OWNER}))
CASES = (
    P("smes_home", READERS),
    P("smes_sme_list", READERS),
    P("smes_product_list", READERS),
    P("smes_completeness", READERS),
    P("smes_sme_create", frozenset({TRADE})),
    P(
        "smes_sme_create",
        frozenset({TRADE}),
        method="post",
        ok=302,
        data=lambda w: {**_sme_data(w), "nib": ""},
        state=_smes,
        creates=lambda w: SME.all_objects.count(),
    ),
    P("smes_sme_detail", SEES_SME, _sme, hidden=frozenset({OTHER_OWNER})),
    P("smes_sme_edit", kwargs=_sme, **EDIT),
    P("smes_sme_edit", kwargs=_sme, method="post", ok=302, data=_sme_data, state=_smes, **EDIT),
    P("smes_sme_verify", frozenset({TRADE}), _sme, method="post", ok=302, data=lambda w: {}, state=_smes),
    P("smes_sme_delete", frozenset({TRADE}), _sme),
    P("smes_sme_delete", frozenset({TRADE}), _sme, method="post", ok=302, data=lambda w: {}, state=_smes),
    P(
        "smes_sme_restore",
        frozenset({TRADE}),
        lambda w: {"pk": w["gone_sme"].pk},
        method="post",
        ok=302,
        data=lambda w: {},
        state=_smes,
    ),
    P("smes_trash", frozenset({TRADE})),
    P("smes_certification_edit", kwargs=_cert, **EDIT),
    P(
        "smes_certification_edit",
        kwargs=_cert,
        method="post",
        ok=302,
        data=lambda w: {"kind": "sni", "number": "SNI-8080-2026", "expires": "2030-06-30"},
        state=_certs,
        **EDIT,
    ),
    P("smes_certification_delete", kwargs=_cert, method="post", ok=302, data=lambda w: {}, state=_certs, **EDIT),
    P(
        "smes_certification_restore",
        kwargs=_removed_cert,
        method="post",
        ok=302,
        data=lambda w: {},
        state=_certs,
        **EDIT,
    ),
    P(
        "smes_certification_add",
        kwargs=_sme,
        method="post",
        ok=302,
        data=lambda w: {"kind": "halal", "number": "ID32110000123450124", "expires": "2029-01-31"},
        state=_products,
        creates=lambda w: Certification.all_objects.count(),
        **EDIT,
    ),
    P("smes_product_create", kwargs=_sme, **EDIT),
    P(
        "smes_product_create",
        kwargs=_sme,
        method="post",
        ok=302,
        data=_product_data,
        state=_products,
        creates=lambda w: Product.all_objects.count(),
        **EDIT,
    ),
    P("smes_product_detail", SEES_SME, _product, hidden=frozenset({OTHER_OWNER})),
    P("smes_product_edit", kwargs=_product, **EDIT),
    P(
        "smes_product_edit",
        kwargs=_product,
        method="post",
        ok=302,
        data=lambda w: {k: v for k, v in _product_data(w).items() if k != "name"},
        state=_products,
        **EDIT,
    ),
    P("smes_product_delete", kwargs=_product, method="post", ok=302, data=lambda w: {}, state=_products, **EDIT),
    P(
        "smes_product_restore",
        frozenset({TRADE}),
        lambda w: {"pk": w["gone_product"].pk},
        method="post",
        ok=302,
        data=lambda w: {},
        state=_products,
    ),
    P(
        "smes_photo_add",
        kwargs=_product,
        method="post",
        ok=302,
        data=lambda w: {"photos": photo_upload(), "alt": "Sweter"},
        state=_products,
        creates=lambda w: ProductPhoto.all_objects.count(),
        **EDIT,
    ),
    P("smes_photo_delete", kwargs=_photo, method="post", ok=302, data=lambda w: {}, state=_products, **EDIT),
    P("smes_photo_file", SEES_SME, lambda w: {**_photo(w), "size": "thumb"}, hidden=frozenset({OTHER_OWNER})),
    # Korean: the translator's language; Indonesian: not theirs.
    P("smes_text_edit", frozenset({TRADE, OWNER, TRANSLATOR}), _text("ko"), hidden=frozenset({OTHER_OWNER})),
    P(
        "smes_text_edit",
        frozenset({TRADE, OWNER, TRANSLATOR}),
        _text("ko"),
        method="post",
        ok=302,
        data=lambda w: {"name": "니트 스웨터", "short": "", "long": "", "status": "draft"},
        state=_products,
        hidden=frozenset({OTHER_OWNER}),
    ),
    P("smes_text_edit", EDITS_SME, _text("id"), hidden=frozenset({OTHER_OWNER})),
    P("smes_queue", QUEUE, _lang("ko")),
    P("smes_queue", frozenset({TRADE}), _lang("en")),
    P("smes_export", QUEUE, _lang("ko", fmt="xlf")),
    P("smes_export", QUEUE, _lang("ja", fmt="xlsx")),
    P("smes_import", QUEUE, _lang("ko")),
    P("smes_import", QUEUE, _lang("ko"), method="post", ok=302, data=_xliff, state=_products),
    P("smes_translators", frozenset({TRADE})),
    P(
        "smes_translators",
        frozenset({TRADE}),
        method="post",
        ok=302,
        data=lambda w: {"user": str(w["users"][TRANSLATOR].pk), "languages": ["en"]},
        state=_assignments,
    ),
)


@pytest.fixture
def world(bandung, bogor):
    users = {
        TRADE: make_member("dagang", bandung, Role.TRADE_STAFF),
        OWNER: make_member("umkm", bandung, Role.SME_OWNER),
        OTHER_OWNER: make_member("umkm-lain", bandung, Role.SME_OWNER),
        TRANSLATOR: make_member("penerjemah", bandung, Role.TRANSLATOR),
        **{role: make_member(f"u-{role}", bandung, role) for role in BUREAU},
        "overseer": make_member("u-overseer", None, Role.NATIONAL_OVERSEER),
        "national_admin": make_member("u-national", None, Role.NATIONAL_ADMIN),
        "other_region": make_member("bogor-dagang", bogor, Role.TRADE_STAFF),
        "other_bureau": make_member("bogor-admin", bogor, Role.BUREAU_ADMIN),
    }
    services.translator_assign(region=bandung, user=users[TRANSLATOR], languages=["ko", "ja"], by=None)
    sme = services.sme_create(region=bandung, by=users[TRADE], owners=[users[OWNER]], name="Rajut", owner_name="Siti")
    services.sme_create(region=bandung, by=users[TRADE], owners=[users[OTHER_OWNER]], name="Kopi", owner_name="Ujang")
    product = services.product_create(
        sme=sme,
        by=users[TRADE],
        category="fesyen",
        price_min=1,
        price_max=2,
        texts={"id": {"name": "Sweter", "status": "reviewed"}},
    )
    photo = services.photo_add(product=product, by=users[TRADE], upload=photo_upload())
    certification = services.certification_add(sme=sme, by=users[TRADE], kind="halal", number="ID3211000012345")
    removed = services.certification_add(sme=sme, by=users[TRADE], kind="pirt", number="2063273010123-25")
    services.certification_delete(certification=removed, by=users[TRADE])
    gone_product = services.product_create(sme=sme, by=users[TRADE], category="kerajinan", price_min=1, price_max=2)
    services.product_delete(product=gone_product, by=users[TRADE])
    gone_sme = services.sme_create(region=bandung, by=users[TRADE], owners=[users[OWNER]], name="Tutup", owner_name="A")
    services.sme_delete(sme=gone_sme, by=users[TRADE])
    return {
        "region": bandung,
        "users": users,
        "sme": sme,
        "product": product,
        "photo": photo,
        "certification": certification,
        "removed_certification": removed,
        "gone_product": gone_product,
        "gone_sme": gone_sme,
    }


class TestPermissions(PermissionMatrix):
    cases = CASES
    who = (*sorted(READERS), "overseer", "national_admin", "other_region", "other_bureau")
    strangers = frozenset({"overseer", "national_admin", "other_region", "other_bureau"})

    def expected(self, case, who):
        if who in self.strangers or who in case.hidden:
            return 404
        return case.ok if who in case.allowed else case.denied


#: The URL names this file covers (kembar/core/tests/test_permissions.py checks every URL is covered somewhere).
COVERED = {c.name for c in CASES}


def test_every_url_of_the_registry_is_in_the_matrix():
    names = {p.name for p in get_resolver().url_patterns if getattr(p, "name", "") and p.name.startswith("smes_")}
    names |= {
        p.name
        for r in get_resolver().url_patterns
        for p in getattr(r, "url_patterns", [])
        if getattr(p, "name", "") and p.name.startswith("smes_")
    }
    assert names and names <= {c.name for c in CASES}, names - {c.name for c in CASES}


def test_another_region_s_records_are_404_to_trade_staff(client, world, bogor):
    """Bogor's trade staff, with the Bandung record's number in a Bogor URL: 404 (the record is Bandung's)."""
    client.force_login(world["users"]["other_region"])
    for name, kwargs in [("smes_sme_detail", _sme(world)), ("smes_product_detail", _product(world))]:
        assert client.get(reverse(name, kwargs={"code": bogor.code, **kwargs})).status_code == 404


def test_another_region_s_trash_is_out_of_reach(client, world, bogor):
    """Bogor's trade staff restore nothing of Bandung's through Bogor's URLs, and Bogor's trash lists none of it."""
    client.force_login(world["users"]["other_region"])
    before = (_smes(world), _products(world), _certs(world))
    for name, kwargs in [
        ("smes_sme_restore", {"pk": world["gone_sme"].pk}),
        ("smes_product_restore", {"pk": world["gone_product"].pk}),
        ("smes_sme_delete", _sme(world)),
    ]:
        assert client.post(reverse(name, kwargs={"code": bogor.code, **kwargs})).status_code == 404
    assert (_smes(world), _products(world), _certs(world)) == before
    page = client.get(reverse("smes_trash", args=[bogor.code]))
    assert page.status_code == 200 and not page.context["trash"]["smes"][0] and not page.context["trash"]["products"][0]
