"""The channels' rules (seed 000), without the database: a Mobile event lasts 4 days to 1 month, a Wall at
least one year; the messages say why and what would do."""

import datetime as dt

from django.utils import translation

from kembar.core import dates
from kembar.trade import rules

D = dt.date


def problems(kind, starts, ends):
    with translation.override("en"):
        return rules.channel_problems(kind=kind, starts=starts, ends=ends)


def test_a_mobile_event_lasts_four_days_to_one_month():
    assert problems("mobile", D(2027, 3, 1), D(2027, 3, 4)) == {}  # 4 days, first and last counted
    assert problems("mobile", D(2027, 3, 1), D(2027, 3, 31)) == {}  # the whole month
    short = problems("mobile", D(2027, 3, 1), D(2027, 3, 3))["ends"]
    assert "4 days to 1 month" in short and "3 days" in short and "4 March 2027" in short and "31 March 2027" in short
    assert "ends" in problems("mobile", D(2027, 3, 1), D(2027, 4, 1))  # a month and a day


def test_a_month_from_the_end_of_january_ends_in_february():
    earliest, latest = rules.mobile_window(D(2027, 1, 31))
    assert (earliest, latest) == (D(2027, 2, 3), D(2027, 2, 27))


def test_a_wall_runs_at_least_a_year():
    assert problems("wall", D(2027, 3, 1), D(2028, 2, 29)) == {}  # through the day before a year later
    assert problems("wall", D(2027, 3, 1), D(2030, 1, 1)) == {}
    message = problems("wall", D(2027, 3, 1), D(2027, 12, 31))["ends"]
    assert "at least one year" in message and "29 February 2028" in message


def test_dates_in_the_wrong_order_and_missing_ones_are_named():
    assert "before the first" in problems("mobile", D(2027, 3, 10), D(2027, 3, 1))["ends"]
    assert set(problems("wall", None, None)) == {"starts", "ends"}
    assert set(problems("store", None, None)) == {"starts"}
    assert problems("f4bdg", None, None) == {}
    assert set(problems("catalogue", None, None)) == {"kind"}


def test_the_message_is_in_indonesian_by_default():
    with translation.override("id"):
        message = rules.channel_problems(kind="wall", starts=D(2027, 3, 1), ends=D(2027, 6, 1))["ends"]
    assert "Februari 2028" in message  # the date in Indonesian, whatever the sentence's catalogue holds


def test_phase_and_ending_soon():
    today = D(2027, 6, 1)
    assert rules.phase(starts=None, ends=None, today=today) == rules.PLANNED
    assert rules.phase(starts=D(2027, 7, 1), ends=None, today=today) == rules.PLANNED
    assert rules.phase(starts=D(2027, 1, 1), ends=None, today=today) == rules.RUNNING
    assert rules.phase(starts=D(2026, 1, 1), ends=D(2027, 5, 31), today=today) == rules.ENDED
    assert rules.ending_soon(starts=D(2026, 9, 1), ends=D(2027, 8, 30), today=today)  # 90 days
    assert not rules.ending_soon(starts=D(2026, 9, 1), ends=D(2027, 8, 31), today=today)  # 91
    assert not rules.ending_soon(starts=D(2026, 9, 1), ends=None, today=today)


def test_a_channels_days_have_the_years_every_typed_day_has(monkeypatch):
    """The years a channel's day may have are said in one place, core.dates, with every typed day's."""
    monkeypatch.setattr(dates, "TYPED_YEARS", (2000, 2050))
    assert problems("wall", D(1999, 12, 31), D(2001, 1, 1)) == {"starts": "Choose a day from 2000 to 2050."}
    assert problems("mobile", D(2051, 1, 1), D(2051, 1, 10)) == {
        "starts": "Choose a day from 2000 to 2050.",
        "ends": "Choose a day from 2000 to 2050.",
    }
