"""Who may open and post every page of the catalogue: the region's trade office staff; the programme's other
roles (SME owner, translator) and the region's bureau get 403; national roles and another region's users 404.
The online catalogue (no login) is the same for everyone: test_public.py."""

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.urls import get_resolver

from kembar.accounts.models import Role
from kembar.catalogue import services
from kembar.catalogue.models import CatalogueSettings, Distribution, DistributionPoint, Edition, EditionPdf
from kembar.testing import REGION_ROLES, Case, PermissionMatrix, make_member, matrix_users

from .conftest import PRODUCTS, make_product

TRADE = frozenset({"trade"})


def _draft(w):
    return {"pk": w["draft"].pk}


def _published(w):
    return {"pk": w["published"].pk}


def _withdrawn(w):
    return {"pk": w["withdrawn"].pk}


def _pdf(w):
    return {"pk": w["pdf"].pk}


def _point(w):
    return {"pk": w["point"].pk}


def _editions(w):
    return list(Edition.all_objects.order_by("pk").values_list("pk", "status", "chosen", "deleted_at"))


def _points(w):
    return list(DistributionPoint.all_objects.order_by("pk").values_list("pk", "name", "deleted_at"))


def _settings(w):
    return list(CatalogueSettings.objects.values_list("region", "enabled", "max_products"))


CASES = (
    Case("catalogue_editions", TRADE),
    Case(
        "catalogue_editions",
        TRADE,
        method="post",
        ok=302,
        data=lambda w: {"title": "Edisi Kedua", "date": "2026-11-20", "languages": ["id", "en"]},
        state=_editions,
        creates=lambda w: Edition.all_objects.count(),
    ),
    Case("catalogue_edition", TRADE, _draft),
    Case("catalogue_edition", TRADE, _published),
    Case(
        "catalogue_edition_choose",
        TRADE,
        _draft,
        method="post",
        ok=302,
        data=lambda w: {"products": [str(w["products"][0].pk)]},
        state=_editions,
    ),
    Case("catalogue_edition_publish", TRADE, _draft, method="post", ok=302, state=_editions),
    Case("catalogue_edition_delete", TRADE, _draft, method="post", ok=302, state=_editions),
    # Withdrawing a published edition from the online catalogue: a page asks first, the POST does it.
    Case("catalogue_edition_withdraw", TRADE, _published),
    Case("catalogue_edition_withdraw", TRADE, _published, method="post", ok=302, state=_editions),
    Case("catalogue_edition_republish", TRADE, _withdrawn, method="post", ok=302, state=_editions),
    Case(
        "catalogue_pdf_request",
        TRADE,
        _published,
        method="post",
        ok=302,
        state=lambda w: EditionPdf.objects.count(),
        creates=lambda w: EditionPdf.objects.count(),
    ),
    Case("catalogue_pdf_progress", TRADE, _pdf),
    Case("catalogue_pdf_download", TRADE, _pdf),
    Case("catalogue_distribution", TRADE),
    Case(
        "catalogue_distribution",
        TRADE,
        method="post",
        ok=302,
        data=lambda w: {"kind": "itpc", "name": "ITPC Busan", "country": "KR", "city": "Busan"},
        state=_points,
        creates=lambda w: DistributionPoint.all_objects.count(),
    ),
    Case(
        "catalogue_distribution_send",
        TRADE,
        method="post",
        ok=302,
        data=lambda w: {
            "edition": str(w["published"].pk),
            "point": str(w["point"].pk),
            "copies": "25",
            "date": "2026-11-15",
            "note": "",
        },
        state=lambda w: list(Distribution.objects.values_list("pk", "copies")),
        creates=lambda w: Distribution.objects.count(),
    ),
    Case("catalogue_point_delete", TRADE, _point, method="post", ok=302, state=_points),
    Case("catalogue_search", TRADE),
    Case(
        "catalogue_settings",
        TRADE,
        method="post",
        ok=302,
        data=lambda w: {"enabled": "on", "max_products": "50"},
        state=_settings,
    ),
    Case("catalogue_settings", TRADE),
)
PUBLIC = {
    "catalogue_sitemap",
    "catalogue_public_region",
    "catalogue_public_search",
    "catalogue_public_edition",
    "catalogue_public_pdf",
    "catalogue_public_guide",
    "catalogue_public_item",
    "catalogue_public_photo",
}


@pytest.fixture
def world(bandung, bogor):
    users = matrix_users(bandung, bogor, national_admin=True)
    trade = users["trade"] = make_member("u-trade", bandung, Role.TRADE_STAFF)
    users["sme_owner"] = make_member("u-owner", bandung, Role.SME_OWNER)
    users["translator"] = make_member("u-translator", bandung, Role.TRANSLATOR)
    users["other_trade"] = make_member("u-trade-bogor", bogor, Role.TRADE_STAFF)
    services.settings_update(region=bandung, by=trade, enabled=True, max_products=100)
    from kembar.smes import services as smes

    sme = smes.sme_create(region=bandung, by=trade, name="Rajut Cihampelas", owner_name="Siti", is_sample=True)
    products = [make_product(sme, trade, *row, photo=False) for row in PRODUCTS]
    published = services.edition_create(region=bandung, by=trade, title="Edisi Satu", date=dt.date(2026, 11, 1))
    services.edition_choose(edition=published, by=trade, product_ids=[p.pk for p in products])
    published = services.edition_publish(edition=published, by=trade)
    withdrawn = services.edition_create(region=bandung, by=trade, title="Edisi Ditarik", date=dt.date(2026, 11, 2))
    services.edition_choose(edition=withdrawn, by=trade, product_ids=[products[0].pk])
    services.edition_publish(edition=withdrawn, by=trade)
    withdrawn = services.edition_withdraw(edition=withdrawn, by=trade)
    draft = services.edition_create(region=bandung, by=trade, title="Draf", date=dt.date(2026, 12, 1))
    services.edition_choose(edition=draft, by=trade, product_ids=[products[1].pk])
    pdf = services.pdf_request(edition=published, by=trade, enqueue=False)
    pdf.status = EditionPdf.Status.DONE
    pdf.file.save("katalog.pdf", ContentFile(b"%PDF-1.4 test"), save=True)
    point = services.point_create(
        region=bandung, by=trade, kind="embassy", name="KBRI Seoul", country_id="KR", city="Seoul"
    )
    return {
        "region": bandung,
        "users": users,
        "products": products,
        "published": published,
        "draft": draft,
        "withdrawn": withdrawn,
        "pdf": pdf,
        "point": point,
    }


class TestPermissions(PermissionMatrix):
    cases = CASES
    who = (
        "trade",
        "sme_owner",
        "translator",
        *REGION_ROLES,
        "overseer",
        "national_admin",
        "other_region",
        "other_trade",
    )
    strangers = frozenset({"overseer", "national_admin", "other_region", "other_trade"})


#: The URL names this file covers (kembar/core/tests/test_permissions.py checks every URL is covered somewhere).
COVERED = {c.name for c in CASES} | PUBLIC


def test_every_catalogue_url_is_in_a_matrix():
    names = {
        name
        for name, value in get_resolver().reverse_dict.items()
        if isinstance(name, str) and name.startswith("catalogue_")
    }
    assert names == COVERED
