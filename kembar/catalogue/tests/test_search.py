"""Search in the four languages: substrings of Korean and Japanese names (trigram), words shorter than three
characters (LIKE), one language only, facets, another region's products never found, the index following
the products' changes, and published items found with the text they were published with."""

import pytest

from kembar.catalogue import index, search
from kembar.catalogue.models import CatalogueEntry
from kembar.smes import services as smes

from .conftest import make_product

pytestmark = pytest.mark.django_db


def find(region, text, lang="", kind=index.PRODUCT, **filters):
    result = search.search(
        region_id=region.pk, kind=kind, query=search.parse(text, lang), filters=search.Filters(**filters)
    )
    return result, [h.names["id"] for h in result.hits]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("羊革", ["Tas Kulit Domba"]),  # two Japanese characters inside 羊革のバッグ: LIKE
        ("木製人形", ["Wayang Golek Cepot"]),  # a Japanese substring of four: trigram
        ("가죽 가방", ["Tas Kulit Domba"]),  # Korean, two words, each inside the name
        ("프리앙거", ["Kopi Arabika Java Preanger"]),
        ("preanger", ["Kopi Arabika Java Preanger"]),  # any case
        ("sutra batik", ["Syal Sutra Batik"]),
        ("SILK", ["Syal Sutra Batik"]),
        ("rajutan", []),
    ],
)
def test_words_in_any_language(bandung, products, text, expected):
    assert find(bandung, text)[1] == expected


def test_one_language_only(bandung, products):
    assert find(bandung, "スカーフ", lang="ja")[1] == ["Syal Sutra Batik"]
    assert find(bandung, "スカーフ", lang="ko")[1] == []
    assert find(bandung, "Scarf", lang="id")[1] == []


def test_facets_count_the_matches_and_filter(bandung, products, sme, trade):
    other = smes.sme_create(
        region=bandung, by=trade, name="Kopi Palasari", owner_name="Ujang", export_readiness="exported"
    )
    make_product(
        other,
        trade,
        "makanan_minuman",
        "Kopi Luwak Kulit",
        "Civet Coffee",
        "사향 커피",
        "ジャコウ猫コーヒー",
        price=1_500_000,
    )
    result, names = find(bandung, "kulit")
    assert sorted(names) == ["Kopi Luwak Kulit", "Tas Kulit Domba"]
    assert result.facets["category"] == {"fesyen": 1, "kerajinan": 0, "makanan_minuman": 1, "aneka_ragam": 0}
    assert result.facets["certification"]["halal"] == 1
    assert result.facets["readiness"] == {"exported": 1, "ready": 1, "needs_help": 0}
    assert result.facets["price"][4] == 1 and result.facets["price"][2] == 1
    filtered, names = find(bandung, "kulit", category="makanan_minuman")
    assert names == ["Kopi Luwak Kulit"] and filtered.total == 1
    assert find(bandung, "kulit", certification="halal")[1] == ["Tas Kulit Domba"]
    assert find(bandung, "kulit", price=4)[1] == ["Kopi Luwak Kulit"]


def test_another_regions_products_are_not_found(bandung, bogor, products):
    assert find(bogor, "Kulit")[1] == []


def test_the_index_follows_the_products(bandung, products, trade):
    bag = products[0]
    smes.product_text_save(product=bag, language="ko", by=trade, name="새 이름 핸드백", status="reviewed")
    assert find(bandung, "핸드백")[1] == ["Tas Kulit Domba"]
    hit = find(bandung, "핸드백")[0].hits[0]
    assert hit.statuses["ko"] == "reviewed"
    smes.product_delete(product=bag, by=trade)
    assert find(bandung, "핸드백")[1] == []
    smes.product_restore(product=bag, by=trade)
    assert find(bandung, "핸드백")[1] == ["Tas Kulit Domba"]
    before = CatalogueEntry.objects.count()
    assert index.rebuild() == before
    assert find(bandung, "핸드백")[1] == ["Tas Kulit Domba"]


def test_published_items_keep_their_text(published, products, trade):
    smes.product_text_save(product=products[0], language="ja", by=trade, name="新しいバッグ", status="reviewed")
    region = published.region
    assert find(region, "羊革のバッグ", kind=index.ITEM)[1] == ["Tas Kulit Domba"]
    assert find(region, "新しいバッグ", kind=index.ITEM)[1] == []
    hit = find(region, "羊革", kind=index.ITEM)[0].hits[0]
    assert (hit.edition_number, hit.position) == (1, 2)


def test_bad_queries(bandung, products):
    assert search.parse("x" * 101).problem == "too_long"
    assert search.parse("kopi", "xx").problem == "bad_language"
    assert find(bandung, '"kulit" OR *')[1] == []  # FTS syntax is only text here
    assert find(bandung, 'domba"')[1] == ["Tas Kulit Domba"]


def test_a_word_most_products_hold_is_counted_no_further_than_the_cap(bandung, products, monkeypatch):
    monkeypatch.setattr(search, "CAP", 2)
    result, names = find(bandung, "Bandung")
    assert result.capped and result.total == 2
    assert sum(result.facets["category"].values()) == 3  # the first CAP + 1 matches, counted
    assert len(names) >= 2
