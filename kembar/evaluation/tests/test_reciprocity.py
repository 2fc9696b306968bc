"""Reciprocity as a pure function: the balance, and that benefiting the partner never worsens it."""

from decimal import Decimal
from types import SimpleNamespace as A

from hypothesis import given
from hypothesis import strategies as st

from kembar.evaluation import reciprocity as rc


def act(beneficiary="", initiated_by="", kind="", **kw):
    return A(beneficiary=beneficiary, initiated_by=initiated_by, kind=kind, **kw)


def test_liuzhou_shape():
    acts = [act("region")] * 3 + [act("region", "partner", "aid")] + [act("both")] * 6 + [act("unknown")]
    r = rc.from_activities(acts)
    assert r.benefit == {"region": 4, "partner": 0, "both": 6, "unknown": 1}
    assert r.balance == -0.4 and (r.aid_received, r.aid_given) == (1, 0)


def test_budget_per_currency():
    r = rc.from_activities(
        [
            act("both", budget_region=Decimal(300), budget_partner=Decimal(100), currency="IDR"),
            act("both", budget_region=None, budget_partner=Decimal(100), currency="IDR"),
            act("both", budget_region=Decimal(5), budget_partner=None, currency="USD"),
        ]
    )
    assert r.budget_balance == {"IDR": 0.2, "USD": 1.0}


def test_no_known_beneficiary_has_no_balance():
    assert rc.from_activities([act(), act("unknown")]).balance is None


def test_partner_benefits_needed():
    assert rc.partner_benefits_needed(4, 0, 6, -0.33) == 1  # (1 − 4)/11 = −0.27
    assert rc.partner_benefits_needed(0, 0, 3, -0.33) == 0


sides = st.sampled_from(["region", "partner", "both", "", "unknown"])


@given(st.lists(st.tuples(sides, sides, st.booleans()), max_size=40))
def test_benefiting_the_partner_never_worsens_reciprocity(rows):
    acts = [act(b, i, "aid" if aid else "visit") for b, i, aid in rows]
    before = rc.from_activities(acts)
    after = rc.from_activities([*acts, act("partner", "region")])
    assert after.balance is not None
    assert before.balance is None or after.balance >= before.balance
    assert -1 <= after.balance <= 1
    # What the region gives never shrinks, what it received never grows.
    assert after.benefit["partner"] == before.benefit["partner"] + 1
    assert after.benefit["region"] == before.benefit["region"]


@given(st.lists(st.tuples(sides, st.booleans()), max_size=40))
def test_aid_to_the_partner_counts_as_given(rows):
    acts = [act(b, kind="aid" if aid else "visit") for b, aid in rows]
    after = rc.from_activities([*acts, act("partner", kind="aid")])
    assert after.aid_given == rc.from_activities(acts).aid_given + 1
