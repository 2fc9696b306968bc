"""Kota Bandung looks for a partner in education and creative economy in Japan (issue 20): it sees why the
first three rank where they do, shortlists two, exports the potential-partner study, chooses one, and finds
the new cooperation at its first stage with the study in its dossier. In a real browser.

With KEMBAR_SCREENSHOTS=<folder> the journey also saves its pages at 1280 and 390 px wide."""

import io
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import expect

from kembar.accounts.models import Role
from kembar.testing import make_member, reference_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def bandung_profile():
    """A few of the world's places, Kota Bandung's partner-search profile, Bogor's partnership with Kyoto (a tie
    shown on Kyoto), and a bureau officer of Bandung."""
    from kembar.regions.models import Region
    from kembar.studies.tests.conftest import load_places, make_profile
    from kembar.testing import make_cooperation

    reference_data()
    bandung, bogor = Region.objects.get(code="32.73"), Region.objects.get(code="32.01")
    make_profile(bandung, load_places())
    from kembar.partners.services import partner_create

    kyoto = partner_create(region=bogor, by=None, name="Kyoto", country_id="JP", kind="local_government", level="city")
    make_cooperation(bogor, ref="bogor-kyoto", title="Bogor–Kyoto", partner=kyoto, fields=["Pendidikan"])
    make_member("rina", bandung, Role.BUREAU_STAFF, password="rahasia-123")


def _login(page, base, username):
    page.context.clear_cookies()
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": base}])
    page.goto(f"{base}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "rahasia-123")
    with page.expect_navigation():
        page.keyboard.press("Enter")


def _shot(page, name):
    folder = os.environ.get("KEMBAR_SCREENSHOTS")
    if not folder:
        return
    Path(folder).mkdir(parents=True, exist_ok=True)
    for label, width in (("desktop", 1280), ("phone", 390)):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(Path(folder) / f"studies-{name}-{label}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def _pdftotext(data: bytes) -> str:
    exe = shutil.which("pdftotext")
    if exe is None:
        pytest.skip("pdftotext is missing: install the Debian package poppler-utils")
    done = subprocess.run([exe, "-enc", "UTF-8", "-", "-"], input=data, capture_output=True, check=True)
    return " ".join(done.stdout.decode("utf-8").split())


def _download(page, link_name) -> bytes:
    with page.expect_download() as info:
        page.get_by_role("link", name=link_name).click()
    return Path(info.value.path()).read_bytes()


def test_bandung_finds_a_partner_in_japan_and_starts_the_cooperation(live_server, page, bandung_profile):
    base = live_server.url
    _login(page, base, "rina")
    page.get_by_role("link", name="Partner search").first.click()
    page.wait_for_url(re.compile(r"/r/32\.73/studies/$"))

    # Education and creative economy, in Japan.
    page.select_option("#id_countries", ["JP"])
    page.fill("#id_fields", "Pendidikan\nEkonomi kreatif")
    with page.expect_navigation():
        page.get_by_role("button", name="Rank candidates").click()

    # Why the first three rank where they do: each criterion on both sides, its points, adding up to the score.
    names = []
    for n in (1, 2, 3):
        table = page.locator(f"#rank-{n} table.criteria")
        expect(table).to_be_visible()
        caption = table.locator("caption").inner_text()
        place, score = re.fullmatch(r"Why (.+) scores (\d+)", caption).groups()
        names.append(place)
        adds = [int(t) for t in table.locator("tbody tr td:nth-child(6)").all_inner_texts() if t.strip().isdigit()]
        assert sum(adds) == int(score)
        rows = table.locator("tbody tr")
        assert rows.filter(has_text="Diplomatic relations with Indonesia").locator(".badge").inner_text() == "met"
        assert "Kota Bandung" in table.locator("thead").inner_text() and place in table.locator("thead").inner_text()
    scores = [
        int(re.search(r"scores (\d+)", page.locator(f"#rank-{n} caption").inner_text()).group(1)) for n in (1, 2, 3)
    ]
    assert scores == sorted(scores, reverse=True)
    assert not page.get_by_text("Tel Aviv").count() and not page.get_by_text("Taipei").count()
    _shot(page, "search")

    # Saved with its weights, then two shortlisted.
    page.fill("#id_name", "Pendidikan dan ekonomi kreatif di Jepang")
    with page.expect_navigation():
        page.get_by_role("button", name="Save the search to shortlist candidates").click()
    page.wait_for_url(re.compile(r"/studies/\d+/$"))
    for n in (1, 2):
        with page.expect_navigation():
            page.locator(f"#rank-{n} form button", has_text="Shortlist").click()
    shortlist = page.locator("ol.shortlist > li")
    assert shortlist.count() == 2
    assert names[0] in shortlist.nth(0).inner_text() and names[1] in shortlist.nth(1).inner_text()
    assert page.locator("svg.world-map .marker-candidate").count() == 2
    _shot(page, "shortlist")

    # The study, as PDF and DOCX.
    pdf = _download(page, "Study (PDF)")
    assert pdf.startswith(b"%PDF")
    text = _pdftotext(pdf)
    assert "KAJIAN CALON MITRA KERJA SAMA LUAR NEGERI" in text and names[0] in text and names[1] in text
    from docx import Document

    docx = Document(io.BytesIO(_download(page, "Study (DOCX)")))
    assert any(names[0] in p.text for p in docx.paragraphs)

    # Choose the first: the cooperation opens at its first stage with the study in its dossier.
    shortlist.nth(0).get_by_role("link").first.click()
    page.wait_for_url(re.compile(r"/candidates/\d+/$"))
    _shot(page, "candidate")
    with page.expect_navigation():
        page.get_by_role("button", name=f"Choose {names[0]}").click()
    page.wait_for_url(re.compile(r"/r/32\.73/cooperations/[\w-]+/$"))
    assert page.locator('#procedure li[aria-current="step"] > strong').inner_text() == "Initiative"
    # The study is listed against that stage, as on file.
    supporting = page.locator('#procedure li[aria-current="step"] ul.supporting').inner_text()
    assert "Supporting document (optional): Potential-partner study — on file" in supporting
    assert "not on file" not in supporting
    expect(page.get_by_text(f"Kajian calon mitra: {names[0]}").first).to_be_visible()
    _shot(page, "cooperation")
