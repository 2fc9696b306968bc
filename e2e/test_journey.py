"""A bureau officer's first morning with Kembar, in a real browser."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from kembar.accounts.models import Role
from kembar.testing import TINY_PDF, make_member, reference_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CASE = Path(__file__).resolve().parents[1] / "kembar" / "demo" / "cases" / "bandung-liuzhou.yaml"


@pytest.fixture
def bandung_officer():
    from kembar.cooperations.casefile import import_files

    reference_data()
    import_files([CASE])
    return make_member("rina", _region("32.73"), Role.BUREAU_STAFF, password="rahasia-123")


def _region(code):
    from kembar.regions.models import Region

    return Region.objects.get(code=code)


def test_staff_opens_liuzhou_uploads_pdf_sees_timeline_switches_to_english(
    live_server, page, bandung_officer, tmp_path
):
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Nama pengguna").fill("rina")
    page.get_by_label("Sandi").fill("rahasia-123")
    page.get_by_role("button", name="Masuk").click()

    # One region: straight to its list of cooperations.
    page.get_by_role("link", name=re.compile("Bandung–Liuzhou")).click()
    expect(page.get_by_role("heading", name="Kerja Sama Kota Bersaudara Bandung–Liuzhou")).to_be_visible()
    timeline = page.locator("ol.timeline")
    expect(timeline.get_by_text("21 September 2006").first).to_be_visible()

    page.get_by_role("link", name="Tambah dokumen").click()
    page.get_by_label("Jenis").select_option("mou")
    page.get_by_label("Judul").fill("Pindaian MoU 2006")
    page.get_by_label("Tanggal", exact=True).fill("2006-09-21")
    scan = tmp_path / "mou-2006.pdf"
    scan.write_bytes(TINY_PDF)
    page.get_by_label("Berkas").set_input_files(str(scan))
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_text("mou-2006.pdf").first).to_be_visible()

    page.get_by_role("link", name="Kerja Sama Kota Bersaudara Bandung–Liuzhou").click()
    expect(page.locator("ol.timeline").get_by_text("mou-2006.pdf")).to_be_visible()

    page.get_by_role("button", name="English").click()
    expect(page.get_by_role("heading", name="Timeline")).to_be_visible()
    expect(page.locator(".heading").get_by_role("link", name="History")).to_be_visible()
    expect(
        page.get_by_role("navigation", name="Sections of the dossier").get_by_role("link", name="History")
    ).to_be_visible()
    assert page.locator("html").get_attribute("lang") == "en"
