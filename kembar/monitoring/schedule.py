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

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

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


_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _days_in(year: int, month: int) -> int:
    """Days in the month (1–12) of the year (the Gregorian leap rule, as `calendar` has it)."""
    if month == 2 and year % 4 == 0 and (year % 100 != 0 or year % 400 == 0):
        return 29
    return _MONTH_DAYS[month - 1]


def _in_month(index: int, day: int) -> dt.date:
    """Day `day` of the month `index` (year·12 + month − 1), or that month's last day when it has no such day."""
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, day if day <= 28 else min(day, _days_in(year, month)))


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, or that month's last day when it has no such day."""
    return _in_month(day.year * 12 + day.month - 1 + months, day.day)


def _day_exact(starts: DateSpec) -> bool:
    bound = starts.exact or starts.before
    return bound is not None and bound.precision == "day"


def _anchor(starts: DateSpec) -> tuple[int, int]:
    """(month index of the start's latest day, day of the month each due falls on). A start known to the
    day keeps its day (clamped to short months); any other falls due at the end of its month (31 clamped)."""
    latest = starts.latest()
    return latest.year * 12 + latest.month - 1, (latest.day if _day_exact(starts) else 31)


def due_date(starts: DateSpec, recurrence: str, number: int) -> dt.date:
    """The latest day the `number`-th occurrence (1-based) can fall due (see the module's rules)."""
    month, day = _anchor(starts)
    return _in_month(month + PERIOD_MONTHS[recurrence] * (number if recurrence != ONCE else 0), day)


def _dues(starts: DateSpec, code: str, horizon: dt.date, until: dt.date | None) -> list[dt.date]:
    """The due days of the occurrences derived (see `schedule`): up to the first after `horizon`, none
    after `until`, at most MAX_OCCURRENCES. Dues only grow with the number."""
    month, day = _anchor(starts)
    step = PERIOD_MONTHS[code]
    out = []
    for number in range(1, MAX_OCCURRENCES + 1):
        due = _in_month(month + step * number, day)
        if until is not None and due > until:
            break
        out.append(due)
        if step == 0 or due > horizon:  # a one-off (the only recurrence without a period) falls due once
            break
    return out


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
    for number, due in enumerate(_dues(starts, code, horizon, until), 1):
        status, record, basis = _status(due, grace, as_of, by_due, fulfilled, source_as_of)
        if record is not None:
            done = record.fulfilled_on.earliest() or record.fulfilled_on.latest()
            result.occurrences.append(Occurrence(number, due, exact, status, record, late=done > due + grace))
        else:
            result.occurrences.append(Occurrence(number, due, exact, status, basis=basis))
    placed = {o.record for o in result.occurrences if o.record is not None}
    result.unplaced = [r for r in known if r not in placed]
    return result


def _status(due, grace, as_of, by_due, fulfilled, source_as_of) -> tuple[str, Record | None, str]:
    """(status, the record fulfilling it, why overdue) of the occurrence due on `due` (the module's rules)."""
    record = by_due.get(due)
    if record is not None:
        return FULFILLED, record, ""
    if due > as_of:
        return UPCOMING, None, ""
    covered = source_as_of is None or due <= source_as_of
    if fulfilled is True and covered:
        return FULFILLED_PER_SOURCE, None, ""
    if as_of <= due + grace:
        return DUE, None, ""
    return OVERDUE, None, (PER_SOURCE if fulfilled is False and covered else NO_RECORD)


class Summary(NamedTuple):
    """What a schedule says of its overdue occurrences and the next due, without the occurrences."""

    problem: str = ""  # as Schedule.problem
    overdue_count: int = 0  # len(Schedule.overdue)
    overdue_since: dt.date | None = None  # Schedule.overdue_since
    basis: str = ""  # the first overdue occurrence's basis ("" when none is overdue)
    next_due: dt.date | None = None  # Schedule.next_due.due (None when there is none)
    # With horizon_days: the due days of the occurrences due (grace running) or upcoming up to as_of + horizon.
    due_soon: tuple[dt.date, ...] = ()


def _dues_upto(month: int, day: int, step: int, limit: dt.date) -> int:
    """How many of the dues `_in_month(month + step·n, day)`, n = 1, 2, …, fall on or before `limit`."""
    if step == 0:
        return 1 if _in_month(month, day) <= limit else 0
    number = (limit.year * 12 + limit.month - 1 - month) // step  # the last due in limit's month or before
    if number < 1:
        return 0
    return number - 1 if _in_month(month + step * number, day) > limit else number


class Plan(NamedTuple):
    """An obligation's rules resolved to plain values: what `summary` needs but the day, the records and the
    horizon. A list in JSON (the stored cooperation facts keep one per obligation); `summary_of` reads it."""

    problem: str = ""  # as Schedule.problem; when set, nothing else is read
    month: int = 0  # the month index (year·12 + month − 1) of the start's latest day (`_anchor`)
    day: int = 0  # the day of the month each occurrence falls due on (31: the month's last)
    step: int = 0  # months per period (0: once)
    grace_days: int = 0
    fulfilled: bool | None = None
    source_as_of: int | None = None  # the source's date, as an ordinal
    until: int | None = None  # the earliest possible end of the agreement, as an ordinal


def plan(
    *,
    starts: DateSpec | None,
    recurrence: str | None,
    grace_days: int = 0,
    fulfilled: bool | None = None,
    source_as_of: dt.date | None = None,
    until: dt.date | None = None,
) -> Plan:
    """The rules of `summary` (its arguments but the day, the records and the horizon) as plain values."""
    code = normalize_recurrence(recurrence)
    if code is None:
        return Plan(UNKNOWN_RECURRENCE)
    if starts is None:
        return Plan(NO_START)
    if starts.latest() is None:
        return Plan(OPEN_START)
    month, day = _anchor(starts)
    return Plan(
        "",
        month,
        day,
        PERIOD_MONTHS[code],
        grace_days,
        fulfilled,
        source_as_of.toordinal() if source_as_of is not None else None,
        until.toordinal() if until is not None else None,
    )


