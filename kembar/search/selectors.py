"""Finding records by words: the query read into terms, and one kind's matches in the regions given.

Every word of the query must occur in a record (anywhere in a word, in any case: "liuz" finds Liuzhou), read
from the trigram index of the entries (SQLite FTS5 trigram, PostgreSQL pg_trgm). A trigram index needs three
characters; a word of two Chinese, Japanese or Korean characters (柳州, 수원) is read from the entries' CJK
pairs instead, and shorter words are left out (the page says so). Matches come newest first, each region's
as one range of the index's keys (index.key), so a region's search reads only its own entries.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection

from . import index, storage

#: The longest query read (the search box holds no more).
MAX_LENGTH = 100
#: The most words of a query used (the rest are left out).
MAX_WORDS = 8
#: The shortest word a trigram index can find.
MIN_WORD = 3


@dataclass(frozen=True)
class Query:
    text: str
    #: (column, needle) pairs, each of which a record must contain: ("text", "masks"), ("cjk", "柳州|").
    terms: tuple[tuple[str, str], ...] = ()
    #: The words searched for, to mark in the results.
    words: tuple[str, ...] = ()
    #: Words left out: too short to search (one character; two outside CJK), or past MAX_WORDS.
    left_out: tuple[str, ...] = ()
    #: Why nothing is searched: "", "empty", "too_long" or "too_short".
    problem: str = ""


def parse(text: str) -> Query:
    """The query as it will be searched."""
    text = (text or "").strip()
    if not text:
        return Query(text="", problem="empty")
    if len(text) > MAX_LENGTH:
        return Query(text=text[:MAX_LENGTH], problem="too_long")
    terms, words, left_out = [], [], []
    for word in dict.fromkeys(text.split()):  # each word once, in order
        word = word.strip("\"'“”‘’")
        if not word:
            continue
        if len(terms) >= MAX_WORDS:
            left_out.append(word)
        elif len(word) >= MIN_WORD:
            terms.append(("text", word))
            words.append(word)
        elif len(word) == 2 and index.CJK_CHAR.match(word):
            terms.append(("cjk", word + "|"))
            words.append(word)
        else:
            left_out.append(word)
    if not terms:
        return Query(text=text, left_out=tuple(left_out), problem="too_short")
    return Query(text=text, terms=tuple(terms), words=tuple(words), left_out=tuple(left_out))


@dataclass(frozen=True)
class Hit:
    id: int
    region_id: int
    kind: int
    record_id: int
    cooperation_id: int | None
    title: str
    text: str


_COLUMNS = "e.id, e.region_id, e.kind, e.record_id, e.cooperation_id, e.title, e.text"


def search(*, query: Query, region_ids: list[int] | None, kind: int, offset: int = 0, limit: int = 20) -> list[Hit]:
    """Records of `kind` matching every term of `query`, newest first, `limit` of them from `offset`: those of
    the regions `region_ids` (every region's with None — national roles only)."""
    if query.problem or region_ids == []:
        return []
    ranges = [index.key_range(kind, None)] if region_ids is None else [index.key_range(kind, r) for r in region_ids]
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(*_sqlite(query, ranges, offset, limit))
            return [Hit(*row) for row in cursor.fetchall()]
        return [Hit(*row) for row in _postgres(cursor, query, kind, ranges, offset, limit)]


def _sqlite(query: Query, ranges, offset: int, limit: int):
    match = " AND ".join(f'{column} : "{needle.replace(chr(34), chr(34) * 2)}"' for column, needle in query.terms)
    # Each range is read from the FTS index by rowid (FTS5 seeks to it), newest first (the key's record part
    # is reversed: SQLite 3.40's FTS5 loses matches of a rowid range read in descending order), no further
    # than needed.
    parts, params = [], []
    for lo, hi in ranges:
        parts.append(
            f"SELECT id FROM (SELECT rowid AS id FROM {storage.FTS} WHERE {storage.FTS} MATCH %s"
            " AND rowid BETWEEN %s AND %s ORDER BY rowid LIMIT %s)"
        )
        params += [match, lo, hi, offset + limit]
    sql = (
        f"SELECT {_COLUMNS} FROM ({' UNION ALL '.join(parts)}) AS m JOIN {storage.TABLE} e ON e.id = m.id"
        " ORDER BY e.id LIMIT %s OFFSET %s"
    )
    return sql, [*params, limit, offset]


def _like(needle: str) -> str:
    return "%" + needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


#: PostgreSQL: how many of the newest entries of the ranges are read first, filtered row by row.
WINDOW = 500


def _postgres(cursor, query: Query, kind: int, ranges, offset: int, limit: int) -> list[tuple]:
    """A word most entries hold ("Kegiatan") is answered fastest from the newest entries, read in key order
    and filtered; a rare one from the trigram index, whose matches are then sorted. The planner cannot tell
    the two apart (no statistics for a substring), so: the newest WINDOW entries first; when they hold too
    few matches and the ranges hold more entries, every match through the trigram index."""
    inside = " OR ".join("id BETWEEN %s AND %s" for _ in ranges)
    bounds = [bound for pair in ranges for bound in pair]
    conditions, words = [], []
    for column, needle in query.terms:
        conditions.append(f"{column} {'ILIKE' if column == 'text' else 'LIKE'} %s")
        words.append(_like(needle))
    matching = " AND ".join(conditions)
    columns = _COLUMNS.replace("e.", "")
    cursor.execute(
        f"SELECT {columns} FROM (SELECT * FROM {storage.TABLE} WHERE {inside} ORDER BY id LIMIT %s) AS e"
        f" WHERE {matching} ORDER BY id LIMIT %s",
        [*bounds, WINDOW, *words, offset + limit],
    )
    rows = cursor.fetchall()
    if len(rows) >= offset + limit:
        return rows[offset:]
    # In key order (the primary key's index): a scan of the table would read past every other kind first.
    cursor.execute(
        f"SELECT count(*) FROM (SELECT id FROM {storage.TABLE} WHERE {inside} ORDER BY id LIMIT %s) AS e",
        [*bounds, WINDOW + 1],
    )
    if cursor.fetchone()[0] <= WINDOW:
        return rows[offset:]  # the window held every entry of the ranges
    cursor.execute(
        f"WITH m AS MATERIALIZED (SELECT id FROM {storage.TABLE} WHERE kind = %s AND ({inside}) AND {matching})"
        f" SELECT {_COLUMNS} FROM m JOIN {storage.TABLE} e ON e.id = m.id ORDER BY e.id LIMIT %s OFFSET %s",
        [kind, *bounds, *words, limit, offset],
    )
    return cursor.fetchall()
