"""Who may do what on the seeking pages. The bureau's pages are its editors' (staff and admin; publishing is the
admin's), another region's users and the programme roles get 404, anonymous visitors the login page; the
national matrix is for national roles only (anyone else 404). The portal's pages and the sender's pages behind
the secret link are open to everyone, logged in or not (below)."""

import pytest
from django.urls import get_resolver, reverse

from kembar.accounts.models import Role
from kembar.seeking.models import Interest, Seeking
from kembar.testing import EDITORS, NATIONAL, REGION_ROLES, Case, PermissionMatrix

PROGRAMME = ("trade_staff", "sme_owner", "translator")


def _pk(w):
    return {"pk": w["interest"].pk}


def _interests(w):
    return list(Interest.all_objects.order_by("pk").values_list("pk", "status", "note"))


def _seeking(w):
    return list(Seeking.all_objects.order_by("pk").values_list("region", "active", "text", "text_en"))


CASES = (
    Case("seeking_bureau", EDITORS),
    Case("seeking_interest_detail", EDITORS, _pk),
    Case(
        "seeking_interest_move",
        EDITORS,
        _pk,
        method="post",
        ok=302,
        data=lambda w: {"status": "contact", "note": "Dihubungi lewat surel."},
        state=_interests,
    ),
    Case(
        "seeking_publish",
        frozenset({Role.BUREAU_ADMIN}),
        method="post",
        ok=302,
        data=lambda w: {"active": "on", "text": "Kami mencari mitra.", "text_en": "We seek partners."},
        state=_seeking,
    ),
    Case("seeking_national", NATIONAL, regional=False, denied=404),
)
#: Open to everyone (the portal, the sender's pages behind the secret link).
PUBLIC = {
    "seeking_list",
    "seeking_region",
    "seeking_interest_create",
    "seeking_interest_sent",
    "seeking_interest_status",
    "seeking_interest_verify",
    "seeking_interest_data",
    "seeking_interest_erase",
}


class TestPermissions(PermissionMatrix):
    cases = CASES
    who = (*REGION_ROLES, "overseer", "national_admin", "other_region", *PROGRAMME)
    strangers = frozenset({"other_region", *PROGRAMME})

    def expected(self, case, who):
        if not case.regional and who in PROGRAMME:
            return case.denied
        return super().expected(case, who)


#: The URL names this file covers (kembar/core/tests/test_permissions.py checks every URL is covered somewhere).
COVERED = {c.name for c in CASES} | PUBLIC


def test_every_url_of_the_app_is_in_a_matrix():
    names = {
        name
        for name, patterns in get_resolver().reverse_dict.items()
        if isinstance(name, str) and name.startswith("seeking_")
    }
    assert names == {c.name for c in CASES} | PUBLIC


def _public_urls(w):
    secret = w["secret"]
    return [
        (reverse("seeking_list"), 200),
        (reverse("seeking_list") + "?lang=ja", 200),
        (reverse("seeking_region", args=["32.73"]), 200),
        (reverse("seeking_region", args=["32.73"]) + "?lang=zh", 200),
        (reverse("seeking_interest_create", args=["32.73"]) + "?lang=ko", 200),
        (reverse("seeking_interest_sent"), 200),
        (reverse("seeking_interest_status", args=[secret]), 200),
        (reverse("seeking_interest_verify", args=[secret, "x"]), 200),
        (reverse("seeking_interest_data", args=[secret]), 200),
        (reverse("seeking_interest_erase", args=[secret]), 200),
        (reverse("seeking_region", args=["32.01"]), 404),  # Bogor does not seek partners
        (reverse("seeking_interest_create", args=["32.01"]), 404),
        (reverse("seeking_interest_status", args=["x" * 32]), 404),
    ]


@pytest.mark.parametrize("who", ["anonymous", *TestPermissions.who])
def test_everyone_reads_the_portal_and_nobody_else_s_secret(client, world, who):
    if who != "anonymous":
        client.force_login(world["users"][who])
    for url, status in _public_urls(world):
        assert client.get(url).status_code == status, (url, who)


def test_the_portal_shows_no_personal_data_and_is_the_same_for_everyone(client, world):
    interest = world["interest"]
    pages = [reverse("seeking_list"), reverse("seeking_region", args=["32.73"])]
    for url in pages:
        for lang in ("", "?lang=en", "?lang=ko", "?lang=ja", "?lang=zh"):
            response = client.get(url + lang)
            html = response.content.decode()
            assert interest.email not in html and interest.name not in html and interest.institution not in html
            assert response["Cache-Control"].startswith("public") or "public" in response["Cache-Control"]
    # The sender's status page shows the interest, not their name or email (those are in the download only).
    html = client.get(reverse("seeking_interest_status", args=[world["secret"]])).content.decode()
    assert interest.institution in html and interest.email not in html and interest.name not in html


def test_a_withdrawn_search_leaves_the_portal(client, world):
    from kembar.seeking import services

    services.seeking_set(region=world["region"], by=world["users"]["bureau_admin"], active=False)
    assert client.get(reverse("seeking_region", args=["32.73"])).status_code == 404
    assert "Kota Bandung" not in client.get(reverse("seeking_list")).content.decode()
    assert client.get(reverse("seeking_interest_create", args=["32.73"])).status_code == 404


def test_the_regions_portal_page_links_its_partner_search_only_while_it_seeks(client, world):
    from kembar.public import services as public
    from kembar.seeking import services
    from kembar.testing import make_cooperation

    coop = make_cooperation(world["region"], ref="bandung-liuzhou", by=world["users"]["bureau_admin"])
    public.cooperation_publish(cooperation=coop, by=world["users"]["bureau_admin"], published=True)
    link = reverse("seeking_region", args=["32.73"])
    assert f'href="{link}"' in client.get(reverse("public_region", args=["32.73"])).content.decode()
    english = client.get(reverse("public_region", args=["32.73"]) + "?lang=en").content.decode()
    assert f'href="{link}?lang=en"' in english
    services.seeking_set(region=world["region"], by=world["users"]["bureau_admin"], active=False)
    from django.core.cache import caches

    caches["default"].clear()
    assert link not in client.get(reverse("public_region", args=["32.73"]) + "?page=1").content.decode()
