"""Two-character Korean and Japanese words, read from the entries' character pairs (storage.pairs): they find
exactly the entries whose texts hold the word (what LIKE over the texts found before), in one language or any,
alone or with longer words and filters; the pairs follow the texts and the migration's fill writes the same."""

import pytest
from django.db import connection

from kembar.catalogue import index, search, storage
from kembar.catalogue.models import CatalogueEntry
from kembar.smes import services as smes

from .conftest import make_product

pytestmark = pytest.mark.django_db

LANGS = ("id", "en", "ko", "ja")


@pytest.fixture
def more(sme, trade, products):
    """Products whose texts share two-character words in several places (names, descriptions, languages)."""
    rows = [
        ("makanan_minuman", "Kopi Tubruk", "Black Coffee", "블랙 커피", "珈琲 ブラック"),
        ("makanan_minuman", "Teh Coklat", "Brown Tea", "갈색 차", "茶色のお茶"),
        ("fesyen", "Tas Batik 12", "Batik Bag 12", "바틱 가방 12", "バティックバッグ12"),
        ("aneka_ragam", "Sabun 가방", "Soap", "비누", "石鹸 珈琲の香り"),  # Korean inside the Indonesian name
    ]
    return products + [make_product(sme, trade, *row, photo=False) for row in rows]


def expected(region, text, lang="", kind=index.PRODUCT, category=""):
    """The entries holding every word in a name or text of the language(s), in key order (LIKE's answer)."""
    langs = (lang,) if lang else LANGS
    words = text.split()
    entries = CatalogueEntry.objects.filter(region=region, kind=kind).order_by("id")
    if category:
        entries = entries.filter(category=category)
    out = []
    for e in entries:
        columns = [getattr(e, f"{c}_{code}") for code in langs for c in ("name", "text")]
        if all(any(w.lower() in col.lower() for col in columns) for w in words):
            out.append(e.id)
    return out


def found(region, text, lang="", kind=index.PRODUCT, **filters):
    result = search.search(
        region_id=region.pk,
        kind=kind,
        query=search.parse(text, lang),
        filters=search.Filters(**filters),
        limit=50,
    )
    return result, [h.id for h in result.hits]


CASES = [
    ("가방", ""),
    ("가방", "ko"),
    ("가방", "id"),  # inside the Indonesian name of the soap
    ("가방", "ja"),
    ("커피", ""),
    ("珈琲", ""),
    ("珈琲", "ja"),
    ("珈琲", "ko"),
    ("茶色", ""),
    ("お茶", "ja"),
    ("바틱", ""),
    ("바틱 가방", ""),  # two short words
    ("가방 12", ""),  # a pair and a LIKE word
    ("바틱 스카프", "ko"),
    ("가죽 가방", ""),
    ("죽가", ""),  # 양가죽 가방: the space between them makes no pair
    ("누비", ""),  # nor do a name's end (비누) and its description's start (비누 — ko)
    ("kopi 커피", ""),  # a trigram word and a pair
    ("스카프 바틱", ""),
    ("なし", ""),
]


@pytest.mark.parametrize(("text", "lang"), CASES)
def test_a_two_character_word_finds_what_its_texts_hold(bandung, more, text, lang):
    result, ids = found(bandung, text, lang)
    want = expected(bandung, text, lang)
    if search.parse(text, lang).words:
        assert sorted(ids) == want  # ranked by the longer word's score
    else:
        assert ids == want  # no score: in key order
    assert result.total == len(want)
    assert sum(result.facets["category"].values()) == len(want)


def test_the_pairs_decide_and_not_a_scan(bandung, more):
    """The answers above come from the pairs: an entry whose pairs are emptied is no longer found by them."""
    bag = CatalogueEntry.objects.get(region=bandung, kind=index.PRODUCT, name_id="Tas Batik 12")
    assert found(bandung, "바틱 가방")[1] == [bag.id]
    CatalogueEntry.objects.filter(pk=bag.pk).update(pairs="")
    assert found(bandung, "바틱 가방")[1] == []
    assert found(bandung, "바틱가방")[1] == []  # three or more characters: the trigram index, as before
    assert found(bandung, "バティックバッグ")[1] == [bag.id]


