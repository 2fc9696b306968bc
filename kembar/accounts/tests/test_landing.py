"""Where each role lands, the header's region menu on every page, the region switch, and Kembar's own error
pages (never Django's debug pages)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import translation

from kembar.accounts.models import Role, User
from kembar.plans.tests.conftest import CONTENTS, DAY
from kembar.testing import make_cooperation, make_member

ROOT = Path(__file__).resolve().parents[3]


def _login(client, username):
    return client.post(reverse("login"), {"username": username, "password": "pass-1234"}, follow=True)


@pytest.mark.parametrize(
    ("role", "page"),
    [
        (Role.BUREAU_STAFF, "cooperation_list"),
        (Role.BUREAU_ADMIN, "cooperation_list"),
        (Role.LEADERSHIP, "dashboard"),
        (Role.DPRD, "plan_list"),
    ],
)
def test_each_regional_role_lands_where_its_work_is(client, bandung, role, page):
    make_member("orang", bandung, role)
    response = _login(client, "orang")
    assert response.redirect_chain[-1][0] == reverse(page, args=["32.73"])
    assert response.status_code == 200
    # "/" leads to the same page afterwards.
    assert client.get("/").url == reverse(page, args=["32.73"])


def test_the_national_user_lands_on_the_national_dashboard(client, overseer):
    response = client.post(reverse("login"), {"username": "kemendagri", "password": "pass-1234"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("national_dashboard")
    assert response.status_code == 200


def test_dprd_sees_its_decision_button_without_a_read_only_badge(client, bandung, staff):
    from kembar.plans import services

    coop = make_cooperation(bandung, by=staff, ref="bandung-liuzhou")
    services.plan_submit(plan=services.plan_save(cooperation=coop, by=staff, contents=CONTENTS), by=staff, on=DAY)
    make_member("dprd", bandung, Role.DPRD)
    make_member("pimpinan", bandung, Role.LEADERSHIP)
    with translation.override("id"):
        client.force_login(make_member("dprd2", bandung, Role.DPRD))
        html = client.get(reverse("plan_list", args=["32.73"])).content.decode()
        assert "Catat keputusan" in html and "hanya baca" not in html
        client.force_login(make_member("pimpinan2", bandung, Role.LEADERSHIP))
        html = client.get(reverse("plan_list", args=["32.73"])).content.decode()
        assert "Catat keputusan" not in html and "hanya baca" in html


@pytest.mark.parametrize("page", ["alert_list", "rule_pack_list", "country_list"])
def test_the_region_menu_is_on_pages_outside_a_region(client, staff, page):
    client.force_login(staff)
    html = client.get(reverse(page)).content.decode()
    assert f'href="{reverse("cooperation_list", args=["32.73"])}"' in html
    assert f'href="{reverse("dashboard", args=["32.73"])}"' in html


def test_the_region_menu_follows_the_last_region_visited_and_only_the_users(client, bandung, bogor):
    from kembar.accounts.models import Membership

    user = make_member("dua", bandung, Role.BUREAU_STAFF)
    Membership.objects.create(user=user, region=bogor, role=Role.LEADERSHIP)
    client.force_login(user)
    assert client.get(reverse("dashboard", args=["32.01"])).status_code == 200
    html = client.get(reverse("alert_list")).content.decode()
    assert f'href="{reverse("dashboard", args=["32.01"])}"' in html
    assert reverse("trash", args=["32.01"]) not in html  # leadership in Bogor: no bureau-only links
    # A region the user does not belong to, named in the cookie, is not offered.
    client.cookies["kembar_region"] = "31.71"
    html = client.get(reverse("alert_list")).content.decode()
    assert "/r/31.71/" not in html


def test_the_national_user_switches_region_by_name_or_code(client, overseer, bandung):
    client.force_login(overseer)
    html = client.get(reverse("national_dashboard")).content.decode()
    assert 'id="region-switch"' in html and 'name="q"' in html
    assert client.get(reverse("region_switch"), {"q": "32.73"}).url == reverse("dashboard", args=["32.73"])
    assert client.get(reverse("region_switch"), {"q": "kota bandung"}).url == reverse("dashboard", args=["32.73"])
    # Several regions match: the national table of regions, searched.
    response = client.get(reverse("region_switch"), {"q": "Bogor"})
    assert response.url.startswith(reverse("national_dashboard") + "?q=Bogor")
    assert client.get(response.url).status_code == 200
    # Nothing typed: the table, not an error page.
    assert client.get(reverse("region_switch")).url == reverse("national_dashboard") + "#regions"
    # After visiting a region, its menu is in the header of pages outside it.
    client.get(reverse("dashboard", args=["32.73"]))
    html = client.get(reverse("alert_list")).content.decode()
    assert f'href="{reverse("cooperation_list", args=["32.73"])}"' in html


def test_a_regional_user_cannot_switch_to_another_region(client, staff):
    client.force_login(staff)
    with translation.override("id"):
        response = client.get(reverse("region_switch"), {"code": "32.01"})
        assert response.status_code == 404 and "Tidak ditemukan" in response.content.decode()
        response = client.get(reverse("region_switch"), {"q": "Bogor"})
        assert response.status_code == 404
    assert client.get(reverse("region_switch"), {"code": "32.73"}).url == reverse("cooperation_list", args=["32.73"])
    assert client.get(reverse("region_switch")).url == reverse("home")


def test_the_demo_settings_show_no_debug_pages():
    env = {k: v for k, v in os.environ.items() if k != "KEMBAR_DEBUG"}
    env["DJANGO_SETTINGS_MODULE"] = "config.settings.dev"
    code = "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_unknown_pages_and_errors_have_kembars_own_pages(staff):
    client = Client(raise_request_exception=False)
    client.force_login(staff)
    with translation.override("id"):
        response = client.get("/r/32.73/cooperations/nothing-here/")
        assert response.status_code == 404
        html = response.content.decode()
        assert "Tidak ditemukan" in html and "Traceback" not in html
        assert f'href="{reverse("cooperation_list", args=["32.73"])}"' in html  # the menu is there too

    def broken(request):
        raise RuntimeError("boom")

    with override_settings(ROOT_URLCONF=__name__ + "_urls"):
        import types

        urls = types.ModuleType(__name__ + "_urls")
        from django.urls import path

        urls.urlpatterns = [path("broken/", broken)]
        sys.modules[urls.__name__] = urls
        try:
            with translation.override("id"):
                response = client.get("/broken/")
        finally:
            del sys.modules[urls.__name__]
    assert response.status_code == 500
    html = response.content.decode()
    assert "Terjadi kesalahan" in html and "boom" not in html and "Traceback" not in html


def test_a_refused_form_and_a_bad_request_have_kembars_pages_too(staff):
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff)
    with translation.override("id"):
        response = client.post(reverse("cooperation_bulk", args=["32.73"]), {"action": "export", "ids": ["1"]})
    assert response.status_code == 403
    html = response.content.decode()
    assert "Formulir sudah kedaluwarsa" in html and "CSRF" not in html
    with translation.override("id"):
        html = Client().get("/", HTTP_HOST="bad host").content.decode()
    assert "Permintaan ini tidak dapat dibaca" in html


@pytest.mark.parametrize("role", [Role.TRADE_STAFF, Role.SME_OWNER, Role.TRANSLATOR])
def test_programme_roles_open_none_of_the_bureaus_records(client, bandung, role):
    """The trade office, SME owners and translators work on the region's SME catalogue; the bureau's dossiers,
    dashboard, search and alerts stay closed to them (404, as for a stranger)."""
    coop = make_cooperation(bandung, ref="bandung-liuzhou", title="Bandung – Liuzhou")
    make_member("orang", bandung, role)
    client.force_login(make_member("staf", bandung, Role.BUREAU_STAFF))
    assert client.get(reverse("cooperation_detail", args=["32.73", coop.ref])).status_code == 200
    client.force_login(User.objects.get(username="orang"))
    for url in (
        reverse("cooperation_list", args=["32.73"]),
        reverse("cooperation_detail", args=["32.73", coop.ref]),
        reverse("dashboard", args=["32.73"]),
    ):
        assert client.get(url).status_code == 404, url
    found = client.get(reverse("search"), {"q": "Liuzhou"})
    assert coop.ref not in found.content.decode()
