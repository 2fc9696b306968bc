"""Who the session's user is, kept in the worker's memory on PostgreSQL and dropped the moment the database says
something it rests on changed (docs/adr/0017, amendment of 2026-11-28).

Every logged-in request reads its user, memberships, regions (with their data stamps, which key the page
cache) and the session's presence in one query (backends.user_with_memberships). On PostgreSQL that query is
a round trip per request: on two shared cores, it holds a page served from the page cache to about 40% of
what a bare view serves. Caching its rows for a while would let a revoked membership or a deactivated
account keep working until the entry expires, which tenant safety does not allow. Here nothing expires by
time; the database tells every worker when to forget:

- Triggers (migration accounts 0003) run `pg_notify('kembar_auth')` after any change to the users,
  memberships, regions or sessions tables. PostgreSQL delivers the notification when the writing
  transaction commits. A change to regions names them (`r:<id>,…`, migration 0004): every write in a region
  moves its data stamp, and only the users with a membership there are forgotten; any other change forgets
  every kept user.
- Each worker process keeps its own connection that LISTENs on that channel. Before it answers from its
  kept rows, a request reads whatever notifications have reached that connection (a non-blocking read of
  its socket: no round trip) and, if there are any, forgets the kept rows they concern first. The
  connection sends TCP keepalives, so one that a firewall or a dead host drops silently fails instead of
  staying quiet.
- Rows are kept only after the listening connection is open, so every commit after they were read is heard.
  A commit whose notification has not reached the worker's socket when a request starts is read as if that
  request had started before the commit (the same race two requests and a write always have; the window is
  the time PostgreSQL takes to signal the listening backend, well under a millisecond on one host).
- When the listening connection cannot be opened or breaks, every kept row is forgotten and requests read
  the database, as without this module, until it is open again (retried after `RETRY_SECONDS`).
- A session's expiry is kept with the rows and checked at each request, so an expired session is refused
  from kept rows too.
- Requests inside a transaction (tests; anything reading its own uncommitted writes) always read the database,
  and so does a user read from another database than the default one (the one listened to).

Off on SQLite (it has no notifications; the query costs no round trip there) and when
`KEMBAR_AUTH_CACHE` is false (a connection pooler in transaction mode cannot LISTEN: docs/deploy.md).
"""

from __future__ import annotations

import logging
import os
import select
import threading
import time

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS

log = logging.getLogger(__name__)

CHANNEL = "kembar_auth"
#: After the listening connection failed, how long requests read the database before it is tried again.
RETRY_SECONDS = 5.0
#: libpq's TCP keepalive settings for the listening connection (the database's OPTIONS may override them).
KEEPALIVES = {"keepalives": 1, "keepalives_idle": 10, "keepalives_interval": 5, "keepalives_count": 3}
#: Kept rows at most (a worker serving more sessions than this forgets them all and starts again).
MAX_ENTRIES = 10_000


