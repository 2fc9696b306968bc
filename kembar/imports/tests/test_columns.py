"""The pure rules of imports: header guessing, cell readers, reading files (no database)."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.utils import translation

from kembar.core.dates import DateError
from kembar.imports import columns as cols
from kembar.imports.reading import CSV, XLSX, NotATable, open_table, sniff_format

from .helpers import csv_bytes, xlsx_bytes, xlsx_with_chart_sheet


def test_guess_mapping_from_indonesian_headers():
    headers = ["No", "Judul", "Nama Mitra", "Negara", "Jenis", "Tanggal Mulai", "Bidang Kerja Sama", "Catatan"]
    mapping = cols.guess_mapping(cols.COOPERATIONS, headers)
    assert mapping["title"] == 1
    assert mapping["partner"] == 2
    assert mapping["country"] == 3
    assert mapping["type"] == 4
    assert mapping["started"] == 5
    assert mapping["fields"] == 6
    assert mapping["goals"] is None


def test_guess_mapping_english_and_activity_headers():
    mapping = cols.guess_mapping(cols.ACTIVITIES, ["Cooperation", "Date", "Title", "Budget of the region", "Currency"])
    assert (mapping["cooperation"], mapping["date"], mapping["title"], mapping["budget_region"]) == (0, 1, 2, 3)
    mapping = cols.guess_mapping(cols.ACTIVITIES, ["Kerja sama", "Tanggal", "Nama Kegiatan", "Anggaran Daerah"])
    assert (mapping["cooperation"], mapping["date"], mapping["title"], mapping["budget_region"]) == (0, 1, 2, 3)


def test_mapping_problems_name_missing_and_doubled():
    from django.utils import translation

    with translation.override("en"):
        problems = cols.mapping_problems(cols.COOPERATIONS, {"title": 0, "partner": 0, "country": None, "type": 1}, 2)
        assert any("Country" in p for p in problems)
        assert any("same column" in p for p in problems)


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2019", "2019"),
        (2019, "2019"),
        ("2019-10", "2019-10"),
        ("2019-10-05", "2019-10-05"),
        ("05/10/2019", "2019-10-05"),
        ("5/10/2019", "2019-10-05"),
        ("10/2019", "2019-10"),
        (dt.datetime(2019, 10, 5), "2019-10-05"),
        (dt.date(2019, 10, 5), "2019-10-05"),
        (43743, "2019-10-05"),  # an Excel serial day number
        ("2019-10-05 00:00:00", "2019-10-05"),
    ],
)
def test_read_date_keeps_precision(value, expected):
    assert str(cols.read_date(value)) == expected


@pytest.mark.parametrize("value", ["31/02/2019", "kemarin", "2019-13", 12.5, "13/13/2020", "¹", "٣٤٥"])
def test_read_date_refuses(value):
    with pytest.raises(DateError):
        cols.read_date(value)


@pytest.mark.parametrize(
    "value, expected",
    [
        ("15000000", Decimal("15000000")),
        ("15.000.000", Decimal("15000000")),
        ("1.500.000,50", Decimal("1500000.50")),
        ("1,500,000.50", Decimal("1500000.50")),
        ("Rp 2.000.000", Decimal("2000000")),
        (2500, Decimal("2500")),
        ("-5", Decimal("-5")),
        ("banyak", None),
    ],
)
def test_read_decimal(value, expected):
    assert cols.read_decimal(value) == expected


def test_read_bool():
    assert cols.read_bool("Ya") is True and cols.read_bool("tidak") is False and cols.read_bool("") is None
    with pytest.raises(ValueError):
        cols.read_bool("mungkin")


def test_sniff_format():
    assert sniff_format(xlsx_bytes([["a", "b"]])[:8192]) == XLSX
    assert sniff_format(b"Judul;Negara\nA;B\n") == CSV
    with pytest.raises(NotATable, match="pdf"):
        sniff_format(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj")
    with pytest.raises(NotATable):
        sniff_format(bytes(range(256)) * 4)


def test_csv_semicolon_and_windows_encoding():
    data = csv_bytes([["Judul", "Negara"], ["Kerja sama Düsseldorf", "Jerman"]], delimiter=";", encoding="cp1252")
    table = open_table(io.BytesIO(data), CSV)
    assert table.headers == ["Judul", "Negara"]
    assert list(table.rows) == [(2, ("Kerja sama Düsseldorf", "Jerman"))]


def test_text_without_delimiter_is_not_a_table():
    with translation.override("id"), pytest.raises(NotATable, match="pemisah kolom"):
        open_table(io.BytesIO(b"just a letter\nwith two lines\n"), CSV)


def test_an_empty_tail_stops_the_reading():
    data = xlsx_bytes([["Judul", "Negara"], ["A", "CN"]], empty_tail=200_000)
    table = open_table(io.BytesIO(data), XLSX)
    rows = list(table.rows)
    assert rows == [(2, ("A", "CN"))]
    assert table.stopped_at is not None


def test_a_chart_sheet_is_passed_over():
    table = open_table(io.BytesIO(xlsx_with_chart_sheet(data=True)), XLSX)
    assert table.headers == ["Judul", "Negara"]
    assert list(table.rows) == [(2, ("Kerja sama Liuzhou", "CN"))]


def test_a_workbook_of_charts_only_is_not_a_table():
    with translation.override("id"), pytest.raises(NotATable, match="grafik"):
        open_table(io.BytesIO(xlsx_with_chart_sheet(data=False)), XLSX)
