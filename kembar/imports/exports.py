"""Lists as CSV and XLSX, with the page's filters: the same selectors the pages use, every row, no paging.

Each list is a header and a row generator of typed values (numbers stay numbers; a date known to
the day is a date; a partial date stays text at its precision). CSV is streamed, UTF-8 with a BOM
so Excel reads Indonesian text right; XLSX is written with openpyxl's write-only mode.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.utils.translation import gettext as _

from kembar.core.dates import DateSpec
from kembar.core.params import record_id
from kembar.core.sorting import sorted_by
from kembar.core.spreadsheets import csv_text, text_cell

CHUNK = 2000
LISTS = ("cooperations", "activities", "deadlines", "obligations")
FORMATS = ("csv", "xlsx")


@dataclass
class Export:
    title: str
    headers: list[str]
    rows: Iterable[list]


def _params(query, names) -> dict[str, str]:
    return {k: query.get(k, "").strip() for k in names if query.get(k, "").strip()}


def cooperations(*, region, query) -> Export:
    from kembar.cooperations.selectors import COOPERATION_FILTERS, COOPERATION_SORTS, by_status, cooperation_list
    from kembar.partners.models import Country

    sorting = sorted_by(query, COOPERATION_SORTS, "title")
    params = _params(query, COOPERATION_FILTERS)
    status = params.pop("status", "")
    qs = cooperation_list(region=region, ordering=Country.by_reader_name(sorting.ordering), **params)
    ids = query.getlist("ids") if hasattr(query, "getlist") else []
    if ids:  # the list's selected rows (the view has checked they are all the region's)
        qs = qs.filter(pk__in=[pk for pk in map(record_id, ids) if pk is not None])

    def rows():
        # Each with its lifecycle status (the list's): the status word, then the whole of it in words.
        for c in by_status(qs, status=status, sort=sorting.key):
            yield [
                c.ref,
                c.title,
                c.partner.name,
                c.partner.name_local,
                c.partner.country_id,
                c.partner.country.name(),
                c.type,
                c.get_form_display(),
                c.lifecycle.word,
                c.lifecycle.text,
                c.started,
                c.ends,
                "; ".join(c.fields or []),
                c.person_in_charge,
            ]

    headers = [
        _("Reference"),
        _("Title"),
        _("Partner"),
        _("Partner name in local script"),
        _("ISO code"),
        _("Country"),
        _("Type"),
        _("Form"),
        _("Status"),
        _("Status in full"),
        _("Start"),
        _("End"),
        _("Fields of cooperation"),
        _("Person in charge"),
    ]
    return Export(_("Cooperations"), headers, rows())


def activities(*, region, query) -> Export:
    from kembar.cooperations.selectors import ACTIVITY_FILTERS, ACTIVITY_SORTS, activity_list

    params = _params(query, ACTIVITY_FILTERS)
    ref = params.pop("cooperation", "")
    ordering = sorted_by(query, ACTIVITY_SORTS, "date").ordering
    qs = activity_list(region=region, cooperation_ref=ref, ordering=ordering, **params)

    def rows():
        for a in qs.iterator(chunk_size=CHUNK):
            yield [
                a.cooperation.ref,
                a.cooperation.title,
                a.date,
                a.end,
                a.title,
                str(a.kind_label),
                a.field,
                str(a.host_label),
                str(a.initiated_by_label),
                str(a.beneficiary_label),
                "; ".join(str(label) for _code, label, _n in a.sectors),
                {True: _("yes"), False: _("no")}.get(a.community_in_planning, ""),
                a.budget_region,
                a.budget_partner,
                a.currency,
                "; ".join(o.get("text", "") if isinstance(o, dict) else str(o) for o in a.outcomes or []),
                a.n_files,
            ]

    headers = [
        _("Cooperation"),
        _("Cooperation title"),
        _("Date"),
        _("End date"),
        _("Title"),
        _("Kind"),
        _("Field"),
        _("Host"),
        _("Initiated by"),
        _("Beneficiary"),
        _("Sectors taking part"),
        _("Community in planning"),
        _("Budget of the region"),
        _("Budget of the partner"),
        _("Currency"),
        _("Outcomes"),
        _("Evidence files"),
    ]
    return Export(_("Activities"), headers, rows())


def deadlines(*, region, query) -> Export:
    from kembar.cooperations.selectors import deadline_list

    d = deadline_list(region=region)
    sections = ((_("Expiring"), d.expiring), (_("Expired"), d.expired), (_("LoI without MoU"), d.loi_without_mou))

    def rows():
        for label, items in sections:
            for r in items:
                yield [
                    label,
                    r.cooperation.ref,
                    r.cooperation.title,
                    r.cooperation.partner.name,
                    r.document.get_kind_display(),
                    r.document.title,
                    r.document.date,
                    r.document.expires,
                    r.flag.due,
                    r.flag.days,
                ]

    headers = [
        _("Section"),
        _("Reference"),
        _("Cooperation"),
        _("Partner"),
        _("Document kind"),
        _("Document"),
        _("Date"),
        _("Expires"),
        _("Due"),
        _("Days"),
    ]
    return Export(_("Deadlines"), headers, rows())


#: The furthest an obligations export looks ahead (ten years).
MAX_WITHIN_DAYS = 3650


class BadParameter(ValueError):
    """A query parameter out of its range: the view answers 400 with this message."""


def obligations(*, region, query) -> Export:
    from kembar.monitoring.forms import STATUS_LABELS
    from kembar.monitoring.selectors import due_list

    within = query.get("within_days", "")
    if within and not (within.isascii() and within.isdigit() and 0 <= int(within) <= MAX_WITHIN_DAYS):
        raise BadParameter(_("“Within days” must be a whole number from 0 to %(max)s.") % {"max": MAX_WITHIN_DAYS})
    dl = due_list(region=region, **({"within_days": int(within)} if within else {}))

    def rows():
        for st in dl.overdue:
            first = st.schedule.overdue[0]
            yield [
                _("Overdue"),
                st.cooperation.ref,
                st.cooperation.title,
                st.cooperation.partner.name,
                st.obligation.text,
                first.due,
                len(st.schedule.overdue),
                str(STATUS_LABELS.get(first.status, first.status)),
            ]
        for st, occ in dl.due_soon:
            yield [
                _("Due soon"),
                st.cooperation.ref,
                st.cooperation.title,
                st.cooperation.partner.name,
                st.obligation.text,
                occ.due,
                1,
                str(STATUS_LABELS.get(occ.status, occ.status)),
            ]

    headers = [
        _("Section"),
        _("Reference"),
        _("Cooperation"),
        _("Partner"),
        _("Obligation"),
        _("Due"),
        _("Occurrences"),
        _("Status"),
    ]
    return Export(_("Obligations due"), headers, rows())


BUILDERS = {"cooperations": cooperations, "activities": activities, "deadlines": deadlines, "obligations": obligations}


def build(name: str, *, region, query) -> Export:
    return BUILDERS[name](region=region, query=query)


# --- Writers ---------------------------------------------------------------------------------


def _plain(value):
    """A CSV cell: dates at their precision (ISO), numbers as Python writes them, nothing for None."""
    if value is None:
        return ""
    if isinstance(value, DateSpec | dt.date):
        return value.isoformat() if isinstance(value, dt.date) else str(value)
    return value


def csv_chunks(export: Export) -> Iterator[str]:
    """The CSV as text chunks, starting with a BOM (Excel then reads UTF-8)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")
    writer.writerow([csv_text(str(h)) for h in export.headers])
    for n, row in enumerate(export.rows, start=1):
        writer.writerow([csv_text(_plain(v)) for v in row])
        if n % 500 == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def _typed(value):
    if isinstance(value, DateSpec):
        if not value.is_range and value.exact.day:
            return value.earliest()
        return str(value)
    return value


def xlsx_bytes(export: Export) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(export.title[:31])
    ws.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for h in export.headers:
        header.append(text_cell(ws, str(h), font=bold))
    ws.append(header)
    for row in export.rows:
        out = []
        for value in row:
            value = _typed(value)
            if isinstance(value, dt.date):
                cell = WriteOnlyCell(ws, value=value)
                cell.number_format = "yyyy-mm-dd"
                out.append(cell)
            elif isinstance(value, str):
                out.append(text_cell(ws, value))  # text stays text, even "=HYPERLINK(…)"
            else:
                out.append(value)
        ws.append(out)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
