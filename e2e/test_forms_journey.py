"""Forms that forgive (issue 16, part 2), in a real browser: three quick clicks make one activity, a date is
read as typed, and an upload error puts the focus on its summary (a too-large file never leaves the browser)."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DOSSIER = "/r/32.73/cooperations/bandung-liuzhou/"


def _login(page, base):
    page.goto(f"{base}/login/")
    page.fill("#id_username", "rina")
    page.fill("#id_password", "rahasia-123")
    with page.expect_navigation():
        page.keyboard.press("Enter")


def _activities(title):
    from kembar.cooperations.models import Activity

    return Activity.objects.filter(title=title).count()


def test_three_quick_clicks_on_simpan_make_one_activity(live_server, page, officer):
    base = live_server.url
    _login(page, base)
    page.goto(f"{base}{DOSSIER}activities/new/")
    title = "Kunjungan delegasi pendidikan Liuzhou"
    page.get_by_label("Apa yang terjadi").fill(title)
    page.locator("#id_date").fill("31/12/2024")
    assert page.locator("input[name=form_token]").count() == 1  # the server's rule: one record per token
    save = page.get_by_role("button", name="Simpan")
    save.scroll_into_view_if_needed()
    box = save.bounding_box()
    posts = []
    page.on("request", lambda r: posts.append(r.url) if r.method == "POST" else None)
    with page.expect_navigation(url=f"{base}{DOSSIER}"):
        for _click in range(3):  # as fast as a hand can: the button is disabled after the first
            page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    assert len(posts) == 1
    assert _activities(title) == 1
    expect(page.get_by_text(f"Kegiatan “{title}” dicatat.")).to_be_visible()
    from kembar.cooperations.models import Activity

    assert str(Activity.objects.get(title=title).date) == "2024-12-31"  # 31/12/2024, read as typed


def test_an_upload_error_puts_the_focus_on_the_summary(live_server, page, officer, tmp_path):
    base = live_server.url
    _login(page, base)
    page.goto(f"{base}{DOSSIER}documents/new/")
    page.get_by_label("Jenis").select_option("mou")
    page.get_by_label("Judul").fill("Pindaian MoU 2006")
    page.locator("#id_date").fill("21 Sept 2006")
    fake = tmp_path / "mou.pdf"
    fake.write_bytes(b"this is not a PDF at all")
    page.get_by_label("Berkas").set_input_files(str(fake))
    with page.expect_navigation():
        page.get_by_role("button", name="Simpan").click()
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_visible()
    assert page.evaluate("document.activeElement.hasAttribute('data-error-summary')")
    assert "Jenis berkas ini tidak diterima" in summary.inner_text()
    assert "pilih berkasnya lagi" in summary.inner_text()
    # What was typed is still there; the link in the summary leads to the field.
    assert page.get_by_label("Judul").input_value() == "Pindaian MoU 2006"
    assert page.locator("#id_date").input_value() == "21 Sept 2006"
    summary.get_by_role("link", name="Berkas").click()
    assert page.evaluate("document.activeElement.id") == "id_upload"


def test_a_file_over_the_limit_is_stopped_before_it_is_sent(live_server, page, officer, tmp_path, settings):
    from kembar.cooperations.models import Document

    settings.KEMBAR_UPLOAD_MAX_MB = 1
    base = live_server.url
    _login(page, base)
    page.goto(f"{base}{DOSSIER}documents/new/")
    assert page.get_by_label("Berkas").get_attribute("data-max-bytes") == str(1024 * 1024)
    page.get_by_label("Judul").fill("Laporan tahunan")
    big = tmp_path / "laporan.pdf"
    big.write_bytes(b"%PDF-1.4\n" + b"0" * (2 * 1024 * 1024))
    page.get_by_label("Berkas").set_input_files(str(big))
    note = page.locator(".file-too-large")
    assert note.inner_text() == "Berkas berukuran 2,0 MB; batasnya 1 MB."
    posts = []
    page.on("request", lambda r: posts.append(r.url) if r.method == "POST" else None)
    page.get_by_role("button", name="Simpan").click()
    page.wait_for_timeout(500)
    assert posts == [] and not Document.objects.filter(title="Laporan tahunan").exists()
    assert page.evaluate("document.activeElement.id") == "id_upload"
    assert page.get_by_role("button", name="Simpan").is_enabled()  # nothing was sent: it can be sent again
