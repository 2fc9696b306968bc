"""The obligation schedule as pure rules: no database."""

import datetime as dt

import pytest

from kembar.core.dates import DateSpec
from kembar.monitoring import schedule as s
from kembar.monitoring.schedule import Record, normalize_recurrence

D = DateSpec.parse
AS_OF = dt.date(2022, 5, 11)  # the Liuzhou case file's as_of (the interview date)


def statuses(sched):
    return [(o.due, o.status) for o in sched.occurrences]


def test_liuzhou_working_group_is_overdue_every_year_since_2007():
    """From 21 September 2006, yearly, never formed (fulfilled: false), judged on 11 May 2022.

    First due one year after signing (21 September 2007); each later anniversary is due too. By
    11 May 2022 the occurrences due 2007-09-21 … 2021-09-21 have passed: 15 overdue, per the source.
    2022-09-21 is still ahead: the next due, upcoming.
    """
    sched = s.schedule(starts=D("2006-09-21"), recurrence="yearly", fulfilled=False, as_of=AS_OF)
    overdue = sched.overdue
    assert len(overdue) == 15
    assert [o.due for o in overdue] == [dt.date(y, 9, 21) for y in range(2007, 2022)]
    assert {o.basis for o in overdue} == {s.PER_SOURCE}
    assert sched.overdue_since == dt.date(2007, 9, 21)
    assert sched.next_due.due == dt.date(2022, 9, 21) and sched.next_due.status == s.UPCOMING
    assert all(o.exact for o in sched.occurrences)
    assert sched.last_fulfilment is None


def test_not_overdue_on_the_due_day_itself_and_grace_days_defer_it():
    due = dt.date(2007, 9, 21)
    on_day = s.schedule(starts=D("2006-09-21"), recurrence="yearly", fulfilled=False, as_of=due)
    assert statuses(on_day)[0] == (due, s.DUE)
    next_day = s.schedule(starts=D("2006-09-21"), recurrence="yearly", as_of=due + dt.timedelta(days=1))
    assert statuses(next_day)[0] == (due, s.OVERDUE)
    graced = s.schedule(starts=D("2006-09-21"), recurrence="yearly", grace_days=30, as_of=dt.date(2007, 10, 21))
    assert statuses(graced)[0] == (due, s.DUE)
    assert graced.overdue == []
    late = s.schedule(starts=D("2006-09-21"), recurrence="yearly", grace_days=30, as_of=dt.date(2007, 10, 22))
    assert statuses(late)[0] == (due, s.OVERDUE)


@pytest.mark.parametrize(
    ("start", "recurrence", "first_dues"),
    [
        ("2006", "yearly", [dt.date(2007, 12, 31), dt.date(2008, 12, 31)]),
        ("2006-09", "yearly", [dt.date(2007, 9, 30), dt.date(2008, 9, 30)]),
        ("2006-09", "monthly", [dt.date(2006, 10, 31), dt.date(2006, 11, 30)]),
        ("2006", "quarterly", [dt.date(2007, 3, 31), dt.date(2007, 6, 30)]),
        ("2006-01", "half-yearly", [dt.date(2006, 7, 31), dt.date(2007, 1, 31)]),
        ("2006-02", "once", [dt.date(2006, 2, 28)]),
        ("2006-01-31", "monthly", [dt.date(2006, 2, 28), dt.date(2006, 3, 31)]),
        ({"after": "2004-04-01", "before": "2006-09-21"}, "yearly", [dt.date(2007, 9, 21), dt.date(2008, 9, 21)]),
        ({"after": "2004", "before": "2006-09"}, "yearly", [dt.date(2007, 9, 30), dt.date(2008, 9, 30)]),
    ],
)
def test_partial_starts_fall_due_at_the_end_of_their_period(start, recurrence, first_dues):
    sched = s.schedule(starts=D(start), recurrence=recurrence, as_of=dt.date(2009, 1, 1))
    assert sched.dues[: len(first_dues)] == first_dues
    exact = D(start).precision == "day"
    assert all(o.exact is exact for o in sched.occurrences)


@pytest.mark.parametrize("day", range(1, 31))
def test_a_partial_start_is_never_due_earlier_than_any_day_it_may_stand_for(day):
    """Whatever day of September 2006 the start really was, the derived due is not before it."""
    partial = s.schedule(starts=D("2006-09"), recurrence="monthly", as_of=dt.date(2008, 1, 1)).dues
    exact = s.schedule(starts=D(f"2006-09-{day:02d}"), recurrence="monthly", as_of=dt.date(2008, 1, 1)).dues
    assert all(p >= e for p, e in zip(partial, exact, strict=False))


def test_partial_start_is_not_overdue_before_the_last_possible_day():
    # "From 2006", yearly: the first meeting may legitimately fall as late as 31 December 2007.
    sched = s.schedule(starts=D("2006"), recurrence="yearly", as_of=dt.date(2007, 12, 31))
    assert sched.overdue == []
    sched = s.schedule(starts=D("2006"), recurrence="yearly", as_of=dt.date(2008, 1, 1))
    assert [o.due for o in sched.overdue] == [dt.date(2007, 12, 31)]


