"""What deserves an alert, as pure functions: the sources' rows in, alert candidates out.

Each source is another app's selector (its contract is in its docstring):

- dormancy — ``kembar.evaluation.selectors.dormancy_alerts``: approaching / quiet / dormant;
- obligations — ``kembar.monitoring.selectors.obligations_due``: due soon or overdue;
- deadlines — ``kembar.cooperations.selectors.deadline_list``: agreements expiring or expired, LoIs
  not followed by an MoU.

A candidate's `key` names the fact and the date it holds for, so the daily run can find the same
fact every day and alert once: a new key appears only when something changes (an obligation
becomes overdue, a cooperation goes from quiet to dormant, a renewed agreement nears its new end).
The sentence shown to a user is rendered from kind, level and data in the reader's language
(`describe`), so one stored alert reads in Indonesian or English alike.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from kembar.core.dates import DateError, DateSpec, PartialDate

DORMANCY, OBLIGATION, LOI, EXPIRY = "dormancy", "obligation", "loi", "expiry"
PLAN = "plan"  # a notification of an event, not a condition (kembar/alerts/notify.py)
# The codes of kembar.cooperations.expiry (spelled out: this module needs no database).
_EXPIRING, _EXPIRED = "expiring", "expired"
_DORMANCY_LEVELS = ("approaching", "quiet", "dormant")


@dataclass
class Candidate:
    cooperation: object
    kind: str
    level: str
    key: str
    title: str
    detail: str = ""
    due: dt.date | None = None
    data: dict = field(default_factory=dict)


def _iso(day) -> str:
    return day.isoformat() if day else ""


def from_dormancy(rows: Iterable[dict]) -> list[Candidate]:
    out = []
    for row in rows:
        coop, level, since = row["cooperation"], row["level"], row.get("since")
        if level not in _DORMANCY_LEVELS:
            continue
        out.append(
            Candidate(
                cooperation=coop,
                kind=DORMANCY,
                level=level,
                key=f"dormancy:{coop.pk}:{level}:{_iso(since)}",
                title=coop.title,
                data={"since": _iso(since), "months": int(row.get("months") or 0)},
            )
        )
    return out


def from_obligations(rows: Iterable[dict]) -> list[Candidate]:
    """One candidate per obligation and level: a yearly meeting missed fifteen times is one alert,
    "overdue since" its first missed date (and how many), not fifteen."""
    groups: dict[tuple, list[dict]] = {}
    for row in rows:
        level = "overdue" if row.get("overdue") else "due"
        groups.setdefault((row["obligation"].pk, level), []).append(row)
    out = []
    for (pk, level), group in groups.items():
        first = min(group, key=lambda r: r["due"])
        coop, obligation, due = first["cooperation"], first["obligation"], first["due"]
        out.append(
            Candidate(
                cooperation=coop,
                kind=OBLIGATION,
                level=level,
                key=f"obligation:{pk}:{_iso(due)}:{level}",
                title=coop.title,
                detail=first.get("text") or getattr(obligation, "text", ""),
                due=due,
                data={"count": len(group)},
            )
        )
    return out


def from_deadlines(deadlines) -> list[Candidate]:
    """Candidates from a `Deadlines` (its `expiring`, `expired` and `loi_without_mou` rows)."""
    out = []
    for row in [*deadlines.expiring, *deadlines.expired]:
        doc, flag = row.document, row.flag
        level = _EXPIRING if flag.code == _EXPIRING else _EXPIRED
        out.append(
            Candidate(
                cooperation=row.cooperation,
                kind=EXPIRY,
                level=level,
                key=f"expiry:{doc.pk}:{level}:{_iso(flag.due)}",
                title=row.cooperation.title,
                detail=doc.title,
                due=flag.due,
                # The expiry as the source gives it: a month stays a month in the sentence.
                data={"expires": str(doc.expires) if doc.expires else _iso(flag.due)},
            )
        )
    for row in deadlines.loi_without_mou:
        doc, flag = row.document, row.flag
        out.append(
            Candidate(
                cooperation=row.cooperation,
                kind=LOI,
                level="overdue",
                key=f"loi:{doc.pk}:{_iso(flag.due)}",
                title=row.cooperation.title,
                detail=doc.title,
                due=flag.due,
                data={"loi_date": str(doc.date) if doc.date else ""},
            )
        )
    return out


def candidates(*, dormancy: Iterable[dict], obligations: Iterable[dict], deadlines) -> list[Candidate]:
    """Every candidate of one region, most urgent first (then by cooperation); keys are unique."""
    found = [*from_obligations(obligations), *from_deadlines(deadlines), *from_dormancy(dormancy)]
    seen, out = set(), []
    for c in sorted(found, key=lambda c: (c.due or dt.date.max, c.title, c.key)):
        if c.key not in seen:
            seen.add(c.key)
            out.append(c)
    return out


# --- Words ------------------------------------------------------------------------------------


def _day(value) -> str:
    if not value:
        return "?"
    if isinstance(value, dt.date):
        return PartialDate.parse(value).display()
    try:
        return DateSpec.parse(value).display()
    except DateError:
        return str(value)


def describe(kind: str, level: str, due: dt.date | None, data: dict | None) -> str:
    """The alert as one sentence in the active language."""
    data = data or {}
    if kind == DORMANCY:
        args = {"since": _day(data.get("since")), "months": data.get("months", 0)}
        if level == "dormant":
            return _("Dormant: no activity recorded since %(since)s (%(months)s months).") % args
        if level == "quiet":
            return _("Quiet: no activity recorded since %(since)s (%(months)s months).") % args
        return _("No activity recorded since %(since)s (%(months)s months): it will soon count as quiet.") % args
    if kind == OBLIGATION:
        if level == "overdue":
            count = int(data.get("count") or 1)
            if count > 1:
                return _("Obligation overdue since %(date)s (%(count)s occurrences missed).") % {
                    "date": _day(due),
                    "count": count,
                }
            return _("Obligation overdue since %(date)s.") % {"date": _day(due)}
        return _("Obligation due on %(date)s.") % {"date": _day(due)}
    if kind == EXPIRY:
        when = _day(data.get("expires") or due)
        if level == _EXPIRED:
            return _("The agreement expired (%(date)s) and no renewal is recorded.") % {"date": when}
        return _("The agreement expires on %(date)s.") % {"date": when}
    if kind == LOI:
        return _("The letter of intent (%(loi)s) has not been followed by an MoU; follow-up was due %(date)s.") % {
            "loi": _day(data.get("loi_date")),
            "date": _day(due),
        }
    if kind == PLAN:
        args = {"n": data.get("number", "?")}
        if level == "approved":
            return _("The DPRD approved cooperation plan no. %(n)s.") % args
        if level == "rejected":
            return _("The DPRD rejected cooperation plan no. %(n)s; see its notes.") % args
        return _("Cooperation plan no. %(n)s was submitted to the DPRD for its decision.") % args
    return ""
