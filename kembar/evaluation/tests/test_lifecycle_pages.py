"""One status, the same everywhere: each demo cooperation's lifecycle status shows the same words on the list, the
dossier, the region dashboard, the national dashboard, the CSV and XLSX exports and the annual report (its
PDF and XLSX files read back), and Bandung–Liuzhou, signed in 2006 before Kembar kept its procedure, is not a
procedure stuck at its first stage anywhere."""

import csv
import glob
import io

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from kembar.accounts.models import Role
from kembar.cooperations.casefile import import_files
from kembar.cooperations.models import Cooperation
from kembar.cooperations.services import cooperation_update
from kembar.core.dates import DateSpec
from kembar.evaluation.selectors import lifecycle_many
from kembar.reports.services import build_bytes
from kembar.reports.tests.conftest import pdf_text, read_xlsx, squash
from kembar.testing import make_member

pytestmark = pytest.mark.django_db

SIGNED_BEFORE = "ditandatangani sebelum tercatat di Kembar"


@pytest.fixture
def demo(bandung, bogor, staff):
    """The demo cases, with two statuses recorded by hand: Suwon ended by a letter of 2019, Hongdae recorded
    active although nothing happened for years (a conflict)."""
    import_files(sorted(glob.glob("kembar/demo/cases/*.yaml")))
    coops = {c.ref: c for c in Cooperation.objects.filter(region=bandung)}
    cooperation_update(
        cooperation=coops["bandung-suwon"],
        by=staff,
        status="ended",
        status_date=DateSpec.parse(2019),
        status_basis="Surat Wali Kota Bandung",
    )
    cooperation_update(cooperation=coops["bandung-hongdae"], by=staff, status="active")
    return {c.ref: c for c in Cooperation.objects.filter(region=bandung)}


@pytest.fixture
def statuses(demo):
    with translation.override("id"):
        states = lifecycle_many(list(demo.values()))
        return {
            ref: (states[c.pk], states[c.pk].word, states[c.pk].short, states[c.pk].text) for ref, c in demo.items()
        }


def _login(client, user):
    client.force_login(user)
    client.cookies["django_language"] = "id"
    return client


