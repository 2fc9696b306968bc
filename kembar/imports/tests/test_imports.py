"""Imports end to end through the screens: good files import, every bad input is reported by row and
nothing is imported."""

import datetime as dt
import json

import pytest
from django.urls import reverse

from kembar.cooperations import facts
from kembar.cooperations.models import Activity, Cooperation
from kembar.imports import services
from kembar.imports.models import ImportJob
from kembar.partners.models import Partner
from kembar.testing import make_cooperation, pdf_upload

from .helpers import csv_bytes, upload, xlsx_bytes, xlsx_with_chart_sheet

COOP_HEADERS = ["Judul", "Nama Mitra", "Negara", "Jenis", "Bentuk", "Status", "Tanggal Mulai", "Bidang"]


@pytest.fixture
def en(client):
    client.cookies["django_language"] = "en"
    return client


def _upload(client, region, kind, content, name):
    url = reverse("import_index", kwargs={"code": region.code})
    return client.post(url, {"kind": kind, "file": upload(content, name)})


def _map_and_check(client, job, overrides=None):
    job.refresh_from_db()
    data = {k: "" if v is None else str(v) for k, v in job.mapping.items()}
    data.update(overrides or {})
    url = reverse("import_job", kwargs={"code": job.region.code, "pk": job.pk})
    return client.post(url, {**data, "action": "map"})


def _commit(client, job):
    url = reverse("import_job", kwargs={"code": job.region.code, "pk": job.pk})
    return client.post(url, {"action": "commit"})


def _run(client, region, kind, content, name):
    response = _upload(client, region, kind, content, name)
    assert response.status_code == 302, response.content.decode()[:2000]
    job = ImportJob.objects.latest("pk")
    response = _map_and_check(client, job)
    assert response.status_code == 302
    job.refresh_from_db()
    return job


def test_good_csv_imports_cooperations(en, bandung, staff):
    en.force_login(staff)
    rows = [
        COOP_HEADERS,
        [
            "Kerja sama Bandung – Liuzhou",
            "Liuzhou",
            "Tiongkok",
            "KSDPL",
            "sister_city",
            "active",
            "2019-10",
            "pendidikan; pariwisata",
        ],
        ["Kerja sama Bandung – Hamamatsu", "Hamamatsu", "Jepang", "KSDPL", "Sister city", "aktif", "05/03/2021", ""],
        ["Kerja sama Universitas Leiden", "Universitas Leiden", "NL", "KSDLL", "", "", "2020", ""],
    ]
    rows[2][5] = "active"
    job = _run(en, bandung, "cooperations", csv_bytes(rows), "register.csv")
    assert job.status == "previewed" and job.error_count == 0, job.errors
    assert (job.total_rows, job.valid_rows) == (3, 3)
    assert Cooperation.objects.filter(region=bandung).count() == 0  # the check writes nothing
    assert _commit(en, job).status_code == 302
    job.refresh_from_db()
    assert job.status == "done" and job.created_count == 3 and job.partners_created == 3
    liuzhou = Cooperation.objects.get(region=bandung, title__contains="Liuzhou")
    assert str(liuzhou.started) == "2019-10" and liuzhou.started.precision == "month"
    assert liuzhou.partner.country_id == "CN" and liuzhou.fields == ["pendidikan", "pariwisata"]
    assert liuzhou.history.first().history_user == staff
    assert liuzhou.ref == "kerja-sama-bandung-liuzhou"
    leiden = Cooperation.objects.get(region=bandung, title__contains="Leiden")
    assert (leiden.form, leiden.partner.kind, leiden.partner.level, str(leiden.started)) == (
        "institution",
        "institution",
        "institution",
        "2020",
    )
    assert str(Cooperation.objects.get(title__contains="Hamamatsu").started) == "2021-03-05"


