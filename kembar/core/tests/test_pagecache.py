"""The page cache serves a page again only while nothing it shows has changed, and only to its browser."""

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from kembar.accounts.models import Role
from kembar.alerts.models import Alert
from kembar.core.freshness import touch_regions
from kembar.core.pagecache import HIT_HEADER
from kembar.regions.models import Region
from kembar.testing import make_cooperation, make_member

pytestmark = pytest.mark.django_db


def _browser(user) -> Client:
    client = Client()
    client.force_login(user)
    client.cookies["django_language"] = "en"
    return client


def _get(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response, response.content.decode()


def _stamp(region):
    return Region.objects.get(pk=region.pk).data_changed_at


def test_the_list_is_served_again_from_the_cache_with_fewer_queries(bandung, staff):
    make_cooperation(bandung, ref="satu", title="Kerja Sama Satu")
    browser = _browser(staff)
    url = reverse("cooperation_list", args=[bandung.code])
    first, html = _get(browser, url)  # sets the CSRF cookie the cached page's forms need
    with CaptureQueriesContext(connection) as miss:
        second, _ = _get(browser, url)
    with CaptureQueriesContext(connection) as hit:
        third, html3 = _get(browser, url)
    assert second[HIT_HEADER] == "miss" and third[HIT_HEADER] == "hit"
    assert html3 == second.content.decode()
    assert "Kerja Sama Satu" in html3
    assert len(hit.captured_queries) < len(miss.captured_queries)
    assert len(hit.captured_queries) == 1  # the user with memberships and regions (the session is cached)


def test_a_write_in_the_region_retires_the_cached_page(bandung, staff):
    browser = _browser(staff)
    url = reverse("cooperation_list", args=[bandung.code])
    _get(browser, url)
    _get(browser, url)
    assert _get(browser, url)[0][HIT_HEADER] == "hit"
    before = _stamp(bandung)
    make_cooperation(bandung, ref="baru", title="Kerja Sama Baru")
    assert _stamp(bandung) > before
    response, html = _get(browser, url)
    assert response[HIT_HEADER] == "miss"
    assert "Kerja Sama Baru" in html


def test_an_edit_through_the_pages_shows_at_once(bandung, staff):
    coop = make_cooperation(bandung, ref="ubah", title="Judul Lama")
    browser = _browser(staff)
    url = reverse("cooperation_list", args=[bandung.code])
    _get(browser, url)
    _get(browser, url)
    edit = reverse("cooperation_delete", args=[bandung.code, coop.ref])
    response = browser.post(edit, follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    # The flash message is shown (the page is rendered, not served from the cache) and the row is gone.
    assert "moved to the trash" in html
    assert reverse("cooperation_detail", args=[bandung.code, coop.ref]) not in html
    assert HIT_HEADER not in response  # rendered to show the message, and not kept
    # The next visit is cached again, still without the row and without the (consumed) message.
    response, html = _get(browser, url)
    assert "moved to the trash" not in html and "Judul Lama" not in html


def test_a_write_in_another_region_keeps_the_page(bandung, bogor, staff):
    browser = _browser(staff)
    url = reverse("cooperation_list", args=[bandung.code])
    _get(browser, url)
    _get(browser, url)
    make_cooperation(bogor, ref="bogor-satu", title="Kerja Sama Bogor")
    response, html = _get(browser, url)
    assert response[HIT_HEADER] == "hit"
    assert "Kerja Sama Bogor" not in html


def test_a_cached_page_is_never_served_to_another_user(bandung, staff, bureau_admin):
    url = reverse("cooperation_list", args=[bandung.code])
    first = _browser(staff)
    _get(first, url)
    _get(first, url)
    other = _browser(bureau_admin)
    _get(other, url)
    response, html = _get(other, url)
    assert response[HIT_HEADER] == "miss"  # its own entry, made for its own session
    assert bureau_admin.first_name in html and staff.first_name not in html


def test_another_region_is_still_refused_with_a_warm_cache(bandung, bogor, staff, bogor_staff):
    browser = _browser(staff)
    _get(browser, reverse("cooperation_list", args=[bandung.code]))
    _get(browser, reverse("cooperation_list", args=[bandung.code]))
    assert browser.get(reverse("cooperation_list", args=[bogor.code])).status_code == 404
    assert browser.get(reverse("dashboard", args=[bogor.code])).status_code == 404


def test_the_language_switch_is_not_served_the_other_language(bandung, staff):
    browser = _browser(staff)
    url = reverse("cooperation_list", args=[bandung.code])
    _get(browser, url)
    _get(browser, url)
    browser.cookies["django_language"] = "id"
    response, html = _get(browser, url)
    assert response[HIT_HEADER] == "miss"
    assert 'lang="id"' in html


def test_a_new_alert_shows_in_the_badge_of_a_cached_page(bandung, staff):
    browser = _browser(staff)
    url = reverse("cooperation_list", args=[bandung.code])
    _get(browser, url)
    _get(browser, url)
    coop = make_cooperation(bandung, ref="sunyi", title="Kerja Sama Sunyi")
    Alert.objects.create(region=bandung, user=staff, cooperation=coop, kind="dormancy", title="Sunyi", key="k1")
    response, html = _get(browser, url)
    assert response[HIT_HEADER] == "miss"
    assert 'class="badge' in html and ">1<" in html


def test_an_alert_in_the_users_other_region_retires_the_page(bandung, bogor, staff):
    from kembar.accounts.models import Membership

    Membership.objects.create(user=staff, region=bogor, role=Role.BUREAU_STAFF)
    browser = _browser(staff)
    url = reverse("cooperation_list", args=[bandung.code])
    _get(browser, url)
    _get(browser, url)
    coop = make_cooperation(bogor, ref="bogor-sunyi", title="Bogor Sunyi")
    Alert.objects.create(region=bogor, user=staff, cooperation=coop, kind="dormancy", title="Sunyi", key="k2")
    assert _get(browser, url)[0][HIT_HEADER] == "miss"


def test_a_rolled_back_write_restores_the_stamp(bandung):
    before = _stamp(bandung)
    with pytest.raises(RuntimeError), transaction.atomic():
        make_cooperation(bandung, ref="batal", title="Batal")
        assert _stamp(bandung) > before
        raise RuntimeError
    assert _stamp(bandung) == before


def test_every_tenant_write_and_delete_touches_its_region_only(bandung, bogor):
    bogor_before = _stamp(bogor)
    stamps = [_stamp(bandung)]
    coop = make_cooperation(bandung, ref="jejak", title="Jejak")
    stamps.append(_stamp(bandung))
    coop.title = "Jejak Baru"
    coop.save()
    stamps.append(_stamp(bandung))
    coop.delete()
    stamps.append(_stamp(bandung))
    assert stamps == sorted(stamps) and len(set(stamps)) == 4
    assert _stamp(bogor) == bogor_before


def test_a_country_or_national_role_change_touches_every_region(bandung, bogor):
    from kembar.partners.models import Country

    before = (_stamp(bandung), _stamp(bogor))
    country = Country.objects.get(code="CN")
    country.save()
    after = (_stamp(bandung), _stamp(bogor))
    assert after[0] > before[0] and after[1] > before[1]
    make_member("pengawas", None, Role.NATIONAL_OVERSEER)
    assert _stamp(bogor) > after[1]


def test_bulk_touch_marks_only_the_named_regions(bandung, bogor):
    before = (_stamp(bandung), _stamp(bogor))
    touch_regions([bandung.pk, None])
    assert _stamp(bandung) > before[0] and _stamp(bogor) == before[1]


def _coop_stamps(*coops) -> list:
    from kembar.cooperations.models import Cooperation

    stamps = dict(Cooperation._base_manager.filter(pk__in=[c.pk for c in coops]).values_list("pk", "data_changed_at"))
    return [stamps[c.pk] for c in coops]


def test_a_dossier_write_marks_its_cooperation_only(bandung, bogor):
    from kembar.cooperations.models import Activity
    from kembar.core.dates import DateSpec
    from kembar.monitoring.models import ObligationTerms
    from kembar.testing import make_obligation

    a, b = make_cooperation(bandung, ref="satu"), make_cooperation(bandung, ref="dua")
    elsewhere = make_cooperation(bogor, ref="lain")
    before = _coop_stamps(a, b, elsewhere)
    Activity.objects.create(region=bandung, cooperation=a, title="Kunjungan", date=DateSpec.parse("2024-05"))
    after = _coop_stamps(a, b, elsewhere)
    assert after[0] > before[0] and after[1:] == before[1:]
    # An obligation's terms belong to its cooperation through the obligation.
    obligation = make_obligation(b)
    middle = _coop_stamps(a, b, elsewhere)
    ObligationTerms.objects.create(region=bandung, obligation=obligation, grace_days=30)
    last = _coop_stamps(a, b, elsewhere)
    assert last[1] > middle[1] and (last[0], last[2]) == (middle[0], middle[2])
    # Bulk writes mark every cooperation of the region, unless they name none (alerts, memberships).
    touch_regions([bandung.pk], cooperations=False)
    assert _coop_stamps(a, b, elsewhere) == last
    touch_regions([bandung.pk])
    bulk = _coop_stamps(a, b, elsewhere)
    assert bulk[0] > last[0] and bulk[1] > last[1] and bulk[2] == last[2]


def test_the_cache_can_be_turned_off(bandung, staff, settings):
    settings.KEMBAR_PAGE_CACHE_SECONDS = 0
    browser = _browser(staff)
    url = reverse("cooperation_list", args=[bandung.code])
    _get(browser, url)
    response, _ = _get(browser, url)
    assert HIT_HEADER not in response


def test_dashboard_figures_are_shared_by_the_pages_of_its_health_table(bandung, staff):
    for i in range(3):
        make_cooperation(bandung, ref=f"kk-{i}", title=f"Kerja Sama {i}")
    browser = _browser(staff)
    url = reverse("dashboard", args=[bandung.code])
    _get(browser, url)
    with CaptureQueriesContext(connection) as other_page:
        response, html = _get(browser, url + "?health=dormant")
    assert response[HIT_HEADER] == "miss"
    # The figures came from the cache: no evaluation queries, only the request's own reads.
    assert len(other_page.captured_queries) <= 5
    with translation.override("en"):
        assert "Kerja Sama" in html or "No cooperations recorded." in html


def test_browsers_that_accept_gzip_get_the_same_page_compressed(bandung, staff):
    import gzip

    for i in range(30):
        make_cooperation(bandung, ref=f"gz-{i}", title=f"Kerja Sama Nomor {i}")
    browser = _browser(staff)
    url = reverse("cooperation_list", args=[bandung.code])
    _get(browser, url)
    plain, html = _get(browser, url)
    assert "Content-Encoding" not in plain
    packed = browser.get(url, headers={"accept-encoding": "gzip, deflate, br"})
    assert packed[HIT_HEADER] == "hit" and packed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in packed["Vary"]
    assert gzip.decompress(packed.content).decode() == html
    assert len(packed.content) < len(html.encode()) / 3
