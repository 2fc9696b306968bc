"""What each database adds to the catalogue's entries to search them (docs/adr/0038).

SQLite: an FTS5 table with the trigram tokenizer over the names and texts in the four languages (external
content: it keeps only the index), kept equal to the entries by triggers, so every write of an entry reaches
it in the same transaction. A trigram index finds any substring of three characters or more, in any script —
Korean and Japanese have no spaces between words, so a word index would not find 가방 inside 가죽가방.
PostgreSQL: pg_trgm GIN indexes over the same text (all four languages at once, and each language alone), read
by ILIKE, and `to_tsvector('simple', …)` for the ranking of whole-word matches above substring matches.

A trigram index cannot find a two-character word, and Korean and Japanese words are often two (가방, 珈琲): each
entry also keeps its Chinese, Japanese and Korean character pairs, each behind its language's mark
(`pairs`: "k가죽|k죽가|k가방|j帽子|"; kembar.core.fts), indexed on its own — an FTS5 table on SQLite (the pairs are not
in the main table, whose bm25 would count them), a pg_trgm GIN index on PostgreSQL. A two-character word is one
trigram there: "가방|" in any language, "k가방|" in Korean (docs/adr/0038, Amendment).

`ensure` is idempotent: the migration that made the table calls it, and so does every `migrate` afterwards.
"""

from kembar.core import fts

FTS = "catalogue_fts"
PAIRS_FTS = "catalogue_pairs_fts"
TABLE = "catalogue_catalogueentry"
LANGUAGES = ("id", "en", "ko", "ja")
NAME_COLUMNS = tuple(f"name_{lang}" for lang in LANGUAGES)
TEXT_COLUMNS = tuple(f"text_{lang}" for lang in LANGUAGES)
COLUMNS = NAME_COLUMNS + TEXT_COLUMNS
#: Each language's mark in `pairs` (a letter: never a CJK character, so "k가방|" is only ever a Korean pair).
MARKS = {"id": "i", "en": "e", "ko": "k", "ja": "j"}


def pairs(entry) -> str:
    """The entry's CJK character pairs, each language's from its name and text (each apart: a pair never spans
    two of them), marked and closed by "|"."""
    from kembar.core.fts import cjk_pair_list

    out: dict[str, None] = {}
    for lang in LANGUAGES:
        for column in ("name", "text"):
            for pair in cjk_pair_list(getattr(entry, f"{column}_{lang}") or ""):
                out.setdefault(f"{MARKS[lang]}{pair}|")
    return "".join(out)


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
    # Only a change of the text it indexes: the migration that filled the pairs changed nothing else.
    f"""CREATE TRIGGER IF NOT EXISTS {FTS}_update AFTER UPDATE OF {_COLS} ON {TABLE} BEGIN
        INSERT INTO {FTS}({FTS}, rowid, {_COLS}) VALUES ('delete', old.id, {_OLD});
        INSERT INTO {FTS}(rowid, {_COLS}) VALUES (new.id, {_NEW});
    END""",
]

#: FTS5's `rank` (ORDER BY rank): bm25 with a name weighing four times a description.
RANK = "bm25(4.0, 4.0, 4.0, 4.0, 1.0, 1.0, 1.0, 1.0)"
SQLITE.append(f"INSERT INTO {FTS}({FTS}, rank) VALUES ('rank', '{RANK}')")

SQLITE_PAIRS = [
    f"""CREATE VIRTUAL TABLE IF NOT EXISTS {PAIRS_FTS} USING fts5(
        pairs, content='{TABLE}', content_rowid='id', tokenize='trigram')""",
    f"""CREATE TRIGGER IF NOT EXISTS {PAIRS_FTS}_insert AFTER INSERT ON {TABLE} BEGIN
        INSERT INTO {PAIRS_FTS}(rowid, pairs) VALUES (new.id, new.pairs);
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS {PAIRS_FTS}_delete AFTER DELETE ON {TABLE} BEGIN
        INSERT INTO {PAIRS_FTS}({PAIRS_FTS}, rowid, pairs) VALUES ('delete', old.id, old.pairs);
    END""",
    f"""CREATE TRIGGER IF NOT EXISTS {PAIRS_FTS}_update AFTER UPDATE OF pairs ON {TABLE} BEGIN
        INSERT INTO {PAIRS_FTS}({PAIRS_FTS}, rowid, pairs) VALUES ('delete', old.id, old.pairs);
        INSERT INTO {PAIRS_FTS}(rowid, pairs) VALUES (new.id, new.pairs);
    END""",
]

