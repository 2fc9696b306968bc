"""Reading a spreadsheet's rows, XLSX or CSV, without trusting its name (no database).

A register kept in Excel often carries thousands of formatted but empty rows below the data,
and the sheet's stated size counts them. Reading stops after `EMPTY_STOP` empty rows in a row
and says so, so 200,000 of them cost a moment, not minutes. XLSX is read with openpyxl's
read-only mode (streamed, a row at a time); CSV is decoded (UTF-8, with or without BOM, else
Windows-1252 as Excel writes it) and its delimiter sniffed.
"""

from __future__ import annotations

import csv
import io
import time
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

XLSX, CSV = "xlsx", "csv"
#: This many empty rows one after another end the table.
EMPTY_STOP = 1000
DELIMITERS = ",;\t|"
_SNIFF_BYTES = 64 * 1024


class NotATable(ValueError):
    """The file is not a spreadsheet Kembar can read; the message says why, in the user's language."""


def sniff_format(head: bytes) -> str:
    """XLSX or CSV, from the first bytes; raises NotATable for anything else (PDF, images, old .xls…)."""
    import filetype

    kind = filetype.guess(head)
    if kind is not None:
        if kind.mime == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet":
            return XLSX
        if kind.mime in ("application/vnd.ms-excel", "application/x-ole-storage"):
            raise NotATable(_("This is an old Excel (.xls) file. Save it as .xlsx or CSV and upload it again."))
        raise NotATable(
            _("This file is a %(type)s, not a spreadsheet. Upload an XLSX or CSV file.") % {"type": kind.extension}
        )
    if head.startswith(b"PK"):
        raise NotATable(_("This ZIP file is not an XLSX workbook. Upload an XLSX or CSV file."))
    if b"\x00" in head:
        raise NotATable(_("This file is not text and not an XLSX workbook. Upload an XLSX or CSV file."))
    decode_text(head, partial=True)
    return CSV


