"""The online catalogue: the same public pages for everyone (anonymous or any logged-in user), only for a region
that runs the catalogue and only for published editions; per language with hreflang, Open Graph and canonical;
the snapshot shown after the product changed; cacheable; in the sitemap; the search finds a Japanese substring."""

import re

import pytest
from django.urls import reverse

from kembar.accounts.models import Role
from kembar.catalogue import chrome, services
from kembar.smes import services as smes
from kembar.testing import make_member

pytestmark = pytest.mark.django_db


def _urls(edition):
    code, n = edition.region.code, edition.number
    return [
        reverse("catalogue_public_region", args=[code]),
        reverse("catalogue_public_edition", args=[code, n]),
        reverse("catalogue_public_item", args=[code, n, 1]),
        reverse("catalogue_public_photo", args=[code, n, 1]),
        reverse("catalogue_public_guide", args=[code, n]),
        reverse("catalogue_public_search", args=[code]) + "?q=kulit",
    ]


@pytest.mark.parametrize("who", ["anonymous", "trade", "bureau", "other_region"])
def test_everyone_reads_the_published_catalogue(client, published, bogor, trade, who):
    users = {
        "trade": trade,
        "bureau": make_member("staf", published.region, Role.BUREAU_STAFF),
        "other_region": make_member("bogor", bogor, Role.BUREAU_ADMIN),
    }
    if who != "anonymous":
        client.force_login(users[who])
    for url in _urls(published):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "public" in response["Cache-Control"], url
        assert "Cookie" not in response.get("Vary", ""), url


def test_nothing_unpublished_or_switched_off(client, published, trade, products, bogor):
    code = published.region.code
    draft = services.edition_create(region=published.region, by=trade, title="Draf", date=published.date)
    assert client.get(reverse("catalogue_public_edition", args=[code, draft.number])).status_code == 404
    assert client.get(reverse("catalogue_public_item", args=[code, 1, 99])).status_code == 404
    assert client.get(reverse("catalogue_public_pdf", args=[code, 1])).status_code == 404  # no PDF made yet
    assert client.get(reverse("catalogue_public_region", args=[bogor.code])).status_code == 404
    services.settings_update(region=published.region, by=trade, enabled=False, max_products=100)
    for url in _urls(published):
        assert client.get(url).status_code == 404, url


def test_a_product_page_per_language(client, published, products, trade):
    url = reverse("catalogue_public_item", args=[published.region.code, 1, 2])
    ja = client.get(url, {"lang": "ja"})
    html = ja.content.decode()
    assert ja["Content-Language"] == "ja"
    assert '<h1 lang="ja">羊革のバッグ</h1>' in html
    assert f'<link rel="canonical" href="http://testserver{url}?lang=ja">' in html
    for code in ("id", "en", "ko", "ja"):
        assert f'hreflang="{code}"' in html
    assert '<meta property="og:locale" content="ja_JP">' in html
    assert 'property="og:image"' in html
    assert "Tas Kulit Domba" in html  # the other languages, below
    # The product changes; the published page does not.
    smes.product_text_save(product=products[0], language="ja", by=trade, name="新しいバッグ", status="reviewed")
    assert "羊革のバッグ" in client.get(url, {"lang": "ja"}).content.decode()
    # The page's own words in its language too (kembar.catalogue.chrome; test_chrome checks every page).
    assert "<dt>最小注文数</dt>" in html
    assert f"<dt>{chrome.get('Minimum order', 'id')}</dt>" in client.get(url).content.decode()


def test_etag_answers_304(client, published):
    url = reverse("catalogue_public_edition", args=[published.region.code, 1])
    first = client.get(url)
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


def test_sitemap_lists_editions_and_items_in_four_languages(client, published):
    xml = client.get(reverse("catalogue_sitemap")).content.decode()
    item = reverse("catalogue_public_item", args=[published.region.code, 1, 1])
    assert f"http://testserver{item}?lang=ko" in xml
    assert 'hreflang="ja"' in xml
    assert reverse("catalogue_public_edition", args=[published.region.code, 1]) in xml


def test_a_visitor_finds_a_product_by_a_japanese_substring(client, published):
    url = reverse("catalogue_public_search", args=[published.region.code])
    html = client.get(url, {"q": "木製", "lang": "ja"}).content.decode()
    assert "チェポット木製人形" in html
    assert reverse("catalogue_public_item", args=[published.region.code, 1, 3]) + "?lang=ja" in html
    bad = client.get(url, {"q": "x" * 200})
    assert bad.status_code == 400 and 'role="alert"' in bad.content.decode()
    assert client.get(url, {"q": "kopi", "category": "nope"}).status_code == 400
    # A page number of digits only Python calls digits ("²") is the first page, not a server error.
    odd = client.get(url, {"q": "木製", "lang": "ja", "page": "²"})
    assert odd.status_code == 200 and "チェポット木製人形" in odd.content.decode()


def test_an_edition_page_costs_the_same_queries_for_four_products_or_twelve(client, published, sme, trade):
    from kembar.testing import queries_of

    from .conftest import make_product

    small = queries_of(client, reverse("catalogue_public_edition", args=[published.region.code, 1]))
    more = [
        make_product(sme, trade, "aneka_ragam", f"Lilin {i}", f"Candle {i}", f"향초 {i}", f"蝋燭 {i}", photo=False)
        for i in range(8)
    ]
    edition = services.edition_create(region=published.region, by=trade, title="Dua", date=published.date)
    services.edition_choose(edition=edition, by=trade, product_ids=[p.pk for p in more])
    services.edition_publish(edition=edition, by=trade)
    assert queries_of(client, reverse("catalogue_public_edition", args=[published.region.code, 2])) == small


