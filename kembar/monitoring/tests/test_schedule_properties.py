"""Properties of the obligation schedule over generated inputs: the due days follow the calendar (checked
against a plain reading of the rules with the standard library's `calendar`), and `summary` — the bulk
evaluation's path — says exactly what the full schedule says, also from its rules kept as JSON."""

import calendar
import datetime as dt
import json

from hypothesis import given, settings
from hypothesis import strategies as st

from kembar.core.dates import DateSpec, PartialDate
from kembar.monitoring import schedule as s

RECURRENCES = ["once", "", "yearly", "annual", "half-yearly", "quarterly", "monthly", "whenever needed", None]


@st.composite
def partial(draw, lo=1990, hi=2030):
    year = draw(st.integers(lo, hi))
    month = draw(st.none() | st.integers(1, 12))
    day = draw(st.integers(1, calendar.monthrange(year, month)[1])) if month and draw(st.booleans()) else None
    return PartialDate(year, month, day)


@st.composite
def starts(draw):
    kind = draw(st.sampled_from(["exact", "exact", "exact", "range", "open_end", "open_start", "none"]))
    if kind == "none":
        return None
    if kind == "exact":
        return DateSpec(exact=draw(partial()))
    if kind == "open_end":
        return DateSpec(after=draw(partial()))
    before = draw(partial())
    if kind == "open_start":
        return DateSpec(before=before)
    after = draw(partial(hi=before.year))
    if after.earliest() > before.latest():
        after = PartialDate(before.year)
    return DateSpec(after=after, before=before)


def days(lo=dt.date(1990, 1, 1), hi=dt.date(2035, 12, 31)):
    return st.dates(lo, hi)


@st.composite
def records(draw):
    """Fulfilment records, some naming a real due day of a start (the point of recording them)."""
    due = draw(st.none() | days())
    return s.Record(DateSpec(exact=draw(partial())), due, key=draw(st.integers(0, 10**6)))


def reference_due(starts: DateSpec, recurrence: str, number: int) -> dt.date:
    """The due-day rule read plainly: `number` periods after the start's latest day (to the day for a start
    known to the day, else at the end of that month), clamped to the month's length."""
    months = s.PERIOD_MONTHS[recurrence] * (number if recurrence != s.ONCE else 0)
    latest = starts.latest()
    year, month0 = divmod(latest.year * 12 + latest.month - 1 + months, 12)
    last = calendar.monthrange(year, month0 + 1)[1]
    bound = starts.exact or starts.before
    day = min(latest.day, last) if bound.precision == "day" else last
    return dt.date(year, month0 + 1, day)


@settings(max_examples=400, deadline=None)
@given(
    start=starts().filter(lambda x: x is not None and x.latest() is not None),
    recurrence=st.sampled_from(list(s.PERIOD_MONTHS)),
    number=st.integers(1, 300),
)
def test_due_days_follow_the_calendar(start, recurrence, number):
    assert s.due_date(start, recurrence, number) == reference_due(start, recurrence, number)


@settings(max_examples=200, deadline=None)
@given(day=days(dt.date(1, 1, 1), dt.date(9000, 12, 31)), months=st.integers(0, 12 * 900))
def test_add_months_keeps_the_day_or_takes_the_months_last(day, months):
    year, month0 = divmod(day.year * 12 + day.month - 1 + months, 12)
    expected = dt.date(year, month0 + 1, min(day.day, calendar.monthrange(year, month0 + 1)[1]))
    assert s.add_months(day, months) == expected


@settings(max_examples=300, deadline=None)
@given(
    start=starts().filter(lambda x: x is not None and x.latest() is not None),
    recurrence=st.sampled_from(["yearly", "half-yearly", "quarterly", "monthly", "once"]),
    as_of=days(),
    horizon_days=st.integers(0, 400),
)
def test_occurrences_are_numbered_by_their_due_day(start, recurrence, as_of, horizon_days):
    sched = s.schedule(starts=start, recurrence=recurrence, as_of=as_of, horizon_days=horizon_days)
    assert [o.number for o in sched.occurrences] == list(range(1, len(sched.occurrences) + 1))
    assert [o.due for o in sched.occurrences] == [reference_due(start, recurrence, o.number) for o in sched.occurrences]
    # Every occurrence due by the horizon is there, and the first one after it (the next due) too.
    last = sched.occurrences[-1]
    assert recurrence == "once" or last.due > as_of + dt.timedelta(days=horizon_days)


