"""Reading a spreadsheet's rows, XLSX or CSV, without trusting its name (no database).

A register kept in Excel often carries thousands of formatted but empty rows below the data,
and the sheet's stated size counts them. Reading stops after `EMPTY_STOP` empty rows in a row
and says so, so 200,000 of them cost a moment, not minutes. XLSX is read with openpyxl's
read-only mode (streamed, a row at a time); CSV is decoded (UTF-8, with or without BOM, else
Windows-1252 as Excel writes it) and its delimiter sniffed.

Every dimension is limited (`Limits`, from the KEMBAR_IMPORT_* settings; docs/import.md, "Limits"). An
XLSX is a ZIP of XML parts: before openpyxl sees it, each part's declared and actual unpacked size and
the packing ratio are checked (a 394 KB workbook can unpack to a 400 MB shared string, and openpyxl
reads the shared-strings part whole). Its XML is parsed through defusedxml (openpyxl uses it when it is
installed), so entity expansion is refused. Then, while the rows stream, every cell's length, the
columns and the rows are counted; the first one over its limit stops reading with `TooLarge`.
"""

from __future__ import annotations

import csv
import io
import time
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _

XLSX, CSV = "xlsx", "csv"
#: This many empty rows one after another end the table.
EMPTY_STOP = 1000
DELIMITERS = ",;\t|"
_SNIFF_BYTES = 64 * 1024


class NotATable(ValueError):
    """The file is not a spreadsheet Kembar can read; the message says why, in the user's language."""


class TooLarge(NotATable):
    """The file is over one of the limits; the message names the limit and what to do."""


class Unreadable(str):
    """An XLSX cell that holds no value to import, as its text: see its kinds below. Kembar imports what a
    spreadsheet shows, never a formula; the check names the cell (imports.columns.cell_problem)."""


class UnsavedFormula(Unreadable):
    """A formula whose result the file does not keep ("=A2+1"): written by a program and never opened and saved
    in a spreadsheet program since (openpyxl reads such a cell as empty)."""


class ErrorValue(Unreadable):
    """The error a formula shows ("#DIV/0!", "#REF!"), or "#VALUE!" for a date beyond what a spreadsheet holds."""


MB = 1024 * 1024
#: Parts smaller than this are not held to the packing ratio (a tiny part of repeated tags packs well).
RATIO_FLOOR = 1 * MB
#: More parts than this is not a workbook anyone saved.
MAX_PARTS = 10_000


@dataclass(frozen=True)
class Limits:
    """How large an import may be, in every dimension (settings KEMBAR_IMPORT_*)."""

    uncompressed: int  # bytes, all parts of an XLSX together, unpacked
    shared_strings: int  # bytes, the shared-strings part unpacked (openpyxl reads it whole)
    ratio: int  # unpacked size / packed size of a part
    cell: int  # characters in one cell
    columns: int
    rows: int  # data rows, below the header

    @classmethod
    def from_settings(cls) -> Limits:
        return cls(
            uncompressed=settings.KEMBAR_IMPORT_MAX_UNCOMPRESSED_MB * MB,
            shared_strings=settings.KEMBAR_IMPORT_MAX_SHARED_STRINGS_MB * MB,
            ratio=settings.KEMBAR_IMPORT_MAX_RATIO,
            cell=settings.KEMBAR_IMPORT_MAX_CELL_CHARS,
            columns=settings.KEMBAR_IMPORT_MAX_COLUMNS,
            rows=settings.KEMBAR_IMPORT_MAX_ROWS,
        )


def column_letter(index: int) -> str:
    """The spreadsheet's name of the 0-based column `index` (A, B, … Z, AA, …)."""
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1) if index < 18278 else str(index + 1)


def _too_big_unpacked(limit: int) -> TooLarge:
    return TooLarge(
        _(
            "The workbook unpacks to more than %(limit)s MB (an XLSX file is compressed); at most %(limit)s MB "
            "can be read. Split the data into smaller files."
        )
        % {"limit": limit // MB}
    )


def check_archive(fileobj, limits: Limits) -> None:
    """Refuse an XLSX whose parts unpack too large or are packed suspiciously tightly (a ZIP bomb), from the
    sizes its directory declares, then by unpacking each part in pieces and counting (a part cannot hide more
    than it declares: the count stops at the limit). Reads nothing into memory beyond one piece."""
    try:
        archive = zipfile.ZipFile(fileobj)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise NotATable(
            _("The workbook cannot be read (%(error)s). Save it again from Excel.") % {"error": exc}
        ) from exc
    with archive:
        parts = archive.infolist()
        if len(parts) > MAX_PARTS:
            raise TooLarge(
                _("The workbook holds %(n)s parts; at most %(limit)s can be read. Save it again from Excel.")
                % {"n": len(parts), "limit": MAX_PARTS}
            )
        declared = 0
        for part in parts:
            declared += part.file_size
            if declared > limits.uncompressed:
                raise _too_big_unpacked(limits.uncompressed)
            _check_part(part, part.file_size, limits)
        total = 0
        for part in parts:
            unpacked = 0
            try:
                with archive.open(part) as stream:
                    while piece := stream.read(MB):
                        unpacked += len(piece)
                        total += len(piece)
                        if total > limits.uncompressed:
                            raise _too_big_unpacked(limits.uncompressed)
                        _check_part(part, unpacked, limits)
            except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError) as exc:
                if isinstance(exc, NotATable):
                    raise
                raise NotATable(
                    _("The workbook cannot be read (%(error)s). Save it again from Excel.") % {"error": exc}
                ) from exc
    fileobj.seek(0)