def test_good_xlsx_imports_activities(en, bandung, staff):
    coop = make_cooperation(bandung, by=staff, ref="bandung-liuzhou", title="Bandung – Liuzhou")
    en.force_login(staff)
    rows = [
        [
            "Kerja Sama",
            "Tanggal",
            "Nama Kegiatan",
            "Jenis",
            "Peserta",
            "Anggaran Daerah",
            "Mata Uang",
            "Pelibatan Masyarakat",
        ],
        [
            "bandung-liuzhou",
            dt.datetime(2019, 10, 5),
            "Kunjungan delegasi",
            "delegation_visit",
            "government; education",
            15000000,
            "IDR",
            "ya",
        ],
        ["Bandung – Liuzhou", "2021", "Pameran dagang", "exhibition", "", "2.500.000", "", ""],
        ["bandung-liuzhou", "03/2022", "Pertemuan daring", "meeting", "", "", "", "tidak"],
    ]
    job = _run(en, bandung, "activities", xlsx_bytes(rows), "kegiatan.xlsx")
    assert job.file_format == "xlsx" and job.error_count == 0, job.errors
    _commit(en, job)
    job.refresh_from_db()
    assert job.status == "done" and job.created_count == 3
    acts = {a.title: a for a in Activity.objects.filter(cooperation=coop)}
    assert str(acts["Kunjungan delegasi"].date) == "2019-10-05"
    assert acts["Kunjungan delegasi"].participants == ["government", "education"]
    assert acts["Kunjungan delegasi"].community_in_planning is True
    assert str(acts["Pameran dagang"].date) == "2021" and acts["Pameran dagang"].budget_region == 2500000
    assert acts["Pameran dagang"].currency == "IDR"
    assert str(acts["Pertemuan daring"].date) == "2022-03"
    assert acts["Pertemuan daring"].history.first().history_user == staff
    # The import bypasses save(): it stores the cooperation's facts itself, in its transaction.
    stored = facts.stored(coop.facts.data, coop.facts.parts)
    assert stored == json.loads(json.dumps(facts.compute([coop.pk])[coop.pk]))
    assert coop.facts.activities == 3 and coop.facts.data["years"] == {"2019": 1, "2021": 1, "2022": 1}


def test_bad_rows_are_reported_with_row_numbers_and_nothing_is_imported(en, bandung, staff):
    make_cooperation(bandung, by=staff, ref="ada", title="Kerja sama yang sudah ada")
    en.force_login(staff)
    rows = [
        COOP_HEADERS,
        ["Baik", "Mitra A", "CN", "KSDPL", "sister_city", "", "2019", ""],  # row 2: fine
        ["Tanggal salah", "Mitra B", "CN", "KSDPL", "sister_city", "", "31/02/2019", ""],  # 3
        ["Negara aneh", "Mitra C", "Atlantis", "KSDPL", "sister_city", "", "", ""],  # 4
        ["Baik", "Mitra D", "CN", "KSDPL", "sister_city", "", "", ""],  # 5: duplicate of row 2
        ["Kerja sama yang sudah ada", "Mitra E", "CN", "KSDPL", "sister_city", "", "", ""],  # 6
        ["", "Mitra F", "CN", "KSDPL", "sister_city", "", "", ""],  # 7: no title
        ["Jenis salah", "Mitra G", "CN", "KSDXX", "sister_city", "", "", ""],  # 8
    ]
    before = (Cooperation.objects.count(), Partner.objects.count())
    job = _run(en, bandung, "cooperations", csv_bytes(rows), "salah.csv")
    by_row = {}
    for e in job.errors:
        by_row.setdefault(e["row"], []).append(e["message"])
    assert set(by_row) == {3, 4, 5, 6, 7, 8}
    assert "does not exist" in by_row[3][0]
    assert "Unknown country" in by_row[4][0]
    assert "Duplicate of row 2" in by_row[5][0]
    assert "already exists" in by_row[6][0]
    assert "required" in by_row[7][0]
    assert "KSDPL or KSDLL" in by_row[8][0]
    page = en.get(reverse("import_job", kwargs={"code": bandung.code, "pk": job.pk})).content.decode()
    assert "Unknown country" in page and "Import all" not in page
    _commit(en, job)  # refused: the file has problems
    job.refresh_from_db()
    assert job.status == "previewed"
    assert (Cooperation.objects.count(), Partner.objects.count()) == before


