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
    if connection.vendor == "sqlite":
        sql, params = _sqlite(query, ranges, offset, limit)
    else:
        sql, params = _postgres(query, ranges, offset, limit)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [Hit(*row) for row in cursor.fetchall()]


def _sqlite(query: Query, ranges, offset: int, limit: int):
    match = " AND ".join(f'{column} : "{needle.replace(chr(34), chr(34) * 2)}"' for column, needle in query.terms)
    # Each range is read from the FTS index by rowid (FTS5 seeks to it), newest first, no further than needed.
    parts, params = [], []
    for lo, hi in ranges:
        parts.append(
            f"SELECT id FROM (SELECT rowid AS id FROM {storage.FTS} WHERE {storage.FTS} MATCH %s"
            " AND rowid BETWEEN %s AND %s ORDER BY rowid DESC LIMIT %s)"
        )
        params += [match, lo, hi, offset + limit]
    sql = (
        f"SELECT {_COLUMNS} FROM ({' UNION ALL '.join(parts)}) AS m JOIN {storage.TABLE} e ON e.id = m.id"
        " ORDER BY e.id DESC LIMIT %s OFFSET %s"
    )
    return sql, [*params, limit, offset]


def _like(needle: str) -> str:
    return "%" + needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _postgres(query: Query, ranges, offset: int, limit: int):
    where = " OR ".join("e.id BETWEEN %s AND %s" for _ in ranges)
    params = [bound for pair in ranges for bound in pair]
    conditions = []
    for column, needle in query.terms:
        conditions.append(f"e.{column} {'ILIKE' if column == 'text' else 'LIKE'} %s")
        params.append(_like(needle))
    sql = (
        f"SELECT {_COLUMNS} FROM {storage.TABLE} e WHERE ({where}) AND {' AND '.join(conditions)}"
        " ORDER BY e.id DESC LIMIT %s OFFSET %s"
    )
    return sql, [*params, limit, offset]
