"""In a real browser (Debian's Chromium): trade staff build an edition of the reviewed products, publish it, make
its print PDF (watching the progress) and download it; a visitor reading Japanese finds a product by a Japanese
substring in the online catalogue. Pages at 1280 and 390 px wide; with KEMBAR_SCREENSHOTS=<folder> they are
saved there."""

import os
import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import expect

from kembar.accounts.models import Role
from kembar.testing import make_member, reference_data

from .conftest import PRODUCTS, make_product

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "rahasia-123"


@pytest.fixture
def programme():
    from kembar.catalogue import services
    from kembar.regions.models import Region
    from kembar.smes import services as smes

    reference_data()
    bandung = Region.objects.get(code="32.73")
    trade = make_member("dagang", bandung, Role.TRADE_STAFF, password=PASSWORD)
    services.settings_update(region=bandung, by=trade, enabled=True, max_products=100)
    sme = smes.sme_create(
        region=bandung,
        by=trade,
        name="Rajut Cihampelas",
        owner_name="Siti",
        phone="+62 22 1234567",
        is_sample=True,
    )
    products = [make_product(sme, trade, *row) for row in PRODUCTS]
    draft = make_product(sme, trade, "kerajinan", "Angklung Kecil", "Small Angklung", "앙클룽", "アンクルン")
    smes.product_text_save(product=draft, language="ja", by=trade, name="小さなアンクルン")  # draft again
    return {"products": products, "draft": draft}


def _shot(tab, name):
    folder = os.environ.get("KEMBAR_SCREENSHOTS")
    if not folder:
        return
    Path(folder).mkdir(parents=True, exist_ok=True)
    for width, suffix in ((1280, "desktop"), (390, "phone")):
        tab.set_viewport_size({"width": width, "height": 900 if width > 500 else 844})
        tab.screenshot(path=f"{folder}/{name}-{suffix}.png", full_page=True)
    tab.set_viewport_size({"width": 1280, "height": 900})


def test_staff_build_publish_and_print_an_edition(live_server, page, programme, tmp_path):  # noqa: F811
    base = live_server.url
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": base}])
    page.goto(f"{base}/login/")
    page.fill("#id_username", "dagang")
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")

    page.goto(f"{base}/r/32.73/katalog/")
    page.fill("#id_title", "Little Bandung 2026")
    with page.expect_navigation():
        page.get_by_role("button", name="Create the edition").click()
    expect(page.get_by_role("heading", name="Edition 1: Little Bandung 2026")).to_be_visible()
    # The product whose Japanese text is a draft cannot be chosen; the four reviewed ones can.
    expect(page.locator(f"#p-{programme['draft'].pk}")).to_be_disabled()
    for product in programme["products"]:
        page.locator(f"#p-{product.pk}").check()
    _shot(page, "catalogue-edition-draft")
    with page.expect_navigation():
        page.get_by_role("button", name="Save the choice").click()
    expect(page.get_by_text("4 products chosen.").first).to_be_visible()
    with page.expect_navigation():
        page.locator("#publish").click()
    expect(page.locator("#edition-status")).to_contain_text("Published")
    with page.expect_navigation():
        page.locator("#pdf-make").click()
    expect(page.locator("#pdf-status")).to_have_attribute("data-status", "done", timeout=120_000)
    expect(page.locator("#pdf-percent")).to_have_text("100%")
    _shot(page, "catalogue-edition-published")
    with page.expect_download() as info:
        page.locator("#pdf-download").click()
    target = tmp_path / info.value.suggested_filename
    info.value.save_as(target)
    assert target.name == "katalog-3273-edisi-1.pdf"
    text = subprocess.run(["pdftotext", str(target), "-"], capture_output=True, check=True).stdout.decode()
    assert "양가죽 가방" in text and "羊革のバッグ" in text
    if os.environ.get("KEMBAR_SCREENSHOTS"):
        pages = ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "3", str(target)]
        subprocess.run([*pages, f"{os.environ['KEMBAR_SCREENSHOTS']}/catalogue-pdf"], check=True)


def test_a_visitor_reading_japanese_finds_it_by_a_japanese_substring(live_server, browser, programme):  # noqa: F811
    import datetime as dt

    from kembar.catalogue import chrome, services
    from kembar.regions.models import Region

    bandung = Region.objects.get(code="32.73")
    edition = services.edition_create(region=bandung, by=None, title="Little Bandung 2026", date=dt.date(2026, 11, 1))
    services.edition_choose(edition=edition, by=None, product_ids=[p.pk for p in programme["products"]])
    services.edition_publish(edition=edition, by=None)

    context = browser.new_context(locale="ja-JP", viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    tab.goto(f"{live_server.url}/katalog/32.73/?lang=ja")
    _shot(tab, "catalogue-public-region-ja")
    tab.fill("#q", "木製")
    with tab.expect_navigation():
        tab.get_by_role("button", name=chrome.get("Search", "ja")).click()  # the page's words are Japanese
    expect(tab.locator("#found")).to_contain_text("1")
    result = tab.locator("#results a")
    expect(result).to_contain_text("チェポット木製人形")
    _shot(tab, "catalogue-public-search-ja")
    with tab.expect_navigation():
        result.click()
    expect(tab.locator("h1")).to_have_text("チェポット木製人形")
    expect(tab.locator("html")).to_have_attribute("lang", "ja")
    _shot(tab, "catalogue-public-item-ja")
    tab.goto(f"{live_server.url}/katalog/32.73/1/?lang=ja")
    _shot(tab, "catalogue-public-edition-ja")
    context.close()


#: Each search filter's label and its list, where the page shows them: [label, list's top, label's top, bottoms].
_FACETS = """() => [...document.querySelectorAll('.facets label')].map(label => {
    const list = document.getElementById(label.htmlFor), a = label.getBoundingClientRect(),
        b = list.getBoundingClientRect();
    return [label.textContent, a.top, a.bottom, b.top, b.bottom, a.right <= b.left + 1];
})"""


@pytest.mark.parametrize("lang", ["id", "ja"])
def test_each_search_filter_stays_beside_its_label(live_server, browser, programme, lang):  # noqa: F811
    """The online catalogue's search filters at a desktop's and a phone's width: each label on the line of its list,
    before it, never a label left at a line's end with its list on the next (\"Harga\" at 1280 px did)."""
    import datetime as dt

    from kembar.catalogue import services
    from kembar.regions.models import Region
    from kembar.testing import sideways_scroll

    bandung = Region.objects.get(code="32.73")
    edition = services.edition_create(region=bandung, by=None, title="Little Bandung 2026", date=dt.date(2026, 11, 1))
    services.edition_choose(edition=edition, by=None, product_ids=[p.pk for p in programme["products"]])
    services.edition_publish(edition=edition, by=None)

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    tab.goto(f"{live_server.url}/katalog/32.73/cari/?q=木製&lang={lang}")
    for width in (1280, 390):
        tab.set_viewport_size({"width": width, "height": 900})
        facets = tab.evaluate(_FACETS)
        assert len(facets) == 4, (width, tab.url, tab.inner_text("main")[:800])
        for name, label_top, label_bottom, list_top, list_bottom, before in facets:
            # Each overlaps the other's line, the label first.
            assert label_top < list_bottom and list_top < label_bottom and before, (width, name)
        assert sideways_scroll(tab) <= 0, width
    _shot(tab, f"catalogue-public-search-filters-{lang}")
    context.close()
