"""A citizen proposes an activity for Bandung–Liuzhou on the public portal; the bureau accepts it, it
appears on the public page, the bureau gives it places and the citizen signs up for it. Another proposal is
declined and its proposer reads why; a person erases their data. In a real browser, with the emails read
from the test outbox.

With KEMBAR_SCREENSHOTS=<folder> the journey also saves its pages at 1280 and 390 px wide."""

import os
import re
from pathlib import Path

import pytest
from django.core import mail
from playwright.sync_api import expect

from kembar.accounts.models import Role
from kembar.testing import make_member, reference_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CASE = Path(__file__).resolve().parents[1] / "kembar" / "demo" / "cases" / "bandung-liuzhou.yaml"


@pytest.fixture
def published():
    """Bandung's Liuzhou dossier, published with the rule "all activities", and a bureau officer."""
    from kembar.cooperations.casefile import import_files
    from kembar.cooperations.models import Cooperation
    from kembar.public import services as public
    from kembar.regions.models import Region

    reference_data()
    import_files([CASE])
    bandung = Region.objects.get(code="32.73")
    admin = make_member("admin-bandung", bandung, Role.BUREAU_ADMIN, password="rahasia-123")
    make_member("rina", bandung, Role.BUREAU_STAFF, password="rahasia-123")
    public.publication_rules_update(region=bandung, by=admin, activities=True, documents=False, evaluation=False)
    coop = Cooperation.objects.get(region=bandung, ref="bandung-liuzhou")
    public.cooperation_publish(cooperation=coop, by=admin, published=True)
    return coop


def _shot(page, name):
    folder = os.environ.get("KEMBAR_SCREENSHOTS")
    if not folder:
        return
    Path(folder).mkdir(parents=True, exist_ok=True)
    for label, width in (("desktop", 1280), ("phone", 390)):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(Path(folder) / f"participation-{name}-{label}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def _links(base: str) -> tuple[str, str]:
    """The confirmation link and the secret link of the latest email, on the live server."""
    body = mail.outbox[-1].body
    verify = re.search(r"https?://[^/\s]+(/usulan/\S+/konfirmasi/\S+/)", body).group(1)
    follow = re.search(r"https?://[^/\s]+(/usulan/[^/\s]+/)\s", body).group(1)
    return base + verify, base + follow


def _propose(page, base, *, title, name, email):
    page.goto(f"{base}/")
    page.get_by_role("link", name=re.compile("Liuzhou")).first.click()
    page.get_by_role("link", name="Usulkan kegiatan").click()
    page.get_by_label("Anda adalah").select_option("community")
    page.get_by_label("Nama Anda").fill(name)
    page.get_by_label("Email Anda").fill(email)
    page.get_by_label("Kegiatan yang Anda usulkan").fill(title)
    page.get_by_label("Yang Anda tawarkan").fill("Sanggar kami mengajar angklung dan tari jaipong.")
    page.get_by_label("Yang Anda butuhkan").fill("Tempat tampil di Liuzhou.")
    page.get_by_label("Waktu").fill("Maret 2027")
    page.locator("input[name=consent]").check()
    if title.startswith("Pertukaran"):
        _shot(page, "form")
    page.get_by_role("button", name="Kirim usulan").click()
    expect(page.get_by_role("heading", name="Periksa email Anda")).to_be_visible()


def _login(page, base):
    page.goto(f"{base}/login/")
    page.get_by_label("Nama pengguna").fill("rina")
    page.get_by_label("Sandi").fill("rahasia-123")
    page.get_by_role("button", name="Masuk").click()


def test_a_citizen_proposes_the_bureau_accepts_it_appears_on_the_public_page(live_server, page, published):
    base = live_server.url
    mail.outbox.clear()
    _propose(page, base, title="Pertukaran budaya angklung", name="Siti Rahma", email="siti@example.org")
    verify, follow = _links(base)
    page.goto(verify)
    page.get_by_role("button", name="Konfirmasi email saya").click()
    expect(page.get_by_text("email Anda telah dikonfirmasi")).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile("Status: diterima"))).to_be_visible()
    _shot(page, "status")

    context = page.context.browser.new_context(viewport={"width": 1280, "height": 900})
    staff = context.new_page()
    _login(staff, base)
    staff.get_by_role("link", name="Usulan", exact=True).first.click()
    staff.get_by_role("link", name=re.compile(r"U-\d+")).first.click()
    _shot(staff, "triage")
    staff.get_by_label("Jenis").select_option("exchange")
    staff.get_by_role("button", name="Setujui").click()
    expect(staff.get_by_text("Usulan disetujui")).to_be_visible()
    # The bureau gives the new activity two places.
    staff.get_by_role("link", name="Pendaftaran", exact=True).first.click()
    staff.get_by_role("link", name="Pertukaran budaya angklung").click()
    staff.get_by_label("Jumlah tempat").fill("2")
    staff.get_by_role("button", name="Simpan jumlah tempat").click()
    expect(staff.get_by_text("Jumlah tempat telah disimpan")).to_be_visible()
    _shot(staff, "signups-bureau")

    page.goto(follow)
    expect(page.get_by_role("heading", name=re.compile("disetujui"))).to_be_visible()
    page.get_by_role("link", name="Lihat di halaman publik").click()
    page.reload()  # the portal lets a browser keep a page for a while (kembar/public/http.py)
    expect(page.get_by_text("Pertukaran budaya angklung").first).to_be_visible()
    assert page.get_by_text("Siti Rahma").count() == 0
    expect(page.get_by_text("0 dari 2 tempat terisi")).to_be_visible()
    _shot(page, "cooperation")

    # The citizen signs up for it, and finds their place behind the link of the email.
    page.get_by_role("link", name="Daftar", exact=True).click()
    page.get_by_label("Nama Anda").fill("Siti Rahma")
    page.get_by_label("Email Anda").fill("siti@example.org")
    page.locator("input[name=consent]").check()
    _shot(page, "signup")
    page.get_by_role("button", name="Daftar").click()
    expect(page.get_by_text("Tempat Anda telah dikonfirmasi")).to_be_visible()
    signed = re.search(r"https?://[^/\s]+(/pendaftaran/[^/\s]+/)", mail.outbox[-1].body).group(1)
    page.goto(base + signed)
    expect(page.get_by_role("heading", name=re.compile("Status: tempat dikonfirmasi"))).to_be_visible()
    _shot(page, "signup-status")

    staff.reload()
    expect(staff.get_by_text("siti@example.org")).to_be_visible()
    context.close()
    page.get_by_role("link", name="Halaman publik").click()
    page.reload()
    expect(page.get_by_text("1 dari 2 tempat terisi")).to_be_visible()
    assert page.get_by_text("Siti Rahma").count() == 0


