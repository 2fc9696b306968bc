"""Hostile spreadsheets (issue 17): each attack is built here, small, with the limits lowered where the real
attack was large, and must be refused with a clear message, storing nothing, or be bounded."""

import io
import struct
import zipfile

import pytest
from django.urls import reverse
from django.utils import translation

from kembar.imports import services
from kembar.imports.models import ImportJob
from kembar.testing import make_cooperation

from .helpers import csv_bytes, upload, xlsx_bytes

MB = 1024 * 1024


@pytest.fixture
def en(client):
    client.cookies["django_language"] = "en"
    return client


def _upload(client, region, content, name, kind="activities"):
    url = reverse("import_index", kwargs={"code": region.code})
    return client.post(url, {"kind": kind, "file": upload(content, name)})


def _map(client, job):
    job.refresh_from_db()
    data = {k: "" if v is None else str(v) for k, v in job.mapping.items()}
    return client.post(reverse("import_job", kwargs={"code": job.region.code, "pk": job.pk}), {**data, "action": "map"})


def _nothing_stored():
    assert not ImportJob.objects.exists()
    assert not ImportJob.history.exists()


def _shared_string_xlsx(text: str) -> bytes:
    """A workbook whose shared-strings part holds `text`, which cell A1 shows (the 394 KB attack's shape)."""
    data = xlsx_bytes([["x", "Tanggal"], ["k", "2019"]])
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for item in source.infolist():
            body = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                body = body.replace(b'<c r="A1" t="inlineStr"><is><t>x</t></is></c>', b'<c r="A1" t="s"><v>0</v></c>')
                assert b'r="A1" t="s"' in body
            if item.filename == "[Content_Types].xml":
                body = body.replace(
                    b"</Types>",
                    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
                    b'officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
                )
            if item.filename == "xl/_rels/workbook.xml.rels":
                body = body.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rIdSS" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                    b'relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
                )
            z.writestr(item.filename, body)
        z.writestr(
            "xl/sharedStrings.xml",
            '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
            f'2006/main" count="1" uniqueCount="1"><si><t>{text}</t></si></sst>',
        )
    return out.getvalue()


def _declare_size(data: bytes, name: str, size: int) -> bytes:
    """The ZIP with the part `name` declaring `size` unpacked bytes (local and central headers)."""
    raw = bytearray(data)
    encoded = name.encode()
    local = raw.find(b"PK\x03\x04")
    while local != -1:
        name_len = struct.unpack_from("<H", raw, local + 26)[0]
        if raw[local + 30 : local + 30 + name_len] == encoded:
            struct.pack_into("<I", raw, local + 22, size)
        local = raw.find(b"PK\x03\x04", local + 4)
    central = raw.find(b"PK\x01\x02")
    while central != -1:
        name_len = struct.unpack_from("<H", raw, central + 28)[0]
        if raw[central + 46 : central + 46 + name_len] == encoded:
            struct.pack_into("<I", raw, central + 24, size)
        central = raw.find(b"PK\x01\x02", central + 4)
    return bytes(raw)


# --- 1. The 394 KB workbook that unpacks to a 400 MB header --------------------------------------------


def test_shared_string_bomb_is_refused_in_indonesian_and_nothing_is_stored(client, bandung, staff):
    """400,000,000 characters in the real attack; 3 MB here, packed about 1000 to 1, as the attack was."""
    content = _shared_string_xlsx("A" * (3 * MB))
    assert len(content) < 20_000
    client.force_login(staff)
    response = _upload(client, bandung, content, "bom.xlsx")
    assert response.status_code == 400
    html = response.content.decode()
    with translation.override("id"):
        assert "dikemas jauh lebih rapat" in html, html[-3000:]
    _nothing_stored()


def test_workbook_unpacking_past_the_limit_is_refused(en, bandung, staff, settings):
    """Packed only moderately (random-ish text), but more unpacked bytes than allowed."""
    settings.KEMBAR_IMPORT_MAX_UNCOMPRESSED_MB = 1
    text = "".join(f"{i:07d}" for i in range(200_000))  # 1.4 MB, packs about 3 to 1
    en.force_login(staff)
    html = _upload(en, bandung, _shared_string_xlsx(text), "besar.xlsx").content.decode()
    assert "unpacks to more than 1 MB" in html
    _nothing_stored()


