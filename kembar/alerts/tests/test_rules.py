"""The rules as pure functions: the sources' rows (here small fakes of their documented contracts) in,
candidates out; the sentences in both languages."""

import datetime as dt
from dataclasses import dataclass, field

from django.utils import translation

from kembar.alerts import rules
from kembar.core.dates import DateSpec


@dataclass
class Coop:
    pk: int
    title: str
    region_id: int = 1
    person_in_charge: str = ""


@dataclass
class Obl:
    pk: int
    text: str = "Form the joint working group"


@dataclass
class Doc:
    pk: int
    title: str
    expires: DateSpec | None = None
    date: DateSpec | None = None


@dataclass
class Flag:
    code: str
    due: dt.date
    days: int = 0


@dataclass
class Row:
    cooperation: Coop
    document: Doc
    flag: Flag


@dataclass
class Deadlines:
    expiring: list = field(default_factory=list)
    expired: list = field(default_factory=list)
    loi_without_mou: list = field(default_factory=list)


A, B = Coop(1, "Bandung–Liuzhou"), Coop(2, "Bandung–Hamamatsu")
DAY = dt.date(2026, 3, 1)


def test_dormancy_rows_become_candidates_keyed_by_level_and_since():
    rows = [
        {"cooperation": A, "level": "dormant", "since": dt.date(2011, 12, 31), "months": 125},
        {"cooperation": B, "level": "approaching", "since": dt.date(2025, 4, 1), "months": 10},
        {"cooperation": B, "level": "nonsense", "since": None, "months": 0},
    ]
    found = rules.from_dormancy(rows)
    assert [(c.cooperation, c.level, c.key) for c in found] == [
        (A, "dormant", "dormancy:1:dormant:2011-12-31"),
        (B, "approaching", "dormancy:2:approaching:2025-04-01"),
    ]
    assert found[0].data == {"since": "2011-12-31", "months": 125}


def test_an_obligation_turning_overdue_is_a_new_fact():
    due = dt.date(2026, 3, 20)
    soon = rules.from_obligations([{"cooperation": A, "obligation": Obl(7), "due": due, "overdue": False, "text": ""}])
    late = rules.from_obligations([{"cooperation": A, "obligation": Obl(7), "due": due, "overdue": True, "text": "x"}])
    assert soon[0].key == "obligation:7:2026-03-20:due" and soon[0].detail == "Form the joint working group"
    assert late[0].key == "obligation:7:2026-03-20:overdue" and late[0].level == "overdue"


def test_a_recurring_obligation_missed_many_times_is_one_alert():
    rows = [
        {"cooperation": A, "obligation": Obl(7), "due": dt.date(2006 + n, 9, 21), "overdue": True, "text": ""}
        for n in range(15, 0, -1)
    ]
    rows.append({"cooperation": A, "obligation": Obl(7), "due": dt.date(2026, 9, 21), "overdue": False, "text": ""})
    found = rules.from_obligations(rows)
    assert [(c.level, c.due, c.data) for c in found] == [
        ("overdue", dt.date(2007, 9, 21), {"count": 15}),
        ("due", dt.date(2026, 9, 21), {"count": 1}),
    ]
    with translation.override("en"):
        assert rules.describe("obligation", "overdue", found[0].due, found[0].data) == (
            "Obligation overdue since 21 September 2007 (15 occurrences missed)."
        )


def test_deadlines_give_expiry_and_loi_candidates():
    d = Deadlines(
        expiring=[Row(B, Doc(5, "MoU", expires=DateSpec.parse("2026-05")), Flag("expiring", dt.date(2026, 5, 31)))],
        expired=[Row(A, Doc(6, "MoU lama", expires=DateSpec.parse(2012)), Flag("expired", dt.date(2012, 12, 31)))],
        loi_without_mou=[Row(A, Doc(4, "LoI", date=DateSpec.parse("2004-04-01")), Flag("loi_without_mou", DAY))],
    )
    found = {c.key: c for c in rules.from_deadlines(d)}
    assert set(found) == {"expiry:5:expiring:2026-05-31", "expiry:6:expired:2012-12-31", "loi:4:2026-03-01"}
    # The source's precision is kept for the sentence: a month stays a month.
    assert found["expiry:5:expiring:2026-05-31"].data == {"expires": "2026-05"}
    with translation.override("en"):
        c = found["expiry:5:expiring:2026-05-31"]
        assert rules.describe(c.kind, c.level, c.due, c.data) == "The agreement expires on May 2026."


def test_candidates_are_unique_and_most_urgent_first():
    due = dt.date(2026, 3, 20)
    ob = {"cooperation": A, "obligation": Obl(7), "due": due, "overdue": False, "text": ""}
    dormant = {"cooperation": A, "level": "dormant", "since": dt.date(2011, 12, 31), "months": 125}
    loi = Row(A, Doc(4, "LoI", date=DateSpec.parse("2004-04-01")), Flag("loi_without_mou", dt.date(2005, 4, 1)))
    found = rules.candidates(
        dormancy=[dormant, dormant], obligations=[ob, ob], deadlines=Deadlines(loi_without_mou=[loi])
    )
    assert [c.kind for c in found] == ["loi", "obligation", "dormancy"]


def test_sentences_in_english_and_indonesian_by_default():
    data = {"since": "2011-12-31", "months": 125}
    with translation.override("en"):
        assert rules.describe("dormancy", "dormant", None, data) == (
            "Dormant: no activity recorded since 31 December 2011 (125 months)."
        )
        assert rules.describe("obligation", "overdue", dt.date(2007, 9, 21), {}) == (
            "Obligation overdue since 21 September 2007."
        )
        assert "follow-up was due 1 April 2005" in rules.describe("loi", "overdue", dt.date(2005, 4, 1), {})
    with translation.override("id"):
        # Month names come from Django's Indonesian catalogue whatever our own holds.
        assert "Desember 2011" in rules.describe("dormancy", "dormant", None, data)
