"""Finding products and published items by words in the catalogue's four languages, with facets.

Every word of the query must occur (anywhere in a word, any case: "tas" finds "Tas Rajut", 가방 finds
가죽가방, ショール finds 絹のショール): SQLite reads the FTS5 trigram index, PostgreSQL the pg_trgm GIN indexes
(kembar.catalogue.storage). A trigram index needs three characters: a word of two Chinese, Japanese or Korean
characters (Korean and Japanese words are often two: 가방, 帽子, 珈琲) is read from the entries' character pairs
(storage.pairs: one trigram "가방|" in their own index), which finds exactly what LIKE over the texts would; any
other shorter word is matched with LIKE over the region's entries, which costs a scan of them. Results are
ranked (SQLite bm25 with the names weighing four times the descriptions; PostgreSQL ts_rank of the 'simple'
configuration plus a bonus for a match in a name), and the facets count the matches of the words per category,
certification, export readiness and price band, whatever facet is chosen.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db import connection

from kembar.core.fts import CJK_CHAR

from . import index, storage

MAX_LENGTH = 100
MAX_WORDS = 6
MIN_TRIGRAM = 3
LANGUAGES = storage.LANGUAGES
CATEGORIES = ("fesyen", "kerajinan", "makanan_minuman", "aneka_ragam")
CERTIFICATIONS = ("halal", "sni", "bpom", "pirt")
READINESS = ("exported", "ready", "needs_help")
PRICE_BANDS = (1, 2, 3, 4, 0)


@dataclass(frozen=True)
class Query:
    text: str = ""
    lang: str = ""
    #: Words of three characters or more (the trigram index) and shorter ones (LIKE).
    words: tuple[str, ...] = ()
    short: tuple[str, ...] = ()
    #: "", "too_long" or "bad_language".
    problem: str = ""

    @property
    def empty(self) -> bool:
        return not self.words and not self.short

    @property
    def pairs(self) -> tuple[str, ...]:
        """The short words of two CJK characters: read from the entries' pairs."""
        return tuple(w for w in self.short if len(w) == 2 and CJK_CHAR.match(w))

    @property
    def like(self) -> tuple[str, ...]:
        """The other short words: matched with LIKE."""
        return tuple(w for w in self.short if w not in self.pairs)


def parse(text: str, lang: str = "") -> Query:
    text = (text or "").strip()
    if lang and lang not in LANGUAGES:
        return Query(text=text[:MAX_LENGTH], problem="bad_language")
    if len(text) > MAX_LENGTH:
        return Query(text=text[:MAX_LENGTH], lang=lang, problem="too_long")
    words, short = [], []
    for word in dict.fromkeys(text.split()):
        word = word.strip("\"'“”‘’")
        if not word or len(words) + len(short) >= MAX_WORDS:
            continue
        (words if len(word) >= MIN_TRIGRAM else short).append(word)
    return Query(text=text, lang=lang, words=tuple(words), short=tuple(short))


@dataclass(frozen=True)
class Filters:
    category: str = ""
    certification: str = ""
    readiness: str = ""
    price: int | None = None


@dataclass(frozen=True)
class Hit:
    id: int
    kind: int
    record_id: int
    product_id: int | None
    edition_number: int | None
    position: int | None
    sme_name: str
    category: str
    certifications: tuple[str, ...]
    readiness: str
    price_band: int
    statuses: dict
    is_sample: bool
    names: dict
    score: float


@dataclass
class Result:
    hits: list[Hit] = field(default_factory=list)
    total: int = 0
    facets: dict = field(default_factory=dict)
    #: More entries match than were counted (CAP): the total and facet counts are "at least".
    capped: bool = False


_FIELDS = (
    "id",
    "kind",
    "record_id",
    "product_id",
    "edition_number",
    "position",
    "sme_name",
    "category",
    "certifications",
    "readiness",
    "price_band",
    "statuses",
    "is_sample",
    *storage.NAME_COLUMNS,
)


def _hit(row) -> Hit:
    values = dict(zip(_FIELDS, row[:-1], strict=True))
    return Hit(
        id=values["id"],
        kind=values["kind"],
        record_id=values["record_id"],
        product_id=values["product_id"],
        edition_number=values["edition_number"],
        position=values["position"],
        sme_name=values["sme_name"],
        category=values["category"],
        certifications=tuple(c for c in values["certifications"].split("|") if c),
        readiness=values["readiness"],
        price_band=values["price_band"],
        statuses=dict(zip(LANGUAGES, (values["statuses"] or "").split(), strict=False)),
        is_sample=bool(values["is_sample"]),
        names={lang: values[f"name_{lang}"] for lang in LANGUAGES},
        score=round(float(row[-1] or 0), 4),
    )


