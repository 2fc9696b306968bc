"""The annual report as XLSX (openpyxl): a README sheet with the source note, then one sheet per section
with typed cells (dates as dates, numbers as numbers), a bold frozen header row and set column widths."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from kembar.core.spreadsheets import as_text, cell_text

from .selectors import AnnualReport

Progress = Callable[[int, str], None]
DATE_FORMAT = "dd/mm/yyyy"
HEADER_FILL = PatternFill("solid", fgColor="E8E8E8")


def _noop(_percent: int, _message: str) -> None:
    return None


def _value(value, kind: str):
    if value is None or value == "":
        return None
    if kind == "int" and isinstance(value, int):
        return value
    if kind == "date" and isinstance(value, dt.date):
        return value
    return cell_text(str(value))


def annual_xlsx(report: AnnualReport, *, progress: Progress = _noop) -> bytes:
    from django.utils.translation import gettext as _

    wb = Workbook()
    readme = wb.active
    readme.title = "README"
    lines = [
        (report.title, None),
        (_("Region"), f"{report.region.name} ({report.region.code})"),
        (_("Year"), report.year),
        (_("Judged as of"), report.as_of),
        (_("Generated"), report.generated_at.replace(tzinfo=None)),
        (_("Source of the structure"), report.note),
        (_("Structure"), f"{report.structure['id']} (v{report.structure['version']})"),
        (_("Dates"), _("A date known to the day is a date cell; one known only to the month or year stays text.")),
    ]
    if report.empty:
        lines.append((_("No data"), _("Nothing is recorded for %(year)s in Kembar.") % {"year": report.year}))
    for label, value in lines:
        readme.append([label, value])
        for cell in readme[readme.max_row]:
            as_text(cell)
    readme["A1"].font = Font(bold=True, size=13)
    for cell in ("B4",):
        readme[cell].number_format = DATE_FORMAT
    readme["B5"].number_format = "dd/mm/yyyy hh:mm"
    readme.column_dimensions["A"].width = 28
    readme.column_dimensions["B"].width = 100
    for row in readme.iter_rows(min_row=2):
        row[1].alignment = Alignment(wrap_text=True, vertical="top")

    n = len(report.sections)
    for i, s in enumerate(report.sections):
        ws = wb.create_sheet(s.sheet)
        ws.append([c["title"] for c in s.columns])
        for cell in ws[1]:
            as_text(cell)
        for cell in ws[1]:
            cell.font = Font(bold=True)
            cell.fill = HEADER_FILL
        ws.freeze_panes = "A2"
        widths = [max(10, len(c["title"]) + 2) for c in s.columns]
        for row in s.rows:
            values = [_value(row.get(c["id"]), c["type"]) for c in s.columns]
            ws.append(values)
            for cell in ws[ws.max_row]:
                as_text(cell)  # text stays text, even "=HYPERLINK(…)"
            for j, v in enumerate(values):
                if isinstance(v, str):
                    widths[j] = max(widths[j], min(len(v) + 2, 60))
        if not s.rows:
            ws.append([_("No data for %(year)s.") % {"year": report.year}])
        for j, c in enumerate(s.columns, 1):
            letter = get_column_letter(j)
            ws.column_dimensions[letter].width = 14 if c["type"] == "date" else widths[j - 1]
            if c["type"] == "date":
                for cell in ws[letter][1:]:
                    if isinstance(cell.value, dt.date):
                        cell.number_format = DATE_FORMAT
        progress(30 + int(60 * (i + 1) / n), s.title)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
