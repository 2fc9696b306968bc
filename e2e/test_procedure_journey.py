"""A new sister city with Nagoya, from initiative to signing, in a real browser (issue 3).

The bureau cannot record the signing early: the refusal names what is missing and the rule.
The DPRD approves the plan from its own login; the central approval and Kemlu consideration
letters are filed; then signing is recorded.
"""

import re

import pytest
from playwright.sync_api import expect

from kembar.accounts.models import Role
from kembar.testing import TINY_PDF, make_member, reference_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def people():
    from kembar.regions.models import Region

    reference_data()
    bandung = Region.objects.get(code="32.73")
    make_member("rina", bandung, Role.BUREAU_STAFF, password="rahasia-123")
    make_member("dewan", bandung, Role.DPRD, password="rahasia-123")


def _login(page, base, username):
    page.context.clear_cookies()
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": base}])
    page.goto(f"{base}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "rahasia-123")
    with page.expect_navigation():
        page.keyboard.press("Enter")


def _add_document(page, base, kind, title, date, tmp_path):
    page.goto(f"{base}/r/32.73/cooperations/bandung-nagoya/documents/new/")
    page.select_option("#id_kind", kind)
    page.fill("#id_title", title)
    page.fill("#id_date", date)
    letter = tmp_path / f"{kind}.pdf"
    letter.write_bytes(TINY_PDF)
    page.set_input_files("#id_upload", str(letter))
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(re.compile(r"/documents/\d+/$"))


def _open_stage_form(page):
    page.locator("#procedure details.action summary", has_text="Record a completed stage").click()


def _complete_current(page, base):
    page.goto(f"{base}/r/32.73/cooperations/bandung-nagoya/")
    _open_stage_form(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Record as complete").click()


def _current_stage(page):
    return page.locator('#procedure li[aria-current="step"] > strong').inner_text()


def test_nagoya_from_initiative_to_signing(live_server, page, people, tmp_path):
    base = live_server.url
    _login(page, base, "rina")

    page.goto(f"{base}/r/32.73/partners/new/")
    page.fill("#id_name", "Nagoya")
    page.fill("#id_name_local", "名古屋市")
    page.select_option("#id_country", "JP")
    page.select_option("#id_kind", "local_government")
    page.select_option("#id_level", "city")
    page.get_by_role("button", name="Save").click()

    page.goto(f"{base}/r/32.73/cooperations/new/")
    page.fill("#id_ref", "bandung-nagoya")
    page.fill("#id_title", "Kerja Sama Kota Kembar Bandung–Nagoya")
    page.select_option("#id_partner", label="Nagoya (名古屋市)")
    page.select_option("#id_type", "KSDPL")
    page.select_option("#id_form", "sister_city")
    page.select_option("#id_status", "in_preparation")
    page.select_option("#id_rule_pack", "permendagri-25-2020")
    page.fill("#id_fields", "Pertukaran budaya\nPromosi potensi daerah dan pariwisata")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(f"{base}/r/32.73/cooperations/bandung-nagoya/")

    page.get_by_role("button", name="Follow this procedure").click()
    _complete_current(page, base)  # prakarsa
    _complete_current(page, base)  # penjajakan
    assert _current_stage(page) == "Letter of intent"

    # Signing now, by ticking every stage up to it as a "compressed path": refused, with the reason.
    _open_stage_form(page)
    boxes = page.locator('#procedure input[name="stages"]')
    for i in range(boxes.count()):
        boxes.nth(i).check()
        if "penandatanganan" == boxes.nth(i).get_attribute("value"):
            break
    page.fill("#procedure-justification", "The mayor wants to sign during next week's visit to Nagoya.")
    with page.expect_navigation():
        page.get_by_role("button", name="Record as complete").click()
    # Refused at the form, shown again with what was typed (nothing recorded).
    refusal = " ".join(page.locator("#procedure .errors").all_inner_texts())
    assert "DPRD approval" in refusal and "Central approval" in refusal
    assert page.input_value("#procedure-justification").startswith("The mayor wants to sign")
    assert _current_stage(page) == "Letter of intent"

    _add_document(page, base, "loi", "Letter of Intent Bandung–Nagoya", "2026-03-02", tmp_path)
    _complete_current(page, base)  # pernyataan kehendak

    page.goto(f"{base}/r/32.73/cooperations/bandung-nagoya/plan/")
    for area in page.locator("form textarea").all():
        area.fill("Isi rencana kerja sama Bandung–Nagoya untuk bagian ini.")
    page.get_by_role("button", name="Save and submit to the DPRD").click()
    page.wait_for_load_state()
    _complete_current(page, base)  # rencana kerja sama
    assert _current_stage(page) == "DPRD approval"

    _login(page, base, "dewan")
    page.goto(f"{base}/r/32.73/plans/")
    page.get_by_role("link", name=re.compile("Bandung–Nagoya")).first.click()
    page.get_by_role("link", name="Record decision").click()
    page.get_by_label("Approve the plan").check()
    page.fill("#id_notes", "Disetujui dalam rapat paripurna.")
    letter = tmp_path / "keputusan-dprd.pdf"
    letter.write_bytes(TINY_PDF)
    page.set_input_files("#id_letter", str(letter))
    page.get_by_role("button", name="Record decision").click()
    page.wait_for_load_state()

    _login(page, base, "rina")
    _complete_current(page, base)  # persetujuan DPRD
    _complete_current(page, base)  # verifikasi
    _add_document(page, base, "mou", "MoU Bandung–Nagoya (final text)", "2026-06", tmp_path)
    _complete_current(page, base)  # naskah kerja sama
    _add_document(page, base, "central_approval", "Persetujuan Menteri Dalam Negeri", "2026-07-01", tmp_path)
    _add_document(page, base, "kemlu_consideration", "Pertimbangan Kementerian Luar Negeri", "2026-06-20", tmp_path)
    _complete_current(page, base)  # persetujuan pusat
    assert _current_stage(page) == "Signing"
    _add_document(page, base, "full_power", "Surat kuasa penandatanganan", "2026-07-10", tmp_path)
    _complete_current(page, base)  # signing

    panel = page.locator("#procedure")
    expect(panel.get_by_text("signed", exact=True)).to_be_visible()
