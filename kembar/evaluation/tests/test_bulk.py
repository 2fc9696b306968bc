"""The bulk evaluation's own paths give what the detailed ones give: dormancy from the cooperation's date
texts joined in one aggregate, obligations counted rather than listed, regions shared between
cooperations, the language read once, and the garbage collector paused only while it runs."""

import datetime as dt
from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from kembar.cooperations import services
from kembar.cooperations.models import Activity, Cooperation
from kembar.evaluation.management.commands.evaluate import evaluation_json
from kembar.evaluation.selectors import evaluate_many, gather_facts
from kembar.monitoring import services as monitoring
from kembar.monitoring.selectors import obligation_statuses
from kembar.testing import make_cooperation, make_obligation

AS_OF = dt.date(2024, 6, 30)

#: Activities dated every way a source dates them: days, months, years, bounded and open ranges, ends.
DATED = [
    ("2015-03-10", ""),
    ("2015-05", ""),
    ("2016", ""),
    ("2017-02-01/2017-08", ""),  # a range: the gap before it ends at its start, the gap after starts at its end
    ("2019-01-15", "2019-04"),  # with an end: covers to the end's last day
    ("../2013", ""),  # open start
    ("2021-10-01", "2022-01-20"),
    ("2020-02-29", ""),  # one day, no end (the bulk reading's quick path)
    ("2023-05-02/..", ""),  # open end: may still be going on at as_of
    ("2030-01-01", ""),  # after as_of: not known then
]


def _activity(coop, staff, date, end="", **fields):
    return services.activity_create(cooperation=coop, by=staff, date=date, end=end, title=f"K {date}", **fields)


def _dormancy_fields(d):
    periods = [(p.after, p.before, p.months, p.level, p.ongoing) for p in d.periods]
    return (d.start, d.as_of, d.last_covered, d.silent_months, d.state, d.total_silent_days, d.longest_months, periods)


@pytest.mark.parametrize(
    ("started", "dates"),
    [
        ("2012-01-01", DATED),
        ("", DATED),  # no start: the first activity's
        ("2010-06", DATED[:3]),
        ("2018", [("2023-05-02/..", "")]),  # silent since the start, then covered to as_of
        ("2020-01-01", []),  # nothing dated: silent since the start
    ],
)
def test_bulk_dormancy_equals_the_detailed_reading(bandung, staff, started, dates):
    """Without detail, dormancy is computed from each cooperation's date texts joined in the aggregate;
    with detail, from the activities one by one. Both read the same silences."""
    region_fields = {"started": started} if started else {}
    coop = make_cooperation(bandung, ref="c", by=staff, **region_fields)
    for date, end in dates:
        _activity(coop, staff, date, end)
    _activity(coop, staff, "", "")  # undated: cannot be placed either way
    bulk = gather_facts([coop], as_of=AS_OF, years=True)[coop.pk]
    detailed = gather_facts([coop], as_of=AS_OF, detail=True)[coop.pk]
    assert _dormancy_fields(bulk.dormancy) == _dormancy_fields(detailed.dormancy)
    assert bulk.start == detailed.start
    assert bulk.activities == detailed.activities == len([d for d, _e in dates if not d.startswith("2030")])
    # Each year counts the activities that sort in it (their earliest possible day; an open start's latest).
    acts = Activity.objects.filter(cooperation=coop)
    by_year = Counter(a.date_sort.year for a in acts if a.date_sort and a.date_sort <= AS_OF)
    assert bulk.years == detailed.years == dict(by_year)


