"""The authentication backend: Django's ModelBackend, but the user of a session is read together with their
memberships and regions, in one query whose SQL is built once per process (docs/adr/0017).

Every page a logged-in user opens needs both: who they are (the session's user) and where they may go
(kembar.accounts.access). Read through the ORM that is two queries, and on a page served from the page
cache the ORM's work of building and compiling them is about half of the request's time. The columns,
tables and value converters still come from the models' metadata, so a field added to User or Region is
read without touching this file.

The same query also requires the request's session to be still in the database (when the session engine
keeps sessions there). Sessions are read from each worker's own cache (`cached_db`), so logging out on one
worker deletes the session in the database and in that worker's cache only: without this check, another
worker would go on accepting the old session cookie from its cached copy.

On PostgreSQL the worker keeps the query's rows (with the session's expiry) until the database announces a
change to any table it reads (authcache.py): a page served from the page cache then costs no query.
"""

from __future__ import annotations

from contextvars import ContextVar
from functools import lru_cache

from django.conf import settings
from django.contrib.auth import middleware as auth_middleware
from django.contrib.auth.backends import ModelBackend
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import connections, router
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from kembar.regions.models import Region

from . import authcache
from .access import set_memberships
from .models import Membership, User


def _columns(model, alias: str, connection):
    fields = model._meta.concrete_fields
    quote = connection.ops.quote_name
    sql = [f"{alias}.{quote(f.column)}" for f in fields]
    converters = []
    for f in fields:
        col = f.get_col(alias)
        converters.append((col, connection.ops.get_db_converters(col) + col.get_db_converters(connection)))
    return sql, [f.attname for f in fields], converters


#: Session engines that keep every session in the database (where a logout deletes it).
DB_SESSION_ENGINES = ("django.contrib.sessions.backends.db", "django.contrib.sessions.backends.cached_db")
#: The key of the session whose user is being read (set by SessionCheckedAuthentication), or None.
_session_key: ContextVar[str | None] = ContextVar("kembar_session_key", default=None)


@lru_cache(maxsize=16)
def _plan(alias: str, in_session: bool = False, expiry: bool = False):
    """The SQL and, for each model, its attribute names and converters (per database connection alias); with
    `in_session`, only while a live session with the given key is in the database; with `expiry` (where the
    rows are kept: authcache), also the session's expiry as the last column, and its converters."""
    connection = connections[alias]
    quote = connection.ops.quote_name
    user_sql, user_names, user_conv = _columns(User, "u", connection)
    region_sql, region_names, region_conv = _columns(Region, "r", connection)
    m = Membership._meta
    sm = Session._meta
    session_table, session_key = quote(sm.db_table), quote(sm.pk.column)
    expire = quote(sm.get_field("expire_date").column)
    expiry_sql, expiry_conv = "", []
    if in_session and expiry:
        expiry_sql = f", (SELECT s.{expire} FROM {session_table} s WHERE s.{session_key} = %s)"
        col = sm.get_field("expire_date").get_col("s")
        expiry_conv = [(col, connection.ops.get_db_converters(col) + col.get_db_converters(connection))]
    sql = (
        f"SELECT {', '.join(user_sql)}, m.{quote(m.pk.column)}, m.{quote(m.get_field('role').column)}, "
        f"{', '.join(region_sql)}{expiry_sql} "
        f"FROM {quote(User._meta.db_table)} u "
        f"LEFT JOIN {quote(m.db_table)} m ON m.{quote(m.get_field('user').column)} = u.{quote(User._meta.pk.column)} "
        f"LEFT JOIN {quote(Region._meta.db_table)} r ON r.{quote(Region._meta.pk.column)} = "
        f"m.{quote(m.get_field('region').column)} "
        f"WHERE u.{quote(User._meta.pk.column)} = %s"
    )
    if in_session:
        sql += f" AND EXISTS (SELECT 1 FROM {session_table} s WHERE s.{session_key} = %s AND s.{expire} > %s)"
    sql += f" ORDER BY m.{quote(m.pk.column)}"
    return sql, (user_names, user_conv), (region_names, region_conv), expiry_conv


def _convert(values, converters, connection):
    out = []
    for value, (col, convs) in zip(values, converters, strict=True):
        for conv in convs:
            value = conv(value, col, connection)
        out.append(value)
    return out


def user_with_memberships(user_id, session_key: str | None = None) -> User | None:
    """The user with this primary key, their memberships and regions already read (one query), or None; with
    a `session_key`, None also when that session is no longer in the database (logged out, expired)."""
    try:
        pk = User._meta.pk.to_python(user_id)
    except ValidationError:
        return None
    alias = router.db_for_read(User)
    connection = connections[alias]
    kept = session_key is not None and authcache.enabled(connection)
    sql, (user_names, user_conv), (region_names, region_conv), expiry_conv = _plan(alias, session_key is not None, kept)

    n_user = len(user_names)

    def read():
        params = [pk]
        if session_key is not None:
            params += [session_key, connection.ops.adapt_datetimefield_value(timezone.now())]
        if kept:
            params.insert(0, session_key)  # the expiry's column comes first
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        if not kept or not rows:
            return rows, None, ()
        (expires,) = _convert(rows[0][-1:], expiry_conv, connection)
        regions = {row[n_user + 2] for row in rows if row[n_user + 2] is not None}  # the region's pk
        return [row[:-1] for row in rows], expires, regions

    # On PostgreSQL, kept by the worker until the database says they changed (authcache.py).
    rows = authcache.lookup(connection, (alias, pk, session_key), read) if kept else read()[0]
    if not rows:
        return None
    user = User.from_db(alias, user_names, _convert(rows[0][:n_user], user_conv, connection))
    memberships, regions = [], {}
    for row in rows:
        membership_pk, role = row[n_user], row[n_user + 1]
        if membership_pk is None:
            continue  # a user without memberships: one row, all membership columns empty
        region = None
        region_values = row[n_user + 2 :]
        if region_values[0] is not None:
            region = regions.get(region_values[0])
            if region is None:
                region = Region.from_db(alias, region_names, _convert(region_values, region_conv, connection))
                regions[region.pk] = region
        memberships.append((region, role))
    set_memberships(user, memberships)
    return user


class MemberBackend(ModelBackend):
    """ModelBackend (passwords, permissions, inactive users refused) reading the user as above."""

    def get_user(self, user_id):
        user = user_with_memberships(user_id, _session_key.get())
        return user if user is not None and self.user_can_authenticate(user) else None


def _session_user(request):
    """Django's user of the request (read once per request), read while the request's session is required to
    be in the database (MemberBackend.get_user)."""
    token = _session_key.set(request.session.session_key if settings.SESSION_ENGINE in DB_SESSION_ENGINES else None)
    try:
        return auth_middleware.get_user(request)
    finally:
        _session_key.reset(token)


class SessionCheckedAuthenticationMiddleware(auth_middleware.AuthenticationMiddleware):
    """Django's AuthenticationMiddleware, whose user exists only while the session is in the database."""

    def process_request(self, request):
        super().process_request(request)
        request.user = SimpleLazyObject(lambda: _session_user(request))
