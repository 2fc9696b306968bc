"""Spreadsheets made in the test: XLSX (openpyxl) and CSV, as uploads."""

import csv
import io

from django.core.files.uploadedfile import SimpleUploadedFile


def xlsx_bytes(rows, *, empty_tail: int = 0) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Data")
    for row in rows:
        ws.append(list(row))
    if empty_tail:
        # Formatted but empty rows, as Excel leaves below a register: a styled cell with no value.
        font = Font(bold=True)
        for _ in range(empty_tail):
            cell = WriteOnlyCell(ws, value=None)
            cell.font = font
            ws.append([cell])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def xlsx_with_chart_sheet(*, data: bool) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    if data:
        wb.active.title = "Data"
        wb.active.append(["Judul", "Negara"])
        wb.active.append(["Kerja sama Liuzhou", "CN"])
    else:
        wb.remove(wb.active)
    wb.create_chartsheet("Grafik")  # an empty chart sheet, as a register with a chart tab may carry
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows, *, delimiter=",", encoding="utf-8-sig") -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    return buffer.getvalue().encode(encoding)


def upload(content: bytes, name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")
