"""The annual report as PDF (WeasyPrint): cover, table of contents with page numbers, one table per
section with repeated headers, SVG charts, Indonesian formal style, CJK partner names in Noto CJK.

Fonts, the Indonesian dates (`tanggal`) and the region's formal names come from plans/documents.py.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from collections.abc import Callable
from contextlib import contextmanager
from html import escape

from django.db import connections
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from kembar.evaluation.svg import marks_from, timeline_svg
from kembar.plans.documents import region_full, region_heading, tanggal

from .selectors import AnnualReport

Progress = Callable[[int, str], None]


log = logging.getLogger(__name__)

#: Seconds between two signs of life while WeasyPrint lays the pages out (one call, up to a minute for the
#: largest region): the progress moves on and the report's lease is renewed (GeneratedReport.stalled).
TICK_SECONDS = 3.0


def _noop(_percent: int, _message: str) -> None:
    return None


@contextmanager
def _ticking(progress: Progress, *, first: int, last: int, message: str):
    """While the block runs, move the progress one step every TICK_SECONDS from `first` up to `last`, from a
    thread of its own (with its own database connection, closed at its end). Inside a transaction (a test, a
    worker that wraps its task in one) there is no ticking: the thread's update would wait for the row this
    one holds."""
    if connections["default"].in_atomic_block:
        yield
        return
    done = threading.Event()

    def tick():
        percent = first
        try:
            while not done.wait(TICK_SECONDS):
                progress(percent, message)
                percent = min(percent + 1, last)
        except Exception:  # a sign of life that fails must not fail the report
            log.exception("report progress tick failed")
        finally:
            connections.close_all()

    thread = threading.Thread(target=tick, name="report-progress", daemon=True)
    thread.start()
    try:
        yield
    finally:
        done.set()
        thread.join()


def cell_text(value, kind: str) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, dt.date):
        return tanggal(value)
    return str(value)


def bars_svg(per_year: dict[int, int], *, title: str, uid: str = "bars") -> str:
    """Activities per year as a bar chart (presentation attributes only, like evaluation/svg.py)."""
    if not per_year:
        return ""
    years = list(range(min(per_year), max(per_year) + 1))
    width, height, pad, base = 720, 170, 24, 140
    top = max(per_year.values())
    step = (width - 2 * pad) / len(years)
    bar = max(step * 0.7, 2)
    total = sum(per_year.values())
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {width} {height}" width="100%" '
        f'aria-labelledby="{uid}-t">',
        f'<title id="{uid}-t">{escape(title)} ({total})</title>',
        f'<line x1="{pad}" y1="{base}" x2="{width - pad}" y2="{base}" stroke="#5b6770"/>',
    ]
    label_every = 1 if len(years) <= 20 else 5
    for i, year in enumerate(years):
        n = per_year.get(year, 0)
        h = (base - 20) * n / top if top else 0
        x = pad + i * step + (step - bar) / 2
        if n:
            out.append(
                f'<rect x="{x:.1f}" y="{base - h:.1f}" width="{bar:.1f}" height="{h:.1f}" fill="#1f5f8b">'
                f"<title>{year}: {n}</title></rect>"
            )
            out.append(
                f'<text x="{x + bar / 2:.1f}" y="{base - h - 3:.1f}" font-size="9" text-anchor="middle">{n}</text>'
            )
        if year % label_every == 0 or len(years) <= 20:
            out.append(
                f'<text x="{x + bar / 2:.1f}" y="{base + 13}" font-size="9" text-anchor="middle" '
                f'fill="#5b6770">{year}</text>'
            )
    out.append("</svg>")
    return "".join(out)


def pdf_context(report: AnnualReport, *, progress: Progress = _noop) -> dict:
    from django.utils.translation import gettext as _

    sections = []
    n = len(report.sections)
    for i, s in enumerate(report.sections):
        rows = []
        # A column marked `notes` (the sources of the problems) is cited by number, each text listed once
        # under the table: a long citation repeated in every row of a narrow column ran to pages.
        notes: dict[str, int] = {}
        for row in s.rows:
            cells = []
            for c in s.columns:
                lang = row.get("partner_lang", "") if c["id"] == "partner_local" else ""
                text = cell_text(row.get(c["id"]), c["type"])
                if c.get("notes") and text != "—":
                    text = f"[{notes.setdefault(text, len(notes) + 1)}]"
                cells.append({"text": text, "lang": lang, "type": c["type"]})
            rows.append(cells)
        noted = next((c["title"] for c in s.columns if c.get("notes")), "")
        sections.append(
            {
                "id": s.id,
                "title": s.title,
                "intro": s.intro,
                "columns": s.columns,
                "rows": rows,
                "notes": [(number, text) for text, number in notes.items()],
                "notes_title": noted,
            }
        )
        progress(30 + int(40 * (i + 1) / n), s.title)
    charts = {
        "activities": mark_safe(  # noqa: S308 — every text is escaped in bars_svg
            bars_svg(report.activities_per_year, title=_("Activities per year"), uid="per-year")
        ),
        "timelines": [
            {
                "title": t.cooperation.title,
                "svg": mark_safe(  # noqa: S308 — every text is escaped by evaluation/svg.py
                    timeline_svg(
                        marks=marks_from(t.facts.timeline),
                        periods=t.facts.dormancy.periods if t.facts.dormancy else [],
                        as_of=report.as_of,
                        start=t.facts.start,
                        title=t.cooperation.title,
                        uid=f"tl-{t.cooperation.pk}",
                    )
                ),
            }
            for t in report.timelines
        ],
    }
    return {
        "r": report,
        "heading": region_heading(report.region),
        "region_full": region_full(report.region),
        "sections": sections,
        "charts": charts,
        "as_of": tanggal(report.as_of),
        "generated": tanggal(report.generated_at.date()),
        "addressee": report.structure["addressee"].get(report.lang) or report.structure["addressee"]["id"],
    }


def annual_pdf(report: AnnualReport, *, progress: Progress = _noop) -> bytes:
    from weasyprint import HTML

    html = render_to_string("reports/annual_pdf.html", pdf_context(report, progress=progress))
    laying_out = _("Laying out the pages")
    progress(75, laying_out)
    with _ticking(progress, first=76, last=89, message=laying_out):
        document = HTML(string=html).render()
    progress(90, _("Writing the PDF (%(n)s pages)") % {"n": len(document.pages)})
    return document.write_pdf()
