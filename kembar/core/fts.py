"""Full-text search structures rebuilt around a bulk write, shared by the record search (kembar/search) and the
SME catalogue's search (kembar/catalogue): each names its FTS5 table and how to create and drop its structures."""

from collections.abc import Callable
from contextlib import contextmanager


@contextmanager
def bulk_load(connection, *, fts: str, ensure: Callable, drop: Callable):
    """Around a write of every entry: the search structures are taken away first and built once at the end
    (a trigram index built from its rows is many times faster than one kept row by row). Call inside the
    writer's transaction; nothing searches in between. SQLite: the FTS5 table `fts` and its triggers;
    PostgreSQL: the indexes `drop` removes and `ensure` builds."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            for name in ("insert", "delete", "update"):
                cursor.execute(f"DROP TRIGGER IF EXISTS {fts}_{name}")
            cursor.execute(f"INSERT INTO {fts}({fts}) VALUES ('delete-all')")
        yield
        ensure(connection)
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")
    elif connection.vendor == "postgresql":
        drop(connection)
        yield
        with connection.cursor() as cursor:
            # The rows' deferred foreign-key checks first: no index is built on a table with checks pending.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        ensure(connection)
    else:
        yield
