"""What awaits translation, out to a translator's tool and back: XLIFF 2.0 or XLSX (docs/adr/0037).

XLIFF 2.0 (OASIS, 2014) is small and fully specified: one <file> per export, one <unit> per product (id
"P-00012", the product's number), one <segment> per text field (name, short, long), the Indonesian text as
<source>, the language's text as <target>, the status as the segment's state (missing → initial, draft →
translated, reviewed → reviewed). It is written with the standard library and read with defusedxml (no DTD,
no entities, no external references). The XLSX has one row per product with the same columns by position
(openpyxl writes it; kembar.imports.reading reads it with the imports' size limits).

An import is all or nothing: every row is checked first (the product is one of the region's, the language is
the export's, the texts are within their lengths); one problem and nothing is saved, and the answer lists the
problems per row. A text marked reviewed is saved reviewed only when the importing user may review that
language (the language's translator or trade staff); otherwise it is saved as draft.
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

from defusedxml import ElementTree as SafeET
from defusedxml.common import DefusedXmlException
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kembar.core.spreadsheets import text_cell

from . import selectors, services
from .models import LONG_CHARS, NAME_CHARS, SHORT_CHARS, Product, ProductText

NS = "urn:oasis:names:tc:xliff:document:2.0"
FIELDS = ("name", "short", "long")
LIMITS = {"name": NAME_CHARS, "short": SHORT_CHARS, "long": LONG_CHARS}
LABELS = {"name": gettext_lazy("name"), "short": gettext_lazy("short description"), "long": gettext_lazy("description")}
#: Status ↔ XLIFF 2.0 segment state.
STATE = {"missing": "initial", "draft": "translated", "reviewed": "reviewed"}
FROM_STATE = {"initial": "missing", "translated": "draft", "reviewed": "reviewed", "final": "reviewed"}
#: Most products in one file, and its largest size.
MAX_ROWS = 5000
MAX_BYTES = 10 * 1024 * 1024
NUMBER = re.compile(r"^P-(\d{1,10})$")


def product_number(pk: int) -> str:
    return f"P-{pk:05d}"


@dataclass
class Row:
    number: str  # where the row is in the file: "P-00012" (XLIFF) or the spreadsheet's row number
    product: str  # the product's number as written
    texts: dict = field(default_factory=dict)
    status: str = ""


@dataclass
class Outcome:
    saved: int = 0
    errors: list[dict] = field(default_factory=list)  # {"row": …, "message": …}


def _rows_to_export(region, language: str):
    """The texts awaiting translation (at most MAX_ROWS: the import's limit too) and their Indonesian sources."""
    texts = list(selectors.queue(region, language)[:MAX_ROWS])
    sources = selectors.source_texts([t.product_id for t in texts])
    return texts, sources


# --- Export -----------------------------------------------------------------------------------------------------


def export_xliff(region, language: str) -> bytes:
    texts, sources = _rows_to_export(region, language)
    ET.register_namespace("", NS)
    root = ET.Element(f"{{{NS}}}xliff", {"version": "2.0", "srcLang": "id", "trgLang": language})
    file_el = ET.SubElement(root, f"{{{NS}}}file", {"id": f"kembar-{region.code}-{language}"})
    for text in texts:
        source = sources.get(text.product_id)
        unit = ET.SubElement(file_el, f"{{{NS}}}unit", {"id": product_number(text.product_id)})
        notes = ET.SubElement(unit, f"{{{NS}}}notes")
        note = ET.SubElement(notes, f"{{{NS}}}note", {"category": "sme"})
        note.text = text.product.sme.name
        for name in FIELDS:
            segment = ET.SubElement(unit, f"{{{NS}}}segment", {"id": name, "state": STATE[text.status]})
            ET.SubElement(segment, f"{{{NS}}}source").text = getattr(source, name, "") if source else ""
            target = getattr(text, name)
            if target or text.status != ProductText.Status.MISSING:
                ET.SubElement(segment, f"{{{NS}}}target").text = target
    ET.indent(root)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="utf-8")


def xlsx_headers(language: str) -> list[str]:
    return [
        _("Product"),
        _("SME"),
        _("Name (Indonesian)"),
        _("Short description (Indonesian)"),
        _("Description (Indonesian)"),
        _("Name (%(lang)s)") % {"lang": language},
        _("Short description (%(lang)s)") % {"lang": language},
        _("Description (%(lang)s)") % {"lang": language},
        _("Status (missing, draft, reviewed)"),
    ]


def export_xlsx(region, language: str) -> bytes:
    from openpyxl import Workbook

    texts, sources = _rows_to_export(region, language)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(language)
    ws.append([text_cell(ws, h) for h in xlsx_headers(language)])
    for text in texts:
        source = sources.get(text.product_id)
        values = [product_number(text.product_id), text.product.sme.name]
        values += [getattr(source, n, "") if source else "" for n in FIELDS]
        values += [getattr(text, n) for n in FIELDS] + [text.status]
        ws.append([text_cell(ws, v) for v in values])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# --- Import -----------------------------------------------------------------------------------------------------


def _refuse(message: str) -> ValidationError:
    return ValidationError(message, code="bad_file")