def test_bulk_dormancy_reads_ranges_and_ends_as_certain_silence_only(bandung, staff):
    coop = make_cooperation(bandung, ref="c", by=staff, started="2015-01-01")
    _activity(coop, staff, "2016-01-10", "2016-06")  # covers to 30 June 2016
    _activity(coop, staff, "2019-03/2019-09")  # may lie anywhere from 1 March to 30 September 2019
    d = gather_facts([coop], as_of=dt.date(2021, 1, 1))[coop.pk].dormancy
    gaps = [(p.first_silent_day, p.last_silent_day, p.months, p.ongoing) for p in d.periods]
    assert gaps == [
        (dt.date(2015, 1, 2), dt.date(2016, 1, 9), 12, False),  # from the start to the first activity
        (dt.date(2016, 7, 1), dt.date(2019, 2, 28), 32, False),
        (dt.date(2019, 10, 1), dt.date(2021, 1, 1), 15, True),
    ]
    assert d.state == "quiet" and d.silent_months == 15


def test_obligation_facts_agree_with_the_monitoring_schedule(bandung, staff):
    """The evaluation counts overdue occurrences without listing them; monitoring lists them. Same answers,
    with fulfilment records (on time, late, recorded after as_of), the source's word and grace days."""
    coop = make_cooperation(bandung, ref="c", by=staff, as_of="2020-06-30")
    yearly = make_obligation(coop, starts="2010-03-15", recurrence="yearly", fulfilled=False, text="Tahunan")
    monthly = make_obligation(coop, starts="2022-01-31", recurrence="monthly", fulfilled=True, text="Bulanan")
    quarterly = make_obligation(coop, starts="2019-07", recurrence="quarterly", text="Triwulan")
    make_obligation(coop, starts="2021-02-01", recurrence="once", text="Sekali")
    make_obligation(coop, starts=None, recurrence="yearly", text="Tanpa mulai")
    make_obligation(coop, starts="2020", recurrence="whenever", text="Tak jelas")
    monitoring.obligation_terms_set(obligation=quarterly, by=staff, recurrence="quarterly", grace_days=45)
    today = dt.date(2025, 1, 1)
    for obl, due, done in (
        (yearly, dt.date(2011, 3, 15), "2011-03-01"),
        (yearly, dt.date(2012, 3, 15), "2012-09"),  # late
        (monthly, dt.date(2022, 2, 28), "2022-02-20"),
        (monthly, dt.date(2024, 5, 31), "2024-12-01"),  # recorded after as_of: not known then
        (quarterly, dt.date(2019, 10, 31), "2019-10-15"),
    ):
        monitoring.fulfilment_record(
            obligation=obl, by=staff, fulfilled_on=done, due=due, evidence="Laporan.", today=today
        )

    facts = {o.text: o for o in gather_facts([coop], as_of=AS_OF)[coop.pk].obligations}
    statuses = {st.obligation.text: st.schedule for st in obligation_statuses(region=bandung, as_of=AS_OF)}
    assert set(facts) == set(statuses)
    for text, s in statuses.items():
        o = facts[text]
        assert o.status == ("no_due_date" if s.problem else "overdue" if s.overdue else "ok"), text
        assert o.overdue_count == len(s.overdue), text
        assert o.overdue_since == s.overdue_since, text
        assert o.basis == (s.overdue[0].basis if s.overdue else ""), text
        assert o.next_due == (s.next_due.due if s.next_due else None), text
    assert facts["Tahunan"].overdue_count == 12  # due 2011 … 2024, of which 2011 and 2012 are recorded
    assert facts["Tahunan"].overdue_since == dt.date(2013, 3, 15)


def test_evaluations_carry_their_cooperation_and_region_without_more_queries(bandung, bogor, staff):
    for region, n in ((bandung, 3), (bogor, 2)):
        for i in range(n):
            make_cooperation(region, ref=f"c{i}", by=staff)
    for scope, expected in ((None, 5), (bandung, 3)):
        results = evaluate_many(region=scope, as_of=AS_OF)
        with CaptureQueriesContext(connection) as ctx:
            seen = [
                (ev.cooperation.region.code, ev.cooperation.ref, ev.cooperation.get_status_display()) for ev in results
            ]
            # What `kembar evaluate --json` prints of each (the columns not read for the evaluation stay unread).
            printed = [evaluation_json(ev) for ev in results]
        assert len(seen) == expected == len(printed)
        assert {p["title"] for p in printed} == {"Kerja Sama Uji"}
        assert ctx.captured_queries == []
    assert {code for code, _ref, _status in seen} == {bandung.code}


