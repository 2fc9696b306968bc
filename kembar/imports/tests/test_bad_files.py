"""Files that are not what they say, and cells Kembar cannot import as they are: each is said clearly, in the
page's language, at the upload or at the row and column of the check, and nothing is imported."""

import io
import zipfile

import lxml.html
import pytest
from django.urls import reverse
from openpyxl import Workbook

from kembar.cooperations.models import Activity
from kembar.imports.models import ImportJob
from kembar.testing import make_cooperation

from .helpers import csv_bytes, upload

HEADERS = ["Kerja sama", "Tanggal", "Judul"]


@pytest.fixture
def coop(bandung, staff):
    return make_cooperation(bandung, by=staff, ref="bandung-liuzhou")


def _upload(client, content, name, language="en"):
    client.cookies["django_language"] = language
    url = reverse("import_index", kwargs={"code": "32.73"})
    return client.post(url, {"kind": "activities", "file": upload(content, name)})


def _checked(client, content, name, language="en") -> ImportJob:
    response = _upload(client, content, name, language)
    assert response.status_code == 302, response.content.decode()[:2000]
    job = ImportJob.objects.latest("pk")
    data = {k: "" if v is None else str(v) for k, v in job.mapping.items()}
    client.post(reverse("import_job", kwargs={"code": "32.73", "pk": job.pk}), {**data, "action": "map"})
    job.refresh_from_db()
    return job


def _committed(client, job) -> ImportJob:
    client.post(reverse("import_job", kwargs={"code": "32.73", "pk": job.pk}), {"action": "commit"})
    job.refresh_from_db()
    return job


def _workbook(rows, cells: dict[str, bytes] | None = None) -> bytes:
    """An XLSX of `rows`, each cell named in `cells` ("C2") written as the given XML (a formula, an error)."""
    wb = Workbook()
    for row in rows:
        wb.active.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    if not cells:
        return buffer.getvalue()
    out = io.BytesIO()
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                for ref, xml in cells.items():
                    start = data.index(f'<c r="{ref}"'.encode())
                    end = data.index(b"</c>", start) + len(b"</c>")
                    data = data[:start] + xml + data[end:]
            target.writestr(item, data)
    return out.getvalue()


@pytest.mark.parametrize(
    ("language", "words"), [("id", "bernama .xlsx tetapi bukan buku kerja Excel"), ("en", "named .xlsx but is not")]
)
def test_a_text_file_named_xlsx_is_refused_at_the_upload(client, staff, coop, language, words):
    client.force_login(staff)
    response = _upload(client, b"Kerja sama,Tanggal,Judul\nbandung-liuzhou,2024,Rapat\n", "kegiatan.xlsx", language)
    assert response.status_code == 400 and words in response.content.decode()
    assert not ImportJob.objects.exists()


def test_a_refused_upload_answers_400_and_keeps_the_choice(client, staff, coop):
    client.force_login(staff)
    empty = io.BytesIO()
    Workbook().save(empty)
    response = _upload(client, empty.getvalue(), "kosong.xlsx")
    assert response.status_code == 400 and "it is empty" in response.content.decode()
    (chosen,) = lxml.html.fromstring(response.content.decode()).xpath('//input[@name="kind"][@checked]')
    assert chosen.get("value") == "activities"  # what was chosen is kept
    assert not ImportJob.objects.exists()


@pytest.mark.parametrize("language", ["id", "en"])
def test_a_formula_without_its_result_is_named_at_its_cell_and_nothing_is_imported(client, staff, coop, language):
    client.force_login(staff)
    rows = [HEADERS, ["bandung-liuzhou", "2024-05-01", "Rapat"], ["bandung-liuzhou", "2024-06-01", "x"]]
    body = _workbook(rows, {"C3": b'<c r="C3"><f>CONCATENATE("Rapat ",A2)</f></c>'})
    job = _checked(client, body, "kegiatan.xlsx", language)
    (problem,) = job.errors
    assert problem["row"] == 3 and problem["column"] == ("Judul" if language == "id" else "Title")
    words = {"id": "berisi rumus", "en": "holds a formula"}[language]
    assert words in problem["message"] and 'CONCATENATE("Rapat ",A2)' in problem["message"]
    assert job.valid_rows == 1 and _committed(client, job).status != "done"
    assert not Activity.objects.exists()


def test_a_formula_with_its_result_imports_the_result_and_an_error_value_is_named(client, staff, coop):
    client.force_login(staff)
    rows = [HEADERS, ["bandung-liuzhou", "2024-05-01", "x"], ["bandung-liuzhou", "2024-06-01", "x"]]
    cells = {
        "C2": b'<c r="C2" t="str"><f>CONCATENATE("Rapat ","Mei")</f><v>Rapat Mei</v></c>',
        "C3": b'<c r="C3" t="e"><f>1/0</f><v>#DIV/0!</v></c>',
    }
    job = _checked(client, _workbook(rows, cells), "kegiatan.xlsx")
    (problem,) = job.errors
    assert problem["row"] == 3 and "shows an error (#DIV/0!)" in problem["message"]
    cells.pop("C3")
    job = _committed(client, _checked(client, _workbook(rows[:2], cells), "kegiatan.xlsx"))
    assert list(Activity.objects.values_list("title", flat=True)) == ["Rapat Mei"]


def test_a_control_character_is_a_problem_of_the_check_not_of_the_import(client, staff, coop):
    client.force_login(staff)
    rows = [HEADERS, ["bandung-liuzhou", "2024-05-01", "Rapat baik"], ["bandung-liuzhou", "2024-05-02", "Rapat\x1b[2J"]]
    job = _checked(client, csv_bytes(rows), "kegiatan.csv")
    (problem,) = job.errors
    assert problem["row"] == 3 and problem["column"] == "Title" and "cannot be kept" in problem["message"]
    assert job.valid_rows == 1 and _committed(client, job).status != "done"
    assert not Activity.objects.exists()


def test_a_date_in_9999_is_a_problem_and_nothing_is_imported(client, staff, coop):
    import datetime as dt

    client.force_login(staff)
    rows = [
        HEADERS,
        ["bandung-liuzhou", "2024-05-01", "Rapat"],
        ["bandung-liuzhou", dt.datetime(9999, 12, 31), "Nanti"],
    ]
    job = _checked(client, _workbook(rows), "kegiatan.xlsx")
    (problem,) = job.errors
    assert problem["row"] == 3 and problem["column"] == "Date" and "31 December 9999" in problem["message"]
    assert _committed(client, job).status != "done" and not Activity.objects.exists()