def test_bad_activity_rows(en, bandung, staff):
    coop = make_cooperation(bandung, by=staff, ref="bandung-liuzhou")
    from kembar.cooperations.services import activity_create

    activity_create(cooperation=coop, by=staff, date="2018", title="Sudah tercatat")
    en.force_login(staff)
    rows = [
        ["Kerja sama", "Tanggal", "Judul", "Anggaran daerah", "Mata uang", "Peserta"],
        ["bandung-liuzhou", "2019", "Negatif", "-5", "IDR", ""],  # 2
        ["bandung-liuzhou", "1900", "Terlalu awal", "", "", ""],  # 3
        ["tidak-ada", "2019", "Kerja sama tak dikenal", "", "", ""],  # 4
        ["bandung-liuzhou", "2019", "Dua kali", "", "", ""],  # 5
        ["bandung-liuzhou", "2019", "Dua kali", "", "", ""],  # 6
        ["bandung-liuzhou", "2018", "Sudah tercatat", "", "", ""],  # 7
        ["bandung-liuzhou", "", "Tanpa tanggal", "", "", "alien"],  # 8
        ["bandung-liuzhou", "2019", "Mata uang", "10", "XYZ", ""],  # 9
    ]
    job = _run(en, bandung, "activities", csv_bytes(rows), "kegiatan.csv")
    by_row = {}
    for e in job.errors:
        by_row.setdefault(e["row"], []).append(e["message"])
    assert set(by_row) == {2, 3, 4, 6, 7, 8, 9}
    assert "negative" in by_row[2][0]
    assert "1945" in by_row[3][0]
    assert "tidak-ada" in by_row[4][0]
    assert "Duplicate of row 5" in by_row[6][0]
    assert "already recorded" in by_row[7][0]
    assert any("required" in m for m in by_row[8]) and any("not a sector" in m for m in by_row[8])
    assert "ISO 4217" in by_row[9][0]
    assert Activity.objects.count() == 1


def test_missing_required_column_is_a_form_error(en, bandung, staff):
    en.force_login(staff)
    rows = [["Judul", "Nama Mitra", "Catatan"], ["A", "B", "C"]]
    response = _upload(en, bandung, "cooperations", csv_bytes(rows), "kolom.csv")
    job = ImportJob.objects.latest("pk")
    response = _map_and_check(en, job)
    assert response.status_code == 400
    html = response.content.decode()
    assert "The required column “Country” is not in the file" in html
    job.refresh_from_db()
    assert job.status == "uploaded" and Cooperation.objects.count() == 0


def test_user_can_change_the_mapping(en, bandung, staff):
    en.force_login(staff)
    rows = [["Kolom A", "Kolom B", "Kolom C", "Kolom D"], ["Judul X", "Mitra X", "CN", "KSDPL"]]
    _upload(en, bandung, "cooperations", csv_bytes(rows), "aneh.csv")
    job = ImportJob.objects.latest("pk")
    assert job.mapping["title"] is None
    _map_and_check(en, job, {"title": "0", "partner": "1", "country": "2", "type": "3", "form": ""})
    job.refresh_from_db()
    assert job.status == "previewed" and job.error_count == 1  # form "other" needs the partner's level
    rows = [["Kolom A", "Kolom B", "Kolom C", "Kolom D", "E"], ["Judul X", "Mitra X", "CN", "KSDPL", "city"]]
    _upload(en, bandung, "cooperations", csv_bytes(rows), "aneh2.csv")
    job = ImportJob.objects.latest("pk")
    _map_and_check(en, job, {"title": "0", "partner": "1", "country": "2", "type": "3", "partner_level": "4"})
    job.refresh_from_db()
    assert job.error_count == 0, job.errors
    _commit(en, job)
    assert Cooperation.objects.get(title="Judul X").partner.level == "city"


@pytest.mark.parametrize(
    "content, name, message",
    [
        (pdf_upload().read(), "data.xlsx", "not a spreadsheet"),
        (b"\x00\x01\x02binary\x00" * 100, "data.csv", "not text"),
        (b"Dear bureau,\nplease find attached\n", "surat.csv", "delimiter"),
        (b"", "empty.csv", "empty"),
        (xlsx_with_chart_sheet(data=False), "grafik.xlsx", "only charts"),
    ],
)
def test_not_a_spreadsheet_is_refused(en, bandung, staff, content, name, message):
    en.force_login(staff)
    response = _upload(en, bandung, "cooperations", content, name)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ImportJob.objects.exists()