def _check_part(part: zipfile.ZipInfo, unpacked: int, limits: Limits) -> None:
    if part.filename.lower().endswith("sharedstrings.xml") and unpacked > limits.shared_strings:
        raise TooLarge(
            _(
                "The workbook's texts unpack to more than %(limit)s MB; at most %(limit)s MB can be read. "
                "Split the data into smaller files."
            )
            % {"limit": limits.shared_strings // MB}
        )
    if unpacked > RATIO_FLOOR and unpacked > limits.ratio * max(part.compress_size, 1):
        raise TooLarge(
            _(
                "The workbook is packed far more tightly than a spreadsheet can be (%(ratio)s to 1; at most "
                "%(limit)s to 1 is accepted), as files made to exhaust a server are. Save it again from Excel."
            )
            % {"ratio": unpacked // max(part.compress_size, 1), "limit": limits.ratio}
        )


def _cell_too_long(row: int, index: int, length: int, limit: int) -> TooLarge:
    return TooLarge(
        _("Row %(row)s, column %(column)s holds %(length)s characters; a cell may hold at most %(limit)s.")
        % {"row": row, "column": column_letter(index), "length": length, "limit": limit}
    )


def check_cells(number: int, values, limits: Limits) -> tuple:
    """The row's values cut to the column limit (what lies beyond must be empty); TooLarge for a cell or a
    row over its limit."""
    limit = limits.cell
    for index, value in enumerate(values):
        if value.__class__ is str and len(value) > limit:
            raise _cell_too_long(number, index, len(value), limit)
    if len(values) > limits.columns:
        beyond = values[limits.columns :]
        if not _is_empty(beyond):
            raise TooLarge(
                _(
                    "Row %(row)s has values beyond column %(column)s; at most %(limit)s columns can be read. "
                    "Delete the columns Kembar does not need."
                )
                % {"row": number, "column": column_letter(limits.columns - 1), "limit": limits.columns}
            )
        values = values[: limits.columns]
    return tuple(values)


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
    #: The rows the file says it has (an XLSX's stated size, a CSV's lines), for progress; None if unknown.
    estimated_rows: int | None = None
    notes: list[str] = field(default_factory=list)
    stopped_at: int | None = None  # the row where reading stopped on empty rows
    empty_skipped: int = 0
    read_seconds: float = 0.0  # spent opening the file and reading rows (so far), for benchmarks


def _is_empty(values) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in values)


def _header_text(value) -> str:
    return "" if value is None else str(value).strip()


def _data_rows(table: Table, source: Iterator[tuple], first: int, limits: Limits) -> Iterator[tuple[int, tuple]]:
    """Yield non-empty rows; stop after EMPTY_STOP empty ones in a row (recorded on the table). TooLarge
    for a cell, a row or the row count over its limit (NotATable when the file turns out damaged)."""
    empty = 0
    count = 0
    clock = time.perf_counter
    started = clock()
    for number, values in enumerate(source, start=first):  # `source` is guarded (_with_header)
        if _is_empty(values):
            empty += 1
            if empty >= EMPTY_STOP:
                table.stopped_at = number
                break
            continue
        table.empty_skipped += empty
        empty = 0
        count += 1
        if count > limits.rows:
            raise TooLarge(
                _(
                    "The file has more than %(limit)s rows; at most %(limit)s can be imported at once. "
                    "Split it into smaller files."
                )
                % {"limit": limits.rows}
            )
        row = check_cells(number, values, limits)
        table.read_seconds += clock() - started
        yield number, row
        started = clock()
    table.read_seconds += clock() - started


def _guarded(source: Iterator):
    """The items of `source`; a parser's failure part-way (a damaged sheet, an XML entity refused by
    defusedxml, a CSV field past the csv module's own limit) becomes NotATable with its reason."""
    while True:
        try:
            item = next(source)
        except StopIteration:
            return
        except NotATable:
            raise
        except csv.Error as exc:
            raise NotATable(_("The CSV file cannot be read (%(error)s).") % {"error": exc}) from exc
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, TypeError, KeyError, IndexError) as exc:
            raise NotATable(
                _("The workbook cannot be read (%(error)s). Save it again from Excel.") % {"error": exc}
            ) from exc
        yield item