def test_shared_strings_part_has_its_own_limit(en, bandung, staff, settings):
    settings.KEMBAR_IMPORT_MAX_SHARED_STRINGS_MB = 1
    text = "".join(f"{i:07d}" for i in range(200_000))
    en.force_login(staff)
    html = _upload(en, bandung, _shared_string_xlsx(text), "teks.xlsx").content.decode()
    assert "texts unpack to more than 1 MB" in html
    _nothing_stored()


def test_declared_sizes_are_checked_before_anything_is_unpacked(en, bandung, staff):
    """A ZIP whose directory says a part unpacks to 4 GB is refused from the directory alone."""
    content = _declare_size(xlsx_bytes([["Kerja sama", "Tanggal", "Judul"]]), "xl/styles.xml", 0xFFFF_FFF0)
    assert zipfile.ZipFile(io.BytesIO(content)).getinfo("xl/styles.xml").file_size == 0xFFFF_FFF0
    en.force_login(staff)
    html = _upload(en, bandung, content, "bohong.xlsx").content.decode()
    assert "unpacks to more than 400 MB" in html
    _nothing_stored()


def test_part_larger_than_it_declares_is_refused(en, bandung, staff):
    """A part that declares fewer bytes than it holds is damaged: refused at upload, not part-way through."""
    content = _declare_size(_shared_string_xlsx("B" * 5000), "xl/sharedStrings.xml", 100)
    en.force_login(staff)
    html = _upload(en, bandung, content, "rusak.xlsx").content.decode()
    assert "The workbook cannot be read" in html
    _nothing_stored()


def test_xml_entities_are_refused(en, bandung, staff):
    """An entity expanding inside the workbook's XML (the XML "billion laughs"): defusedxml refuses it."""
    import openpyxl

    assert openpyxl.DEFUSEDXML
    content = _shared_string_xlsx("&b;&b;&b;")
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for item in source.infolist():
            body = source.read(item.filename)
            if item.filename == "xl/sharedStrings.xml":
                body = body.replace(
                    b"<sst ", b'<!DOCTYPE sst [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]><sst ', 1
                )
            z.writestr(item.filename, body)
    en.force_login(staff)
    html = _upload(en, bandung, out.getvalue(), "entitas.xlsx").content.decode()
    assert "The workbook cannot be read" in html
    _nothing_stored()


def test_header_cell_over_the_cell_limit_is_refused(en, bandung, staff, settings):
    settings.KEMBAR_IMPORT_MAX_CELL_CHARS = 100
    en.force_login(staff)
    content = csv_bytes([["Kerja sama", "T" * 101, "Judul"], ["k", "2019", "a"]])
    html = _upload(en, bandung, content, "panjang.csv").content.decode()
    assert "Row 1, column B holds 101 characters; a cell may hold at most 100." in html
    _nothing_stored()


def test_headers_are_kept_cut_and_history_does_not_copy_them(en, bandung, staff):
    en.force_login(staff)
    long_header = "Judul " + "x" * 5000  # within the cell limit, far more than a column name needs
    assert _upload(en, bandung, csv_bytes([["Kerja sama", "Tanggal", long_header], ["k", "2019", "a"]]), "a.csv")
    job = ImportJob.objects.get()
    assert len(job.headers[2]) == 100 and job.headers[2].endswith("…")
    (record,) = job.history.all()
    stored = {f.name for f in record._meta.fields}
    assert not stored & {"headers", "preview", "errors", "notes"}
    assert {"mapping", "status", "sha256"} <= stored


# --- 2. Amplification: columns, rows, and what the pages show -----------------------------------------


def test_csv_with_too_many_columns_is_refused(en, bandung, staff, settings):
    """100,000 columns made a 61 MB page; 201 columns against the default limit of 200 here."""
    en.force_login(staff)
    content = csv_bytes([[f"K{i}" for i in range(201)], ["v"] * 201])
    html = _upload(en, bandung, content, "lebar.csv").content.decode()
    assert "The file has 201 columns; at most 200 can be read." in html
    _nothing_stored()


