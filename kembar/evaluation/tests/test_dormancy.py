"""Dormancy as a pure function: certain silence only, and recording an activity never creates one across it."""

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from kembar.core.dates import DateSpec, PartialDate
from kembar.evaluation import dormancy as dm

AS_OF = dt.date(2022, 5, 11)
START = dt.date(2006, 9, 21)


def spec(value):
    return DateSpec.parse(value)


LIUZHOU = [
    (spec("2004-03-31"), spec("2004-04-01"), "visit"),
    (spec({"after": "2004-04-01", "before": "2006-09-21"}), None, "investors"),
    *[(spec({"after": "2006-09-21", "before": "2011-01-01"}), None, f"range{i}") for i in range(4)],
    (spec(2011), None, "2011"),
    (spec(2018), None, "belief"),
    (spec("2019-10"), None, "painting"),
    (spec("2020-05-03"), None, "masks"),
    (spec("2022-04"), None, "song"),
]


def test_liuzhou_dormant_after_2011_until_2018():
    d = dm.analyse_dated(LIUZHOU, start=START, as_of=AS_OF)
    dormant = [p for p in d.periods if p.level == dm.DORMANT]
    assert [(p.first_silent_day, p.last_silent_day, p.months) for p in dormant] == [
        (dt.date(2012, 1, 1), dt.date(2017, 12, 31), 72)
    ]
    assert (dormant[0].after_key, dormant[0].before_key) == ("2011", "belief")
    quiet = [p for p in d.periods if p.level == dm.QUIET]
    assert [(p.after, p.before, p.months) for p in quiet] == [(dt.date(2020, 5, 3), dt.date(2022, 4, 1), 22)]
    assert d.state == "" and d.silent_months == 0 and d.last_covered == dt.date(2022, 4, 30)


def test_a_year_may_be_any_day_of_it():
    # "2011" then "2012": no certain silence at all, though a day-precise reading could show 23 months.
    d = dm.analyse_dated(
        [(spec(2011), None, 1), (spec(2012), None, 2)], start=dt.date(2011, 1, 1), as_of=dt.date(2012, 12, 31)
    )
    assert d.periods == () and d.total_silent_days == 0


def test_a_range_shortens_the_gaps_on_both_sides():
    acts = [
        (spec("2009-12-01"), None, "a"),
        (spec({"after": "2011-01", "before": "2014-06"}), None, "r"),
        (spec("2016-01-01"), None, "b"),
    ]
    d = dm.analyse_dated(acts, start=dt.date(2009, 12, 1), as_of=dt.date(2016, 1, 1))
    assert [(p.after, p.before) for p in d.periods] == [
        (dt.date(2009, 12, 1), dt.date(2011, 1, 1)),
        (dt.date(2014, 6, 30), dt.date(2016, 1, 1)),
    ]


def test_open_end_runs_to_as_of_and_open_start_from_the_start():
    d = dm.analyse_dated([(spec({"after": "2012"}), None, "x")], start=dt.date(2010, 1, 1), as_of=dt.date(2020, 1, 1))
    assert [(p.after, p.before) for p in d.periods] == [(dt.date(2010, 1, 1), dt.date(2012, 1, 1))]
    d = dm.analyse_dated([(spec({"before": "2012"}), None, "x")], start=dt.date(2010, 1, 1), as_of=dt.date(2015, 1, 1))
    assert [(p.after, p.months, p.ongoing) for p in d.periods] == [(dt.date(2012, 12, 31), 24, True)]
    assert d.state == dm.DORMANT


def test_activities_after_as_of_are_ignored_and_levels_follow_settings():
    acts = [(spec("2020-01-15"), None, "a"), (spec("2023-01"), None, "later")]
    d = dm.analyse_dated(acts, start=dt.date(2020, 1, 1), as_of=dt.date(2020, 12, 1), quiet_months=6, dormant_months=9)
    assert d.state == dm.DORMANT and d.silent_months == 10
    d = dm.analyse_dated(acts, start=dt.date(2020, 1, 1), as_of=dt.date(2020, 12, 1))
    assert d.state == dm.APPROACHING and d.periods == ()  # 10 months: within 2 of the quiet 12
    d = dm.analyse_dated(acts, start=dt.date(2020, 1, 1), as_of=dt.date(2020, 10, 1))
    assert d.state == ""


def test_months_between():
    assert dm.months_between(dt.date(2012, 1, 1), dt.date(2018, 1, 1)) == 72
    assert dm.months_between(dt.date(2020, 1, 31), dt.date(2020, 2, 29)) == 0
    assert dm.months_between(dt.date(2020, 5, 1), dt.date(2020, 4, 1)) == 0


# --- Properties ---------------------------------------------------------------------------

years = st.integers(min_value=2000, max_value=2024)


@st.composite
def partial(draw):
    year = draw(years)
    month = draw(st.none() | st.integers(1, 12))
    day = draw(st.none() | st.integers(1, 28)) if month else None
    return PartialDate(year, month, day)


