"""Keyboard, screen-reader labels and phone widths on the main screens."""

from pathlib import Path

import pytest

from kembar.accounts.models import Role
from kembar.testing import make_member, reference_data, sideways_scroll

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CASE = Path(__file__).resolve().parents[1] / "kembar" / "demo" / "cases" / "bandung-liuzhou.yaml"
PAGES = [
    "/r/32.73/",
    "/r/32.73/cooperations/bandung-liuzhou/",
    "/r/32.73/cooperations/bandung-liuzhou/edit/",
    "/r/32.73/cooperations/bandung-liuzhou/documents/new/",
    "/r/32.73/cooperations/bandung-liuzhou/history/",
    "/r/32.73/cooperations/bandung-liuzhou/evaluation/",
    "/r/32.73/partners/",
    "/r/32.73/trash/",
    "/r/32.73/pendaftaran/",
    "/r/32.73/organisasi/",
    "/data/",
]

UNLABELLED = """() => [...document.querySelectorAll('input:not([type=hidden]), select, textarea, button')]
  .filter(el => {
    const byFor = el.id && document.querySelector(`label[for="${el.id}"]`);
    const text = (el.getAttribute('aria-label') || el.textContent || '').trim();
    return !(byFor || el.closest('label') || text);
  }).map(el => el.outerHTML.slice(0, 120))"""


@pytest.fixture
def logged_in(live_server, page):
    from kembar.cooperations.casefile import import_files
    from kembar.regions.models import Region

    reference_data()
    import_files([CASE])
    make_member("rina", Region.objects.get(code="32.73"), Role.BUREAU_STAFF, password="rahasia-123")
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "rina")
    page.fill("#id_password", "rahasia-123")
    page.keyboard.press("Enter")  # the form works from the keyboard
    page.wait_for_url(f"{live_server.url}/r/32.73/")
    return page


def test_every_control_has_a_label_and_pages_fit_a_phone(live_server, logged_in):
    page = logged_in
    for path in PAGES:
        page.set_viewport_size({"width": 1280, "height": 900})
        page.goto(live_server.url + path)
        assert page.evaluate(UNLABELLED) == [], path
        assert page.locator("h1").count() == 1, path
        page.set_viewport_size({"width": 375, "height": 740})
        overflow = sideways_scroll(page)
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px on a phone"


def test_skip_link_and_keyboard_navigation(live_server, logged_in):
    page = logged_in
    page.goto(live_server.url + "/r/32.73/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    # Filtering by keyboard: type in search, results update without a mouse.
    page.focus("#id_q")
    page.keyboard.type("liuzhou")
    page.keyboard.press("Enter")
    page.wait_for_url("**/r/32.73/?q=liuzhou*")
    page.get_by_role("link", name="Kerja Sama Kota Bersaudara Bandung–Liuzhou").wait_for()
    assert page.locator("#results tbody tr").count() == 1
