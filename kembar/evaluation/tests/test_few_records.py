"""Indicators counted from records do not punish few records: below scoring.MIN_RECORDS records that carry
what an indicator reads, a poor or fair rating is "insufficient evidence", and the element's rule treats it
as not rated. Pure functions, no database."""

import datetime as dt
from fractions import Fraction

import pytest
from django.utils import translation

from kembar.evaluation import scoring
from kembar.evaluation.facts import Facts
from kembar.evaluation.metrics import METRICS
from kembar.evaluation.scoring import FAIR, GOOD, INSUFFICIENT, MET, MIN_RECORDS, NO_DATA, NOT_MET, PARTLY, POOR

AS_OF = dt.date(2024, 6, 30)


def facts(**values) -> Facts:
    f = Facts(as_of=AS_OF, start=dt.date(2020, 1, 1))
    for k, v in values.items():
        setattr(f, k, v)
    return f


def indicator(ev, element: str, indicator_id: str):
    return next(i for i in ev.element(element).indicators if i.id == indicator_id)


def test_the_minimum_is_three_records():
    assert MIN_RECORDS == 3


@pytest.mark.parametrize(
    ("state", "records", "expected"),
    [
        (POOR, MIN_RECORDS - 1, INSUFFICIENT),
        (FAIR, MIN_RECORDS - 1, INSUFFICIENT),
        (POOR, MIN_RECORDS, POOR),
        (FAIR, MIN_RECORDS, FAIR),
        (POOR, 0, INSUFFICIENT),
        (GOOD, 1, GOOD),  # a few records can show that something happens
        (POOR, None, POOR),  # not counted from records: the rule does not apply
    ],
)
def test_rated(state, records, expected):
    assert scoring.rated(state, records) == expected


@pytest.mark.parametrize(
    ("yes", "no", "state", "verdict"),
    [
        (0, MIN_RECORDS - 1, INSUFFICIENT, NO_DATA),  # 0 of 2: not "not met"
        (0, MIN_RECORDS, POOR, NOT_MET),  # 0 of 3: measured
        (1, 2, FAIR, PARTLY),  # exactly 1/3: fair, whatever a decimal 0.33 would say
        (1, 3, POOR, NOT_MET),  # 1/4 < 1/3
        (1, 1, GOOD, MET),  # 1 of 2 = 1/2: good stands below the minimum
        (2, 0, GOOD, MET),
    ],
)
def test_planning_with_community_at_the_boundary(yes, no, state, verdict):
    ev = scoring.evaluate(facts(activities=10, nongov=10, planning_yes=yes, planning_no=no), "undp")
    planning = indicator(ev, "community", "planning_with_community")
    assert planning.value == Fraction(yes, yes + no)
    assert planning.state == state
    assert ev.element("community").verdict == verdict


@pytest.mark.parametrize(
    ("benefit", "state"),
    [
        ({"region": 1, "both": 1}, INSUFFICIENT),  # |−1/2| from two records
        ({"region": 2, "both": 1}, POOR),  # |−2/3| from three
        ({"region": 1, "both": 2}, FAIR),  # |−1/3| ≤ 1/3 exactly (≤ 0.33 would make it poor)
        ({"both": 2}, GOOD),
    ],
)
def test_benefit_balance_at_the_boundary(benefit, state):
    ev = scoring.evaluate(facts(activities=sum(benefit.values()), benefit=benefit), "undp")
    assert indicator(ev, "reciprocity", "benefit_balance").state == state


def test_shares_are_exact_fractions():
    ev = scoring.evaluate(facts(activities=3, nongov=1, benefit={"region": 1, "both": 2}), "undp")
    nongov = indicator(ev, "community", "nongov_participation")
    assert nongov.value == Fraction(1, 3) and isinstance(nongov.value, Fraction)
    balance = indicator(ev, "reciprocity", "benefit_balance")
    assert balance.fair == Fraction(1, 3)
    assert balance.as_dict()["value"] == 0.333 and balance.as_dict()["thresholds"]["fair"] == 0.333


def test_no_result_among_few_activities_is_not_a_failure():
    few = scoring.evaluate(facts(activities=MIN_RECORDS - 1), "undp").element("tangible_results")
    assert {i.state for i in few.indicators} == {INSUFFICIENT} and few.verdict == NO_DATA
    enough = scoring.evaluate(facts(activities=MIN_RECORDS), "undp").element("tangible_results")
    assert {i.state for i in enough.indicators} == {POOR} and enough.verdict == NOT_MET
    one = scoring.evaluate(facts(activities=1, outcome_direct=1, outcome_any=1), "undp").element("tangible_results")
    assert one.verdict == scoring.MET


def test_insufficient_is_not_rated_in_the_rules():
    # Beside a poor indicator the element still fails; beside good ones it has not enough data — never "poor".
    assert scoring.rule_verdict("worst", [(GOOD, False), (INSUFFICIENT, False)]) == NO_DATA
    assert scoring.rule_verdict("worst", [(POOR, False), (INSUFFICIENT, False)]) == NOT_MET
    assert scoring.rule_verdict("worst", [(GOOD, False), (INSUFFICIENT, True)]) == scoring.MET
    assert scoring.rule_verdict("best", [(FAIR, False), (INSUFFICIENT, False)]) == NO_DATA
    assert scoring.rule_verdict("best", [(INSUFFICIENT, False)]) == NO_DATA


def test_which_indicators_are_counted_from_records():
    f = facts(activities=5, planning_yes=1, initiated={"region": 1}, benefit={"region": 1})
    counted = {name for name, metric in METRICS.items() if metric.records(f) is not None}
    assert counted == {
        "planning_with_community",
        "nongov_participation",
        "benefit_balance",
        "region_initiative_share",
        "direct_results",
        "any_results",
    }
    used = {
        ind["metric"]
        for fid in scoring.framework_ids()
        for el in scoring.load_framework(fid)["elements"]
        for ind in el["indicators"]
        if not ind.get("informative")
    }
    assert counted <= used


@translation.override("en")
def test_what_would_change_it_asks_for_the_missing_records():
    ev = scoring.evaluate(facts(activities=10, nongov=10, planning_no=1), "undp")
    assert ev.element("community").changes == [
        "2 more activities recording whether non-government actors helped plan them would let this be judged."
    ]