@st.composite
def datespec(draw):
    kind = draw(st.sampled_from(["exact", "exact", "range", "open_end", "open_start"]))
    if kind == "exact":
        return DateSpec(exact=draw(partial()))
    a, b = sorted([draw(partial()), draw(partial())], key=lambda p: p.earliest())
    if a.earliest() > b.latest():
        a, b = b, a
    if kind == "range":
        return DateSpec(after=a, before=b) if a.earliest() <= b.latest() else DateSpec(exact=a)
    return DateSpec(after=a) if kind == "open_end" else DateSpec(before=b)


@st.composite
def activity(draw):
    date = draw(datespec())
    end = None
    if date.latest() and draw(st.booleans()):
        end = DateSpec(exact=PartialDate.parse(date.latest() + dt.timedelta(days=draw(st.integers(0, 400)))))
    return (date, end, draw(st.uuids()))


def _span(date, end):
    s = dm.span_of(date, end)
    return (s.earliest or dt.date.min, s.latest or dt.date.max)


@settings(max_examples=300, deadline=None)
@given(
    acts=st.lists(activity(), max_size=12),
    new=activity(),
    quiet=st.integers(1, 30),
    extra=st.integers(1, 30),
    start=st.dates(dt.date(1999, 1, 1), dt.date(2024, 12, 31)),
)
def test_recording_an_activity_never_creates_a_silence_across_it(acts, new, quiet, extra, start):
    as_of = dt.date(2025, 6, 30)
    kw = {"start": start, "as_of": as_of, "quiet_months": quiet, "dormant_months": quiet + extra}
    before = dm.analyse_dated(acts, **kw)
    after = dm.analyse_dated([*acts, new], **kw)
    # Total certain silence never grows, nor does the longest.
    assert after.total_silent_days <= before.total_silent_days
    assert after.longest_months <= before.longest_months
    # No reported period spans any day the new activity might have been on.
    lo, hi = _span(new[0], new[1])
    for p in after.periods:
        assert p.last_silent_day < lo or p.first_silent_day > hi
    # Every dormant period afterwards lies within one before.
    for p in after.periods:
        if p.level == dm.DORMANT:
            assert any(
                q.level == dm.DORMANT
                and q.first_silent_day <= p.first_silent_day
                and p.last_silent_day <= q.last_silent_day
                for q in before.periods
            )


@settings(max_examples=200, deadline=None)
@given(acts=st.lists(activity(), max_size=12), start=st.dates(dt.date(1999, 1, 1), dt.date(2024, 12, 31)))
def test_no_period_covers_a_possible_activity_day(acts, start):
    d = dm.analyse_dated(acts, start=start, as_of=dt.date(2025, 6, 30))
    for date, end, _key in acts:
        lo, hi = _span(date, end)
        for p in d.periods:
            assert p.last_silent_day < lo or p.first_silent_day > hi
        assert all(p.months >= 12 for p in d.periods)


def test_ordinal_cache_reads_canonical_text():
    cache = dm.OrdinalCache()
    assert cache("2011") == (dt.date(2011, 1, 1).toordinal(), dt.date(2011, 12, 31).toordinal())
    assert cache.span("2004-03-31", "2004-04-01") == (dt.date(2004, 3, 31).toordinal(), dt.date(2004, 4, 1).toordinal())
    assert cache("2012/..") == (dt.date(2012, 1, 1).toordinal(), None)
    assert cache("") is None


def _brute_force_longest(acts, start, as_of):
    spans = sorted(_span(d, e) for d, e, _k in acts if d.earliest() is None or d.earliest() <= as_of)
    covered, longest = start, 0
    for lo, hi in spans:
        lo = max(lo, dt.date.min + dt.timedelta(days=1))
        if lo > covered + dt.timedelta(days=1):
            longest = max(longest, dm.months_between(covered + dt.timedelta(days=1), lo))
        covered = max(covered, min(hi, as_of))
    if covered < as_of:
        longest = max(longest, dm.months_between(covered + dt.timedelta(days=1), as_of + dt.timedelta(days=1)))
    return longest


@settings(max_examples=300, deadline=None)
@given(acts=st.lists(activity(), max_size=15), start=st.dates(dt.date(1999, 1, 1), dt.date(2024, 12, 31)))
def test_longest_silence_matches_a_brute_force_count(acts, start):
    as_of = dt.date(2025, 6, 30)
    d = dm.analyse_dated(acts, start=start, as_of=as_of, quiet_months=40, dormant_months=60)
    assert d.longest_months == _brute_force_longest(acts, start, as_of)


@given(datespec())
def test_fast_reader_agrees_with_the_date_parser(spec_):
    e, la = spec_.earliest(), spec_.latest()
    assert dm.ordinal_span(str(spec_)) == (e.toordinal() if e else None, la.toordinal() if la else None)