@settings(max_examples=600, deadline=None)
@given(
    start=starts(),
    recurrence=st.sampled_from(RECURRENCES),
    as_of=days(),
    grace_days=st.integers(0, 120) | st.just(0),
    fulfilled=st.sampled_from([None, True, False]),
    source_as_of=st.none() | days(),
    until=st.none() | days(),
    recs=st.lists(records(), max_size=4),
    real_dues=st.lists(st.integers(1, 40), max_size=3),
    horizon_days=st.none() | st.integers(0, 400),
)
def test_summary_says_what_the_full_schedule_says(
    start, recurrence, as_of, grace_days, fulfilled, source_as_of, until, recs, real_dues, horizon_days
):
    code = s.normalize_recurrence(recurrence)
    if start is not None and start.latest() is not None and code is not None:
        # Records naming actual due days (fulfilled before, on or after them), so that records matter.
        for i, n in enumerate(real_dues):
            due = s.due_date(start, code, n)
            done = due + dt.timedelta(days=(i * 37) % 90 - 30)
            recs.append(s.Record(DateSpec(exact=PartialDate.parse(done)), due, key=f"real-{i}"))
    kwargs = dict(
        starts=start,
        recurrence=recurrence,
        as_of=as_of,
        grace_days=grace_days,
        fulfilled=fulfilled,
        source_as_of=source_as_of,
        until=until,
        records=recs,
    )
    full = s.schedule(**kwargs, horizon_days=horizon_days or 0)
    summed = s.summary(**kwargs, horizon_days=horizon_days)
    overdue = full.overdue
    horizon = as_of + dt.timedelta(days=horizon_days or 0)
    assert summed == s.Summary(
        problem=full.problem,
        overdue_count=len(overdue),
        overdue_since=full.overdue_since,
        basis=overdue[0].basis if overdue else "",
        next_due=full.next_due.due if full.next_due else None,
        # Listed only when asked for: the occurrences still open up to the horizon.
        due_soon=()
        if horizon_days is None
        else tuple(o.due for o in full.occurrences if o.status in (s.DUE, s.UPCOMING) and o.due <= horizon),
    )
    # The rules and records as the stored cooperation facts keep them (JSON), read back at the day.
    rules = {k: v for k, v in kwargs.items() if k not in ("as_of", "records")}
    kept = json.loads(json.dumps([s.plan(**rules), s.records_of(recs)]))
    assert s.summary_of(*kept, as_of=as_of, horizon_days=horizon_days) == summed


def test_summary_of_the_liuzhou_working_group():
    """From 21 September 2006, yearly, never formed per the source, judged on 11 May 2022: 15 overdue."""
    summed = s.summary(
        starts=DateSpec.parse("2006-09-21"), recurrence="yearly", fulfilled=False, as_of=dt.date(2022, 5, 11)
    )
    assert summed == s.Summary("", 15, dt.date(2007, 9, 21), s.PER_SOURCE, dt.date(2022, 9, 21))


@settings(max_examples=300)
@given(start=starts(), recurrence=st.sampled_from(RECURRENCES), day=days(), until=st.none() | days())
def test_first_due_after_is_the_schedules_first_due_after_the_day(start, recurrence, day, until):
    """What the stored dashboard figures read to know when an obligation next turns (kembar/dashboards/figures.py)."""
    rules = s.plan(starts=start, recurrence=recurrence, until=until)
    derived = s.schedule(starts=start, recurrence=recurrence, as_of=day, until=until).dues
    assert s.first_due_after(json.loads(json.dumps(rules)), day) == next((d for d in derived if d > day), None)