def _like(word: str) -> str:
    return "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _filters(filters: Filters) -> tuple[list[str], list]:
    where, params = [], []
    if filters.category:
        where.append("e.category = %s")
        params.append(filters.category)
    if filters.certification:
        where.append("e.certifications LIKE %s")
        params.append(f"%|{filters.certification}|%")
    if filters.readiness:
        where.append("e.readiness = %s")
        params.append(filters.readiness)
    if filters.price is not None:
        where.append("e.price_band = %s")
        params.append(filters.price)
    return where, params


def _languages(query: Query) -> tuple[str, ...]:
    return (query.lang,) if query.lang else LANGUAGES


def _pairs_needle(query: Query, word: str) -> str:
    """What the entries' pairs hold for a two-character word: "가방|" (any language) or "k가방|" (Korean)."""
    return (storage.MARKS[query.lang] if query.lang else "") + word + "|"


def _pairs_match(query: Query) -> str:
    return " AND ".join(f'"{_pairs_needle(query, w)}"' for w in query.pairs)


def _sqlite_source(query: Query, lo: int, hi: int) -> tuple[str, list, str]:
    """FROM … WHERE of the matches of the words (without facet filters), and the score expression."""
    langs = _languages(query)
    columns = [f"{c}_{lang}" for lang in langs for c in ("name", "text")]
    params: list = []
    if query.words:
        group = "{" + " ".join(columns) + "}"
        match = " AND ".join(f'{group} : "{w.replace(chr(34), chr(34) * 2)}"' for w in query.words)
        weights = ", ".join(["4.0"] * 4 + ["1.0"] * 4)
        source = (
            f"FROM {storage.FTS} JOIN {storage.TABLE} e ON e.id = {storage.FTS}.rowid"
            f" WHERE {storage.FTS} MATCH %s AND {storage.FTS}.rowid BETWEEN %s AND %s"
        )
        params += [match, lo, hi]
        score = f"-bm25({storage.FTS}, {weights})"  # the weights of storage.RANK
        if query.pairs:
            source += (
                f" AND e.id IN (SELECT rowid FROM {storage.PAIRS_FTS}"
                f" WHERE {storage.PAIRS_FTS} MATCH %s AND rowid BETWEEN %s AND %s)"
            )
            params += [_pairs_match(query), lo, hi]
    elif query.pairs:
        # Read in key order from the pairs' index, as the region's range was before (the first CAP the same).
        source = (
            f"FROM {storage.PAIRS_FTS} JOIN {storage.TABLE} e ON e.id = {storage.PAIRS_FTS}.rowid"
            f" WHERE {storage.PAIRS_FTS} MATCH %s AND {storage.PAIRS_FTS}.rowid BETWEEN %s AND %s"
        )
        params += [_pairs_match(query), lo, hi]
        score = "0.0"
    else:
        source = f"FROM {storage.TABLE} e WHERE e.id BETWEEN %s AND %s"
        params += [lo, hi]
        score = "0.0"
    for word in query.like:
        source += " AND (" + " OR ".join(f"e.{c} LIKE %s ESCAPE '\\'" for c in columns) + ")"
        params += [_like(word)] * len(columns)
    return source, params, score


def _postgres_source(query: Query, lo: int, hi: int) -> tuple[str, list, str]:
    langs = _languages(query)
    doc = storage.document(langs)
    source = f"FROM {storage.TABLE} e WHERE e.id BETWEEN %s AND %s"
    params: list = [lo, hi]
    for word in (*query.words, *query.like):
        # A word with no letters of two cases (digits, Chinese, Japanese, Korean) needs no case folding: LIKE
        # finds the same rows at about half the cost of ILIKE when it is matched row by row.
        source += f" AND ({doc}) {'LIKE' if word.lower() == word.upper() else 'ILIKE'} %s"
        params.append(_like(word))
    for word in query.pairs:
        source += " AND e.pairs LIKE %s"
        params.append(_like(_pairs_needle(query, word)))
    if query.empty:
        return source, params, "0.0"
    names = " || ' ' || ".join(f"name_{lang}" for lang in langs)
    first = (query.words or query.short)[0]
    score = (
        f"ts_rank(to_tsvector('simple', {doc}), plainto_tsquery('simple', %s))"
        f" + CASE WHEN ({names}) ILIKE %s THEN 1.0 ELSE 0.0 END"
    )
    return source, params, (score, [" ".join((*query.words, *query.short)), _like(first)])


