"""Full-text search structures rebuilt around a bulk write, shared by the record search (kembar/search) and the
SME catalogue's search (kembar/catalogue): each names its FTS5 tables and how to create and drop its structures.
Also the two-character pairs both searches store to find a two-character Chinese, Japanese or Korean word, which
a trigram index cannot (柳州, 가방, 茶色)."""

import re
from collections.abc import Callable
from contextlib import contextmanager

# Han (with extension A and compatibility ideographs), kana, Hangul syllables and jamo.
_CJK = "\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
CJK_RUN = re.compile(f"[{_CJK}]+")
CJK_CHAR = re.compile(f"^[{_CJK}]+$")


def cjk_pair_list(text: str) -> list[str]:
    """Each two-character run of the CJK text once, in order (柳州市 → 柳州, 州市)."""
    seen: dict[str, None] = {}
    for run in CJK_RUN.findall(text):
        for i in range(len(run) - 1):
            seen.setdefault(run[i : i + 2])
    return list(seen)


def cjk_pairs(text: str) -> str:
    """Each two-character run of the CJK text once, closed by "|" (柳州市 → 柳州|州市|)."""
    return "".join(pair + "|" for pair in cjk_pair_list(text))


@contextmanager
def bulk_load(connection, *, fts: str | tuple[str, ...], ensure: Callable, drop: Callable):
    """Around a write of every entry: the search structures are taken away first and built once at the end
    (a trigram index built from its rows is many times faster than one kept row by row). Call inside the
    writer's transaction; nothing searches in between. SQLite: the FTS5 tables `fts` and their triggers;
    PostgreSQL: the indexes `drop` removes and `ensure` builds."""
    tables = (fts,) if isinstance(fts, str) else tuple(fts)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            for table in tables:
                for name in ("insert", "delete", "update"):
                    cursor.execute(f"DROP TRIGGER IF EXISTS {table}_{name}")
                cursor.execute(f"INSERT INTO {table}({table}) VALUES ('delete-all')")
        yield
        ensure(connection)
        with connection.cursor() as cursor:
            for table in tables:
                cursor.execute(f"INSERT INTO {table}({table}) VALUES ('rebuild')")
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