def decode_text(data: bytes, *, partial: bool = False) -> str:
    """UTF-8 (BOM or not), else Windows-1252; raises NotATable when neither reads it."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        # A sniffed head may end inside a multi-byte character.
        if partial and exc.start >= len(data) - 3:
            return data[: exc.start].decode("utf-8-sig")
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        raise NotATable(_("The file's text cannot be read: save the CSV as UTF-8.")) from None
    if sum(not (c.isprintable() or c in "\r\n\t") for c in text[:4096]) > 8:
        raise NotATable(_("This file is not text and not an XLSX workbook. Upload an XLSX or CSV file."))
    return text


def sniff_delimiter(sample: str) -> str:
    lines = [line for line in sample.splitlines()[:20] if line.strip()]
    if not lines:
        raise NotATable(_("The file is empty."))
    try:
        return csv.Sniffer().sniff("\n".join(lines), delimiters=DELIMITERS).delimiter
    except csv.Error:
        # One line, or ragged rows: the delimiter the header uses most.
        counts = {d: lines[0].count(d) for d in DELIMITERS}
        best = max(counts, key=counts.get)
        # Prose with a comma in it is not a table: most lines of a table hold the delimiter.
        if counts[best] == 0 or sum(best in line for line in lines) < 0.8 * len(lines):
            raise NotATable(
                _("No column delimiter (comma, semicolon or tab) was found: this is not a CSV table.")
            ) from None
        return best


@dataclass
class Table:
    """Headers and a one-pass iterator of (row number as the spreadsheet shows it, cell values)."""

    headers: list[str]
    rows: Iterator[tuple[int, tuple]]
    sheet: str = ""
    notes: list[str] = field(default_factory=list)
    stopped_at: int | None = None  # the row where reading stopped on empty rows
    empty_skipped: int = 0
    read_seconds: float = 0.0  # spent opening the file and reading rows (so far), for benchmarks


def _is_empty(values) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in values)


def _header_text(value) -> str:
    return "" if value is None else str(value).strip()


def _data_rows(table: Table, source: Iterator[tuple], first: int) -> Iterator[tuple[int, tuple]]:
    """Yield non-empty rows; stop after EMPTY_STOP empty ones in a row (recorded on the table)."""
    empty = 0
    clock = time.perf_counter
    started = clock()
    for number, values in enumerate(source, start=first):
        if _is_empty(values):
            empty += 1
            if empty >= EMPTY_STOP:
                table.stopped_at = number
                break
            continue
        table.empty_skipped += empty
        empty = 0
        row = tuple(values)
        table.read_seconds += clock() - started
        yield number, row
        started = clock()
    table.read_seconds += clock() - started


def open_table(fileobj, fmt: str) -> Table:
    """Open an XLSX (first sheet) or CSV file object. The header is the first non-empty row."""
    started = time.perf_counter()
    table = _open_xlsx(fileobj) if fmt == XLSX else _open_csv(fileobj)
    table.read_seconds += time.perf_counter() - started
    return table


def _load_workbook(fileobj):
    """openpyxl's load_workbook(read_only=True, data_only=True) without its scan of each sheet for the
    size the sheet states. A sheet that states none (openpyxl's own write-only files, some exporters)
    is parsed to its end just to find that out: a whole extra pass over 100,000 rows, for a size
    Kembar does not use (it reads every row regardless, see reset_dimensions below)."""
    from openpyxl.reader.excel import ExcelReader
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

    class Sheet(ReadOnlyWorksheet):
        def _get_size(self):
            pass

    class Reader(ExcelReader):
        def read_worksheets(self):
            # As ExcelReader.read_worksheets does in read-only mode, with the sheet above.
            for sheet, rel in self.parser.find_sheets():
                if rel.target not in self.valid_files:
                    continue
                if "chartsheet" in rel.Type:
                    continue  # a chart has no rows to import (and openpyxl fails on an empty one)
                ws = Sheet(self.wb, sheet.name, rel.target, self.shared_strings)
                ws.sheet_state = sheet.state
                self.wb._sheets.append(ws)

    reader = Reader(fileobj, read_only=True, data_only=True)
    reader.read()
    return reader.wb


def _open_xlsx(fileobj) -> Table:
    from zipfile import BadZipFile

    try:
        wb = _load_workbook(fileobj)
    except (BadZipFile, KeyError, OSError, ValueError, TypeError, AttributeError, IndexError) as exc:
        # openpyxl reports a damaged or unusual part of a workbook by whatever exception its parser meets.
        raise NotATable(
            _("The workbook cannot be read (%(error)s). Save it again from Excel.") % {"error": exc}
        ) from exc
    if not wb.worksheets:
        raise NotATable(_("The workbook has no sheet of rows (only charts): put the data in a sheet."))
    ws = wb.worksheets[0]
    # A sheet saved by some tools states a wrong size; read every row regardless.
    ws.reset_dimensions()
    source = ws.iter_rows(values_only=True)
    return _with_header(source, sheet=ws.title)


def _with_header(source: Iterator[tuple], *, sheet: str = "") -> Table:
    number = 0
    header = None
    empty = 0
    for number, values in enumerate(source, start=1):  # noqa: B007 (the header row number is used after the loop)
        if not _is_empty(values):
            header = values
            break
        empty += 1
        if empty >= EMPTY_STOP:
            break
    if header is None:
        raise NotATable(_("The sheet has no header row: it is empty."))
    headers = [_header_text(v) for v in header]
    while headers and not headers[-1]:
        headers.pop()
    table = Table(headers=headers, rows=iter(()), sheet=sheet)
    table.rows = _data_rows(table, source, number + 1)
    return table


def _open_csv(fileobj) -> Table:
    data = fileobj.read()
    text = decode_text(data)
    delimiter = sniff_delimiter(text[:_SNIFF_BYTES])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    return _with_header(reader)