POSTGRES = [
    f"CREATE INDEX IF NOT EXISTS catalogue_all_trgm ON {TABLE} USING gin (({document()}) gin_trgm_ops)",
    *(
        f"CREATE INDEX IF NOT EXISTS catalogue_{lang}_trgm ON {TABLE} USING gin (({document((lang,))}) gin_trgm_ops)"
        for lang in LANGUAGES
    ),
]
POSTGRES_PAIRS = [f"CREATE INDEX IF NOT EXISTS catalogue_pairs_trgm ON {TABLE} USING gin (pairs gin_trgm_ops)"]
_PG_INDEXES = ("catalogue_all_trgm", *(f"catalogue_{lang}_trgm" for lang in LANGUAGES), "catalogue_pairs_trgm")


def _has_pairs(connection) -> bool:
    """Whether the table has its `pairs` column yet (the migration that made the table runs before it)."""
    with connection.cursor() as cursor:
        return "pairs" in {c.name for c in connection.introspection.get_table_description(cursor, TABLE)}


def ensure(connection) -> None:
    statements = {"sqlite": SQLITE, "postgresql": POSTGRES}.get(connection.vendor, [])
    if statements and _has_pairs(connection):
        statements = statements + {"sqlite": SQLITE_PAIRS, "postgresql": POSTGRES_PAIRS}[connection.vendor]
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)


def drop(connection) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for table in (FTS, PAIRS_FTS):
                for name in ("insert", "delete", "update"):
                    cursor.execute(f"DROP TRIGGER IF EXISTS {table}_{name}")
                cursor.execute(f"DROP TABLE IF EXISTS {table}")
        elif connection.vendor == "postgresql":
            for name in _PG_INDEXES:
                cursor.execute(f"DROP INDEX IF EXISTS {name}")


def drop_pairs(connection) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for name in ("insert", "delete", "update"):
                cursor.execute(f"DROP TRIGGER IF EXISTS {PAIRS_FTS}_{name}")
            cursor.execute(f"DROP TABLE IF EXISTS {PAIRS_FTS}")
        elif connection.vendor == "postgresql":
            cursor.execute("DROP INDEX IF EXISTS catalogue_pairs_trgm")


def bulk_load(connection):
    """Around a write of every entry: the search structures go first and are built once at the end."""
    return fts.bulk_load(connection, fts=(FTS, PAIRS_FTS), ensure=ensure, drop=drop)


def fill_pairs(connection, *, batch: int = 2000) -> int:
    """Write every entry's `pairs` from its names and texts (the migration that added the column): only the pairs'
    index is built again, once at the end; the main index is not touched (its update trigger watches the texts
    only). How many entries there are."""
    from types import SimpleNamespace

    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for name in ("insert", "delete", "update"):
                cursor.execute(f"DROP TRIGGER IF EXISTS {PAIRS_FTS}_{name}")
        elif connection.vendor == "postgresql":
            cursor.execute("DROP INDEX IF EXISTS catalogue_pairs_trgm")
        n, last = 0, None
        while True:
            cursor.execute(
                f"SELECT id, {_COLS} FROM {TABLE}"
                + (" WHERE id > %s" if last is not None else "")
                + " ORDER BY id LIMIT %s",
                [last, batch] if last is not None else [batch],
            )
            rows = cursor.fetchall()
            if not rows:
                break
            updates = []
            for row in rows:
                values = pairs(SimpleNamespace(**dict(zip(COLUMNS, row[1:], strict=True))))
                if values:
                    updates.append((values, row[0]))
            if updates:
                cursor.executemany(f"UPDATE {TABLE} SET pairs = %s WHERE id = %s", updates)
            n += len(rows)
            last = rows[-1][0]
        if connection.vendor == "postgresql":
            # Deferred foreign-key checks pending in the transaction first: no index is built with them pending.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    ensure(connection)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"INSERT INTO {PAIRS_FTS}({PAIRS_FTS}) VALUES ('rebuild')")
    return n


def optimize(connection) -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for table in (FTS, PAIRS_FTS):
                cursor.execute(f"INSERT INTO {table}({table}) VALUES ('optimize')")
        elif connection.vendor == "postgresql":
            cursor.execute(f"ANALYZE {TABLE}")


def after_migrate(using: str = "default", **kwargs) -> None:
    from django.db import connections

    connection = connections[using]
    if TABLE in connection.introspection.table_names():
        ensure(connection)