#: A query matching more entries than this is counted no further: its total and facet counts are of its first
#: CAP matches (in key order), shown as "more than"; on PostgreSQL it is also ranked among them. A word most
#: products hold says little, and counting all its matches would cost every search of it (docs/adr/0038).
CAP = 1000


def _sqlite_match(query: Query) -> str:
    langs = _languages(query)
    group = "{" + " ".join(f"{c}_{lang}" for lang in langs for c in ("name", "text")) + "}"
    return " AND ".join(f'{group} : "{w.replace(chr(34), chr(34) * 2)}"' for w in query.words)


def search(
    *,
    region_id: int,
    kind: int,
    query: Query,
    filters: Filters = Filters(),
    limit: int = 20,
    offset: int = 0,
    facets: bool = True,
) -> Result:
    """The entries of `kind` of the region matching every word of `query` (all of them when it has none) and
    the facet filters, best first; with the total and the facet counts of the words' matches (at most CAP)."""
    if query.problem:
        return Result()
    lo, hi = index.key_range(kind, region_id)
    sqlite = connection.vendor != "postgresql"
    if sqlite:
        source, params, score = _sqlite_source(query, lo, hi)
    else:
        source, params, score = _postgres_source(query, lo, hi)
    score_params: list = []
    if isinstance(score, tuple):
        score, score_params = score
    where, filter_params = _filters(filters)
    filtered = source + "".join(f" AND {w}" for w in where)
    columns = ", ".join(f"e.{c}" for c in _FIELDS)
    result = Result()
    with connection.cursor() as cursor:
        groups = None
        if facets and not sqlite and not query.empty:
            # PostgreSQL: the words' first CAP + 1 matches (in the table's order: sorting them by key first would
            # read every match of a common word) are read once, with what the facets count; a word matched row by
            # row (LIKE) is then not matched a second time for the results.
            cursor.execute(
                f"SELECT e.id, e.category, e.certifications, e.readiness, e.price_band {source} LIMIT %s",
                [*params, CAP + 1],
            )
            matches = cursor.fetchall()
            groups = [(*facet, n) for facet, n in Counter(m[1:] for m in matches).items()]
        if query.empty:
            cursor.execute(
                f"SELECT {columns}, 0.0 {filtered} ORDER BY e.category, e.name_id, e.id LIMIT %s OFFSET %s",
                [*params, *filter_params, limit, offset],
            )
        elif sqlite and query.words and not query.short and not where:
            # FTS5 ranks (bm25 with the weights storage.ensure configured) and limits inside the index.
            cursor.execute(
                f"SELECT {columns}, -m.rank FROM (SELECT rowid AS id, rank FROM {storage.FTS}"
                f" WHERE {storage.FTS} MATCH %s AND rowid BETWEEN %s AND %s ORDER BY rank LIMIT %s OFFSET %s) m"
                f" JOIN {storage.TABLE} e ON e.id = m.id ORDER BY m.rank, e.id",
                [_sqlite_match(query), lo, hi, limit, offset],
            )
        elif sqlite and not query.words and query.pairs:
            # No score (every match 0.0): in key order, which the pairs' index gives without sorting.
            cursor.execute(
                f"SELECT {columns}, 0.0 {filtered} ORDER BY {storage.PAIRS_FTS}.rowid LIMIT %s OFFSET %s",
                [*params, *filter_params, limit, offset],
            )
        elif sqlite:
            cursor.execute(
                f"SELECT {columns}, {score} AS score {filtered} ORDER BY score DESC, e.id LIMIT %s OFFSET %s",
                [*params, *filter_params, limit, offset],
            )
        elif groups is not None and len(matches) <= CAP:
            # Every match is read: those within the facet filters are ranked by their keys.
            ids = [m[0] for m in matches if _within(filters, *m[1:])]
            cursor.execute(
                f"SELECT {columns}, {score} AS score FROM {storage.TABLE} e WHERE e.id = ANY(%s)"
                " ORDER BY score DESC, e.id LIMIT %s OFFSET %s",
                [*score_params, ids, limit, offset],
            )
        else:
            # PostgreSQL: the first CAP + 1 matches within the facet filters, ranked among themselves.
            cursor.execute(
                f"WITH m AS MATERIALIZED (SELECT e.id {filtered} LIMIT %s)"
                f" SELECT {columns}, {score} AS score FROM m JOIN {storage.TABLE} e ON e.id = m.id"
                " ORDER BY score DESC, e.id LIMIT %s OFFSET %s",
                [*params, *filter_params, CAP + 1, *score_params, limit, offset],
            )
        result.hits = [_hit(row) for row in cursor.fetchall()]
        if facets:
            if groups is None:
                cursor.execute(
                    "SELECT category, certifications, readiness, price_band, count(*) FROM ("
                    f"SELECT e.category, e.certifications, e.readiness, e.price_band {source} LIMIT %s) AS f"
                    " GROUP BY category, certifications, readiness, price_band",
                    [*params, CAP + 1],
                )
                groups = cursor.fetchall()
            result.capped = sum(g[-1] for g in groups) > CAP
            result.facets = _facet_counts(groups)
            result.total = sum(n for *facet, n in groups if _within(filters, *facet))
        else:
            cursor.execute(
                f"SELECT count(*) FROM (SELECT 1 {filtered} LIMIT %s) AS f", [*params, *filter_params, CAP + 1]
            )
            result.total = cursor.fetchone()[0]
            result.capped = result.total > CAP
        if result.capped:
            result.total = min(result.total, CAP)
    return result