def test_too_large_is_refused(en, bandung, staff, settings):
    settings.KEMBAR_IMPORT_MAX_MB = 0
    en.force_login(staff)
    response = _upload(en, bandung, "cooperations", csv_bytes([["Judul", "Negara"], ["a", "b"]]), "a.csv")
    assert "the limit is 0 MB" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_200000_empty_trailing_rows(en, bandung, staff):
    en.force_login(staff)
    rows = [COOP_HEADERS, ["Satu", "Mitra", "CN", "KSDPL", "sister_city", "", "2019", ""]]
    content = xlsx_bytes(rows, empty_tail=200_000)
    job = _run(en, bandung, "cooperations", content, "ekor.xlsx")
    assert job.total_rows == 1 and job.error_count == 0
    assert any("empty rows" in n for n in job.notes)
    _commit(en, job)
    assert Cooperation.objects.filter(title="Satu").exists()


def test_large_file_commits_as_a_task_with_progress(en, bandung, staff, monkeypatch):
    monkeypatch.setattr(services, "LARGE_ROWS", 2)
    calls = []
    from kembar.imports import tasks

    original = tasks.import_commit

    class Spy:
        def enqueue(self, **kw):
            calls.append(kw)
            return original.enqueue(**kw)

    monkeypatch.setattr(tasks, "import_commit", Spy())
    make_cooperation(bandung, by=staff, ref="k")
    en.force_login(staff)
    rows = [["Kerja sama", "Tanggal", "Judul"]] + [["k", "2019", f"Kegiatan {i}"] for i in range(5)]
    job = _run(en, bandung, "activities", csv_bytes(rows), "banyak.csv")
    _commit(en, job)
    job.refresh_from_db()
    assert calls == [{"job_id": job.pk, "user_id": staff.pk}]
    assert job.status == "done" and job.created_count == 5 and job.progress == 100
    response = en.get(
        reverse("import_job_progress", kwargs={"code": bandung.code, "pk": job.pk}), HTTP_HX_REQUEST="true"
    )
    assert response["HX-Refresh"] == "true"


def test_running_job_page_polls_progress(en, bandung, staff):
    en.force_login(staff)
    _upload(en, bandung, "cooperations", csv_bytes([COOP_HEADERS, ["A", "B", "CN", "KSDPL", "", "", "", ""]]), "a.csv")
    job = ImportJob.objects.latest("pk")
    ImportJob.objects.filter(pk=job.pk).update(status="running", progress=40, total_rows=10000)
    html = en.get(reverse("import_job", kwargs={"code": bandung.code, "pk": job.pk})).content.decode()
    assert 'hx-trigger="every 1s"' in html and 'value="40"' in html


def test_template_download_is_guessed_back(client, bandung, staff):
    import io

    from openpyxl import load_workbook

    from kembar.imports import columns as cols

    client.force_login(staff)
    for kind in ("cooperations", "activities"):
        response = client.get(reverse("import_template", kwargs={"code": bandung.code, "kind": kind}))
        wb = load_workbook(io.BytesIO(response.content))
        headers = [c.value for c in wb.worksheets[0][1]]
        mapping = cols.guess_mapping(kind, headers)
        assert all(v is not None for v in mapping.values()), (kind, mapping)
        assert len(wb.worksheets) == 2 and wb.worksheets[1].max_row > len(headers)


def test_template_notes_are_in_the_readers_language(client, bandung, staff):
    """The activities template's notes say every column's help in the reader's language, the sectors' too."""
    import io

    from openpyxl import load_workbook

    client.force_login(staff)
    url = reverse("import_template", kwargs={"code": bandung.code, "kind": "activities"})
    notes = {}
    for language in ("en", "id"):
        client.cookies["django_language"] = language
        wb = load_workbook(io.BytesIO(client.get(url).content))
        notes[language] = {row[0]: row[2] for row in wb.worksheets[1].iter_rows(min_row=2, values_only=True)}
    assert notes["en"]["Sectors taking part"].startswith("Separated by semicolons: government")
    assert notes["id"]["Sektor yang ikut serta"].startswith("Dipisahkan dengan titik koma: government")


def test_import_activities_bench(tmp_path, bandung, staff):
    make_cooperation(bandung, by=staff, ref="k")
    path = tmp_path / "a.xlsx"
    path.write_bytes(xlsx_bytes([["Kerja sama", "Tanggal", "Judul"]] + [["k", 2019, f"K {i}"] for i in range(50)]))
    result = services.import_activities_bench(path, region=bandung, by=staff)
    assert result["created"] == 50 and result["error_count"] == 0 and result["seconds"] >= 0
    assert Activity.objects.filter(cooperation__ref="k").count() == 50