def test_with_a_filter_and_pages(bandung, more):
    result, ids = found(bandung, "가방", category="fesyen")
    assert ids == expected(bandung, "가방", category="fesyen") and len(ids) == 2
    assert result.total == 2 and result.facets["category"]["aneka_ragam"] == 1
    first = search.search(region_id=bandung.pk, kind=index.PRODUCT, query=search.parse("가방"), limit=1)
    second = search.search(region_id=bandung.pk, kind=index.PRODUCT, query=search.parse("가방"), limit=1, offset=1)
    assert [h.id for h in first.hits + second.hits] == expected(bandung, "가방")[:2]


@pytest.mark.parametrize("category", ["", "fesyen", "aneka_ragam"])
def test_a_pair_and_a_short_word_with_a_filter(bandung, more, category):
    """A pair with a word matched row by row ("12", no letters), within a facet filter: the same entries as LIKE
    over the texts, and the facets count every match whatever the filter (PostgreSQL reads the matches once)."""
    result, ids = found(bandung, "가방 12", category=category)
    want = expected(bandung, "가방 12", category=category)
    assert ids == want and result.total == len(want)
    assert result.facets["category"]["fesyen"] == len(expected(bandung, "가방 12", category="fesyen")) == 1
    assert sum(result.facets["category"].values()) == len(expected(bandung, "가방 12"))


def test_a_word_without_letters_of_two_cases_and_one_with(bandung, more):
    """Words "12" and "バッグ12" have no case to fold, "BAG" has: each finds what its texts hold, in any case."""
    for text in ("12", "バッグ12", "BAG 12", "bAtIk"):
        result, ids = found(bandung, text)
        assert sorted(ids) == expected(bandung, text) and result.total == len(ids), text
    assert found(bandung, "BAG 12")[1] == found(bandung, "bag 12")[1] != []


def test_marked_by_language(bandung, more):
    soap = CatalogueEntry.objects.get(region=bandung, kind=index.PRODUCT, name_id="Sabun 가방")
    assert "i가방|" in soap.pairs and "j珈琲|" in soap.pairs and "k비누|" in soap.pairs
    assert "k가방|" not in soap.pairs  # its Korean name is 비누
    assert storage.pairs(soap) == soap.pairs


def test_another_regions_products_are_not_found(bandung, bogor, more, trade):
    from kembar.accounts.models import Role
    from kembar.testing import make_member

    staff = make_member("dagang-bogor", bogor, Role.TRADE_STAFF)
    other = smes.sme_create(region=bogor, by=staff, name="Tas Bogor", owner_name="Asep")
    make_product(other, staff, "fesyen", "Tas Bogor", "Bogor Bag", "보고르 가방", "ボゴールのかばん", photo=False)
    ids = found(bandung, "가방")[1]
    assert ids == expected(bandung, "가방") and len(ids) == 3
    assert len(found(bogor, "가방")[1]) == 1


def test_the_pairs_follow_the_texts(bandung, more, trade):
    tea = more[5]
    assert found(bandung, "녹차")[1] == []
    smes.product_text_save(
        product=tea, language="ko", by=trade, name="녹차 잎", short="녹차", long="", status="reviewed"
    )
    entry = CatalogueEntry.objects.get(region=bandung, kind=index.PRODUCT, product_id=tea.pk)
    assert found(bandung, "녹차")[1] == [entry.id]
    assert found(bandung, "갈색")[1] == []  # the old name's pairs are gone
    smes.product_delete(product=tea, by=trade)
    assert found(bandung, "녹차")[1] == []


def test_published_items_keep_their_pairs(published, more, trade):
    bag = published.items.get(product_id=more[0].pk)
    ids = found(published.region, "가방", kind=index.ITEM)[1]
    assert ids == [index.key(index.ITEM, published.region_id, bag.pk)]


def test_the_migrations_fill_writes_what_the_index_writes(bandung, more):
    before = dict(CatalogueEntry.objects.values_list("id", "pairs"))
    assert all(before.values())
    CatalogueEntry.objects.update(pairs="")
    assert found(bandung, "가방")[1] == []
    assert storage.fill_pairs(connection, batch=3) == len(before)
    assert dict(CatalogueEntry.objects.values_list("id", "pairs")) == before
    assert found(bandung, "가방")[1] == expected(bandung, "가방")


def test_reindex_writes_the_pairs(bandung, more):
    before = dict(CatalogueEntry.objects.values_list("id", "pairs"))
    index.rebuild()
    assert dict(CatalogueEntry.objects.values_list("id", "pairs")) == before
    assert found(bandung, "珈琲", "ja")[1] == expected(bandung, "珈琲", "ja")
