"""What each database adds to the catalogue's entries to search them (docs/adr/0038).

SQLite: an FTS5 table with the trigram tokenizer over the names and texts in the four languages (external
content: it keeps only the index), kept equal to the entries by triggers, so every write of an entry reaches
it in the same transaction. A trigram index finds any substring of three characters or more, in any script —
Korean and Japanese have no spaces between words, so a word index would not find 가방 inside 가죽가방.
PostgreSQL: pg_trgm GIN indexes over the same text (all four languages at once, and each language alone), read
by ILIKE, and `to_tsvector('simple', …)` for the ranking of whole-word matches above substring matches.

`ensure` is idempotent: the migration that made the table calls it, and so does every `migrate` afterwards.
"""

from kembar.core import fts

FTS = "catalogue_fts"
TABLE = "catalogue_catalogueentry"
LANGUAGES = ("id", "en", "ko", "ja")
NAME_COLUMNS = tuple(f"name_{lang}" for lang in LANGUAGES)
TEXT_COLUMNS = tuple(f"text_{lang}" for lang in LANGUAGES)
COLUMNS = NAME_COLUMNS + TEXT_COLUMNS


def document(languages=LANGUAGES) -> str:
    """The SQL expression of the searched text of these languages (PostgreSQL: indexed exactly so)."""
    return " || ' ' || ".join(f"{c}_{lang}" for lang in languages for c in ("name", "text"))


_COLS = ", ".join(COLUMNS)
_NEW = ", ".join(f"new.{c}" for c in COLUMNS)
_OLD = ", ".join(f"old.{c}" for c in COLUMNS)

SQLITE = [
    f"""CREATE VIRTUAL TABLE IF NOT EXISTS {FTS} USING fts5(
        {_COLS}, content='{TABLE}', content_rowid='id', tokenize='trigram')""",
    f"""CREATE TRIGGER IF NOT EXISTS {FTS}_insert AFTER INSERT ON {TABLE} BEGIN
        INSERT INTO {FTS}(rowid, {_COLS}) VALUES (new.id, {_NEW});
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS {FTS}_delete AFTER DELETE ON {TABLE} BEGIN
        INSERT INTO {FTS}({FTS}, rowid, {_COLS}) VALUES ('delete', old.id, {_OLD});
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS {FTS}_update AFTER UPDATE ON {TABLE} BEGIN
        INSERT INTO {FTS}({FTS}, rowid, {_COLS}) VALUES ('delete', old.id, {_OLD});
        INSERT INTO {FTS}(rowid, {_COLS}) VALUES (new.id, {_NEW});
    END""",
]

#: FTS5's `rank` (ORDER BY rank): bm25 with a name weighing four times a description.
RANK = "bm25(4.0, 4.0, 4.0, 4.0, 1.0, 1.0, 1.0, 1.0)"
SQLITE.append(f"INSERT INTO {FTS}({FTS}, rank) VALUES ('rank', '{RANK}')")

POSTGRES = [
    f"CREATE INDEX IF NOT EXISTS catalogue_all_trgm ON {TABLE} USING gin (({document()}) gin_trgm_ops)",
    *(
        f"CREATE INDEX IF NOT EXISTS catalogue_{lang}_trgm ON {TABLE} USING gin (({document((lang,))}) gin_trgm_ops)"
        for lang in LANGUAGES
    ),
]
_PG_INDEXES = ("catalogue_all_trgm", *(f"catalogue_{lang}_trgm" for lang in LANGUAGES))


def ensure(connection) -> None:
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
            for name in _PG_INDEXES:
                cursor.execute(f"DROP INDEX IF EXISTS {name}")


def bulk_load(connection):
    """Around a write of every entry: the search structures go first and are built once at the end."""
    return fts.bulk_load(connection, fts=FTS, ensure=ensure, drop=drop)


def optimize(connection) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"INSERT INTO {FTS}({FTS}) VALUES ('optimize')")
        elif connection.vendor == "postgresql":
            cursor.execute(f"ANALYZE {TABLE}")


def after_migrate(using: str = "default", **kwargs) -> None:
    from django.db import connections

    connection = connections[using]
    if TABLE in connection.introspection.table_names():
        ensure(connection)