def test_fulfilled_true_without_records_is_fulfilled_per_source_without_dates():
    sched = s.schedule(starts=D("2006-09-21"), recurrence="yearly", fulfilled=True, as_of=AS_OF)
    past = [o for o in sched.occurrences if o.due <= AS_OF]
    assert len(past) == 15 and {o.status for o in past} == {s.FULFILLED_PER_SOURCE}
    assert all(o.record is None for o in past)
    assert sched.overdue == [] and sched.last_fulfilment is None


def test_the_source_speaks_only_up_to_its_own_date():
    later = dt.date(2024, 1, 1)
    sched = s.schedule(starts=D("2006-09-21"), recurrence="yearly", fulfilled=True, source_as_of=AS_OF, as_of=later)
    assert statuses(sched)[-3:] == [
        (dt.date(2022, 9, 21), s.OVERDUE),
        (dt.date(2023, 9, 21), s.OVERDUE),
        (dt.date(2024, 9, 21), s.UPCOMING),
    ]
    assert {o.basis for o in sched.overdue} == {s.NO_RECORD}


def test_unknown_fulfilment_is_overdue_for_want_of_a_record():
    sched = s.schedule(starts=D("2020-01-15"), recurrence="yearly", fulfilled=None, as_of=dt.date(2022, 2, 1))
    assert [(o.due, o.basis) for o in sched.overdue] == [
        (dt.date(2021, 1, 15), s.NO_RECORD),
        (dt.date(2022, 1, 15), s.NO_RECORD),
    ]


def test_records_fulfil_their_occurrence_and_late_ones_are_marked():
    records = [
        Record(D("2007-09-01"), dt.date(2007, 9, 21), key=1),
        Record(D("2008-12"), dt.date(2008, 9, 21), key=2),  # after its due day: late
        Record(D("2030-01-01"), dt.date(2009, 9, 21), key=3),  # after as_of: not known then
    ]
    sched = s.schedule(
        starts=D("2006-09-21"), recurrence="yearly", fulfilled=False, as_of=dt.date(2010, 1, 1), records=records
    )
    assert statuses(sched) == [
        (dt.date(2007, 9, 21), s.FULFILLED),
        (dt.date(2008, 9, 21), s.FULFILLED),
        (dt.date(2009, 9, 21), s.OVERDUE),
        (dt.date(2010, 9, 21), s.UPCOMING),
    ]
    assert [o.late for o in sched.occurrences[:2]] == [False, True]
    assert sched.last_fulfilment.key == 2
    assert sched.unplaced == []


def test_once_falls_due_on_its_start_day():
    sched = s.schedule(starts=D("2010-03-01"), recurrence="once", grace_days=90, as_of=dt.date(2010, 5, 30))
    assert statuses(sched) == [(dt.date(2010, 3, 1), s.DUE)]
    sched = s.schedule(starts=D("2010-03-01"), recurrence="", as_of=dt.date(2010, 6, 1))
    assert statuses(sched) == [(dt.date(2010, 3, 1), s.OVERDUE)]


def test_no_occurrence_after_the_cooperation_certainly_ended():
    sched = s.schedule(starts=D("2006-09-21"), recurrence="yearly", until=dt.date(2010, 1, 1), as_of=AS_OF)
    assert sched.dues == [dt.date(y, 9, 21) for y in (2007, 2008, 2009)]
    assert sched.next_due is None


def test_horizon_includes_what_falls_due_soon():
    sched = s.schedule(starts=D("2022-01-10"), recurrence="monthly", as_of=dt.date(2022, 5, 11), horizon_days=45)
    assert sched.dues[-3:] == [dt.date(2022, 5, 10), dt.date(2022, 6, 10), dt.date(2022, 7, 10)]


@pytest.mark.parametrize(
    ("starts", "recurrence", "problem"),
    [
        (None, "yearly", s.NO_START),
        (D({"after": "2006"}), "yearly", s.OPEN_START),
        (D("2006"), "whenever needed", s.UNKNOWN_RECURRENCE),
    ],
)
def test_no_due_dates_when_they_cannot_be_derived(starts, recurrence, problem):
    rec = Record(D("2007"), None, key=1)
    sched = s.schedule(starts=starts, recurrence=recurrence, as_of=AS_OF, records=[rec])
    assert sched.problem == problem and sched.occurrences == [] and sched.overdue == []
    assert sched.unplaced == [rec] and sched.last_fulfilment == rec


def test_recurrence_words():
    assert normalize_recurrence("Yearly") == "yearly"
    assert normalize_recurrence("annual") == "yearly"
    assert normalize_recurrence("") == "once"
    assert normalize_recurrence(None) == "once"
    assert normalize_recurrence("half-yearly") == "half-yearly"
    assert normalize_recurrence("biweekly") is None
