"""A bureau officer generates the annual report for 2022, watches its progress and downloads the PDF (issue 5)."""

import glob

import pytest
from playwright.sync_api import expect

from kembar.accounts.models import Role
from kembar.testing import make_member, reference_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def people():
    from kembar.cooperations.casefile import import_files
    from kembar.regions.models import Region

    reference_data()
    import_files(sorted(glob.glob("kembar/demo/cases/*.yaml")))
    make_member("rina", Region.objects.get(code="32.73"), Role.BUREAU_STAFF, password="rahasia-123")


def test_officer_generates_watches_and_downloads_the_annual_report(live_server, page, people, tmp_path):
    base = live_server.url
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": base}])
    page.goto(f"{base}/login/")
    page.fill("#id_username", "rina")
    page.fill("#id_password", "rahasia-123")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    page.goto(f"{base}/r/32.73/")
    page.get_by_role("link", name="Reports").click()
    expect(page.get_by_role("heading", name="Generate the annual report")).to_be_visible()
    page.fill("#id_year", "2022")
    page.select_option("#id_format", "pdf")
    with page.expect_navigation():
        page.get_by_role("button", name="Generate").click()

    # The progress element reaches 100 and says done (htmx polls it every second until then).
    expect(page.locator("#report-status")).to_have_attribute("data-status", "done", timeout=60_000)
    expect(page.locator("#report-bar")).to_have_attribute("value", "100")
    expect(page.locator("#report-percent")).to_have_text("100%")

    with page.expect_download() as info:
        page.locator("#report-download").click()
    download = info.value
    assert download.suggested_filename == "laporan-ksdpl-ksdll-3273-2022.pdf"
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    assert target.read_bytes().startswith(b"%PDF")

    # The generated report is kept in the list with its checksum.
    page.goto(f"{base}/r/32.73/reports/")
    expect(page.locator("table")).to_contain_text("2022")
    expect(page.locator("table")).to_contain_text("Rina")


def test_the_progress_polls_until_a_queued_report_is_done(live_server, page, people):
    """With a queued backend (workers), the page polls the progress partial and stops when done."""
    from kembar.regions.models import Region
    from kembar.reports.services import report_request, report_run

    report = report_request(region=Region.objects.get(code="32.73"), by=None, year=2022, format="xlsx", enqueue=False)
    base = live_server.url
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": base}])
    page.goto(f"{base}/login/")
    page.fill("#id_username", "rina")
    page.fill("#id_password", "rahasia-123")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.goto(f"{base}/r/32.73/reports/{report.pk}/")
    expect(page.locator("#report-status")).to_have_attribute("data-status", "queued")
    expect(page.locator("#report-download")).to_have_count(0)
    report_run(report=report)  # what a worker does
    expect(page.locator("#report-status")).to_have_attribute("data-status", "done", timeout=10_000)
    expect(page.locator("#report-bar")).to_have_attribute("value", "100")
    expect(page.locator("#report-download")).to_be_visible()
    expect(page.locator("#report-progress")).not_to_have_attribute("hx-trigger", "every 1s")
