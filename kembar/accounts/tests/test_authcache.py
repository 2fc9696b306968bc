"""The worker's kept users (kembar/accounts/authcache.py): on PostgreSQL a page served from the page cache reads
nothing from the database, and every change a logged-in request rests on — a revoked membership, a deactivated
account, a logout on another worker, an expired session, a write in the region — takes effect on the next
request, as it does when every request reads the database (SQLite: the same tests, without the cache).

The writes commit (transactional tests), as another worker's would: a change inside a transaction is never
announced, and requests inside one always read the database."""

import datetime as dt
import time

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kembar.accounts import authcache
from kembar.accounts.models import Membership, Role
from kembar.testing import make_cooperation, make_member

pytestmark = pytest.mark.django_db(transaction=True)


def postgres() -> bool:
    """The rows are kept: PostgreSQL, unless KEMBAR_AUTH_CACHE turns it off."""
    return authcache.enabled(connection)


@pytest.fixture(autouse=True)
def _forgotten():
    authcache.forget()
    yield
    authcache.forget()


def heard() -> None:
    """Wait (up to a second) until the change just committed has been announced to this process's listener:
    PostgreSQL does so right after the commit, a fraction of a millisecond later (the window authcache.py
    describes). A change that is never announced leaves the kept rows as they were, and the test's next
    request shows it."""
    if not postgres():
        return
    listener = authcache._current()
    before = listener.stats["heard"]
    deadline = time.monotonic() + 1
    while time.monotonic() < deadline:
        with listener.lock:
            listener.ready(connection)
        if listener.stats["heard"] != before:
            return
        time.sleep(0.005)


def queries(client, url) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as ctx:
        status = client.get(url).status_code
    return status, len(ctx.captured_queries)


@pytest.fixture
def logged_in(client, bandung):
    user = make_member("staf", bandung, Role.BUREAU_STAFF)
    client.post(reverse("login"), {"username": "staf", "password": "pass-1234"})
    page = reverse("cooperation_list", kwargs={"code": bandung.code})
    assert client.get(page).status_code == 200  # the page is now in the page cache, the user in the worker's
    return user, page


def test_a_cached_page_reads_nothing_on_postgresql_and_the_user_once_on_sqlite(client, logged_in):
    _user, page = logged_in
    status, n = queries(client, page)
    assert status == 200
    assert n == (0 if postgres() else 1)
    assert authcache.stats()["hits"] == (1 if postgres() else 0)


def test_a_revoked_membership_is_refused_on_the_next_request(client, logged_in):
    user, page = logged_in
    Membership.objects.filter(user=user).delete()  # by a bureau admin, on another worker
    heard()
    assert client.get(page).status_code == 404


def test_a_deactivated_account_is_logged_out_on_the_next_request(client, logged_in):
    user, page = logged_in
    type(user).objects.filter(pk=user.pk).update(is_active=False)
    heard()
    response = client.get(page)
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_a_session_logged_out_on_another_worker_is_refused(client, logged_in):
    _user, page = logged_in
    Session.objects.filter(pk=client.session.session_key).delete()  # that worker's logout
    heard()
    response = client.get(page)  # this worker still holds the session in its session cache
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_a_session_that_expires_while_kept_is_refused(client, logged_in):
    _user, page = logged_in
    soon = timezone.now() + dt.timedelta(seconds=1)
    Session.objects.filter(pk=client.session.session_key).update(expire_date=soon)
    heard()
    assert client.get(page).status_code == 200  # kept again, with the new expiry
    assert queries(client, page) == (200, 0 if postgres() else 1)
    time.sleep(max(0.0, (soon - timezone.now()).total_seconds()) + 0.05)
    response = client.get(page)  # nothing was announced: the kept expiry itself has passed
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_a_write_in_the_region_shows_on_the_next_request(client, logged_in, bandung):
    _user, page = logged_in
    make_cooperation(bandung, ref="KS-NEW", title="Kerja sama yang baru dicatat")
    heard()
    assert "Kerja sama yang baru dicatat" in client.get(page).content.decode()


def test_a_write_in_another_region_keeps_the_user(client, logged_in, bogor):
    """A write moves its region's data stamp; only the users of that region are forgotten (on PostgreSQL), so
    the other regions' pages still cost no query."""
    _user, page = logged_in
    make_cooperation(bogor, ref="KS-BOGOR", title="Kerja sama Bogor")
    heard()
    assert queries(client, page) == (200, 0 if postgres() else 1)


def test_a_broken_listener_falls_back_to_the_database_and_listens_again(client, logged_in, monkeypatch):
    user, page = logged_in
    monkeypatch.setattr(authcache, "RETRY_SECONDS", 0.2)
    if postgres():
        listener = authcache._current()
        pid = listener.conn.info.backend_pid
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
        time.sleep(0.1)
    assert queries(client, page) == (200, 1)  # the user read from the database
    if postgres():
        assert authcache.stats()["listening"] is False
    # While nothing listens, a change is seen at once: every request reads the database.
    Membership.objects.filter(user=user).delete()
    assert client.get(page).status_code == 404
    Membership.objects.create(user=user, region=user_region(page), role=Role.BUREAU_STAFF)
    time.sleep(0.25)
    assert client.get(page).status_code == 200  # listening again (on PostgreSQL), the user kept again
    assert queries(client, page) == (200, 0 if postgres() else 1)


def test_the_listener_notices_a_silently_dropped_connection(client, logged_in):
    """An idle connection dropped by a firewall without a word would leave changes unheard: the listening
    connection sends TCP keepalives, so the kernel reports a dead peer (and the listener is dropped)."""
    if not postgres():
        pytest.skip("nothing listens on SQLite: every request reads the database")
    import socket

    conn = authcache._current().conn
    sock = socket.socket(fileno=conn.pgconn.socket)  # the same descriptor; detached below, never closed here
    try:
        assert sock.getsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE) == 1
        if sock.family != socket.AF_UNIX:
            assert sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPIDLE) == authcache.KEEPALIVES["keepalives_idle"]
    finally:
        sock.detach()


def user_region(page):
    from kembar.regions.models import Region

    return Region.objects.get(code=page.strip("/").split("/")[1])


def test_rows_read_inside_a_transaction_are_not_kept(client, logged_in):
    from django.db import transaction

    _user, page = logged_in
    authcache.forget()
    with transaction.atomic():
        assert queries(client, page) == (200, 1)
    assert authcache.stats()["kept"] == 0


def test_rows_read_while_a_change_is_announced_are_not_kept(client, logged_in):
    """Another request of the same worker (a threaded server) may hear of a change while this one is reading
    the database: what this one read may be older than the change, so it is used once but not kept."""
    user, page = logged_in
    authcache.forget()
    done = []

    def read():
        if not done:
            done.append(True)
            Membership.objects.filter(user=user).update(role=Role.LEADERSHIP)  # committed meanwhile
            heard()  # and heard by the other request
        return [("row",)], None, ()

    before = authcache.stats()["misses"]
    assert authcache.lookup(connection, ("test", user.pk), read) == [("row",)]
    assert authcache.lookup(connection, ("test", user.pk), read) == [("row",)]
    assert authcache.stats()["misses"] - before == (2 if postgres() else 0)  # read twice: the first not kept
