import datetime as dt
import threading

import pytest
from django.db import connection, connections

from kembar.core import ratelimit
from kembar.core.models import RateCount

NOON = dt.datetime(2026, 12, 6, 12, 0, 10, tzinfo=dt.UTC)


@pytest.mark.django_db
def test_the_limit_holds_within_a_window_and_opens_in_the_next():
    seen = [ratelimit.hit("proposal", "10.0.0.1", limit=3, per=60, now=NOON) for _ in range(4)]
    assert [v.allowed for v in seen] == [True, True, True, False]
    assert seen[-1].count == 4
    assert seen[-1].retry_after == 50  # the minute ends at 12:01:00
    # Another address, and another scope, have counts of their own.
    assert ratelimit.hit("proposal", "10.0.0.2", limit=3, per=60, now=NOON).allowed
    assert ratelimit.hit("signup", "10.0.0.1", limit=3, per=60, now=NOON).allowed
    # The next window starts again.
    assert ratelimit.hit("proposal", "10.0.0.1", limit=3, per=60, now=NOON + dt.timedelta(seconds=60)).count == 1


@pytest.mark.django_db
def test_what_is_counted_is_not_stored_in_clear():
    ratelimit.hit("proposal", "warga@example.org", limit=3, per=60, now=NOON)
    assert not RateCount.objects.filter(key__contains="warga").exists()
    assert RateCount.objects.get().key != "warga@example.org"


@pytest.mark.django_db
def test_bad_limits_are_refused():
    with pytest.raises(ValueError):
        ratelimit.hit("proposal", "x", limit=0, per=60)


@pytest.mark.django_db(transaction=True)
def test_no_hit_is_lost_when_many_count_at_once():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite takes one writer at a time; the race needs PostgreSQL")
    hits, errors = 40, []

    def count():
        try:
            for _ in range(hits // 8):
                ratelimit.hit("api", "token-1", limit=1000, per=3600, now=NOON)
        except Exception as exc:  # noqa: BLE001 — reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=count) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert RateCount.objects.get().count == hits


@pytest.mark.django_db
def test_counts_wait_for_no_disk_write_on_postgresql():
    """A count is no record: on PostgreSQL its table is unlogged, so counting an API request does not wait for
    the write-ahead log to reach the disk (docs/adr/0033)."""
    if connection.vendor != "postgresql":
        pytest.skip("unlogged tables are PostgreSQL's")
    with connection.cursor() as cursor:
        cursor.execute("SELECT relpersistence FROM pg_class WHERE relname = %s", [RateCount._meta.db_table])
        assert cursor.fetchone() == ("u",)
    assert ratelimit.hit("api", "10.0.0.9", limit=2, per=60, now=NOON).count == 1