def _within(filters: Filters, category: str, certifications: str, readiness: str, band: int) -> bool:
    """Whether an entry with these facet values passes the facet filters (as _filters' SQL does)."""
    return (
        (not filters.category or category == filters.category)
        and (not filters.certification or f"|{filters.certification}|" in certifications)
        and (not filters.readiness or readiness == filters.readiness)
        and (filters.price is None or band == filters.price)
    )


def _facet_counts(groups) -> dict:
    counts = {
        "category": dict.fromkeys(CATEGORIES, 0),
        "certification": dict.fromkeys(CERTIFICATIONS, 0),
        "readiness": dict.fromkeys(READINESS, 0),
        "price": dict.fromkeys(PRICE_BANDS, 0),
    }
    for category, certs, readiness, band, n in groups:
        if category in counts["category"]:
            counts["category"][category] += n
        for cert in certs.split("|"):
            if cert in counts["certification"]:
                counts["certification"][cert] += n
        if readiness in counts["readiness"]:
            counts["readiness"][readiness] += n
        if band in counts["price"]:
            counts["price"][band] += n
    return counts


def raw_match(*, region_id: int, kind: int, word: str, limit: int = 20) -> list[int]:
    """The bare full-text query (no join, no facets, no filter): the floor the benchmark compares to."""
    lo, hi = index.key_range(kind, region_id)
    pair = len(word) == 2 and CJK_CHAR.match(word)
    with connection.cursor() as cursor:
        if pair and connection.vendor == "postgresql":
            cursor.execute(
                f"SELECT id FROM {storage.TABLE} WHERE id BETWEEN %s AND %s AND pairs LIKE %s LIMIT %s",
                [lo, hi, _like(word + "|"), limit],
            )
        elif pair:
            cursor.execute(
                f"SELECT rowid FROM {storage.PAIRS_FTS} WHERE {storage.PAIRS_FTS} MATCH %s"
                " AND rowid BETWEEN %s AND %s ORDER BY rowid LIMIT %s",
                [f'"{word}|"', lo, hi, limit],
            )
        elif connection.vendor == "postgresql":
            cursor.execute(
                f"SELECT id FROM {storage.TABLE} WHERE id BETWEEN %s AND %s AND ({storage.document()}) ILIKE %s"
                " LIMIT %s",
                [lo, hi, _like(word), limit],
            )
        else:
            cursor.execute(
                f"SELECT rowid FROM {storage.FTS} WHERE {storage.FTS} MATCH %s AND rowid BETWEEN %s AND %s"
                " ORDER BY rank LIMIT %s",
                [f'"{word}"', lo, hi, limit],
            )
        return [row[0] for row in cursor.fetchall()]
