"""The rules of Little Bandung's channels (seed 000), with no database: how long a Mobile event and a Wall run,
when a channel is running, when a Wall is due for renewal.

Seed 000 (Dinas KUMKM dan Perindag Kota Bandung's Little Bandung programme) gives the lengths: a Mobile event
(an exhibition or a promotion event) lasts from 4 days to 1 month; a Wall shows products on a café's or
restaurant's wall for at least one year. `channel_problems` says what breaks them, in words a person reads;
the model's `clean()` calls it, so every door (form, service, demo, command) refuses the same things.
"""

from __future__ import annotations

import datetime as dt

from django.utils import formats
from django.utils.translation import gettext as _

from kembar.cooperations.expiry import add_months
from kembar.core.dates import typed_day_refusal

MOBILE, WALL, STORE, F4BDG = "mobile", "wall", "store", "f4bdg"
KINDS = (MOBILE, WALL, STORE, F4BDG)

#: A Mobile event lasts at least this many days, counting its first and last day (seed 000).
MOBILE_MIN_DAYS = 4
#: ... and at most one month: it ends before the same day of the next month (seed 000).
MOBILE_MAX_MONTHS = 1
#: A Wall runs at least one year (seed 000): to the day before the same day a year later, or longer.
WALL_MIN_MONTHS = 12
#: A channel that ends within this many days is "ending soon": the trade office decides whether to renew it.
RENEWAL_NOTICE_DAYS = 90

#: Where the rules come from, as a reader looks it up.
SOURCE = (
    "Artikel tentang program Little Bandung dan kerja sama Kota Bandung dengan Hongdae, Seoul "
    "(penulis dan tahun tidak tercantum); sumber lainnya: Dinas KUMKM dan Perindag Kota Bandung (2015), "
    "http://kukmperindag.bandung.go.id"
)


def _day(value: dt.date) -> str:
    return formats.date_format(value, "DATE_FORMAT")


def mobile_window(start: dt.date) -> tuple[dt.date, dt.date]:
    """The first and the last day a Mobile event that begins on `start` may end."""
    return start + dt.timedelta(days=MOBILE_MIN_DAYS - 1), add_months(start, MOBILE_MAX_MONTHS) - dt.timedelta(days=1)


def wall_earliest_end(start: dt.date) -> dt.date:
    """The first day a Wall that begins on `start` may end: one full year later."""
    return add_months(start, WALL_MIN_MONTHS) - dt.timedelta(days=1)


def channel_problems(*, kind: str, starts: dt.date | None, ends: dt.date | None) -> dict[str, str]:
    """Field name → what is wrong with a channel's dates, in the active language. Empty when they may be saved."""
    problems: dict[str, str] = {}
    if kind not in KINDS:
        return {"kind": _("Choose one of the channels: Mobile, Wall, Store or f4bdg.")}
    if kind in (MOBILE, WALL) and starts is None:
        problems["starts"] = _("Give the first day.")
    if kind in (MOBILE, WALL) and ends is None:
        problems["ends"] = _("Give the last day.")
    if kind == STORE and starts is None:
        problems["starts"] = _("Give the opening date (it may be a planned one).")
    for name, day in (("starts", starts), ("ends", ends)):
        if refusal := typed_day_refusal(day):  # 9999: no year after it
            problems[name] = refusal
    if problems or starts is None or ends is None:
        return problems
    if ends < starts:
        return {
            "ends": _("The last day (%(end)s) is before the first (%(start)s).")
            % {"end": _day(ends), "start": _day(starts)}
        }
    if kind == MOBILE:
        earliest, latest = mobile_window(starts)
        if not earliest <= ends <= latest:
            days = (ends - starts).days + 1
            problems["ends"] = _(
                "A Mobile event lasts from 4 days to 1 month (Little Bandung programme, Dinas KUMKM dan Perindag Kota "
                "Bandung, 2015); this one lasts "
                "%(days)s days. Starting on %(start)s it must end between %(earliest)s and %(latest)s."
            ) % {"days": days, "start": _day(starts), "earliest": _day(earliest), "latest": _day(latest)}
    elif kind == WALL:
        earliest = wall_earliest_end(starts)
        if ends < earliest:
            problems["ends"] = _(
                "A Wall shows the products for at least one year (Little Bandung programme, Dinas KUMKM dan Perindag "
                "Kota Bandung, 2015). Starting on "
                "%(start)s it must end on %(earliest)s or later."
            ) % {"start": _day(starts), "earliest": _day(earliest)}
    return problems


RUNNING, PLANNED, ENDED = "running", "planned", "ended"


def phase(*, starts: dt.date | None, ends: dt.date | None, today: dt.date) -> str:
    """Whether a channel is planned (not begun, or no start given), running or ended on `today`."""
    if starts is None or starts > today:
        return PLANNED
    if ends is not None and ends < today:
        return ENDED
    return RUNNING


def ending_soon(*, starts: dt.date | None, ends: dt.date | None, today: dt.date) -> bool:
    """Running and ending within RENEWAL_NOTICE_DAYS: time to renew it (a Wall) or plan what follows."""
    return (
        phase(starts=starts, ends=ends, today=today) == RUNNING
        and ends is not None
        and (ends - today).days <= RENEWAL_NOTICE_DAYS
    )