class _Listener:
    """One worker process's listening connection and the rows it keeps valid."""

    def __init__(self):
        self.pid = os.getpid()
        self.conn = None  # a psycopg connection that has run LISTEN
        self.rows: dict[tuple, tuple] = {}
        self.generation = 0  # counts the times every kept row was forgotten
        self.retry_at = 0.0
        self.lock = threading.Lock()  # a threaded server's requests share the process's listener
        self.stats = {"heard": 0, "hits": 0, "misses": 0, "forgotten": 0, "connects": 0, "failures": 0}

    def _open(self, connection) -> bool:
        import psycopg

        params = connection.get_connection_params()
        params.pop("cursor_factory", None)
        params.pop("context", None)
        params.pop("server_side_binding", None)
        params.pop("prepare_threshold", None)
        # An idle connection that a firewall or a dead host drops without a word would never become readable,
        # and changes would go unheard: TCP keepalives keep it open through firewalls and, if the peer is
        # gone, make it fail (and be dropped here) within about 25 seconds.
        params = {**KEEPALIVES, **params}
        try:
            conn = psycopg.connect(**params, autocommit=True)
            conn.execute(f"LISTEN {CHANNEL}")
        except Exception:  # noqa: BLE001 — without a listener, requests read the database
            log.warning("the user cache cannot listen for changes; reading the database", exc_info=True)
            self.retry_at = time.monotonic() + RETRY_SECONDS
            self.stats["failures"] += 1
            return False
        self.conn = conn
        self._forget()  # anything kept before was not covered by this connection
        self.stats["connects"] += 1
        return True

    def _drop(self, *, failed: bool = True) -> None:
        conn, self.conn = self.conn, None
        self._forget()
        if failed:
            self.retry_at = time.monotonic() + RETRY_SECONDS
            self.stats["failures"] += 1
        if conn is not None:
            try:
                conn.close()
            except Exception:  # noqa: BLE001
                pass

    def _forget(self, regions: set[int] | None = None) -> None:
        """Forget the kept rows of users with a membership in one of `regions`, or all of them (None)."""
        if regions is None:
            self.stats["forgotten"] += len(self.rows)
            self.rows.clear()
        else:
            gone = [key for key, kept in self.rows.items() if not kept[2].isdisjoint(regions)]
            for key in gone:
                del self.rows[key]
            self.stats["forgotten"] += len(gone)
        self.generation += 1

    def ready(self, connection) -> bool:
        """Whether kept rows may answer now: the listener is open and every notification that reached it has
        been taken into account (kept rows forgotten)."""
        if self.conn is None:
            if time.monotonic() < self.retry_at or not self._open(connection):
                return False
        from psycopg import pq

        pgconn = self.conn.pgconn
        try:
            everything, regions = False, set()
            # Read until nothing more is waiting: a closed connection first delivers the server's last message,
            # and only the next read meets its end (consume_input raises then).
            for _ in range(8):
                if not select.select([pgconn.socket], [], [], 0)[0]:
                    break
                pgconn.consume_input()
                while (notice := pgconn.notifies()) is not None:
                    self.stats["heard"] += 1
                    ids = _region_ids(notice.extra)
                    if ids is None:
                        everything = True
                    else:
                        regions |= ids
            else:
                raise OSError("the listening connection keeps sending")
            if everything:
                self._forget()
            elif regions:
                self._forget(regions)
            if pgconn.status != pq.ConnStatus.OK:
                raise OSError("the listening connection is not open")
        except Exception:  # noqa: BLE001 — a broken listener: forget everything, read the database
            log.warning("the user cache lost its listening connection; reading the database", exc_info=True)
            self._drop()
            return False
        return True


def _region_ids(payload: bytes) -> set[int] | None:
    """The regions a notification names ("r:1,2", migration accounts 0004), or None: forget everything."""
    text = payload.decode(errors="replace")
    if not text.startswith("r:"):
        return None
    try:
        return {int(part) for part in text[2:].split(",")}
    except ValueError:
        return None


_listener: _Listener | None = None
_abandoned: list[_Listener] = []  # a parent process's listener, inherited by a fork: never closed from here


def enabled(connection) -> bool:
    return connection.vendor == "postgresql" and getattr(settings, "KEMBAR_AUTH_CACHE", True)


def _current() -> _Listener:
    global _listener
    if _listener is None or _listener.pid != os.getpid():
        if _listener is not None:
            _abandoned.append(_listener)  # closing it would close the parent's socket too
        _listener = _Listener()
    return _listener


def lookup(connection, key: tuple, read):
    """`read()`'s rows for `key`, kept from an earlier request while nothing they rest on has changed.

    `read()` returns (rows, expires, regions): the rows; when they stop being valid by themselves (the
    session's expiry) or None; and the regions whose change makes them stale. Empty rows are not kept. The
    database is read outside the lock; what it returned is kept only if nothing was forgotten meanwhile
    (another thread may have heard of a commit the read missed)."""
    if not enabled(connection) or connection.in_atomic_block or connection.alias != DEFAULT_DB_ALIAS:
        return read()[0]
    listener = _current()
    with listener.lock:
        if not listener.ready(connection):
            return read()[0]
        kept = listener.rows.get(key)
        if kept is not None and (kept[1] is None or _now() < kept[1]):
            listener.stats["hits"] += 1
            return kept[0]
        listener.stats["misses"] += 1
        generation = listener.generation
    rows, expires, regions = read()
    with listener.lock:
        if rows and (expires is None or _now() < expires) and listener.generation == generation:
            if len(listener.rows) >= MAX_ENTRIES:
                listener._forget()
            listener.rows[key] = (rows, expires, frozenset(regions))
    return rows


def _now():
    from django.utils import timezone

    return timezone.now()


def stats() -> dict:
    """This process's counters (tests, benchmarks)."""
    return dict(_current().stats) | {"kept": len(_current().rows), "listening": _current().conn is not None}


def close() -> None:
    """Close this process's listening connection (the test run, before its database is dropped)."""
    listener = _current()
    with listener.lock:
        if listener.conn is not None:
            listener._drop(failed=False)


def forget() -> None:
    """Forget every kept row of this process (tests)."""
    with _current().lock:
        _current()._forget()
