"""When agreements run out, and which letters of intent were never followed: pure rules, no database.

A cooperation's documents go in as `Doc` records; `assess` returns the flags that hold on a given
day. The rules (what the bureau watches, as issue 3 item 6 describes it):

- ``expiring`` — an MoU or PKS whose expiry falls within the next `expiring_days` (default 90).
- ``expired`` — the most recent MoU/PKS to have lapsed has lapsed, and no MoU/PKS that may be
  later (or document renewing it) is still possibly valid.
- ``loi_without_mou`` — the latest LoI is older than the region's threshold (default 12 months)
  and no MoU/PKS is dated after it.

Sources give dates at their own precision, so every comparison is conservative: nothing is
flagged early. An expiry known only to the month counts from that month's last day (a year: its
31 December); an LoI known only to the year counts from that year's last day; a document whose
order cannot be told (undated, or possibly later) is taken as possibly later, which can only
silence a flag, never raise one. An MoU "signed before 10 May 2015" is not after an LoI of
10 May 2015: a range's ``before`` bound is where it ends.

Expiry itself: a document's `expires` as the source gives it, or else computed from its start
(`valid_from`, or its date when no separate start is recorded) plus `duration_months`, when the
start is known to the month or the day. The expiry day is the start's anniversary (10 May 2015
+ 60 months → 10 May 2020; 31 January + 1 month → 28/29 February); a start known to the month
gives an expiry known to the month. A start known only to the year gives no expiry: that would
invent a month.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

from kembar.core.dates import DateSpec, PartialDate

# Document kinds (models.DocumentKind values; spelled out so the model can use this module).
LOI = "loi"
AGREEMENTS = frozenset({"mou", "pks"})
RENEWABLE = frozenset({LOI, *AGREEMENTS})
EXPIRING_DAYS = 90
LOI_FOLLOWUP_MONTHS = 12
#: The threshold a region may set, in months (a year of follow-up is the default; ten years the most).
FOLLOWUP_MIN, FOLLOWUP_MAX = 1, 120

EXPIRING, EXPIRED, LOI_WITHOUT_MOU = "expiring", "expired", "loi_without_mou"


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, or the month's last day when it has no such day."""
    total = day.year * 12 + day.month - 1 + months
    year, month = divmod(total, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


# --- Validity of one document --------------------------------------------------------------

GIVEN, COMPUTED, YEAR_ONLY, RANGE_START, NO_START, NO_DURATION = (
    "given",
    "computed",
    "year_only",
    "range_start",
    "no_start",
    "no_duration",
)


def derive_expires(start: DateSpec | None, months: int | None) -> DateSpec | None:
    """start + months at the start's precision (day or month); None when that would invent a date."""
    if start is None or not months or start.is_range or start.precision == "year":
        return None
    p = start.exact
    if p.precision == "day":
        return DateSpec(exact=PartialDate.parse(add_months(p.earliest(), months)))
    year, month = divmod(p.year * 12 + p.month - 1 + months, 12)
    return DateSpec(exact=PartialDate(year, month + 1))


def validity(
    *, valid_from: DateSpec | None, date: DateSpec | None, duration_months: int | None, expires: DateSpec | None
) -> str:
    """Why a document's expiry is what it is: given, computed, or unknown and why."""
    start = valid_from or date
    derived = derive_expires(start, duration_months)
    if expires:
        return COMPUTED if derived == expires else GIVEN
    if not duration_months:
        return NO_DURATION
    if start is None:
        return NO_START
    return RANGE_START if start.is_range else YEAR_ONLY


# --- Flags of one cooperation ---------------------------------------------------------------


@dataclass(frozen=True)
class Doc:
    """What the rules need of a document. `key` identifies it (a pk); `renews` is the key it renews."""

    key: object
    kind: str
    date: DateSpec | None = None
    expires: DateSpec | None = None
    renews: object = None

    @property
    def end(self) -> dt.date | None:
        """The last day the document may still be valid (a month-precise expiry: the month's last day)."""
        return self.expires.latest() if self.expires else None

    # The rules read a document's date through these (as `Bounds` holds them).
    @property
    def dated(self) -> bool:
        return self.date is not None

    @property
    def first(self) -> dt.date | None:
        return self.date.earliest() if self.date else None

    @property
    def last(self) -> dt.date | None:
        return self.date.latest() if self.date else None


class Bounds(NamedTuple):
    """What the rules need of a document as plain values, worked out once (the stored cooperation facts keep
    them for each LoI, MoU and PKS): `assess` takes these as it takes a `Doc`."""

    key: object
    kind: str
    dated: bool  # it has a date (Doc.date is not None)
    first: dt.date | None  # the earliest day its date allows (None: undated or open at the start)
    last: dt.date | None  # the latest day its date allows (None: undated or open at the end)
    end: dt.date | None  # Doc.end
    renews: object = None
    title: str = ""  # for its reader (the rules do not read it)

    @classmethod
    def of(cls, doc: Doc, title: str = "") -> Bounds:
        return cls(doc.key, doc.kind, doc.dated, doc.first, doc.last, doc.end, doc.renews, title)


@dataclass(frozen=True)
class Flag:
    code: str  # EXPIRING | EXPIRED | LOI_WITHOUT_MOU
    doc: Doc
    due: dt.date  # the expiry day, or the day the LoI's follow-up fell due
    days: int  # days left (expiring) or days overdue (expired, loi_without_mou)


def _may_follow(later: Doc, earlier: Doc) -> bool:
    """Whether `later` may come after `earlier` (renewing it, or possibly dated after it)."""
    if later.key == earlier.key:
        return False
    if later.renews is not None and later.renews == earlier.key:
        return True
    if not later.dated or not earlier.dated:
        return True  # the order cannot be told: assume it may, so nothing is flagged early
    last, first = later.last, earlier.first
    return last is None or first is None or last > first


def _lapsed(doc: Doc, today: dt.date) -> bool:
    return doc.end is not None and doc.end < today


def assess(
    docs: Iterable[Doc | Bounds],
    *,
    today: dt.date,
    expiring_days: int = EXPIRING_DAYS,
    loi_followup_months: int = LOI_FOLLOWUP_MONTHS,
) -> list[Flag]:
    """The flags that hold for one cooperation's documents (`Doc`s or `Bounds`) on `today`, expiring first."""
    docs = list(docs)
    agreements = [d for d in docs if d.kind in AGREEMENTS]

    def successors(doc: Doc):
        return [o for o in docs if (o.kind in AGREEMENTS or o.renews == doc.key) and _may_follow(o, doc)]

    flags = []
    horizon = today + dt.timedelta(days=expiring_days)
    for doc in agreements:
        end = doc.end
        if end is None or not today <= end <= horizon:
            continue
        if any(o.end is None or o.end > end for o in successors(doc)):
            continue  # renewed, or a later agreement may run on
        flags.append(Flag(EXPIRING, doc, end, (end - today).days))

    flag = expired(docs, today=today, agreements=agreements)
    if flag is not None:
        flags.append(flag)

    lois = [d for d in docs if d.kind == LOI and d.last]
    if lois:
        loi = max(lois, key=lambda d: (d.last, d.first or dt.date.min))
        due = add_months(loi.last, loi_followup_months)
        if today > due and not any(_may_follow(m, loi) for m in agreements):
            flags.append(Flag(LOI_WITHOUT_MOU, loi, due, (today - due).days))
    return flags


def expired(docs: Iterable[Doc | Bounds], *, today: dt.date, agreements: list | None = None) -> Flag | None:
    """The ``expired`` flag alone (assess's rule): the most recent MoU/PKS to have lapsed has lapsed and nothing
    that may follow it (a later MoU/PKS, or a document renewing it) may still be valid. The lifecycle status asks
    only this, for every cooperation of the nation."""
    docs = docs if isinstance(docs, list) else list(docs)
    if agreements is None:
        agreements = [d for d in docs if d.kind in AGREEMENTS]
    lapsed = [d for d in agreements if _lapsed(d, today)]
    if not lapsed:
        return None
    # By date (its DateSpec.sort_key: the earliest day, else the latest), undated first.
    last = max(lapsed, key=lambda d: (d.first or d.last or dt.date.min, d.end))
    successors = [o for o in docs if (o.kind in AGREEMENTS or o.renews == last.key) and _may_follow(o, last)]
    if any(not _lapsed(o, today) for o in successors):
        return None
    return Flag(EXPIRED, last, last.end, (today - last.end).days)


def validity_of(doc) -> str:
    """`validity` of anything with the Document's fields (a model instance)."""
    return validity(valid_from=doc.valid_from, date=doc.date, duration_months=doc.duration_months, expires=doc.expires)
