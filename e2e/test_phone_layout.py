"""On a phone (390×844): the header stays compact behind its Menu button, and no button, heading, label or
table cell breaks a word in two — each word of their text is laid out on one line."""

import pytest
from playwright.sync_api import expect

from kembar.accounts.models import Role
from kembar.testing import make_member, sideways_scroll

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}

#: Words (split at spaces, dashes and slashes, where a line may break) laid out over more than one line, in
#: the elements a reader scans; words of 25 characters or more (addresses, file names) may wrap.
BROKEN_WORDS = """() => {
  const out = [];
  const scope = 'button, .button, h1, h2, h3, th, td, summary, label, dt, .badge, nav a, .stats li';
  for (const el of document.querySelectorAll(scope)) {
    if (!el.offsetParent && el.tagName !== 'SUMMARY') continue;  // hidden
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent;
      const word = /[^\\s\\-–—\\/]+/g;
      for (let m = word.exec(text); m; m = word.exec(text)) {
        if (m[0].length >= 25 || !/[A-Za-z0-9]/.test(m[0])) continue;
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        const tops = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
        if (tops.size > 1) out.push(`${el.tagName.toLowerCase()}: ${m[0]}`);
      }
    }
  }
  return out;
}"""

#: Buttons whose text is wider than the button.
CLIPPED = """() => [...document.querySelectorAll('button, .button')]
  .filter(b => b.offsetParent && b.scrollWidth > b.clientWidth + 1)
  .map(b => b.textContent.trim())"""


def _log_in(page, live_server, username, password="rahasia-123"):
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/login/" not in url)


def _check(page, url):
    page.goto(url)
    header = page.locator("header.top").bounding_box()
    assert header["height"] < 0.25 * PHONE["height"], f"{url}: header {header['height']}px tall"
    assert page.evaluate(BROKEN_WORDS) == [], url
    assert page.evaluate(CLIPPED) == [], url


def test_the_header_is_compact_and_no_word_breaks_on_a_phone(live_server, browser, officer):
    context = browser.new_context(viewport=PHONE, locale="id-ID")
    page = context.new_page()
    page.set_default_timeout(15_000)
    _log_in(page, live_server, "rina")
    assert page.url == f"{live_server.url}/r/32.73/"  # the bureau lands on its cooperations
    for path in (
        "/r/32.73/",
        "/r/32.73/cooperations/bandung-liuzhou/",
        "/r/32.73/dashboard/",
        "/r/32.73/deadlines/",
        "/r/32.73/plans/",
        "/alerts/",
    ):
        _check(page, live_server.url + path)

    # The menu opens from its button and holds the region's links, also on a page outside the region.
    page.goto(f"{live_server.url}/alerts/")
    nav = page.locator("header nav")
    expect(nav).not_to_be_visible()
    page.locator("header summary").click()
    expect(nav).to_be_visible()
    assert page.locator("header nav a", has_text="Kerja sama").get_attribute("href") == "/r/32.73/"
    assert page.evaluate(BROKEN_WORDS) == []
    # The dossier's section bar stays at the top while the page scrolls, and leads to the timeline.
    page.goto(f"{live_server.url}/r/32.73/cooperations/bandung-liuzhou/")
    page.locator("nav.sections a", has_text="Linimasa").click()
    bar = page.locator("nav.sections").bounding_box()
    heading = page.locator("#h-timeline").bounding_box()
    assert bar["y"] == 0 and bar["height"] < 60 and 0 < heading["y"] < PHONE["height"] / 2
    context.close()


def test_the_national_dashboard_fits_a_phone(live_server, browser, officer):
    make_member("pusat", None, Role.NATIONAL_OVERSEER, password="rahasia-123")
    context = browser.new_context(viewport=PHONE, locale="id-ID")
    page = context.new_page()
    _log_in(page, live_server, "pusat")
    assert page.url == f"{live_server.url}/national/dashboard/"
    _check(page, page.url)
    overflow = sideways_scroll(page)
    assert overflow <= 0
    context.close()


