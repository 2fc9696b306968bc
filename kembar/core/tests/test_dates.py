import datetime as dt

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from kembar.core.dates import DateError, DateSpec, PartialDate


@pytest.mark.parametrize(
    ("value", "text", "precision"),
    [
        (2011, "2011", "year"),
        ("2019-10", "2019-10", "month"),
        (dt.date(2006, 9, 21), "2006-09-21", "day"),
        ("2006-09-21", "2006-09-21", "day"),
        ({"after": dt.date(2004, 4, 1), "before": dt.date(2006, 9, 21)}, "2004-04-01/2006-09-21", "range"),
        ({"after": "2006-09"}, "2006-09/..", "range"),
        ({"before": 2011}, "../2011", "range"),
    ],
)
def test_parse_keeps_precision(value, text, precision):
    spec = DateSpec.parse(value)
    assert str(spec) == text
    assert spec.precision == precision
    assert DateSpec.parse(str(spec)) == spec


def test_yaml_values_round_trip_to_same_types():
    assert DateSpec.parse(2011).to_yaml() == 2011
    assert DateSpec.parse("2019-10").to_yaml() == "2019-10"
    assert DateSpec.parse(dt.date(2020, 5, 3)).to_yaml() == dt.date(2020, 5, 3)
    assert DateSpec.parse({"after": dt.date(2004, 4, 1), "before": 2011}).to_yaml() == {
        "after": dt.date(2004, 4, 1),
        "before": 2011,
    }


def test_never_invents_a_day():
    spec = DateSpec.parse("2019-10")
    assert spec.earliest() == dt.date(2019, 10, 1)
    assert spec.latest() == dt.date(2019, 10, 31)
    assert str(spec) == "2019-10"


@pytest.mark.parametrize(
    "bad",
    [
        "2019-13",
        "2019-02-30",
        "20190",
        "next year",
        {"after": "2010", "before": "2009"},
        {"since": 2010},
        True,
    ],
)
def test_impossible_dates_are_refused(bad):
    with pytest.raises(DateError):
        DateSpec.parse(bad)


def test_display_in_indonesian_and_english():
    with translation.override("id"):
        assert DateSpec.parse("2006-09-21").display() == "21 September 2006"
        assert DateSpec.parse("2019-10").display() == "Oktober 2019"
        assert DateSpec.parse({"after": "2006-09-21", "before": 2011}).display() == (
            "antara 21 September 2006 dan 2011"
        )
    with translation.override("en"):
        assert DateSpec.parse("2019-10").display() == "October 2019"


@given(st.dates(min_value=dt.date(1, 1, 1)), st.sampled_from(["year", "month", "day"]))
def test_any_partial_date_round_trips(day, precision):
    pd = PartialDate(day.year, day.month if precision != "year" else None, day.day if precision == "day" else None)
    assert PartialDate.parse(str(pd)) == pd
    assert pd.earliest() <= day <= pd.latest() or precision == "day"