def test_bulk_evaluation_speaks_the_active_language(bandung, staff):
    coop = make_cooperation(bandung, ref="c", by=staff, started="2015-01-01", goals="Persahabatan")
    _activity(coop, staff, "2016-01-10")

    def displays():
        [ev] = evaluate_many(region=bandung, as_of=AS_OF)
        return {i.id: i.display for e in ev.elements for i in e.indicators}

    with translation.override("en"):
        english = displays()
    with translation.override("id"):
        indonesian = displays()
    with translation.override("en"):
        assert displays() == english  # nothing of the other language is left behind
    assert english != indonesian
    assert any(text.startswith("region ") for text in english.values())


def test_deleted_obligation_terms_are_ignored_as_monitoring_ignores_them(bandung, staff):
    from kembar.core.services import soft_delete

    coop = make_cooperation(bandung, ref="t", by=staff)
    yearly = make_obligation(coop, starts="2019-03-15", recurrence="yearly", text="Tahunan")
    terms = monitoring.obligation_terms_set(obligation=yearly, by=staff, recurrence="", grace_days=3000)
    kept = gather_facts([coop], as_of=AS_OF)[coop.pk].obligations[0]
    assert kept.overdue_count == 0  # every due still in its (long) grace
    soft_delete(terms, by=staff)
    (status,) = obligation_statuses(region=bandung, as_of=AS_OF)
    (fact,) = gather_facts([coop], as_of=AS_OF)[coop.pk].obligations
    assert status.terms is None and len(status.schedule.overdue) > 0
    assert fact.overdue_count == len(status.schedule.overdue)
    assert fact.overdue_since == status.schedule.overdue_since


def test_a_cooperation_created_meanwhile_is_left_out_not_met_half_way(bandung, staff, monkeypatch):
    """Many cooperations are read through a sub-select of their region, which also finds one created after
    they were listed: its activities, letters, agreements and obligations are left out, and the others'
    facts are as if it did not exist."""
    from kembar.cooperations.models import Document, Event
    from kembar.core.dates import DateSpec
    from kembar.evaluation import selectors

    listed = make_cooperation(bandung, ref="lama", by=staff)
    created = make_cooperation(bandung, ref="baru", by=staff)
    for coop in (listed, created):
        _activity(coop, staff, "2020-03-01")
        Event.objects.create(
            region=bandung, cooperation=coop, kind="correspondence", title="Surat", date=DateSpec.parse("2021-01")
        )
        Document.objects.create(
            region=bandung, cooperation=coop, kind="mou", title="MoU", date=DateSpec.parse("2019-05-01")
        )
        Document.objects.create(
            region=bandung, cooperation=coop, kind="report", title="Laporan", date=DateSpec.parse("2022")
        )
        make_obligation(coop)
    expected = gather_facts([listed], as_of=AS_OF, years=True)[listed.pk]
    monkeypatch.setattr(selectors, "IN_LIST_LIMIT", 0)  # as with more than 500: through the sub-select
    monkeypatch.setattr(
        selectors, "_scope_subquery", lambda coops: Cooperation.objects.filter(region=bandung).values("pk")
    )
    for detail in (False, True):
        facts = gather_facts([listed], as_of=AS_OF, detail=detail, years=True)
        assert set(facts) == {listed.pk}
        got = facts[listed.pk]
        assert (
            (got.activities, got.exchanges, len(got.agreements), len(got.obligations), got.years)
            == (
                expected.activities,
                expected.exchanges,
                len(expected.agreements),
                len(expected.obligations),
                expected.years,
            )
            == (1, 2, 1, 1, {2020: 1})
        )
