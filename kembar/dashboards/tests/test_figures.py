"""Each cooperation's dashboard figures, stored with the days they hold for (figures.py): on every one of those
days they equal the figures worked out afresh, whatever the records; a write clears them; a change of the region's
settings is not read through figures stored under the old ones; figures worked out from a row that was written
meanwhile are not stored onto it."""

import datetime as dt

import pytest
from django.db.models import F
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kembar.cooperations import facts
from kembar.cooperations.models import CooperationFacts
from kembar.cooperations.selectors import loi_followup_months
from kembar.cooperations.services import activity_create
from kembar.cooperations.tests.test_facts import DAYS, MONITORING_WRITES, WRITES, _apply
from kembar.core import pages
from kembar.dashboards import figures, selectors
from kembar.dashboards.models import CooperationFigures
from kembar.evaluation.dormancy import months_between
from kembar.evaluation.selectors import regions_settings
from kembar.regions.models import RegionProfile
from kembar.testing import make_cooperation, rolled_back

from .factories import portfolio

pytestmark = pytest.mark.django_db

#: How many days of a window are checked one by one (a window "for good" too).
CHECKED_DAYS = 400


def _listed(region):
    qs = selectors.Cooperation.objects.filter(region=region).order_by("pk")
    return [selectors.Listed(*row) for row in qs.values_list(*selectors._LISTED)]


def _stored(region, today):
    """The figures the dashboard reads on `today`: stored ones that hold, the others worked out (and stored)."""
    return figures.figures_today(
        region=region,
        cooperations=_listed(region),
        today=today,
        regions=regions_settings({region.pk}),
        loi_followup_months=loi_followup_months(region=region),
    )


def _worked_out(region, today, listed=None, rows=None):
    """The figures worked out afresh from the stored facts on `today`, nothing read from stored figures."""
    return figures.cooperation_figures(
        region=region,
        cooperations=listed or _listed(region),
        today=today,
        regions=regions_settings({region.pk}),
        loi_followup_months=loi_followup_months(region=region),
        rows=rows,
    )


def _check_window(region, coop, start):
    """Store the figures on `start`; on each day they are kept for, they equal those worked out afresh."""
    _stored(region, start)
    row = CooperationFacts.objects.get(cooperation=coop)
    stored = CooperationFigures.objects.filter(facts=row).first()
    listed = [c for c in _listed(region) if c.pk == coop.pk]
    rows = facts.rows(scope=[coop.pk])  # read once: the records do not change while the days go by
    if stored is None:  # records dated ahead of `start`: worked out on every visit, never stored
        assert row.horizon is not None and row.horizon > start
        return 0
    assert stored.since == start and stored.version == row.version
    kept = figures.decode(stored.figures, listed[0])
    last = stored.until or start + dt.timedelta(days=CHECKED_DAYS)
    day = start
    while day < min(last, start + dt.timedelta(days=CHECKED_DAYS)):
        assert _worked_out(region, day, listed, rows)[coop.pk] == kept, day
        day += dt.timedelta(days=1)
    return (day - start).days


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    writes=st.one_of(WRITES, MONITORING_WRITES),
    start=DAYS,
    quiet=st.integers(min_value=1, max_value=18),
    extra=st.integers(min_value=0, max_value=30),
)
def test_stored_figures_equal_the_worked_out_ones_on_every_day_they_are_kept(bandung, writes, start, quiet, extra):
    with rolled_back():
        RegionProfile.objects.update_or_create(
            region=bandung, defaults={"quiet_months": quiet, "dormant_months": quiet + extra}
        )
        coop = make_cooperation(bandung, ref="prop")
        for write in writes:
            _apply(coop, write)
        _check_window(bandung, coop, start)


def test_stored_figures_hold_across_a_portfolio_and_two_years(bandung, today):
    """A portfolio of the dashboard's own shape, visited every day for two years: each day's figures as the page
    reads them (stored ones that hold, the others worked out and stored) equal those worked out afresh, and most
    days read them all from the store."""
    portfolio(bandung, 12, today=today)
    worked_out_days = 0
    for offset in range(0, 730):
        day = today + dt.timedelta(days=offset)
        before = set(CooperationFigures.objects.values_list("facts", "since"))
        assert _stored(bandung, day) == _worked_out(bandung, day)
        after = set(CooperationFigures.objects.values_list("facts", "since"))
        worked_out_days += after != before
    # Not worked out afresh every day: the silence grows by the month, agreements and obligations turn on their days.
    assert worked_out_days < 730 / 4, worked_out_days


def _holding(today):
    """The cooperations whose stored figures hold on `today` (their row's version, their days)."""
    return set(
        CooperationFigures.objects.filter(version=F("facts__version"), since__lte=today)
        .exclude(until__lte=today)
        .values_list("facts", flat=True)
    )


def test_a_write_makes_the_cooperations_figures_not_hold_and_the_next_visit_stores_them_again(bandung, today):
    coops = portfolio(bandung, 3, today=today)
    first = _stored(bandung, today)
    assert _holding(today) == {c.pk for c in coops}
    activity_create(cooperation=coops[1], by=None, title="Rapat", date=today.isoformat(), beneficiary="partner")
    assert _holding(today) == {coops[0].pk, coops[2].pk}
    second = _stored(bandung, today)
    assert second == _worked_out(bandung, today)
    assert second[coops[1].pk].benefit != first[coops[1].pk].benefit  # the new activity counts at once
    assert _holding(today) == {c.pk for c in coops}


