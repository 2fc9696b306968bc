"""The facts of one cooperation at an as-of date, as the selectors gather them and the metrics read them."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import NamedTuple

from . import reciprocity as recip
from .dormancy import DORMANT_MONTHS, QUIET_MONTHS, Dormancy


class Item(NamedTuple):
    """One fact behind an indicator: an activity, obligation, document, period or profile value. A named
    tuple: made by the thousand in a bulk evaluation, far cheaper than a frozen dataclass."""

    type: str
    id: int | None
    title: str
    date: str = ""

    def as_dict(self) -> dict:
        return self._asdict()


@dataclass
class ObligationFact:
    id: int
    kind: str
    text: str
    starts: str  # canonical date text ("" when none)
    status: str  # overdue | ok | no_due_date
    overdue_since: dt.date | None = None
    overdue_count: int = 0
    months_overdue: int = 0
    next_due: dt.date | None = None
    basis: str = ""  # why overdue: "source" (the source says not fulfilled) | "no_record"

    def as_dict(self) -> dict:
        d = asdict(self)
        for key in ("overdue_since", "next_due"):
            d[key] = d[key].isoformat() if d[key] else None
        return d


@dataclass
class AgreementFact:
    id: int
    kind: str
    title: str
    date: str
    signatories: int


@dataclass
class Settings:
    quiet_months: int = QUIET_MONTHS
    dormant_months: int = DORMANT_MONTHS


@dataclass
class Facts:
    """What was recorded about one cooperation and known at `as_of` (the selectors fill it)."""

    as_of: dt.date
    start: dt.date | None = None
    activities: int = 0
    benefit: dict = field(default_factory=lambda: {"region": 0, "partner": 0, "both": 0, "unknown": 0})
    initiated: dict = field(default_factory=lambda: {"region": 0, "partner": 0, "both": 0, "unknown": 0})
    aid_received: int = 0
    aid_given: int = 0
    planning_yes: int = 0
    planning_no: int = 0
    nongov: int = 0
    outcome_direct: int = 0
    outcome_any: int = 0
    budget: dict = field(default_factory=dict)  # currency → {"region": Decimal, "partner": Decimal}
    dormancy: Dormancy | None = None
    obligations: list[ObligationFact] | tuple = ()
    agreements: list[AgreementFact] = field(default_factory=list)
    exchanges: int = 0
    fields: list = field(default_factory=list)
    goals: str = ""
    terms: dict = field(default_factory=dict)
    staff: int | None = None
    staff_as_of: str = ""
    portfolio: int | None = None
    portfolio_basis: str = ""  # "reported" (the profile) | "recorded" (live cooperations in Kembar)
    #: predicate name (selectors.PREDICATES) → the activities it matched; filled when detail is asked.
    evidence: dict[str, list[Item]] = field(default_factory=dict)
    #: Dated activities known at as_of by the year they sort in (their earliest possible day); filled when
    #: years or detail are asked.
    years: dict[int, int] = field(default_factory=dict)
    #: (date text, end text, title, pk) of each dated activity; filled when detail is asked (the chart).
    timeline: list[tuple] | tuple = ()

    @property
    def reciprocity(self) -> recip.Reciprocity:
        return recip.Reciprocity(self.benefit, self.initiated, self.aid_received, self.aid_given, self.budget)

    @property
    def overdue(self) -> list[ObligationFact]:
        return [o for o in self.obligations if o.status == "overdue"]
