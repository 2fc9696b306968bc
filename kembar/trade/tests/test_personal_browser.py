"""A buyer reading Japanese (and one reading Korean) finds the download and erase buttons on their status page,
at a desktop's and a phone's width, without a page wider than the screen; the Korean buyer erases their data.
In a real browser (Debian's Chromium). With KEMBAR_SCREENSHOTS=<folder> the pages are saved at 1280 and 390 px."""

import os
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from kembar.testing import sideways_scroll

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (("desktop", 1280), ("phone", 390))


@pytest.fixture
def buyers(bandung):
    from kembar.accounts.models import Role
    from kembar.testing import make_member

    from .conftest import make_sme, send_inquiry

    staff = make_member("dagang", bandung, Role.TRADE_STAFF)
    _sme, products = make_sme(bandung, by=staff, name="Anyaman Cibaduyut", products=2)
    _ko, ko = send_inquiry(bandung, products[:1], email="minji@example.kr", language="ko")
    _ja, ja = send_inquiry(bandung, products, email="tanaka@example.jp", country="JP", language="ja")
    return {"ko": ko, "ja": ja}


def _look(page, name):
    """At each width: no sideways scrolling; saved when screenshots are asked for."""
    folder = os.environ.get("KEMBAR_SCREENSHOTS")
    for label, width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        overflow = sideways_scroll(page)
        assert overflow <= 0, (name, label, overflow)
        expect(page.locator("#buyer-download")).to_be_visible()
        if folder:
            Path(folder).mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(Path(folder) / f"trade-{name}-{label}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_buyers_download_and_erase_from_their_status_page(live_server, page, buyers):
    base = live_server.url
    page.goto(f"{base}/tanya/status/{buyers['ja']}/")
    expect(page.get_by_role("link", name="データをダウンロード（JSON）")).to_be_visible()
    expect(page.get_by_role("link", name="データを消去")).to_be_visible()
    _look(page, "buyer-status-ja")

    page.goto(f"{base}/tanya/status/{buyers['ko']}/")
    expect(page.get_by_role("link", name="내 데이터 내려받기 (JSON)")).to_be_visible()
    _look(page, "buyer-status-ko")
    with page.expect_download() as download:
        page.locator("#buyer-download").click()
    assert download.value.suggested_filename.startswith("kembar-P-")
    page.get_by_role("link", name="내 데이터 삭제").click()
    expect(page.get_by_text(re.compile("영구히 삭제됩니다"))).to_be_visible()
    page.get_by_role("button", name="내 데이터 삭제").click()
    expect(
        page.get_by_text("성함, 회사명, 이메일이 삭제되었습니다. 문의 내용은 이 정보 없이 남습니다.")
    ).to_be_visible()
    assert page.locator("#buyer-erase-link").count() == 0
    _look(page, "buyer-erased-ko")
