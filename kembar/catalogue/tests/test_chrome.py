"""The online catalogue's own words in Korean and Japanese (kembar.catalogue.chrome): every text has both, with
the same placeholders; a page in Korean or Japanese shows none of the English or Indonesian words it replaced —
headings, buttons, labels, filters, notices, the footer — and says its language in <html lang>."""

import datetime as dt
import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from kembar.catalogue import chrome

pytestmark = pytest.mark.django_db

PLACEHOLDER = re.compile(r"%\((\w+)\)s")


class Words(HTMLParser):
    """The text a reader sees or hears: text nodes and the labels of attributes, outside <script> and <style>."""

    def __init__(self):
        super().__init__()
        self.nodes: list[str] = []
        self.lang = ""
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang", "")
        if tag in ("script", "style"):
            self._skip += 1
        for name in ("aria-label", "alt", "title", "placeholder"):
            if attrs.get(name):
                self.nodes.append(attrs[name].strip())
        if tag == "meta" and attrs.get("name") == "description":
            self.nodes.append((attrs.get("content") or "").strip())

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.nodes.append(" ".join(data.split()))


def words_of(html: str) -> Words:
    parser = Words()
    parser.feed(html)
    return parser


def replaced() -> set[str]:
    """The English and Indonesian texts chrome replaces, without their placeholders' values (the fragments
    between them, of four characters or more)."""
    out = set()
    for msgid in chrome.TEXTS:
        for text in (msgid, chrome.get(msgid, "id")):
            out.update(f.strip() for f in PLACEHOLDER.split(text)[::2] if len(f.strip()) >= 4)
    for key in chrome.PLURALS:
        for n in (1, 7):
            for lang in ("en", "id"):
                text = chrome.count(key, lang, n=n, count=n, name="\x00")
                out.update(f.strip() for f in re.split(f"\x00|{n}", text) if len(f.strip()) >= 4)
    return out


def test_every_text_has_korean_and_japanese_with_its_placeholders():
    for msgid, texts in chrome.TEXTS.items():
        assert set(texts) == {"ko", "ja"}, msgid
        for lang in ("ko", "ja"):
            assert texts[lang].strip(), (msgid, lang)
            assert set(PLACEHOLDER.findall(texts[lang])) == set(PLACEHOLDER.findall(msgid)), (msgid, lang)
    for key, (_lazy, texts) in chrome.PLURALS.items():
        names = {"n": 1, "name": "X", "count": 1}
        for lang in ("ko", "ja"):
            assert chrome.count(key, lang, **names) == texts[lang] % names
        assert chrome.count(key, "en", **{**names, "n": 2, "count": 2}) != chrome.count(key, "en", **names)


def test_dates():
    day = dt.date(2026, 11, 1)
    assert chrome.date(day, "ko") == "2026년 11월 1일"
    assert chrome.date(day, "ja") == "2026年11月1日"
    assert "2026" in chrome.date(day, "id")


def _pages(published):
    code, n = published.region.code, published.number
    return {
        "region": reverse("catalogue_public_region", args=[code]),
        "edition": reverse("catalogue_public_edition", args=[code, n]),
        "item": reverse("catalogue_public_item", args=[code, n, 1]),
        # Results with their facets, and a search that finds nothing.
        "search": reverse("catalogue_public_search", args=[code]) + "?q=Bandung",
        "search_none": reverse("catalogue_public_search", args=[code]) + "?q=zzzz",
    }


@pytest.mark.parametrize("lang", ["ko", "ja"])
def test_a_korean_or_japanese_page_has_no_english_or_indonesian_chrome(client, published, lang):
    forbidden = replaced()
    for name, url in _pages(published).items():
        response = client.get(url, {"lang": lang})
        assert response.status_code == 200, name
        page = words_of(response.content.decode())
        assert page.lang == lang, name
        visible = " | ".join(page.nodes)
        # No node is a replaced text, and no replaced sentence hides inside a longer node.
        leftovers = sorted(t for t in forbidden if t in page.nodes or (len(t) >= 12 and t in visible))
        assert leftovers == [], (name, leftovers)
        # The language's own words are there instead.
        assert chrome.get("Search the catalogue", lang) in page.nodes, name


def test_the_korean_pages_say_what_the_indonesian_ones_say(client, published):
    code = published.region.code
    item = reverse("catalogue_public_item", args=[code, published.number, 1])
    ko = words_of(client.get(item, {"lang": "ko"}).content.decode()).nodes
    id_ = words_of(client.get(item).content.decode()).nodes
    for msgid in ("Price", "Minimum order", "Export readiness", "Contact", "In other languages"):
        assert chrome.get(msgid, "ko") in ko
        assert chrome.get(msgid, "id") in id_
    assert "contoh · 예시" in ko  # sample data stays marked "contoh" in every language
    search = reverse("catalogue_public_search", args=[code])
    ja = words_of(client.get(search, {"lang": "ja", "q": "Bandung"}).content.decode()).nodes
    assert any(n.startswith(chrome.certification("halal", "ja")) for n in ja)
    assert any(n.startswith(chrome.readiness("ready", "ja")) for n in ja)


@pytest.mark.parametrize("lang", ["ko", "ja"])
def test_a_bad_search_says_why_in_the_pages_language(client, published, lang):
    url = reverse("catalogue_public_search", args=[published.region.code])
    response = client.get(url, {"lang": lang, "q": "x" * 101})
    assert response.status_code == 400
    assert (
        chrome.get("The search text is too long (at most %(n)s characters).", lang, n=100)
        in words_of(response.content.decode()).nodes
    )
    response = client.get(url, {"lang": lang, "q": "kulit", "category": "nope"})
    assert response.status_code == 400
    assert chrome.TEXTS["There is no such filter."][lang] in response.content.decode()


@pytest.mark.parametrize("lang", ["id", "en", "ko", "ja"])
def test_what_is_not_in_the_catalogue_says_so_in_the_pages_language(client, published, trade, bogor, lang):
    """An edition never published or withdrawn, an item that does not exist, a region without the catalogue: 404,
    said in the language of the address a buyer followed (a printed QR code, a link in Korean), not in the site's
    Indonesian."""
    from kembar.catalogue import services

    code = published.region.code
    services.edition_withdraw(edition=published, by=trade)
    urls = {
        "withdrawn": reverse("catalogue_public_edition", args=[code, published.number]),
        "withdrawn_item": reverse("catalogue_public_item", args=[code, published.number, 1]),
        "no_edition": reverse("catalogue_public_edition", args=[code, 99]),
        "no_catalogue": reverse("catalogue_public_region", args=[bogor.code]),
    }
    query = {} if lang == "id" else {"lang": lang}
    said = chrome.get("Not found", lang)
    for name, url in urls.items():
        response = client.get(url, query)
        assert response.status_code == 404, name
        page = words_of(response.content.decode())
        assert page.lang == lang, name
        assert said in page.nodes, name
        if lang != "id":
            assert chrome.get("Not found", "id") not in page.nodes, name
    for msgid in (
        "Not found",
        "This page is not in the catalogue: its address may be mistyped, or its edition may have been withdrawn.",
    ):
        assert chrome.get(msgid, "id") != msgid  # Indonesian from the .po file
