"""What each database adds to the entries table to search it (docs/adr/0025).

SQLite: an FTS5 table with the trigram tokenizer over the entries (external content: it keeps only the
index), kept equal to them by triggers, so every write of an entry — by the ORM, a bulk insert or raw SQL —
reaches it in the same transaction. PostgreSQL: pg_trgm GIN indexes on the text (one per kind) and on the
CJK pairs.

`ensure` is idempotent: the migration that made the table calls it, and so does every `migrate` afterwards
(a later migration that rebuilds the table on SQLite drops its triggers; the rows it copies keep their ids
and text, so the FTS index still matches them)."""

from kembar.core import fts

FTS = "search_fts"
TABLE = "search_searchentry"

SQLITE = [
    f"""CREATE VIRTUAL TABLE IF NOT EXISTS {FTS} USING fts5(
        text, cjk, content='{TABLE}', content_rowid='id', tokenize='trigram')""",
    f"""CREATE TRIGGER IF NOT EXISTS {FTS}_insert AFTER INSERT ON {TABLE} BEGIN
        INSERT INTO {FTS}(rowid, text, cjk) VALUES (new.id, new.text, new.cjk);
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS {FTS}_delete AFTER DELETE ON {TABLE} BEGIN
        INSERT INTO {FTS}({FTS}, rowid, text, cjk) VALUES ('delete', old.id, old.text, old.cjk);
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS {FTS}_update AFTER UPDATE ON {TABLE} BEGIN
        INSERT INTO {FTS}({FTS}, rowid, text, cjk) VALUES ('delete', old.id, old.text, old.cjk);
        INSERT INTO {FTS}(rowid, text, cjk) VALUES (new.id, new.text, new.cjk);
    END""",
]

#: PostgreSQL: one trigram index of the text per kind (a word common in activities costs nothing when
#: searching documents), one of the CJK pairs.
_KINDS = range(1, 7)  # index.KINDS
POSTGRES = [
    "DROP INDEX IF EXISTS search_text_trgm",  # one for every kind, before 2026-12-06's second version
    *(
        f"CREATE INDEX IF NOT EXISTS search_text_trgm_{kind} ON {TABLE}"
        f" USING gin (text gin_trgm_ops) WHERE kind = {kind}"
        for kind in _KINDS
    ),
    f"CREATE INDEX IF NOT EXISTS search_cjk_trgm ON {TABLE} USING gin (cjk gin_trgm_ops)",
]


def ensure(connection) -> None:
    """Create what this database needs to search the entries, if it is not there yet."""
    statements = {"sqlite": SQLITE, "postgresql": POSTGRES}.get(connection.vendor, [])
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def drop(connection) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for name in ("insert", "delete", "update"):
                cursor.execute(f"DROP TRIGGER IF EXISTS {FTS}_{name}")
            cursor.execute(f"DROP TABLE IF EXISTS {FTS}")
        elif connection.vendor == "postgresql":
            for kind in _KINDS:
                cursor.execute(f"DROP INDEX IF EXISTS search_text_trgm_{kind}")
            cursor.execute("DROP INDEX IF EXISTS search_cjk_trgm")


def bulk_load(connection):
    """Around a write of every entry: the search structures go first and are built once at the end."""
    return fts.bulk_load(connection, fts=FTS, ensure=ensure, drop=drop)


def optimize(connection) -> None:
    """Merge the FTS index's segments into one (after a bulk write: fewer segments, faster reads)."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {FTS}({FTS}) VALUES ('optimize')")
    elif connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {TABLE}")


def after_migrate(using: str = "default", **kwargs) -> None:
    from django.db import connections

    connection = connections[using]
    if TABLE in connection.introspection.table_names():
        ensure(connection)
