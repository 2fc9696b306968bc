"""A cooperation's timeline as a server-rendered SVG string (pages now, PDF reports later).

Years run along the x axis. An activity dated to the day is a dot; one known only to the month, the
year or a range is a bar over every day it might have been (its uncertainty is visible, not hidden).
Quiet and dormant periods are shaded behind the marks. The chart carries <title> and <desc> for
screen readers, every mark its own <title>, and only presentation attributes (no inline CSS), so it
passes a strict Content-Security-Policy and renders the same in WeasyPrint.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from html import escape

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from kembar.core.dates import DateSpec

from .dormancy import DORMANT, SilentPeriod

WIDTH, PAD, LANE, AXIS, TOP = 720, 12, 9, 22, 18
COLOURS = {"mark": "#1f5f8b", "range": "#7fa7c4", DORMANT: "#f3c6c3", "quiet": "#fde9c8", "axis": "#5b6770"}


@dataclass(frozen=True)
class Mark:
    earliest: dt.date | None
    latest: dt.date | None
    exact_day: bool
    label: str  # the activity's title and date, for its <title>


def marks_from(timeline: Iterable[tuple], *, titles: bool = True) -> list[Mark]:
    """Chart marks from (date text, end text, title, pk) rows (Facts.timeline); without `titles` each mark
    is labelled by its date only (the compact chart beside a page that lists the activities already)."""
    out = []
    for date_text, end_text, title, _pk in timeline:
        date = DateSpec.parse(date_text)
        end = DateSpec.parse(end_text) if end_text else None
        latest = date.latest()
        if end is not None:
            latest = None if end.latest() is None or latest is None else max(latest, end.latest())
        exact = date.precision == "day" and end is None
        when = f"{date.display()}{' – ' + end.display() if end else ''}"
        label = f"{title} ({when})" if titles else _("Activity: %(when)s") % {"when": when}
        out.append(Mark(date.earliest(), latest, exact, label))
    return out


def _day(day: dt.date) -> str:
    """A day as the reader writes it (7 Desember 2026, 7 December 2026)."""
    return date_format(day, "DATE_FORMAT")


def _x(day: dt.date, lo: dt.date, hi: dt.date) -> float:
    span = max((hi - lo).days, 1)
    return PAD + (WIDTH - 2 * PAD) * (day - lo).days / span


def _lanes(marks: list[Mark], lo: dt.date, hi: dt.date, max_lanes: int = 6) -> list[int]:
    """Greedy lanes so overlapping bars stay readable (beyond max_lanes they share the last)."""
    ends: list[float] = []
    out = []
    for m in marks:
        x0 = _x(m.earliest or lo, lo, hi)
        x1 = max(_x(m.latest or hi, lo, hi), x0 + 4)
        for i, end in enumerate(ends):
            if x0 > end + 2:
                ends[i] = x1
                out.append(i)
                break
        else:
            if len(ends) < max_lanes:
                ends.append(x1)
                out.append(len(ends) - 1)
            else:
                out.append(max_lanes - 1)
    return out


def timeline_svg(
    *,
    marks: Iterable[Mark],
    periods: Iterable[SilentPeriod],
    as_of: dt.date,
    start: dt.date | None = None,
    title: str = "",
    uid: str = "tl",
) -> str:
    marks = sorted(marks, key=lambda m: (m.earliest or dt.date.min, m.latest or dt.date.max))
    periods = list(periods)
    known = [d for m in marks for d in (m.earliest, m.latest) if d] + ([start] if start else [])
    first = min(known, default=as_of)
    lo = dt.date(min(first.year, as_of.year), 1, 1)
    hi = dt.date(as_of.year + 1, 1, 1)
    lanes = _lanes(marks, lo, hi)
    n_lanes = max(lanes, default=0) + 1
    height = TOP + n_lanes * LANE + 8 + AXIS
    base = TOP + n_lanes * LANE + 8

    dormant = [p for p in periods if p.level == DORMANT]
    quiet = [p for p in periods if p.level != DORMANT]
    desc = _("%(n)s activities from %(first)s to %(as_of)s; %(dormant)s dormant and %(quiet)s quiet periods.") % {
        "n": len(marks),
        "first": lo.year,
        "as_of": _day(as_of),
        "dormant": len(dormant),
        "quiet": len(quiet),
    }
    title = title or _("Timeline of activities")
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="timeline" role="img" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" preserveAspectRatio="xMinYMin meet" aria-labelledby="{uid}-t {uid}-d">',
        f'<title id="{uid}-t">{escape(title)}</title>',
        f'<desc id="{uid}-d">{escape(desc)}</desc>',
    ]
    for p in periods:
        x0 = _x(max(p.first_silent_day, lo), lo, hi)
        x1 = _x(min(p.before, hi), lo, hi)
        label = (
            (_("Dormant") if p.level == DORMANT else _("Quiet"))
            + ": "
            + _("%(months)s months without activity, %(first)s to %(last)s")
            % {"months": p.months, "first": _day(p.first_silent_day), "last": _day(p.last_silent_day)}
        )
        out.append(
            f'<rect x="{x0:.1f}" y="{TOP - 4}" width="{max(x1 - x0, 1):.1f}" height="{base - TOP + 4}" '
            f'fill="{COLOURS[p.level]}"><title>{escape(label)}</title></rect>'
        )
    # Axis and year ticks.
    out.append(f'<line x1="{PAD}" y1="{base}" x2="{WIDTH - PAD}" y2="{base}" stroke="{COLOURS["axis"]}"/>')
    years = hi.year - lo.year
    step = 1 if years <= 12 else 2 if years <= 24 else 5 if years <= 60 else 10
    for year in range(lo.year, hi.year + 1):
        x = _x(dt.date(year, 1, 1), lo, hi)
        out.append(f'<line x1="{x:.1f}" y1="{base}" x2="{x:.1f}" y2="{base + 4}" stroke="{COLOURS["axis"]}"/>')
        if year % step == 0 and year < hi.year:
            out.append(f'<text x="{x + 2:.1f}" y="{base + 15}" font-size="10" fill="{COLOURS["axis"]}">{year}</text>')
    # As-of line.
    xa = _x(as_of, lo, hi)
    out.append(
        f'<line x1="{xa:.1f}" y1="{TOP - 6}" x2="{xa:.1f}" y2="{base}" stroke="{COLOURS["axis"]}" '
        f'stroke-dasharray="3 2"><title>{escape(_("As of %(date)s") % {"date": _day(as_of)})}</title></line>'
    )
    for m, lane in zip(marks, lanes, strict=True):
        y = TOP + lane * LANE
        if m.exact_day and m.earliest:
            x = _x(m.earliest, lo, hi)
            out.append(
                f'<circle cx="{x:.1f}" cy="{y + 3}" r="3.5" fill="{COLOURS["mark"]}">'
                f"<title>{escape(m.label)}</title></circle>"
            )
        else:
            x0 = _x(m.earliest or lo, lo, hi)
            x1 = _x((m.latest or as_of) + dt.timedelta(days=1), lo, hi)
            out.append(
                f'<rect x="{x0:.1f}" y="{y}" width="{max(x1 - x0, 2):.1f}" height="6" rx="2" '
                f'fill="{COLOURS["range"]}" stroke="{COLOURS["mark"]}" stroke-width="0.6">'
                f"<title>{escape(m.label)}</title></rect>"
            )
    out.append("</svg>")
    return "".join(out)
