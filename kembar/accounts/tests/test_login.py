import pytest
from django.urls import reverse

from kembar.accounts.models import Role
from kembar.testing import make_member


def test_login_lands_on_the_only_region(client, staff, bandung):
    response = client.post(reverse("login"), {"username": "staf", "password": "pass-1234"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("cooperation_list", kwargs={"code": "32.73"})


def test_several_regions_offer_the_switcher(client, bandung, bogor):
    user = make_member("dua", bandung, Role.BUREAU_STAFF)
    from kembar.accounts.models import Membership

    Membership.objects.create(user=user, region=bogor, role=Role.LEADERSHIP)
    client.force_login(user)
    html = client.get(reverse("cooperation_list", kwargs={"code": "32.01"})).content.decode()
    assert 'name="code"' in html and "Kota Bandung" in html and "Kabupaten Bogor" in html
    assert "hanya baca" in html  # leadership in Bogor: read-only badge


def test_repeated_failed_logins_are_locked_out(client, staff, settings):
    settings.AXES_ENABLED = True
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "staf", "password": "salah"})
    response = client.post(reverse("login"), {"username": "staf", "password": "pass-1234"})
    assert response.status_code == 429


@pytest.mark.parametrize("path", ["/admin/", "/admin/cooperations/cooperation/"])
def test_django_admin_for_superusers_only(client, staff, path, admin_user):
    client.force_login(staff)
    assert client.get(path).status_code == 302
    client.force_login(admin_user)
    assert client.get(path).status_code == 200


def test_a_session_logged_out_on_one_worker_is_refused_by_the_others(client, staff, bandung):
    """Each worker caches sessions in its own memory: logging out deletes the session in the database and in
    the cache of the worker that served the logout, but another worker still holds its copy. The old cookie
    (a stolen one, say) must not work there."""
    from django.conf import settings
    from django.contrib.sessions.backends.cached_db import KEY_PREFIX
    from django.core.cache import caches

    client.post(reverse("login"), {"username": "staf", "password": "pass-1234"})
    old = client.cookies[settings.SESSION_COOKIE_NAME].value
    page = reverse("cooperation_list", kwargs={"code": bandung.code})
    assert client.get(page).status_code == 200
    other_worker = caches[settings.SESSION_CACHE_ALIAS].get(KEY_PREFIX + old)
    assert other_worker is not None  # read from the cache, as every worker that served this session does
    client.post(reverse("logout"))
    caches[settings.SESSION_CACHE_ALIAS].set(KEY_PREFIX + old, other_worker)  # the other worker's copy
    client.cookies[settings.SESSION_COOKIE_NAME] = old
    response = client.get(page)
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_a_session_expired_in_the_database_is_refused_from_a_cached_copy(client, staff, bandung):
    import datetime as dt

    from django.conf import settings
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    client.force_login(staff)
    page = reverse("cooperation_list", kwargs={"code": bandung.code})
    assert client.get(page).status_code == 200
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    Session.objects.filter(pk=key).update(expire_date=timezone.now() - dt.timedelta(minutes=1))
    response = client.get(page)  # the session is still in the cache, as read by every earlier request
    assert response.status_code == 302 and reverse("login") in response["Location"]
