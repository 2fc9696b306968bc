"""The cooperation list's selected rows in a browser: the header's box ticks the page, the bureau assigns a
person in charge to the ticked rows, and exports the ticked rows to XLSX."""

import io

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_select_the_page_assign_and_export(live_server, page, officer):
    from kembar.regions.models import Region
    from kembar.testing import make_cooperation

    make_cooperation(Region.objects.get(code="32.73"), ref="bandung-suwon", title="Kerjasama Sister City Suwon")
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "rina")
    page.fill("#id_password", "rahasia-123")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/r/32.73/")

    rows = page.locator('input[name="ids"][form="bulk"]')
    assert rows.count() == 2
    page.get_by_label("Pilih semua kerja sama di halaman ini").check()
    assert all(rows.nth(i).is_checked() for i in range(2))
    assert page.locator("[data-selected-count]").inner_text() == "Dipilih di halaman ini: 2"

    page.get_by_label("Penanggung jawab", exact=True).last.fill("Rina Marlina")
    page.get_by_role("button", name="Tugaskan").click()
    page.wait_for_load_state("load")
    expect(page.get_by_text("Rina Marlina kini menjadi penanggung jawab 2 kerja sama.")).to_be_visible()
    assert page.locator("#results td", has_text="Rina Marlina").count() == 2

    rows.first.check()
    assert page.locator("[data-selected-count]").inner_text() == "Dipilih di halaman ini: 1"
    with page.expect_download() as download:
        page.get_by_role("button", name="Ekspor yang dipilih (XLSX)").click()
    sheet = load_workbook(io.BytesIO(open(download.value.path(), "rb").read())).active
    assert [row[0].value for row in sheet.iter_rows(min_row=2)] == ["bandung-liuzhou"]
