"""Rate limits kept in the database: `hit(scope, who, limit=…, per=…)` counts one attempt and says whether it is
still within the limit, and how long until the window ends (docs/adr/0033-rate-limits-in-the-database.md).

Fixed windows: the count of (scope, who) in the current window of `per` seconds. The database keeps the count,
so every worker and server sees the same one, on SQLite and on PostgreSQL, with no cache service to run; the
increment is one statement (an upsert adding one and returning the new count), atomic on both. What is counted
is hashed: no address or email is stored in clear. Rows of windows that ended are deleted now and then by the
counting itself.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import random
from dataclasses import dataclass

from django.db import connection
from django.utils import timezone

from .models import RateCount

#: One hit in this many also deletes the rows of windows that ended.
SWEEP_ONE_IN = 200


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    count: int
    limit: int
    retry_after: int  # seconds until the window ends (for a Retry-After header)


def _key(scope: str, who: str) -> str:
    return hashlib.sha256(f"{scope}\0{who}".encode()).hexdigest()


def _count(key: str, window: int, ends: dt.datetime) -> int:
    """Add one to the count of (key, window), its row made if it is the window's first, and read the new count:
    one statement (an upsert with RETURNING, on both databases), atomic without a transaction of its own."""
    table = connection.ops.quote_name(RateCount._meta.db_table)
    key_, window_, count_, expires_ = (connection.ops.quote_name(c) for c in ("key", "window", "count", "expires_at"))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({key_}, {window_}, {count_}, {expires_}) VALUES (%s, %s, 1, %s)"
            f" ON CONFLICT ({key_}, {window_}) DO UPDATE SET {count_} = {table}.{count_} + 1 RETURNING {count_}",
            [key, window, connection.ops.adapt_datetimefield_value(ends)],
        )
        return cursor.fetchone()[0]


def hit(scope: str, who: str, *, limit: int, per: int, now: dt.datetime | None = None) -> Verdict:
    """Count one attempt of `who` (an address, an email, a token id) in `scope` (what is limited, e.g.
    "proposal"); allowed while the window's count is at most `limit`. `per` is the window's length in seconds."""
    if limit < 1 or per < 1:
        raise ValueError("limit and per must be positive")
    now = now or timezone.now()
    stamp = now.timestamp()
    window = math.floor(stamp / per)
    ends = dt.datetime.fromtimestamp((window + 1) * per, tz=dt.UTC)
    count = _count(_key(scope, who), window, ends)
    if random.randrange(SWEEP_ONE_IN) == 0:  # noqa: S311 — not a secret, only spreads the clean-up
        RateCount.objects.filter(expires_at__lt=now).delete()
    return Verdict(
        allowed=count <= limit, count=count, limit=limit, retry_after=max(1, math.ceil(ends.timestamp() - stamp))
    )


def clear(scope: str, who: str) -> None:
    """Forget the counts of `who` in `scope` (after a success that should not count, in tests)."""
    RateCount.objects.filter(key=_key(scope, who)).delete()
