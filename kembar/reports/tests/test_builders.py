"""The annual report read back from its files: pdftotext for the PDF, openpyxl for the XLSX. Sections
present, the numbers equal the selector's, a year with no data still gives valid files that say so."""

import datetime as dt
import re

import pytest
from django.utils import translation
from django.utils.translation import gettext

from kembar.reports.selectors import annual_report_data, report_as_of
from kembar.reports.services import REPORT_LANGUAGE, build_bytes
from kembar.reports.structure import load_structure, text
from kembar.testing import fill_dossier, make_cooperation, queries_in

from .conftest import pdf_text, read_xlsx, squash


def _data(region, year):
    with translation.override(REPORT_LANGUAGE):
        return annual_report_data(region=region, year=year)


def _no_data(year):
    with translation.override(REPORT_LANGUAGE):
        return gettext("No data for %(year)s.") % {"year": year}


def test_structure_is_data_with_its_source_note():
    s = load_structure()
    assert s["confirmed"] is False
    assert "until the official format is confirmed" in s["source"]["note"]["en"]
    assert [x["id"] for x in s["sections"]] == [
        "summary",
        "cooperations",
        "documents",
        "activities",
        "obligations",
        "evaluation",
        "problems",
    ]


def test_as_of_is_the_year_end_or_today():
    assert report_as_of(2022, today=dt.date(2026, 3, 1)) == dt.date(2022, 12, 31)
    assert report_as_of(2026, today=dt.date(2026, 3, 1)) == dt.date(2026, 3, 1)


def test_pdf_has_every_section_region_titles_cjk_and_the_selectors_numbers(demo):
    data = _data(demo, 2022)
    content = build_bytes(region=demo, year=2022, format="pdf")
    assert content.startswith(b"%PDF")
    raw = pdf_text(content)
    flat = squash(raw)
    for section in load_structure()["sections"]:
        assert squash(text(section["title"], "id")) in flat, section["id"]
    assert "Kota Bandung" in raw
    assert squash(text(load_structure()["source"]["note"], "id")) in flat
    for coop in data.cooperations:
        assert squash(coop.title) in flat, coop.title
    assert "柳州市" in raw  # Liuzhou in Noto CJK
    assert "서울특별시" in raw
    assert squash("Laporan tahunan 2022") in flat
    # The summary's counts per status, as printed, equal the selector's.
    layout = pdf_text(content, layout=True)
    summary = data.section("summary")
    status_rows = [r for r in summary.rows if r["dimension"] == summary.rows[-2]["dimension"]]
    assert sum(r["count"] for r in status_rows) == len(data.cooperations)
    for row in summary.rows:
        assert re.search(rf"{re.escape(row['value'])}\s+{row['count']}\b", layout), row
    # A table of contents with page numbers (target-counter), and a page count footer.
    assert re.search(r"1\. Ringkasan\s*\.+\s*\d+", layout)


def test_xlsx_has_a_sheet_per_section_typed_cells_and_the_selectors_numbers(demo):
    data = _data(demo, 2022)
    wb = read_xlsx(build_bytes(region=demo, year=2022, format="xlsx"))
    assert wb.sheetnames == ["README", *[s["sheet"] for s in load_structure()["sections"]]]
    assert "until the official format is confirmed" in str(wb["README"]["B6"].value) or "sampai format resmi" in str(
        wb["README"]["B6"].value
    )
    for section in data.sections:
        ws = wb[section.sheet]
        assert ws.freeze_panes == "A2"
        assert [c.value for c in ws[1]] == [c["title"] for c in section.columns]
        assert ws.max_row == 1 + max(len(section.rows), 1)
        assert ws.column_dimensions["A"].width >= 10
    summary = wb[data.section("summary").sheet]
    counts = [(r[0].value, r[1].value, r[2].value) for r in summary.iter_rows(min_row=2)]
    assert counts == [(r["dimension"], r["value"], r["count"]) for r in data.section("summary").rows]
    assert all(isinstance(c, int) for _d, _v, c in counts)
    # Dates known to the day are dates; those known to the month stay text.
    docs = wb[data.section("documents").sheet]
    assert docs["A2"].value == dt.datetime(2022, 5, 11) and docs["A2"].is_date
    acts = wb[data.section("activities").sheet]
    assert isinstance(acts["A2"].value, str) and "2022" in acts["A2"].value
    obligations = wb[data.section("obligations").sheet]
    assert obligations["E2"].is_date and obligations["F2"].value == data.section("obligations").rows[0]["overdue_count"]
    assert len(list(acts.iter_rows(min_row=2))) == len(data.section("activities").rows) == 1


