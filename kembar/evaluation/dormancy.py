"""Silent periods of a cooperation: pure rules, no database.

A source dates an activity as precisely as it can: a day, a month, a year, or a range it only
bounds ({after A, before B}). Kembar never reads such a date early or late to make a gap look
longer, so **a gap counts only as far as it is certain**:

- An activity may have taken place on any day it *might* have: from the earliest day its date
  allows to the latest day its date (or its end) allows. "2011" may be any day of 2011, so the
  certain silence after it starts after 31 December 2011; a range {after A, before B} may be
  anywhere in it, so the gap before it ends at A and the gap after it starts at B. An open bound
  is read conservatively: no earliest day → it may have been at the very start; no latest day →
  it may still be going on at `as_of`.
- The cooperation is silent on a day that no activity might have covered, between its start (the
  cooperation's start or its first signing, whichever is known; failing both, its first
  activity) and `as_of`. Activities that certainly began after `as_of` were not known then and
  are ignored.
- A silent stretch of at least ``quiet_months`` whole months is **quiet**, of at least
  ``dormant_months`` **dormant** (defaults 12 and 24, set per region). One still running at
  `as_of` is *ongoing*: the cooperation's current state.

Because every activity only ever *covers* days, recording one can shorten or split a silent
period but never lengthen one or create one across it (tested as a property).
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from kembar.core.dates import DateSpec

QUIET, DORMANT = "quiet", "dormant"
APPROACHING = "approaching"
QUIET_MONTHS, DORMANT_MONTHS = 12, 24
#: An ongoing silence this many months short of the quiet threshold is "approaching" (alerts).
APPROACHING_MONTHS = 2

_MIN, _MAX = dt.date.min.toordinal(), dt.date.max.toordinal()


def _open_last(item):
    # Spans by earliest day; an open span (no latest) after the closed ones that begin the same day.
    return (item[0], item[1] is None, item[1] or 0, item[2])


def _by_days_open_last(item):
    return (item[0], item[1] is None, item[1] or 0)


@dataclass(frozen=True, slots=True)
class Span:
    """The days an activity might have covered (ordinals are used on the hot path; see `spans`)."""

    earliest: dt.date | None  # None: no lower bound given
    latest: dt.date | None  # None: no upper bound given
    key: object = None


def span_of(date: DateSpec | None, end: DateSpec | None = None, *, key=None) -> Span | None:
    """Where an activity may lie. Undated activities cannot be placed (None)."""
    if date is None:
        return None
    earliest = date.earliest()
    latest = date.latest()
    if end is not None:
        end_latest = end.latest()
        latest = None if end_latest is None or latest is None else max(latest, end_latest)
    return Span(earliest, latest, key)


@dataclass(frozen=True, slots=True)
class SilentPeriod:
    """No activity possible strictly after `after` and strictly before `before` (or up to `as_of`)."""

    after: dt.date  # last day something might have happened
    before: dt.date  # first day something might have happened again (as_of + 1 day when ongoing)
    months: int  # whole months of certain silence
    level: str  # QUIET | DORMANT
    ongoing: bool
    after_key: object = None  # the activity (or None for the start) the silence follows
    before_key: object = None  # the activity that ends it (None when ongoing)

    @property
    def first_silent_day(self) -> dt.date:
        return self.after + dt.timedelta(days=1)

    @property
    def last_silent_day(self) -> dt.date:
        return self.before - dt.timedelta(days=1)


@dataclass
class Dormancy:
    periods: tuple[SilentPeriod, ...] = ()
    start: dt.date | None = None
    as_of: dt.date | None = None
    last_covered: dt.date | None = None  # last day any activity might have covered
    silent_months: int = 0  # the silence running at as_of, in whole months (0 if none)
    state: str = ""  # "" (active) | APPROACHING | QUIET | DORMANT — at as_of
    total_silent_days: int = 0  # every certain silent day, whatever the thresholds
    longest_months: int = 0  # the longest certain silence, in whole months


def months_between(a: dt.date, b: dt.date) -> int:
    """Whole months from day `a` to day `b` (0 if b is not after a)."""
    if b <= a:
        return 0
    months = (b.year - a.year) * 12 + (b.month - a.month)
    if b.day < a.day:
        months -= 1
    return max(months, 0)


def level_of(months: int, *, quiet_months: int = QUIET_MONTHS, dormant_months: int = DORMANT_MONTHS) -> str:
    if months >= dormant_months:
        return DORMANT
    if months >= quiet_months:
        return QUIET
    return ""


@dataclass(frozen=True, slots=True)
class Coverage:
    """What a cooperation's dated activities cover, whatever day it is judged at: its start, the last day a
    closed span covers (`covered`), whether a span is still open (it then covers up to any as-of date), the
    certain silences between them of at least a month — (days, after, before, whole months[, after_key,
    before_key]) — and the total days and the longest silence in months of all of them."""

    start: int
    covered: int
    open: bool
    gaps: tuple | list
    silent_days: int
    longest_months: int
    last_key: object = None  # the span that set `covered` (what an ongoing silence follows)


#: The shortest gap that can be a whole month (February); a shorter one is never a month of silence.
MONTH_MIN_DAYS = 28


def _months(after: int, before: int) -> int:
    """Whole months of certain silence from the day after `after` to the day before `before` (ordinals):
    from the first silent day to the first day something might have happened again (1 January to 1 July is
    six months)."""
    return months_between(dt.date.fromordinal(min(after + 1, _MAX)), dt.date.fromordinal(min(before, _MAX)))


def coverage(items: list[tuple[int, int | None, object]], *, start: int | None) -> Coverage | None:
    """The coverage of spans (earliest ordinal, latest ordinal or None when open, key), sorted here, from the
    cooperation's `start` (its first span's earliest day when None); None with neither."""
    try:
        items.sort(key=_open_last)
    except TypeError:
        items.sort(key=_by_days_open_last)
    if start is None:
        if not items:
            return None
        start = items[0][0]
    covered, prev_key, is_open = start, None, False
    # `covered` is the last day something might have happened; each span can only push it later. Once a span
    # is open, it covers every later day: no gap can follow it.
    gaps, silent, longest = [], 0, 0
    for earliest, latest, key in items:
        if is_open:
            break
        if earliest > covered + 1:
            days = earliest - covered - 1
            silent += days
            if days >= MONTH_MIN_DAYS:
                months = _months(covered, earliest)
                longest = max(longest, months)
                gaps.append((days, covered, earliest, months, prev_key, key))
        if latest is None:
            is_open, prev_key = True, key
        elif latest > covered:
            covered, prev_key = latest, key
    # A closed span may end after an open one began: the last covered day is the later of them all.
    if is_open:
        covered = max([covered] + [la for _e, la, _k in items if la is not None])
    return Coverage(start, covered, is_open, tuple(gaps), silent, longest, prev_key)


def judge(
    cov: Coverage | None,
    *,
    as_of: dt.date,
    quiet_months: int = QUIET_MONTHS,
    dormant_months: int = DORMANT_MONTHS,
) -> Dormancy:
    """The silent periods and the state at `as_of` of a coverage whose spans all began by then: its closed
    silences as they are, and the one still running at `as_of`."""
    result = Dormancy(as_of=as_of)
    if cov is None:
        return result
    end = as_of.toordinal()
    result.start = dt.date.fromordinal(max(cov.start, 1))
    covered = max(cov.covered, end) if cov.open else cov.covered
    result.last_covered = dt.date.fromordinal(max(min(covered, _MAX), 1))
    running = end - covered if covered < end else 0  # days of the silence still going on at as_of
    result.total_silent_days = cov.silent_days + running
    result.longest_months = cov.longest_months
    periods = []
    for gap in cov.gaps:
        if gap[3] >= quiet_months:
            keys = (gap[4], gap[5]) if len(gap) > 4 else (None, None)
            periods.append(_period(gap[1], gap[2], gap[3], False, keys, quiet_months, dormant_months))
    if running:
        months = _months(covered, end + 1)  # up to the day after as_of
        result.longest_months = max(result.longest_months, months)
        result.silent_months = months
        if months >= quiet_months:
            periods.append(_period(covered, end + 1, months, True, (cov.last_key, None), quiet_months, dormant_months))
        result.state = level_of(months, quiet_months=quiet_months, dormant_months=dormant_months)
        if not result.state and months >= quiet_months - APPROACHING_MONTHS:
            result.state = APPROACHING
    if periods:
        result.periods = tuple(periods)
    return result


def _period(after: int, before: int, months: int, ongoing: bool, keys, quiet_months, dormant_months) -> SilentPeriod:
    level = level_of(months, quiet_months=quiet_months, dormant_months=dormant_months)
    after_d, before_d = dt.date.fromordinal(max(after, 1)), dt.date.fromordinal(min(before, _MAX))
    return SilentPeriod(after_d, before_d, months, level, ongoing, *keys)


def analyse_ordinals(
    spans: Iterable[tuple[int | None, int | None, object]],
    *,
    start: int | None,
    as_of: dt.date,
    quiet_months: int = QUIET_MONTHS,
    dormant_months: int = DORMANT_MONTHS,
) -> Dormancy:
    """Silent periods from spans as (earliest ordinal | None, latest ordinal | None, key); spans that began
    after `as_of` are left out."""
    end = as_of.toordinal()
    items = [(_MIN if e is None else e, la, k) for e, la, k in spans if e is None or e <= end]
    cov = coverage(items, start=start)
    return judge(cov, as_of=as_of, quiet_months=quiet_months, dormant_months=dormant_months)


def analyse(
    spans: Iterable[Span],
    *,
    start: dt.date | None,
    as_of: dt.date,
    quiet_months: int = QUIET_MONTHS,
    dormant_months: int = DORMANT_MONTHS,
) -> Dormancy:
    """Silent periods from activity spans (see the module's rules)."""
    return analyse_ordinals(
        (
            (
                s.earliest.toordinal() if s.earliest else None,
                s.latest.toordinal() if s.latest else None,
                s.key,
            )
            for s in spans
        ),
        start=start.toordinal() if start else None,
        as_of=as_of,
        quiet_months=quiet_months,
        dormant_months=dormant_months,
    )


def analyse_dated(
    activities: Iterable[tuple[DateSpec | None, DateSpec | None, object]],
    *,
    start: dt.date | None,
    as_of: dt.date,
    quiet_months: int = QUIET_MONTHS,
    dormant_months: int = DORMANT_MONTHS,
) -> Dormancy:
    """Convenience: (date, end, key) triples as a dossier holds them."""
    spans = [s for d, e, k in activities if (s := span_of(d, e, key=k)) is not None]
    return analyse(spans, start=start, as_of=as_of, quiet_months=quiet_months, dormant_months=dormant_months)


_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _bounds(text: str) -> tuple[int, int]:
    """Earliest and latest ordinal of a canonical partial date ("2011", "2019-10", "2006-09-21")."""
    year = int(text[:4])
    if len(text) == 4:
        first = dt.date(year, 1, 1).toordinal()
        return first, first + (365 if not calendar.isleap(year) else 366) - 1
    month = int(text[5:7])
    if len(text) == 7:
        first = dt.date(year, month, 1).toordinal()  # (raises for a month that does not exist)
        days = 29 if month == 2 and calendar.isleap(year) else _MONTH_DAYS[month - 1]
        return first, first + days - 1
    day = dt.date(year, month, int(text[8:10])).toordinal()
    return day, day


def ordinal_span(text: str) -> tuple[int | None, int | None]:
    """(earliest, latest) ordinals of a DateSpec's stored text; None for an open bound."""
    try:
        if "/" in text:
            after, _sep, before = text.partition("/")
            return (
                None if after in ("", "..") else _bounds(after)[0],
                None if before in ("", "..") else _bounds(before)[1],
            )
        if len(text) in (4, 7, 10):
            return _bounds(text)
    except ValueError:
        pass
    spec = DateSpec.parse(text)  # anything not canonical: the full parser (and its error)
    e, la = spec.earliest(), spec.latest()
    return (e.toordinal() if e else None, la.toordinal() if la else None)


class OrdinalCache:
    """Stored DateSpec text (and end text) → (earliest ordinal | None, latest ordinal | None), parsed once.

    Reading hundreds of thousands of rows, parsing each distinct text once is what keeps the bulk
    evaluation fast (the field's own cache is bounded)."""

    def __init__(self):
        self._cache: dict = {}

    def __call__(self, text: str | None) -> tuple[int | None, int | None] | None:
        if not text:
            return None
        hit = self._cache.get(text)
        if hit is None:
            hit = self._cache[text] = ordinal_span(text)
        return hit

    def year(self, date_text: str | None) -> int | None:
        """The year a date sorts in (DateSpec.sort_key: its earliest possible day, else its latest); None
        when undated."""
        d = self(date_text)
        day = d and (d[0] or d[1])
        return dt.date.fromordinal(day).year if day else None

    def span(self, date_text: str | None, end_text: str | None) -> tuple[int | None, int | None] | None:
        """The days an activity might cover: from its date's earliest to the later of its date's and end's latest."""
        key = (date_text, end_text)
        hit = self._cache.get(key, False)
        if hit is not False:
            return hit
        d = self(date_text)
        if d is not None and end_text:
            e = self(end_text)
            if e is not None:
                d = (d[0], None if e[1] is None or d[1] is None else max(d[1], e[1]))
        self._cache[key] = d
        return d