def _html(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_the_demo_statuses_are_derived_recorded_and_in_conflict(statuses):
    liuzhou, word, short, _text = statuses["bandung-liuzhou"]
    assert (liuzhou.code, word, short) == ("dormant", "tidak aktif (dorman)", "tidak aktif (dorman)")
    assert liuzhou.signed_before_records and liuzhou.signed_text == "21 September 2006"
    suwon = statuses["bandung-suwon"]
    assert (suwon[0].code, suwon[2], suwon[3]) == (
        "ended",
        "dicatat: berakhir",
        "dicatat: berakhir (2019, Surat Wali Kota Bandung)",
    )
    hongdae = statuses["bandung-hongdae"]
    assert (hongdae[0].code, hongdae[0].derived, hongdae[0].conflict) == ("active", "dormant", True)
    assert hongdae[3] == "dicatat: aktif; menurut catatan: tidak aktif (dorman) — keduanya bertentangan"
    assert statuses["bandung-braunschweig"][0].code == "unknown"  # nothing recorded to derive it from


def test_list_dossier_and_dashboard_show_the_same_status(client, bandung, staff, demo, statuses):
    _login(client, staff)
    listing = _html(client, reverse("cooperation_list", args=[bandung.code]))
    leader = make_member("walikota", bandung, Role.LEADERSHIP)
    for ref, (lc, _word, short, _text) in statuses.items():
        row = listing.split(reverse("cooperation_detail", args=[bandung.code, ref]), 1)[1].split("</tr>", 1)[0]
        assert f'data-status="{lc.code}">{short}</span>' in row, ref
        dossier = _html(client, reverse("cooperation_detail", args=[bandung.code, ref]))
        block = dossier.split('id="lifecycle">', 1)[1].split("</dd>", 1)[0]
        assert f'data-status="{lc.code}">{short}</span>' in block, ref
        if lc.conflict:
            assert "bertentangan" in block and lc.derived_text in block
            assert f"catatan: {lc.derived_word}" in row  # the list flags it too
    _login(client, leader)
    board = _html(client, reverse("dashboard", args=[bandung.code]))
    for ref, (lc, _word, short, _text) in statuses.items():
        row = board.split(f'<tr data-ref="{ref}">', 1)[1].split("</tr>", 1)[0]
        assert f'data-status="{lc.code}">{short}</span>' in row, ref
    # The counts by status are of the same statuses: Bandung's "active" is no longer 0 by default.
    codes = [lc.code for lc, *_ in statuses.values()]
    assert f'<li id="stat-active" class="ok"><span class="n">{codes.count("active")}</span>aktif</li>' in board
    counts = board.split('id="counts"', 1)[1]
    n = codes.count("dormant")
    assert n and f'data-key="dormant"><td>tidak aktif (dorman)</td><td class="num">{n}</td>' in counts
    assert "(status yang dicatat)" not in board


def test_national_dashboard_counts_the_same_statuses(client, overseer, demo, statuses):
    all_states = lifecycle_many(list(Cooperation.objects.all()))
    html = _html(_login(client, overseer), reverse("national_dashboard"))
    active = sum(st.code == "active" for st in all_states.values())
    dormant = sum(st.code == "dormant" for st in all_states.values())
    assert (active, dormant) == (1, 2)  # Hongdae, recorded active; Liuzhou and Bogor–Nanning, by their records
    assert f"aktif ({active})" in html and f"tidak aktif (dorman) ({dormant})" in html


def test_exports_say_the_same_status(client, bandung, staff, statuses):
    _login(client, staff)
    url = reverse("export_list", kwargs={"code": bandung.code, "name": "cooperations", "fmt": "csv"})
    body = b"".join(client.get(url).streaming_content)
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    head = rows[0]
    assert head[head.index("Status") + 1] == "Status lengkap"
    by_ref = {r[0]: r for r in rows[1:]}
    for ref, (_lc, word, _short, text) in statuses.items():
        assert by_ref[ref][head.index("Status")] == word
        assert by_ref[ref][head.index("Status lengkap")] == text
    url = reverse("export_list", kwargs={"code": bandung.code, "name": "cooperations", "fmt": "xlsx"})
    sheet = read_xlsx(client.get(url).content).worksheets[0]
    values = [list(r) for r in sheet.iter_rows(values_only=True)]
    by_ref = {r[0]: r for r in values[1:]}
    for ref, (_lc, word, _short, text) in statuses.items():
        assert (by_ref[ref][head.index("Status")], by_ref[ref][head.index("Status lengkap")]) == (word, text)
    # The list's status filter is the same status.
    url = reverse("export_list", kwargs={"code": bandung.code, "name": "cooperations", "fmt": "csv"})
    body = b"".join(client.get(url, {"status": "dormant"}).streaming_content)
    refs = [r[0] for r in csv.reader(io.StringIO(body.decode("utf-8-sig")))][1:]
    assert refs and set(refs) == {ref for ref, (lc, *_) in statuses.items() if lc.code == "dormant"}


def test_annual_report_files_say_the_same_status_and_no_stuck_procedure(bandung, statuses):
    year = timezone.localdate().year  # judged today, as the pages are
    titles = {ref: lc for ref, (lc, *_rest) in statuses.items()}
    sheet = read_xlsx(build_bytes(region=bandung, year=year, format="xlsx"))["Kerja Sama"]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    header = next(i for i, r in enumerate(rows) if "Tahap prosedur" in r)
    cols = rows[header]
    by_title = {r[cols.index("Judul")]: r for r in rows[header + 1 :] if r[0]}
    coops = {c.ref: c.title for c in Cooperation.objects.filter(region=bandung)}
    for ref, (_lc, _word, _short, text) in statuses.items():
        row = by_title[coops[ref]]
        assert row[cols.index("Status")] == text, ref
    liuzhou = by_title[coops["bandung-liuzhou"]]
    assert liuzhou[cols.index("Tahap prosedur")] == SIGNED_BEFORE
    assert titles["bandung-liuzhou"].signed_before_records

    content = build_bytes(region=bandung, year=year, format="pdf")
    flat = squash(pdf_text(content))
    section = flat.split(squash("Daftar Kerja Sama"))[2].split(squash("Dokumen Tahun Laporan"))[0]
    start = section.index(squash(coops["bandung-liuzhou"]))
    row = section[start : start + 400]
    assert squash(SIGNED_BEFORE) in row and squash("tidak aktif (dorman)") in row
    assert squash("Perencanaan") not in row
    # The missing procedure records are a finding of the problems section.
    problems = flat.split(squash("Permasalahan dan Tindak Lanjut"))[2]
    assert squash("Catatan prosedur tidak ada") in problems
    assert squash("Ditandatangani (21 September 2006) sebelum prosedurnya tercatat di Kembar") in problems
    assert squash("Status yang dicatat bertentangan dengan catatan") in problems


def test_liuzhou_dossier_is_signed_before_records_not_stuck_at_planning(client, bandung, staff, demo):
    html = _html(_login(client, staff), reverse("cooperation_detail", args=[bandung.code, "bandung-liuzhou"]))
    panel = html.split('id="procedure"', 1)[1].split("</section>", 1)[0]
    assert SIGNED_BEFORE in panel and 'aria-current="step"' not in panel
    finding = panel.split('id="procedure-finding"', 1)[1].split("</div>", 1)[0]
    assert "ditandatangani (21 September 2006) sebelum prosedurnya tercatat di Kembar" in finding
    assert "Perencanaan" in finding and "Penandatanganan" in finding
    assert "Rencana kerja sama" in finding and "Persetujuan DPRD" in finding  # the documents not on file
    assert panel.count("belum dicatat") == 5 and "berjalan" not in panel