def records_of(records: Iterable[Record]) -> list[list[int | None]]:
    """What `summary` reads of fulfilment records, as plain values: [due day, the earliest day it may have been
    done (None: open)] as ordinals, of each record naming an occurrence."""
    out = []
    for r in records:
        if r.due is not None:
            done = r.fulfilled_on.earliest()
            out.append([r.due.toordinal(), done.toordinal() if done else None])
    return out


def summary(*, as_of: dt.date, records: Iterable[Record] = (), horizon_days: int | None = None, **rules) -> Summary:
    """`schedule(...)` summed up by counting, not listing: the same rules, without deriving each of the long
    run of past due dates. For bulk readers (the evaluation of every cooperation, the dashboard); tests hold
    it to the full schedule's answers. `rules` are `plan`'s arguments (starts, recurrence, grace_days,
    fulfilled, source_as_of, until). With `horizon_days`, it also lists the due days of the occurrences still
    open up to as_of + horizon_days (`due_soon`), as `schedule(..., horizon_days=…)` lists them."""
    return summary_of(plan(**rules), records_of(records), as_of=as_of, horizon_days=horizon_days)


def first_due_after(rules, day: dt.date) -> dt.date | None:
    """The first due day after `day` of an obligation's rules (`plan`, as a list will do), None when there is
    none: a one-off due by then, a problem, or none before the agreement's end."""
    problem, month, anchor, step, _grace, _fulfilled, _source, until_ord = rules
    if problem:
        return None
    number = _dues_upto(month, anchor, step, day) + 1
    if step == 0 and number > 1:
        return None
    due = _in_month(month + step * number, anchor)
    return None if until_ord is not None and due.toordinal() > until_ord else due


def summary_of(rules, records, *, as_of: dt.date, horizon_days: int | None = None) -> Summary:
    """`summary` from its rules and records already resolved to plain values (`plan`, `records_of`; lists as JSON
    gives them back will do).

    Dues only grow with their number, so "how many fall on or before a day" is a division, and the
    statuses fall in runs: up to the last due past its grace (`cutoff`) each is fulfilled per source (when
    the source says so and covers it), fulfilled by a record, or overdue; after it each is due or
    upcoming unless a record or the source fulfils it."""
    problem, month, day, step, grace_days, fulfilled, source_ord, until_ord = rules
    if problem:
        return Summary(problem)
    known = as_of.toordinal()  # records done after as_of were not known then
    recorded = {dt.date.fromordinal(due) for due, done in records if done is None or done <= known}
    source_as_of = dt.date.fromordinal(source_ord) if source_ord is not None else None
    until = dt.date.fromordinal(until_ord) if until_ord is not None else None
    # The schedule's last occurrence (one for a single due, none after until).
    cap = 1 if step == 0 else MAX_OCCURRENCES
    if until is not None:
        cap = min(cap, _dues_upto(month, day, step, until))
    # The occurrences derived: 1 … last (up to the first due after as_of).
    last = min(cap, _dues_upto(month, day, step, as_of) + 1)
    # Past their grace: those due on or before `cutoff` (as_of > due + grace, and due ≤ as_of).
    cutoff = min(as_of.toordinal(), as_of.toordinal() - grace_days - 1)
    past = min(last, _dues_upto(month, day, step, dt.date.fromordinal(cutoff))) if cutoff >= 1 else 0
    # Of those, the source's fulfilment covers the first `per_source` (all, when it has no date).
    per_source = 0
    if fulfilled is True:
        per_source = past if source_as_of is None else min(past, _dues_upto(month, day, step, source_as_of))
    # The rest of them are overdue, but for the ones a record fulfils.
    count = past - per_source
    for d in recorded:
        number = _dues_upto(month, day, step, d)
        if per_source < number <= past and _in_month(month + step * number, day) == d:
            count -= 1
    since, basis = None, ""
    if count:
        first = per_source + 1
        while (since := _in_month(month + step * first, day)) in recorded:
            first += 1
        covered = source_as_of is None or since <= source_as_of
        basis = PER_SOURCE if fulfilled is False and covered else NO_RECORD

    def still_open(d: dt.date) -> bool:  # due (grace running) or upcoming: not fulfilled by a record or the source
        return d not in recorded and not (
            d <= as_of and fulfilled is True and (source_as_of is None or d <= source_as_of)
        )

    # The next one still open, among those the full schedule derives: up to the horizon (as_of without one),
    # and the first after it (a meeting fulfilled ahead within the horizon gives way to the one after it).
    ahead = as_of + dt.timedelta(days=horizon_days or 0)
    end = min(cap, _dues_upto(month, day, step, ahead) + 1)
    dues = (_in_month(month + step * number, day) for number in range(past + 1, end + 1))
    next_due = next((d for d in dues if still_open(d)), None)
    due_soon: list[dt.date] = []
    if horizon_days is not None:
        horizon = as_of + dt.timedelta(days=horizon_days)
        upto = min(cap, _dues_upto(month, day, step, horizon))
        for number in range(past + 1, upto + 1):  # the same rule as next_due's, to the horizon
            d = _in_month(month + step * number, day)
            if still_open(d):
                due_soon.append(d)
    return Summary("", count, since, basis, next_due, tuple(due_soon))