def test_xlsx_with_too_many_columns_is_refused(en, bandung, staff, settings):
    settings.KEMBAR_IMPORT_MAX_COLUMNS = 20
    en.force_login(staff)
    html = _upload(en, bandung, xlsx_bytes([[f"K{i}" for i in range(16)] * 2]), "lebar.xlsx").content.decode()
    assert "The file has 32 columns; at most 20 can be read." in html
    _nothing_stored()


def _checked(client, bandung, staff, rows, name):
    make_cooperation(bandung, by=staff, ref="k")
    client.force_login(staff)
    response = _upload(client, bandung, csv_bytes(rows) if name.endswith(".csv") else xlsx_bytes(rows), name)
    assert response.status_code == 302, response.content.decode()[-2000:]
    job = ImportJob.objects.get()
    assert _map(client, job).status_code == 302
    job.refresh_from_db()
    return job


def test_rows_over_the_limit_stop_the_check_and_nothing_can_be_imported(en, bandung, staff, settings):
    """5,000,000 rows ran the check in the request for 486 s; 40 rows against a limit of 25 here (the
    upload reads the first 20 for the preview; the check, a task, finds the rest)."""
    settings.KEMBAR_IMPORT_MAX_ROWS = 25
    rows = [["Kerja sama", "Tanggal", "Judul"]] + [["k", "2019", f"Kegiatan {i}"] for i in range(40)]
    job = _checked(en, bandung, staff, rows, "panjang.xlsx")
    assert job.status == "previewed" and job.error_count == 1
    assert job.errors[0]["message"].startswith("The file has more than 25 rows; at most 25 can be imported at once.")
    html = en.get(reverse("import_job", kwargs={"code": bandung.code, "pk": job.pk})).content.decode()
    assert "more than 25 rows" in html and 'value="commit"' not in html


def test_limits_met_in_the_first_rows_refuse_the_upload(en, bandung, staff, settings):
    settings.KEMBAR_IMPORT_MAX_ROWS = 10
    en.force_login(staff)
    rows = [["Kerja sama", "Tanggal", "Judul"]] + [["k", "2019", f"Kegiatan {i}"] for i in range(11)]
    html = _upload(en, bandung, xlsx_bytes(rows), "panjang.xlsx").content.decode()
    assert "The file has more than 10 rows; at most 10 can be imported at once." in html
    _nothing_stored()


def test_data_cell_over_the_limit_is_a_problem_of_the_check(en, bandung, staff, settings):
    settings.KEMBAR_IMPORT_MAX_CELL_CHARS = 50
    rows = [["Kerja sama", "Tanggal", "Judul"]] + [["k", "2019", f"pendek {i}"] for i in range(25)]
    rows.append(["k", "2020", "x" * 51])
    job = _checked(en, bandung, staff, rows, "sel.csv")
    assert job.error_count == 1
    assert job.errors[0]["message"] == "Row 27, column C holds 51 characters; a cell may hold at most 50."


def test_values_beyond_the_column_limit_in_a_data_row_are_a_problem(en, bandung, staff, settings):
    settings.KEMBAR_IMPORT_MAX_COLUMNS = 5
    rows = [["Kerja sama", "Tanggal", "Judul"]] + [["k", "2019", f"a {i}"] for i in range(25)]
    rows.append(["k", "2019", "b", "", "", "", "", "", "tersembunyi"])
    job = _checked(en, bandung, staff, rows, "ekor.xlsx")
    assert job.error_count == 1
    assert "Row 27 has values beyond column E; at most 5 columns can be read." in job.errors[0]["message"]


def test_the_check_runs_as_a_task_and_writes_its_progress(en, bandung, staff, monkeypatch):
    from kembar.imports import tasks

    calls, written = [], []
    original = tasks.import_check

    class Spy:
        def enqueue(self, **kw):
            calls.append(kw)
            return original.enqueue(**kw)

    monkeypatch.setattr(tasks, "import_check", Spy())
    monkeypatch.setattr(services, "CHECK_PROGRESS_EVERY", 4)
    real_progress = services._check_progress

    def spy_progress(job, estimated):
        update = real_progress(job, estimated)

        def write(rows):
            update(rows)
            written.append(ImportJob.objects.values_list("status", "total_rows", "progress").get(pk=job.pk))

        return write

    monkeypatch.setattr(services, "_check_progress", spy_progress)
    rows = [["Kerja sama", "Tanggal", "Judul"]] + [["k", "2019", f"Kegiatan {i}"] for i in range(10)]
    job = _checked(en, bandung, staff, rows, "tugas.csv")
    assert calls == [{"job_id": job.pk, "user_id": staff.pk}]
    # The CSV has 11 lines: 4 and 8 rows read are 36 % and 72 % of them.
    assert written == [("checking", 4, 36), ("checking", 8, 72)]
    assert job.status == "previewed" and job.total_rows == 10 and job.error_count == 0