@pytest.mark.parametrize("fmt", ["pdf", "xlsx"])
def test_a_year_with_no_data_gives_a_valid_report_that_says_so(bogor, fmt):
    data = _data(bogor, 2021)
    assert data.empty
    content = build_bytes(region=bogor, year=2021, format=fmt)
    if fmt == "pdf":
        assert content.startswith(b"%PDF")
        raw = pdf_text(content)
        assert raw.count(_no_data(2021)) == len(data.sections) - 1  # the summary still counts: 0 in total
        assert bogor.name in raw
    else:
        wb = read_xlsx(content)
        assert wb[data.section("documents").sheet]["A2"].value == _no_data(2021)
        assert any("2021" in str(c.value) for row in wb["README"].iter_rows() for c in row if c.value)


def test_the_data_costs_the_same_queries_however_much_there_is(demo):
    small = queries_in(lambda: _data(demo, 2022))
    coop = make_cooperation(demo, ref="bandung-extra", title="Kerja Sama Tambahan", country="JP")
    fill_dossier(coop, n=60)
    assert queries_in(lambda: _data(demo, 2022)) == small


def test_pdf_lists_each_source_of_the_problems_once_and_cites_it_by_number(demo):
    """The problems' sources were repeated whole in every row of a narrow column: 15 of 25 pages for Bandung."""
    sources = [r["source"] for r in _data(demo, 2022).section("problems").rows if r["source"]]
    repeated = {s for s in sources if sources.count(s) > 1}
    assert repeated, "the demo has sources shared by several problems"

    def flat(text):  # a hyphen that ends a line is dropped by pdftotext
        return squash(text).replace("-", "")

    pdf = flat(pdf_text(build_bytes(region=demo, year=2022, format="pdf")))
    problems = pdf[pdf.rindex(squash("Permasalahan dan Tindak Lanjut")) :]
    distinct = list(dict.fromkeys(sources))
    for number, source in enumerate(distinct, start=1):
        # Printed once, in the list (a source may be the start of a longer one: that one holds it too).
        assert problems.count(flat(source)) == sum(flat(source) in flat(other) for other in distinct), source
        assert f"[{number}]{flat(source)}" in problems
    assert problems.count("[1]") >= 1 + sources.count(sources[0])  # each row cites it, and the list names it
    # The spreadsheet keeps the whole source in every row.
    sheet = read_xlsx(build_bytes(region=demo, year=2022, format="xlsx"))["Permasalahan"]
    cells = [cell.value for row in sheet.iter_rows() for cell in row]
    assert all(cells.count(s) == sources.count(s) for s in repeated)


def test_a_cooperation_without_a_recorded_start_starts_when_it_was_signed(demo):
    """Bandung–Liuzhou records no start of its own: the list said "—" though its MoU is of 21 September 2006."""
    rows = {r["title"]: r for r in _data(demo, 2022).section("cooperations").rows}
    liuzhou = next(r for title, r in rows.items() if "Liuzhou" in title)
    assert liuzhou["started"] == dt.date(2006, 9, 21)
    assert "21September2006" in squash(pdf_text(build_bytes(region=demo, year=2022, format="pdf")))
    sheet = read_xlsx(build_bytes(region=demo, year=2022, format="xlsx"))["Kerja Sama"]
    assert dt.datetime(2006, 9, 21) in [cell.value for row in sheet.iter_rows() for cell in row]