def test_a_change_of_the_regions_settings_is_not_read_through_figures_stored_under_the_old(bandung, today):
    portfolio(bandung, 6, today=today)
    _stored(bandung, today)
    # The quiet and dormant thresholds: the long silences of the odd ones are no longer dormant.
    RegionProfile.objects.update_or_create(region=bandung, defaults={"quiet_months": 60, "dormant_months": 120})
    assert _stored(bandung, today) == _worked_out(bandung, today)
    # The staff, which one UNDP element weighs the portfolio against.
    RegionProfile.objects.filter(region=bandung).update(bureau_staff=1)
    staffed = _stored(bandung, today)
    assert staffed == _worked_out(bandung, today)
    # Another cooperation in the portfolio (a bulk write: no save of the others): one staff member for one more is
    # as poor a ratio as before, so the others' figures still hold; a second staff member changes the ratio's
    # verdict, and they do not.
    held = _holding(today)
    portfolio(bandung, 1, today=today, prefix="n")
    assert _holding(today) == held
    assert _stored(bandung, today) == _worked_out(bandung, today)
    RegionProfile.objects.filter(region=bandung).update(bureau_staff=2)
    assert _stored(bandung, today) == _worked_out(bandung, today) != staffed


def test_figures_stored_by_the_code_before_an_upgrade_are_worked_out_again(bandung, today, monkeypatch):
    portfolio(bandung, 3, today=today)
    _stored(bandung, today)
    before = dict(CooperationFigures.objects.values_list("facts", "figures"))
    # Another release (an upgrade that may change how the figures are worked out, with the same FORMAT).
    monkeypatch.setattr(pages, "release", lambda: "next-release")
    assert _stored(bandung, today) == _worked_out(bandung, today)
    after = dict(CooperationFigures.objects.values_list("facts", "figures"))
    assert after.keys() == before.keys()
    assert all("next-release" in figures["ctx"] and figures != before[pk] for pk, figures in after.items())


def test_figures_worked_out_from_a_row_written_meanwhile_do_not_hold(bandung, today, monkeypatch):
    coops = portfolio(bandung, 2, today=today)
    target = coops[0]
    worked_out = figures.cooperation_figures

    def and_a_write_meanwhile(**kwargs):
        got = worked_out(**kwargs)
        # Another request writes an activity after this one read the rows, before it stores what it worked out.
        activity_create(cooperation=target, by=None, title="Rapat", date=today.isoformat(), beneficiary="region")
        return got

    monkeypatch.setattr(figures, "cooperation_figures", and_a_write_meanwhile)
    stale = _stored(bandung, today)
    monkeypatch.undo()
    assert _holding(today) == {coops[1].pk}  # stored with the version they were worked out from: not the row's now
    fresh = _stored(bandung, today)
    assert fresh == _worked_out(bandung, today) and fresh[target.pk].benefit != stale[target.pk].benefit


def test_stored_figures_name_the_elements_not_met_in_the_readers_language(bandung, today):
    portfolio(bandung, 6, today=today)
    with translation.override("id"):
        _stored(bandung, today)
    with translation.override("en"):
        english = _stored(bandung, today)
        assert english == _worked_out(bandung, today)
        names = {name for f in english.values() for name in f.health.not_met}
    with translation.override("id"):
        indonesian = {name for f in _stored(bandung, today).values() for name in f.health.not_met}
    assert names and indonesian and names != indonesian


def test_a_second_visit_reads_the_stored_figures_only(bandung, today, django_assert_num_queries):
    portfolio(bandung, 12, today=today)
    selectors.region_dashboard(region=bandung, today=today)
    # The region's settings, its cooperations, its follow-up threshold, the stored figures, the partners' places and
    # the countries' names: no stored facts, no activities.
    with django_assert_num_queries(6) as captured:
        selectors.region_dashboard(region=bandung, today=today)
    read = " ".join(q["sql"] for q in captured.captured_queries)
    assert '"data"' not in read and "cooperations_activity" not in read


@given(a=DAYS, b=DAYS)
def test_the_month_turn_is_the_first_day_the_whole_months_differ(a, b):
    turn = figures._month_turn(a, b)
    months = months_between(a, b)
    assert turn > b and months_between(a, turn) != months
    day = b + dt.timedelta(days=1)
    while day < turn:
        assert months_between(a, day) == months
        day += dt.timedelta(days=1)


def test_figures_of_records_at_the_calendars_edge_hold_for_one_day(bandung, today):
    """An obligation overdue since December 9999 (an import may bring anything) has no next month."""
    coop = make_cooperation(bandung, ref="edge")
    activity_create(cooperation=coop, by=None, title="Rapat", date=today.isoformat())
    row = facts.rows(scope=[coop.pk])[coop.pk]
    assert figures.until(row, [], dt.date(9999, 12, 31), [dt.date(9999, 12, 20)], today=today) == today + dt.timedelta(
        days=1
    )


def test_only_the_region_metrics_read_the_regions_staff_and_portfolio(bandung, today):
    """What REGION_METRICS names is all that the staff and the portfolio move in a cooperation's evaluation."""
    from kembar.evaluation.selectors import evaluate_many

    portfolio(bandung, 6, today=today)
    region = regions_settings({bandung.pk})[bandung.pk]
    states = {}
    for staff, count in ((None, None), (1, 40), (30, 2), (3, 9)):
        region.staff, region.portfolio = staff, count
        for ev in evaluate_many(region=bandung, as_of=today, framework=figures.FRAMEWORK, regions={bandung.pk: region}):
            for e in ev.elements:
                for i in e.indicators:
                    states.setdefault((ev.cooperation.pk, i.metric), set()).add(i.state)
    moved = {metric for (_pk, metric), seen in states.items() if len(seen) > 1}
    assert moved == figures.REGION_METRICS
