"""The server-error page, and the "briefly unavailable" page while the database cannot be reached (issue 17).

Django turns an exception raised anywhere in a request (the session, authentication, a middleware, the view,
the 404 page's own rendering) into a response through `handler500`, and calls it while the exception is still
being handled (django/core/handlers/exception.py): `server_error` looks at that exception. A database that
cannot be reached (a restart, a failover, a full connection table, a lock held past its timeout) answers 503
with `Retry-After`; anything else is the usual 500 page. Neither page reads the database to render itself,
and neither shows a traceback (docs/adr/0030-database-outage.md).
"""

import logging
import sqlite3
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.utils import translation
from django.views import defaults

from .middleware import request_language

logger = logging.getLogger("kembar.database")

#: Seconds a client is asked to wait before trying again; the app reconnects on the next request after that.
RETRY_AFTER = 10


def database_unavailable(exc: BaseException | None) -> bool:
    """Whether `exc` says the database cannot answer now, rather than that our statement is wrong.

    Every OperationalError or InterfaceError of PostgreSQL is about the server, the connection or contention
    (refused, closed, shutting down, too many connections, deadlock, lock or statement timeout). SQLite raises
    OperationalError for "database is locked" (a writer held the lock past the timeout: transient) but also
    for a statement it cannot run ("no such table", a syntax error: SQLITE_ERROR), which is a fault of ours
    and stays a 500."""
    if not isinstance(exc, OperationalError | InterfaceError):
        return False
    cause = exc.__cause__
    if isinstance(cause, sqlite3.Error) and (getattr(cause, "sqlite_errorcode", 0) & 0xFF) == sqlite3.SQLITE_ERROR:
        return False
    return True


def server_error(request, template_name: str = "500.html"):
    """handler500: 503 while the database is unavailable, the usual 500 page otherwise."""
    exc = sys.exc_info()[1]
    if not database_unavailable(exc):
        return defaults.server_error(request, template_name)
    # One line in the log, not the traceback Django would add for a 500: the outage is the news, not the stack.
    logger.error(
        "Database unavailable: %s %s: %s: %s",
        request.method,
        request.path,
        type(exc).__name__,
        " ".join(str(exc).split()),
    )
    with translation.override(request_language(request)):
        body = loader.get_template("503.html").render()  # no request: no context processor reads the database
    response = HttpResponse(body, status=503)
    response["Retry-After"] = str(RETRY_AFTER)
    response["Cache-Control"] = "no-store"  # no proxy or browser keeps the outage page once it is over
    response._has_been_logged = True  # django.utils.log.log_response: logged above, in one line
    return response