def read_xliff(data: bytes, language: str) -> list[Row]:
    try:
        root = SafeET.fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except ET.ParseError as exc:
        line, column = getattr(exc, "position", (None, None))
        if line:
            raise _refuse(
                _(
                    "The file is not an XLIFF file Kembar can read: it breaks off at line %(line)s, "
                    "character %(column)s."
                )
                % {"line": line, "column": column + 1}
            ) from exc
        raise _refuse(_("The file is not an XLIFF file Kembar can read.")) from exc
    except DefusedXmlException as exc:
        raise _refuse(
            _(
                "The file is not an XLIFF file Kembar can read: it declares a document type or entities, which Kembar "
                "does not read."
            )
        ) from exc
    except ValueError as exc:
        raise _refuse(_("The file is not an XLIFF file Kembar can read.")) from exc
    if root.tag != f"{{{NS}}}xliff" or root.get("version") != "2.0":
        raise _refuse(_("The file is not XLIFF 2.0."))
    if root.get("trgLang") != language:
        raise _refuse(
            _("The file is for the language %(file)s, not %(lang)s.")
            % {"file": (root.get("trgLang") or "—")[:10], "lang": language}
        )
    rows = []
    for unit in root.iter(f"{{{NS}}}unit"):
        if len(rows) >= MAX_ROWS:
            raise _refuse(_("The file has more than %(max)s products.") % {"max": MAX_ROWS})
        unit_id = (unit.get("id") or "")[:20]
        row = Row(number=unit_id, product=unit_id)
        states = set()
        for segment in unit.iter(f"{{{NS}}}segment"):
            name = segment.get("id")
            target = segment.find(f"{{{NS}}}target")
            if name in FIELDS and target is not None:
                row.texts[name] = "".join(target.itertext())
            states.add(FROM_STATE.get(segment.get("state", "initial"), ""))
        # A unit is reviewed when every segment is; draft when any is translated.
        if "" in states:
            row.status = "?"
        elif states == {"reviewed"}:
            row.status = "reviewed"
        elif states & {"draft", "reviewed"}:
            row.status = "draft"
        else:
            row.status = "missing"
        rows.append(row)
    return rows


def read_xlsx(upload, language: str) -> list[Row]:
    from kembar.imports.reading import NotATable, open_table

    try:
        table = open_table(upload, "xlsx")
        if len(table.headers) < 9:
            raise _refuse(_("The sheet does not have the columns of Kembar's export: export it again."))
        rows = []
        for number, values in table.rows:
            if len(rows) >= MAX_ROWS:
                raise _refuse(_("The file has more than %(max)s products.") % {"max": MAX_ROWS})
            values = [("" if v is None else str(v)) for v in (*values, *[None] * 9)[:9]]
            rows.append(
                Row(
                    number=str(number),
                    product=values[0].strip(),
                    texts={n: values[5 + i] for i, n in enumerate(FIELDS)},
                    status=values[8].strip().lower(),
                )
            )
        return rows
    except NotATable as exc:
        raise _refuse(str(exc)) from exc


def _check(rows: list[Row], region, language: str) -> tuple[dict[str, Product], list[dict]]:
    errors = []
    wanted = {}
    for row in rows:
        match = NUMBER.match(row.product)
        if match:
            wanted[row.product] = int(match.group(1))
    found = {product_number(p.pk): p for p in selectors.products(region).filter(pk__in=list(wanted.values()))}
    seen = set()
    for row in rows:

        def err(message, row=row):
            errors.append({"row": row.number, "message": message})

        if row.product not in found:
            err(_("No product %(number)s in this region.") % {"number": row.product[:20] or "—"})
            continue
        if row.product in seen:
            err(_("Product %(number)s is in the file twice.") % {"number": row.product})
        seen.add(row.product)
        if row.status not in ProductText.Status.values:
            err(_("The status must be missing, draft or reviewed."))
        for name, text in row.texts.items():
            if len(text.strip()) > LIMITS[name]:
                err(
                    _("The %(field)s has %(n)s characters; at most %(max)s.")
                    % {"field": LABELS[name], "n": len(text.strip()), "max": LIMITS[name]}
                )
        if row.status in ("draft", "reviewed") and not row.texts.get("name", "").strip():
            err(_("A text in draft or reviewed has a name."))
    return found, errors


def import_texts(*, region, language: str, by, upload, may_review: bool) -> Outcome:
    """Read an XLIFF 2.0 or XLSX file of `language` and save its texts, all or nothing."""
    if upload.size > MAX_BYTES:
        from kembar.core.uploads import too_large

        raise too_large(upload.size, MAX_BYTES)
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"PK"):
        rows = read_xlsx(upload, language)
    else:
        rows = read_xliff(upload.read(MAX_BYTES + 1), language)
    if not rows:
        raise _refuse(_("The file has no products."))
    found, errors = _check(rows, region, language)
    outcome = Outcome(errors=errors)
    if errors:
        return outcome
    with transaction.atomic():
        for row in rows:
            product = found[row.product]
            status = row.status
            if status == ProductText.Status.REVIEWED and not may_review:
                status = ProductText.Status.DRAFT
            current = product.texts.filter(language=language).first()
            fields = dict(row.texts)
            if (
                current is not None
                and current.status == status
                and all(getattr(current, k) == v.strip() for k, v in fields.items())
            ):
                continue
            try:
                services.product_text_save(product=product, language=language, by=by, status=status, **fields)
                outcome.saved += 1
            except ValidationError as exc:
                outcome.errors.append({"row": row.number, "message": " ".join(exc.messages)})
        if outcome.errors:
            transaction.set_rollback(True)
            outcome.saved = 0
    return outcome
