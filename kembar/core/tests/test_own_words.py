"""A foreign reader's page reads Korean and Japanese from its module's table and Indonesian and English from the
.po catalogues, with the values in their places; a text the table lacks is an error, never English on a Korean
page."""

import pytest
from django.utils import translation
from django.utils.translation import gettext_lazy

from kembar.core.own_words import fill, in_language, lookup

TABLE = {
    "Search": {"ko": "검색", "ja": "検索"},
    "Edition %(n)s": {"ko": "제%(n)s호", "ja": "第%(n)s号"},
    "Only in Japanese": {"ja": "日本語だけ"},
}


def test_korean_and_japanese_come_from_the_table():
    assert lookup(TABLE, "Search", "ko") == "검색"
    assert lookup(TABLE, "Search", "ja") == "検索"


def test_indonesian_and_english_come_from_the_catalogues_not_the_table():
    assert lookup(TABLE, "Search", "id") == "Cari"
    assert lookup(TABLE, "Search", "en") == "Search"
    # Not in the table at all: gettext still answers.
    assert lookup(TABLE, "Cancel", "id") == "Batal"


def test_the_active_language_stays_as_it_was():
    with translation.override("en"):
        assert lookup(TABLE, "Search", "id") == "Cari"
        assert translation.get_language() == "en"


def test_values_fill_the_placeholders_in_every_language():
    assert lookup(TABLE, "Edition %(n)s", "ja", n=3) == "第3号"
    assert lookup(TABLE, "Edition %(n)s", "ko", n=3) == "제3호"
    assert lookup(TABLE, "Edition %(n)s", "id", n=3) == "Edisi 3"
    # Without values the text is as written: a placeholder (or a lone "%") is not an error.
    assert lookup(TABLE, "Edition %(n)s", "ja") == "第%(n)s号"


def test_a_placeholder_may_be_named_like_the_arguments():
    table = {"%(language)s: %(msgid)s": {"ko": "%(language)s — %(msgid)s", "ja": "%(language)s：%(msgid)s"}}
    assert lookup(table, "%(language)s: %(msgid)s", "ko", language="한국어", msgid="x") == "한국어 — x"


def test_a_missing_korean_text_is_an_error_not_english():
    with pytest.raises(KeyError) as missing_language:
        lookup(TABLE, "Only in Japanese", "ko")
    assert missing_language.value.args == ("ko",)
    with pytest.raises(KeyError) as missing_msgid:
        lookup(TABLE, "Not in the table", "ja")
    assert missing_msgid.value.args == ("Not in the table",)
    # Indonesian and English do not read the table: the untranslated msgid comes back as gettext gives it.
    assert lookup(TABLE, "Only in Japanese", "en") == "Only in Japanese"
    assert lookup(TABLE, "Not in the table", "id") == "Not in the table"


def test_in_language_takes_a_msgid_or_a_lazy_text():
    assert in_language("Cancel", "id") == "Batal"
    assert in_language(gettext_lazy("Cancel"), "id") == "Batal"
    assert in_language(gettext_lazy("Cancel"), "en") == "Cancel"


def test_fill():
    assert fill("%(n)s%%", {"n": 5}) == "5%"
    assert fill("100%", {}) == "100%"
