"""Every change a logged-in request rests on takes effect on the very next request, whichever worker serves it:
a revoked membership, a deactivated account, a logout in another browser, an expired session (docs/adr/0020).

Two test clients are two browsers. Gunicorn's workers are separate processes, each with its own memory: the
`worker` context gives each simulated worker its own default cache, so anything a worker kept in memory
(sessions with `cached_db`, say) would stay behind when another worker changes the database."""

import datetime as dt
from contextlib import contextmanager

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kembar.accounts.models import Membership, Role, User
from kembar.testing import make_member


@contextmanager
def worker(name: str):
    """Requests served by the worker process `name`: its own per-process cache, kept between its requests."""
    aliases = {"default", settings.SESSION_CACHE_ALIAS}
    saved = {alias: caches[alias] for alias in aliases}
    own = LocMemCache(f"kembar-test-worker-{name}", {"OPTIONS": {"MAX_ENTRIES": 10_000}})
    for alias in aliases:
        caches[alias] = own
    try:
        yield
    finally:
        for alias, cache in saved.items():
            caches[alias] = cache


@pytest.fixture(autouse=True)
def _fresh_workers():
    for name in ("1", "2"):
        LocMemCache(f"kembar-test-worker-{name}", {}).clear()
    yield
    for name in ("1", "2"):
        LocMemCache(f"kembar-test-worker-{name}", {}).clear()


def get(client: Client, url: str, *, on: str):
    with worker(on):
        return client.get(url)


def refused(response) -> bool:
    """Sent to the login page: nobody is logged in."""
    return response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.fixture
def page(bandung):
    return reverse("cooperation_list", kwargs={"code": bandung.code})


@pytest.fixture
def browsers(bandung, page):
    """The same user logged in in two browsers, the first served by worker 1, the second by worker 2."""
    user = make_member("staf", bandung, Role.BUREAU_STAFF)
    first, second = Client(), Client()
    for client, on in ((first, "1"), (second, "2")):
        with worker(on):
            assert client.post(reverse("login"), {"username": "staf", "password": "pass-1234"}).status_code == 302
        assert get(client, page, on=on).status_code == 200
    return user, first, second


def test_a_revoked_membership_is_refused_on_the_next_request(browsers, page):
    user, first, second = browsers
    with worker("1"):
        Membership.objects.filter(user=user).delete()  # a bureau admin, on worker 1
    assert get(first, page, on="1").status_code == 404
    assert get(second, page, on="2").status_code == 404


def test_a_deactivated_account_is_logged_out_on_the_next_request(browsers, page):
    user, first, second = browsers
    with worker("1"):
        User.objects.filter(pk=user.pk).update(is_active=False)
    assert refused(get(first, page, on="1"))
    assert refused(get(second, page, on="2"))


def test_a_logout_in_one_browser_ends_every_copy_of_its_session(bandung, page):
    """A copy of the session cookie (a stolen one, say) stops working the moment its owner logs out, on the
    worker that served the logout and on every other."""
    make_member("staf", bandung, Role.BUREAU_STAFF)
    owner, thief = Client(), Client()
    with worker("1"):
        owner.post(reverse("login"), {"username": "staf", "password": "pass-1234"})
    thief.cookies[settings.SESSION_COOKIE_NAME] = owner.cookies[settings.SESSION_COOKIE_NAME].value
    assert get(owner, page, on="1").status_code == 200
    assert get(thief, page, on="2").status_code == 200  # the same session, read by worker 2
    assert get(thief, page, on="1").status_code == 200  # and by worker 1
    with worker("1"):
        assert refused(owner.post(reverse("logout")))
    assert refused(get(thief, page, on="2"))
    assert refused(get(thief, page, on="1"))
    assert refused(get(owner, page, on="1"))


def test_an_expired_session_is_refused_on_the_next_request(browsers, page):
    _user, first, second = browsers
    key = first.cookies[settings.SESSION_COOKIE_NAME].value
    Session.objects.filter(pk=key).update(expire_date=timezone.now() - dt.timedelta(seconds=1))
    assert refused(get(first, page, on="1"))
    assert refused(get(first, page, on="2"))
    assert get(second, page, on="2").status_code == 200  # the other browser's session is its own


def test_a_logged_in_page_reads_session_user_and_memberships_once(bandung, bogor, django_assert_num_queries):
    """The home page of a user of two regions: the session, the user (with its stored count of unread alerts,
    the header's badge) and the memberships with their regions — three queries, however many memberships there
    are."""
    user = make_member("dua", bandung, Role.BUREAU_STAFF)
    Membership.objects.create(user=user, region=bogor, role=Role.LEADERSHIP)
    client = Client()
    client.force_login(user)
    assert client.get(reverse("home")).status_code == 200  # warm: translations, templates
    with django_assert_num_queries(3):
        response = client.get(reverse("home"))
    assert response.status_code == 200 and "Kabupaten Bogor" in response.content.decode()
    Membership.objects.create(user=user, region=None, role=Role.NATIONAL_OVERSEER)
    with django_assert_num_queries(3):  # a national role lands on the national dashboard: no header drawn
        response = client.get(reverse("home"))
    assert response.status_code == 302 and response.url == reverse("national_dashboard")
