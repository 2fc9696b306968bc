"""When an obligation falls due, and which of its occurrences are met: pure rules, no database.

An MoU obliges things once ("form a joint working group") or again and again ("meet every
year"). From the obligation's start, its recurrence and the days of grace allowed, `schedule`
derives its occurrences up to a day (`as_of`) and says of each whether it is fulfilled,
overdue, due (grace running) or upcoming.

The rules:

- **Due dates.** A recurring obligation's k-th occurrence falls due k periods after its start
  (yearly from 21 September 2006 → 21 September 2007, 2008, …): the period is the time allowed to
  do it. A one-off obligation ("once") falls due on its start day; its grace days are the time
  allowed. An occurrence is **overdue** only once `as_of` is past its due day plus the grace days.
- **Partial dates are never read early.** A start known only to the month or the year may be any
  day of it, so due dates count from its last possible day and are rounded up to the end of their
  month (a yearly obligation "from 2006" falls due by 31 December 2007; "from 2006-09", monthly,
  by 31 October 2006). A start known only as a range counts from the range's end; a range open at
  its end, or no start at all, gives no due dates (``problem`` says why).
- **Fulfilment records** name the occurrence (its due day) they fulfil; a record dated after
  `as_of` was not known then and is ignored. A record dated after the grace period marks the
  occurrence fulfilled *late*.
- **What the source says** (`fulfilled` of a case file, observed at `source_as_of`) covers the
  occurrences due by then that have no record: ``False`` → overdue *per source*, ``True`` →
  fulfilled *per source* (no date: the source gives none). ``None`` (unknown) and occurrences after
  the source's date → overdue for want of a record once past due: the bureau must record
  fulfilment for the app to see it, which is the point of monitoring.
- **The agreement's end.** No occurrence is derived after the cooperation's earliest possible end
  (`until`): an obligation is never called overdue unless it certainly still ran.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from kembar.core.dates import DateSpec

ONCE, YEARLY, HALF_YEARLY, QUARTERLY, MONTHLY = "once", "yearly", "half-yearly", "quarterly", "monthly"
#: Months per period of each recurrence ("once": no period).
PERIOD_MONTHS = {ONCE: 0, YEARLY: 12, HALF_YEARLY: 6, QUARTERLY: 3, MONTHLY: 1}
_ALIASES = {
    "": ONCE,
    "one-off": ONCE,
    "annual": YEARLY,
    "annually": YEARLY,
    "every year": YEARLY,
    "half_yearly": HALF_YEARLY,
    "semi-annual": HALF_YEARLY,
    "semiannual": HALF_YEARLY,
    "biannual": HALF_YEARLY,
}

FULFILLED, FULFILLED_PER_SOURCE = "fulfilled", "fulfilled_per_source"
OVERDUE, DUE, UPCOMING = "overdue", "due", "upcoming"
#: Why an overdue occurrence is overdue.
PER_SOURCE, NO_RECORD = "source", "no_record"
#: Why no due date can be derived.
NO_START, OPEN_START, UNKNOWN_RECURRENCE = "no_start", "open_start", "unknown_recurrence"

MAX_OCCURRENCES = 2400  # two centuries of monthly meetings: a guard against a typo, not a limit met in use


def normalize_recurrence(text: str | None) -> str | None:
    """The recurrence code for a case file's wording ("yearly", "Annual", ""→once), or None if unknown."""
    value = (text or "").strip().lower()
    value = _ALIASES.get(value, value)
    return value if value in PERIOD_MONTHS else None


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, or that month's last day when it has no such day."""
    total = day.year * 12 + day.month - 1 + months
    year, month = divmod(total, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _month_end(day: dt.date) -> dt.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def _day_exact(starts: DateSpec) -> bool:
    bound = starts.exact or starts.before
    return bound is not None and bound.precision == "day"


def due_date(starts: DateSpec, recurrence: str, number: int) -> dt.date:
    """The latest day the `number`-th occurrence (1-based) can fall due (see the module's rules)."""
    months = PERIOD_MONTHS[recurrence] * (number if recurrence != ONCE else 0)
    latest = starts.latest()
    if _day_exact(starts):
        return add_months(latest, months)
    return _month_end(add_months(latest.replace(day=1), months))


@dataclass(frozen=True)
class Record:
    """A fulfilment as the rules need it. `due` names the occurrence; `key` identifies it (a pk)."""

    fulfilled_on: DateSpec
    due: dt.date | None = None
    key: object = None
    evidence: str = ""


@dataclass(frozen=True)
class Occurrence:
    number: int
    due: dt.date
    exact: bool  # False: the due day is the latest possible (a partial or ranged start)
    status: str  # FULFILLED | FULFILLED_PER_SOURCE | OVERDUE | DUE | UPCOMING
    record: Record | None = None
    basis: str = ""  # for OVERDUE: PER_SOURCE or NO_RECORD
    late: bool = False  # for FULFILLED: done after the grace period


@dataclass
class Schedule:
    recurrence: str | None
    grace_days: int
    as_of: dt.date
    occurrences: list[Occurrence] = field(default_factory=list)
    problem: str = ""  # NO_START | OPEN_START | UNKNOWN_RECURRENCE
    records: list[Record] = field(default_factory=list)  # every record known at as_of
    unplaced: list[Record] = field(default_factory=list)  # records naming no derived occurrence

    @property
    def overdue(self) -> list[Occurrence]:
        return [o for o in self.occurrences if o.status == OVERDUE]

    @property
    def overdue_since(self) -> dt.date | None:
        overdue = self.overdue
        return overdue[0].due if overdue else None

    @property
    def next_due(self) -> Occurrence | None:
        """The first occurrence still open and not yet overdue (due or upcoming)."""
        return next((o for o in self.occurrences if o.status in (DUE, UPCOMING)), None)

    @property
    def last_fulfilment(self) -> Record | None:
        return max(self.records, key=lambda r: r.fulfilled_on.sort_key(), default=None)

    @property
    def dues(self) -> list[dt.date]:
        return [o.due for o in self.occurrences]


def schedule(
    *,
    starts: DateSpec | None,
    recurrence: str | None,
    as_of: dt.date,
    grace_days: int = 0,
    fulfilled: bool | None = None,
    source_as_of: dt.date | None = None,
    until: dt.date | None = None,
    records: Iterable[Record] = (),
    horizon_days: int = 0,
) -> Schedule:
    """Occurrences due up to `as_of` + `horizon_days`, and the first one after that (the next due)."""
    code = normalize_recurrence(recurrence)
    known = sorted(
        (r for r in records if r.fulfilled_on.earliest() is None or r.fulfilled_on.earliest() <= as_of),
        key=lambda r: r.fulfilled_on.sort_key(),
    )
    result = Schedule(code, grace_days, as_of, records=known)
    if code is None:
        result.problem = UNKNOWN_RECURRENCE
    elif starts is None:
        result.problem = NO_START
    elif starts.latest() is None:
        result.problem = OPEN_START
    if result.problem:
        result.unplaced = known
        return result

    by_due = {}
    for r in known:
        if r.due is not None and r.due not in by_due:
            by_due[r.due] = r
    exact = starts.precision == "day"  # a range's due day is its latest possible one
    grace = dt.timedelta(days=grace_days)
    horizon = as_of + dt.timedelta(days=horizon_days)
    number = 1
    while number <= MAX_OCCURRENCES:
        due = due_date(starts, code, number)
        if until is not None and due > until:
            break
        result.occurrences.append(_occurrence(number, due, exact, grace, as_of, by_due, fulfilled, source_as_of))
        if code == ONCE or due > horizon:
            break
        number += 1
    placed = {o.record for o in result.occurrences if o.record is not None}
    result.unplaced = [r for r in known if r not in placed]
    return result


def _occurrence(number, due, exact, grace, as_of, by_due, fulfilled, source_as_of) -> Occurrence:
    record = by_due.get(due)
    if record is not None:
        done = record.fulfilled_on.earliest() or record.fulfilled_on.latest()
        return Occurrence(number, due, exact, FULFILLED, record, late=done > due + grace)
    if due > as_of:
        return Occurrence(number, due, exact, UPCOMING)
    covered = source_as_of is None or due <= source_as_of
    if fulfilled is True and covered:
        return Occurrence(number, due, exact, FULFILLED_PER_SOURCE)
    if as_of <= due + grace:
        return Occurrence(number, due, exact, DUE)
    basis = PER_SOURCE if fulfilled is False and covered else NO_RECORD
    return Occurrence(number, due, exact, OVERDUE, basis=basis)