def open_table(fileobj, fmt: str, limits: Limits | None = None) -> Table:
    """Open an XLSX (first sheet) or CSV file object. The header is the first non-empty row.
    NotATable (TooLarge for a limit) when it cannot be read; the rows may raise it too as they stream."""
    limits = limits or Limits.from_settings()
    started = time.perf_counter()
    table = _open_xlsx(fileobj, limits) if fmt == XLSX else _open_csv(fileobj, limits)
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


def _open_xlsx(fileobj, limits: Limits) -> Table:
    from zipfile import BadZipFile

    check_archive(fileobj, limits)
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
    estimated = _stated_rows(ws)
    table = _with_header(_values(ws), limits, sheet=ws.title)
    table.estimated_rows = estimated
    return table


def _values(ws) -> Iterator[tuple]:
    """The sheet's rows, each a tuple of its values up to its last cell (a row the file leaves out is empty), as
    openpyxl's read-only `iter_rows(values_only=True)` gives them after `reset_dimensions()`; but a cell that holds
    no value to import is an Unreadable, not None (a formula without its result) or its error's text."""
    from openpyxl.worksheet._reader import FORMULA_TAG, WorkSheetParser

    class Parser(WorkSheetParser):
        def parse_cell(self, element):
            cell = super().parse_cell(element)
            if cell["data_type"] == "e" and cell["value"] is not None:
                cell["value"] = ErrorValue(cell["value"])
            elif cell["value"] is None and (formula := element.find(FORMULA_TAG)) is not None:
                cell["value"] = UnsavedFormula("=" + (formula.text or ""))
            return cell

    wb = ws.parent
    with ws._get_source() as source:
        parser = Parser(
            source,
            ws._shared_strings,
            data_only=True,
            epoch=wb.epoch,
            date_formats=wb._date_formats,
            timedelta_formats=wb._timedelta_formats,
        )
        expected = 1
        for number, cells in parser.parse():
            for _missing in range(expected, number):
                yield ()
            expected = number + 1
            values = [None] * max((c["column"] for c in cells), default=0)
            for c in cells:
                values[c["column"] - 1] = c["value"]
            yield tuple(values)


def _stated_rows(ws) -> int | None:
    """The last row the sheet states it has (its <dimension>, read from the sheet's first bytes), or None."""
    from openpyxl.worksheet._reader import WorkSheetParser

    try:
        with ws._get_source() as src:
            bounds = WorkSheetParser(src, []).parse_dimensions()
    except Exception:  # noqa: BLE001 (an estimate for a progress bar; reading the rows reports any damage)
        return None
    return bounds[3] if bounds and bounds[3] else None


def _with_header(source: Iterator[tuple], limits: Limits, *, sheet: str = "") -> Table:
    number = 0
    header = None
    empty = 0
    source = _guarded(source)
    for number, values in enumerate(source, start=1):  # noqa: B007 (the header row number is used after the loop)
        if not _is_empty(values):
            header = values
            break
        empty += 1
        if empty >= EMPTY_STOP:
            break
    if header is None:
        raise NotATable(_("The sheet has no header row: it is empty."))
    header = list(header)
    while header and (header[-1] is None or (isinstance(header[-1], str) and not header[-1].strip())):
        header.pop()
    if len(header) > limits.columns:
        raise TooLarge(
            _(
                "The file has %(n)s columns; at most %(limit)s can be read. Delete the columns Kembar does "
                "not need and upload it again."
            )
            % {"n": len(header), "limit": limits.columns}
        )
    for index, value in enumerate(header):
        if isinstance(value, str) and len(value) > limits.cell:
            raise _cell_too_long(number, index, len(value), limits.cell)
    headers = [_header_text(v) for v in header]
    table = Table(headers=headers, rows=iter(()), sheet=sheet)
    table.rows = _data_rows(table, source, number + 1, limits)
    return table


def _open_csv(fileobj, limits: Limits) -> Table:
    data = fileobj.read()
    text = decode_text(data)
    delimiter = sniff_delimiter(text[:_SNIFF_BYTES])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    table = _with_header(reader, limits)
    table.estimated_rows = text.count("\n")
    return table