def test_the_bureaus_organisation_list_is_cards_on_a_phone(live_server, browser, officer):
    """Registered organisations (six columns) become one card per organisation, each value labelled, with the
    decision buttons inside the screen: nothing to scroll sideways."""
    from kembar.participation import organisations
    from kembar.regions.models import Region

    bandung = Region.objects.get(code="32.73")
    for name in ("Sanggar Angklung Udjo Muda", "Komunitas Literasi Braga"):
        org, _secret = organisations.organisation_register(
            region=bandung, name=name, kind="community", email=f"{name[:5]}@example.org"
        )
        organisations.organisation_confirm(org=org, signed=organisations._confirm.sign(str(org.pk)))
    context = browser.new_context(viewport=PHONE, locale="id-ID")
    page = context.new_page()
    _log_in(page, live_server, "rina")
    _check(page, f"{live_server.url}/r/32.73/organisasi/")
    table = page.locator("table.card-table")
    assert table.bounding_box()["width"] <= PHONE["width"]
    assert page.evaluate(
        "document.querySelector('.table-wrap').scrollWidth <= document.querySelector('.table-wrap').clientWidth"
    )
    card = page.locator("table.card-table tbody tr").first.bounding_box()
    assert card["height"] > 150  # a card of labelled lines, not a squeezed row
    labels = page.evaluate(
        "[...document.querySelectorAll('table.card-table tbody tr:first-child td')]"
        ".map(td => getComputedStyle(td, '::before').content)"
    )
    assert labels[:3] == ['"Nomor"', '"Organisasi"', '"Jenis"']  # each value labelled in its card
    context.close()


def _edge_shades(wrap) -> tuple[float, float]:
    """The mean brightness (0–255) of the leftmost and rightmost 4 px of an element as the screen shows it."""
    import io

    from PIL import Image, ImageStat

    image = Image.open(io.BytesIO(wrap.screenshot())).convert("L")
    width, height = image.size
    left = ImageStat.Stat(image.crop((0, 0, 4, height))).mean[0]
    right = ImageStat.Stat(image.crop((width - 4, 0, width, height))).mean[0]
    return left, right


def test_a_wide_table_shows_a_shadow_where_more_columns_lie_on_a_phone(live_server, browser, officer):
    context = browser.new_context(viewport=PHONE, locale="id-ID")
    page = context.new_page()
    _log_in(page, live_server, "rina")
    page.goto(f"{live_server.url}/r/32.73/cooperations/bandung-liuzhou/evaluation/")
    index = page.evaluate(
        "[...document.querySelectorAll('.table-wrap')].findIndex(w => w.scrollWidth > w.clientWidth + 40)"
    )
    assert index >= 0, "no table on the evaluation page is wider than a phone"
    wrap = page.locator(".table-wrap").nth(index)
    wrap.scroll_into_view_if_needed()
    start_left, start_right = _edge_shades(wrap)
    wrap.evaluate("w => { w.scrollLeft = w.scrollWidth; }")
    end_left, end_right = _edge_shades(wrap)
    # At the start, more columns lie to the right: a shadow there, none on the left; at the end, the reverse.
    assert start_right < end_right - 8 and end_left < start_left - 8, (start_left, start_right, end_left, end_right)
    context.close()


def test_the_header_is_two_lines_on_a_desktop(live_server, browser, officer):
    """At 1280 px the bureau's header is one line of search, language and the person, and the menu's links below
    it on at most two lines, in Indonesian and in English: not a column of forms beside wrapped links (it took
    268 px before)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="id-ID")
    page = context.new_page()
    page.set_default_timeout(15_000)
    _log_in(page, live_server, "rina")
    for language in ("id", "en"):
        context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
        page.goto(f"{live_server.url}/r/32.73/")
        assert page.locator("html").get_attribute("lang") == language
        header = page.locator("header.top").bounding_box()
        logout = page.locator("header .logout button").bounding_box()
        search = page.locator("header .search-box input").bounding_box()
        links = page.eval_on_selector_all(
            "header nav a", "els => els.map(a => { const r = a.getBoundingClientRect(); return [r.top, r.height]; })"
        )
        assert len(links) > 12  # the bureau's whole menu, shown without opening it
        assert all(height > 0 for _top, height in links)
        assert logout["y"] < search["y"] + search["height"], language  # the person and the search share a line
        assert min(top for top, _h in links) > search["y"] + search["height"]  # the links below them
        assert len({round(top) for top, _h in links}) <= 2, language
        assert header["height"] < 160, (language, header)
    context.close()
