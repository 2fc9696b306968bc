"""Who gives and who gains in a cooperation: pure rules, no database.

Every activity may record who initiated it and who **mainly benefited** (``region`` — our
region —, ``partner``, ``both``, or unknown). Aid (kind ``aid``) is an activity whose beneficiary
gives its direction: aid benefiting the partner is aid the region *gave*.

**The balance**, from the region's point of view, is

    balance = (P − R) / (P + R + B)          in [−1, 1]

where R counts activities that mainly benefited the region, P those that mainly benefited the
partner and B those that benefited both (unknown beneficiaries are left out). 0 means the benefit
one side took alone is matched by the other's; −1 means the region took every benefit alone (it
gains and never gives); +1 the reverse. An activity benefiting both sides pulls the balance
towards 0 without changing its sign.

**Reciprocity worsens, from the region's point of view, when the balance falls** — the region
takes more relative to what it gives. Recording an activity that mainly benefits the partner
raises P by one and N = P + R + B by one, and (P + 1 − R)/(N + 1) ≥ (P − R)/N whenever
P − R ≤ N, which always holds: so it **never worsens reciprocity** (tested as a property). The
element's verdict, by contrast, asks for *both* sides to give and gain, so a balance far above 0
(the partner takes everything alone) is as much a failure as one far below.

Budgets per side, when recorded, give a second balance of contributions per currency:
(region − partner) / (region + partner), +1 meaning the region paid everything.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

REGION, PARTNER, BOTH = "region", "partner", "both"


@dataclass(frozen=True)
class Reciprocity:
    benefit: dict[str, int]  # region / partner / both / unknown → activities
    initiated: dict[str, int]  # region / partner / both / unknown → activities
    aid_received: int  # aid to the region (the partner gave)
    aid_given: int  # aid to the partner (the region gave)
    budget: dict[str, dict[str, Decimal]] = field(default_factory=dict)  # currency → {"region", "partner"}

    @property
    def known(self) -> int:
        return self.benefit.get(REGION, 0) + self.benefit.get(PARTNER, 0) + self.benefit.get(BOTH, 0)

    @property
    def balance(self) -> float | None:
        """(P − R)/(P + R + B); None when no activity records its beneficiary."""
        return balance(self.benefit.get(REGION, 0), self.benefit.get(PARTNER, 0), self.benefit.get(BOTH, 0))

    @property
    def initiative_balance(self) -> float | None:
        """(partner-initiated − region-initiated)/(known initiators): −1 the region starts everything."""
        return balance(self.initiated.get(REGION, 0), self.initiated.get(PARTNER, 0), self.initiated.get(BOTH, 0))

    @property
    def budget_balance(self) -> dict[str, float]:
        """Per currency: (region − partner)/(region + partner) of what each side paid."""
        out = {}
        for currency, sides in self.budget.items():
            r, p = sides.get(REGION) or Decimal(0), sides.get(PARTNER) or Decimal(0)
            if r + p > 0:
                out[currency] = float((r - p) / (r + p))
        return out


def balance(region: int, partner: int, both: int) -> float | None:
    n = region + partner + both
    if n <= 0:
        return None
    return (partner - region) / n


def count_by_side(values) -> dict[str, int]:
    """Tally region / partner / both / unknown from an iterable of side codes."""
    out = {REGION: 0, PARTNER: 0, BOTH: 0, "unknown": 0}
    for v in values:
        v = REGION if v == "community" else v  # an initiative of the region's community is the region's side
        out[v if v in (REGION, PARTNER, BOTH) else "unknown"] += 1
    return out


def from_activities(activities) -> Reciprocity:
    """From activity-like objects (beneficiary, initiated_by, kind, and optional budget fields)."""
    activities = list(activities)
    budget: dict[str, dict[str, Decimal]] = {}
    for a in activities:
        currency = getattr(a, "currency", "") or ""
        for side, name in ((REGION, "budget_region"), (PARTNER, "budget_partner")):
            amount = getattr(a, name, None)
            if amount is not None:
                sides = budget.setdefault(currency, {REGION: Decimal(0), PARTNER: Decimal(0)})
                sides[side] += Decimal(amount)
    return Reciprocity(
        benefit=count_by_side(a.beneficiary for a in activities),
        initiated=count_by_side(a.initiated_by for a in activities),
        aid_received=sum(1 for a in activities if a.kind == "aid" and a.beneficiary == REGION),
        aid_given=sum(1 for a in activities if a.kind == "aid" and a.beneficiary == PARTNER),
        budget=budget,
    )


def partner_benefits_needed(region: int, partner: int, both: int, target: float) -> int | None:
    """How many more activities mainly benefiting the partner bring the balance to ≥ target (−1..0)."""
    if balance(region, partner, both) is None:
        return None
    for extra in range(0, 10_000):
        b = balance(region, partner + extra, both)
        if b is not None and b >= target:
            return extra
    return None