def test_a_declined_proposal_shows_its_reason_and_a_person_erases_their_data(live_server, page, published):
    base = live_server.url
    mail.outbox.clear()
    _propose(page, base, title="Festival layang-layang", name="Andi Wijaya", email="andi@example.org")
    verify, follow = _links(base)
    page.goto(verify)
    page.get_by_role("button", name="Konfirmasi email saya").click()

    context = page.context.browser.new_context(viewport={"width": 1280, "height": 900})
    staff = context.new_page()
    _login(staff, base)
    staff.goto(f"{base}/r/32.73/usulan/")
    staff.get_by_role("link", name=re.compile(r"U-\d+")).first.click()
    staff.get_by_label("Alasan (dibaca oleh pengusul)").fill("Anggaran tahun ini sudah habis untuk bidang ini.")
    staff.get_by_role("button", name="Tolak").click()
    expect(staff.get_by_text("Usulan ditolak")).to_be_visible()
    context.close()

    page.goto(follow)
    expect(page.get_by_text("Anggaran tahun ini sudah habis untuk bidang ini.")).to_be_visible()
    _shot(page, "declined")
    page.get_by_role("link", name="Hapus data saya").click()
    page.get_by_role("button", name="Hapus data saya").click()
    expect(page.get_by_text("Nama dan email Anda telah dihapus").first).to_be_visible()

    from kembar.participation.models import Proposal

    erased = Proposal.objects.get(title="Festival layang-layang")
    assert (erased.name, erased.email, erased.offer[:7]) == ("", "", "Sanggar")


def test_an_organisation_registers_is_verified_and_sees_its_proposal(live_server, page, published):
    base = live_server.url
    mail.outbox.clear()
    page.goto(f"{base}/daerah/32.73/")
    page.get_by_role("link", name="Daftarkan organisasi Anda").click()
    page.get_by_label("Nama organisasi").fill("Sanggar Angklung Contoh")
    page.get_by_label("Jenis organisasi").select_option("community")
    page.get_by_label("Email organisasi").fill("sanggar@example.org")
    page.locator("input[name=consent]").check()
    _shot(page, "organisation-form")
    page.get_by_role("button", name="Daftarkan").click()
    expect(page.get_by_role("heading", name="Periksa email Anda")).to_be_visible()
    body = mail.outbox[-1].body
    verify = re.search(r"https?://[^/\s]+(/organisasi/\S+/konfirmasi/\S+/)", body).group(1)
    follow = re.search(r"https?://[^/\s]+(/organisasi/[^/\s]+/)\s", body).group(1)
    page.goto(base + verify)
    page.get_by_role("button", name="Konfirmasi email saya").click()
    expect(page.get_by_role("heading", name=re.compile("menunggu verifikasi"))).to_be_visible()

    context = page.context.browser.new_context(viewport={"width": 1280, "height": 900})
    staff = context.new_page()
    _login(staff, base)
    staff.goto(f"{base}/r/32.73/organisasi/")
    _shot(staff, "organisations-bureau")
    staff.get_by_role("button", name="Verifikasi", exact=True).click()
    expect(staff.get_by_text("Organisasi telah diverifikasi")).to_be_visible()
    context.close()

    _propose(page, base, title="Lokakarya angklung", name="Ketua Sanggar", email="sanggar@example.org")
    verify, _follow = _links(base)
    page.goto(verify)
    page.get_by_role("button", name="Konfirmasi email saya").click()
    page.goto(base + follow)
    expect(page.get_by_role("heading", name=re.compile("terverifikasi"))).to_be_visible()
    expect(page.get_by_text("Lokakarya angklung")).to_be_visible()
    _shot(page, "organisation")