def test_checking_page_polls_and_shows_rows_read(en, bandung, staff):
    en.force_login(staff)
    _upload(en, bandung, csv_bytes([["Kerja sama", "Tanggal", "Judul"], ["k", "2019", "a"]]), "a.csv")
    job = ImportJob.objects.get()
    ImportJob.objects.filter(pk=job.pk).update(status="checking", total_rows=12000, progress=0)
    html = en.get(reverse("import_job", kwargs={"code": bandung.code, "pk": job.pk})).content.decode()
    assert 'hx-trigger="every 1s"' in html and "Checking the rows: 12000 rows read" in html
    assert 'value="map"' not in html  # no second check while one runs
    progress = reverse("import_job_progress", kwargs={"code": bandung.code, "pk": job.pk})
    assert "HX-Refresh" not in en.get(progress, HTTP_HX_REQUEST="true")
    ImportJob.objects.filter(pk=job.pk).update(status="previewed")
    assert en.get(progress, HTTP_HX_REQUEST="true")["HX-Refresh"] == "true"


def test_job_page_is_bounded_whatever_the_file_width(en, bandung, staff):
    """200 columns of long names and long cells: the page shows 50 columns and 20 rows, cells cut."""
    en.force_login(staff)
    header = [f"Kolom {i} " + "n" * 90 for i in range(200)]
    rows = [header] + [[f"baris {r} " + "v" * 500 for _ in range(200)] for r in range(40)]
    assert _upload(en, bandung, csv_bytes(rows), "lebar.csv").status_code == 302
    job = ImportJob.objects.get()
    assert len(job.preview) == 20 and {len(r) for r in job.preview} == {50}
    assert max(len(c) for r in job.preview for c in r) == 80
    html = en.get(reverse("import_job", kwargs={"code": bandung.code, "pk": job.pk})).content.decode()
    assert "baris 19 " in html and "baris 20 " not in html
    assert html.count("<td>baris 0 ") == 50
    assert len(html) < 800_000, len(html)


def test_problem_messages_quoting_a_cell_are_cut(en, bandung, staff):
    rows = [["Kerja sama", "Tanggal", "Judul"], ["tidak-ada-" + "z" * 5000, "2019", "a"]]
    job = _checked(en, bandung, staff, rows, "pesan.csv")
    assert job.error_count == 1 and len(job.errors[0]["message"]) <= 300


def test_a_check_that_stopped_can_be_started_again_and_a_running_one_cannot(en, bandung, staff):
    """A worker killed mid-check leaves the job checking: after ten minutes without progress the page offers the
    check again; before that a second check is refused."""
    import datetime as dt

    from django.core.exceptions import ValidationError
    from django.utils import timezone

    make_cooperation(bandung, by=staff, ref="k")
    en.force_login(staff)
    _upload(en, bandung, csv_bytes([["Kerja sama", "Tanggal", "Judul"], ["k", "2019", "a"]]), "a.csv")
    job = ImportJob.objects.get()
    ImportJob.objects.filter(pk=job.pk).update(status="checking", updated_at=timezone.now())
    job.refresh_from_db()
    with pytest.raises(ValidationError):
        services.import_job_map(job=job, by=staff, mapping=job.mapping)
    url = reverse("import_job", kwargs={"code": bandung.code, "pk": job.pk})
    assert 'value="map"' not in en.get(url).content.decode()
    ImportJob.objects.filter(pk=job.pk).update(updated_at=timezone.now() - dt.timedelta(minutes=11))
    html = en.get(url).content.decode()
    assert "seems to have stopped" in html and 'value="map"' in html
    assert _map(en, job).status_code == 302
    job.refresh_from_db()
    assert job.status == "previewed" and job.valid_rows == 1