def test_a_product_page_leads_a_buyer_to_the_inquiry_form_in_their_language(client, published, products, sme, trade):
    """The button under the contact opens the buyer inquiry (kembar.trade) for this product, in the page's
    language; the form it opens offers the product."""
    smes.sme_verify(sme=sme, by=trade)
    item = published.items.get(position=2)
    html = client.get(reverse("catalogue_public_item", args=[published.region.code, 1, 2]), {"lang": "ja"})
    form_url = reverse("trade_inquiry_create", args=[published.region.code, "ja"]) + f"?produk={item.product_id}"
    assert form_url in html.content.decode()
    form = client.get(form_url)
    assert form.status_code == 200 and "羊革のバッグ" in form.content.decode()


def test_the_programme_menu_leads_trade_staff_to_the_catalogue(client, programme, trade, bandung):
    client.force_login(trade)
    home = client.get(reverse("smes_home", args=[bandung.code])).content.decode()
    assert reverse("catalogue_editions", args=[bandung.code]) in home
    # An SME owner's menu has no link to the staff's catalogue pages (they would answer 403).
    client.force_login(make_member("pemilik", bandung, Role.SME_OWNER))
    home = client.get(reverse("smes_home", args=[bandung.code])).content.decode()
    assert reverse("catalogue_editions", args=[bandung.code]) not in home


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_catalogue_and_the_buyers_form_lead_back_to_the_portal_in_english(
    client, published, products, sme, trade, lang
):
    """The portal is in Indonesian and English: an English, Korean or Japanese reader's "Kembar" link opens the
    English directory, not the Indonesian one."""
    smes.sme_verify(sme=sme, by=trade)
    html = client.get(reverse("catalogue_public_item", args=[published.region.code, 1, 2]), {"lang": lang})
    home = reverse("public_directory") + "?lang=en"
    assert f'href="{home}">Kembar</a>' in html.content.decode()
    item = published.items.get(position=2)
    form_url = reverse("trade_inquiry_create", args=[published.region.code, lang]) + f"?produk={item.product_id}"
    assert form_url in html.content.decode()
    form = client.get(form_url).content.decode()
    assert f'href="{home}"' in form and f'href="{reverse("public_directory")}"' not in form
    assert "Foreign cooperation directory" in client.get(home).content.decode()


def test_an_item_offers_the_inquiry_form_only_while_its_business_is_verified(client, published, sme, trade):
    """The edition keeps its items, but the inquiry form takes only products of verified businesses: the item page
    of a business not (or no longer) verified offers no button that would lead to a 404."""
    url = reverse("catalogue_public_item", args=[published.region.code, 1, 1])
    form_path = reverse("trade_inquiry_create", args=[published.region.code, "id"])
    assert form_path not in client.get(url).content.decode()
    smes.sme_verify(sme=sme, by=trade)
    link = re.search(rf'href="({re.escape(form_path)}[^"]*)"', client.get(url).content.decode()).group(1)
    assert client.get(link.replace("&amp;", "&")).status_code == 200


def test_prices_are_written_as_the_rest_of_the_site_writes_money(client, published, trade):
    """Prices as the SME registry's pages write them: "Rp 150.000", not "Rp150.000" (in English "Rp 150,000"); the
    search's price bands the same way."""
    url = reverse("catalogue_public_item", args=[published.region.code, 1, 1])
    assert "Rp 150.000 – Rp 250.000" in client.get(url).content.decode()
    assert "Rp 150,000 – Rp 250,000" in client.get(url, {"lang": "en"}).content.decode()
    client.force_login(trade)
    search = client.get(reverse("catalogue_search", args=[published.region.code]), {"q": "kulit"}).content.decode()
    assert "Rp 50.000 – Rp 250.000" in search and "Rp50" not in search


@pytest.mark.parametrize("lang", ["id", "ko"])
def test_an_edition_page_offers_each_product_the_inquiry_button_its_page_offers(
    client, published, products, sme, trade, lang
):
    """The edition page's products each have the product page's "Send an inquiry" button under the same rule
    (kembar.trade.selectors.public_products): a live product of a verified business. The button names its product
    to a screen reader, and opens the form in the page's language with the edition page as where the buyer came
    from."""
    from kembar.trade import buyer_text

    code = published.region.code
    url = reverse("catalogue_public_edition", args=[code, published.number])
    form_path = reverse("trade_inquiry_create", args=[code, lang])
    label = buyer_text.get("Send an inquiry", lang)
    assert form_path not in client.get(url, {"lang": lang}).content.decode()  # not verified yet: none

    smes.sme_verify(sme=sme, by=trade)
    smes.product_delete(product=products[1], by=trade)  # the edition keeps it; a buyer cannot ask about it
    html = client.get(url, {"lang": lang}).content.decode()
    items = {i.product_id: i.position for i in published.items.all()}
    for product in products:
        link = f'href="{form_path}?produk={product.pk}&amp;asal=edisi" aria-describedby="item-{items[product.pk]}"'
        assert (link in html) == (product != products[1]), product
    assert html.count(f">{label}</a>") == len(products) - 1
    assert f'id="item-{items[products[0].pk]}"' in html
    # The link leads to the form with the product chosen.
    form = client.get(form_path, {"produk": products[0].pk, "asal": "edisi"})
    assert form.status_code == 200
