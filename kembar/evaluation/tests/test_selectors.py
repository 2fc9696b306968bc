"""The database side: facts aggregated per cooperation in a fixed number of queries, and dormancy alerts."""

import datetime as dt
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from kembar.cooperations import facts, services
from kembar.cooperations.models import Activity
from kembar.evaluation.selectors import dormancy_alerts, evaluate_many, gather_facts
from kembar.regions.services import region_profile_update
from kembar.testing import make_cooperation, make_obligation


def _acts(coop, n, start=dt.date(2015, 1, 1), **fields):
    rows = []
    for i in range(n):
        day = start + dt.timedelta(days=30 * i)
        rows.append(
            Activity(
                region_id=coop.region_id,
                cooperation=coop,
                date=day.isoformat(),
                date_sort=day,
                title=f"K{i}",
                **fields,
            )
        )
    Activity.objects.bulk_create(rows)
    facts.refresh([coop.pk])  # a bulk insert skips save()


def test_query_count_does_not_grow_with_cooperations(bandung, staff):
    def add(refs):
        for ref in refs:
            coop = make_cooperation(bandung, ref=ref, by=staff, started="2015-01-01")
            _acts(coop, 3, beneficiary="region", participants=["business"])

    def measure():
        with CaptureQueriesContext(connection) as ctx:
            results = evaluate_many(region=bandung, as_of=dt.date(2020, 1, 1))
        assert all(r.element("commitment").verdict for r in results)
        return len(results), len(ctx.captured_queries)

    add(["a", "b"])
    few = measure()
    add([f"c{i}" for i in range(40)])
    many = measure()
    assert (few[0], many[0]) == (2, 42)
    assert few[1] == many[1]


def test_stored_facts_and_their_obligations_are_read_in_one_query(bandung, staff):
    """The national evaluation reads each cooperation's stored row once: its facts and the obligations kept
    beside them come in the same query (not a second pass over the same rows)."""
    coops = [make_cooperation(bandung, ref=f"o{i}", by=staff, started="2015-01-01") for i in range(3)]
    for coop in coops:
        _acts(coop, 2, beneficiary="region")
        make_obligation(coop, starts="2016-01-01", recurrence="yearly")
    with CaptureQueriesContext(connection) as ctx:
        results = evaluate_many(region=None, as_of=dt.date(2020, 1, 1))
    reads = [q["sql"] for q in ctx.captured_queries if "cooperationfacts" in q["sql"]]
    assert len(reads) == 1
    # A yearly meeting from 2016, never held: on 1 January 2020 three of its meetings are overdue.
    overdue = {r.cooperation.ref: [o.overdue_count for o in r.facts.obligations] for r in results}
    assert overdue == {"o0": [3], "o1": [3], "o2": [3]}


def test_facts_are_aggregated_and_judged_at_the_date(bandung, staff):
    coop = make_cooperation(bandung, ref="x", by=staff, started="2015-01-01")
    _acts(
        coop,
        4,
        beneficiary="partner",
        initiated_by="region",
        kind="aid",
        outcomes=[{"text": "t", "tangible": "indirect"}],
    )
    _acts(coop, 2, start=dt.date(2030, 1, 1), beneficiary="region")  # after as_of: not known then
    services.activity_create(
        cooperation=coop,
        by=staff,
        date="2016-02",
        title="Pameran",
        beneficiary="both",
        participants=["community", "government"],
        community_in_planning=True,
        outcomes=[{"text": "MoU", "tangible": "direct"}],
        budget_region=Decimal("100"),
        budget_partner=Decimal("300"),
        currency="IDR",
    )
    gone = services.activity_create(cooperation=coop, by=staff, date="2016-03", title="Dihapus", beneficiary="region")
    services.activity_delete(activity=gone, by=staff)
    f = gather_facts([coop], as_of=dt.date(2020, 1, 1), detail=True)[coop.pk]
    assert f.activities == 5
    assert f.benefit == {"region": 0, "partner": 4, "both": 1, "unknown": 0}
    assert (f.aid_given, f.aid_received, f.planning_yes, f.nongov) == (4, 0, 1, 1)
    assert (f.outcome_direct, f.outcome_any) == (1, 5)
    assert f.budget == {"IDR": {"region": Decimal("100"), "partner": Decimal("300")}}
    assert [i.title for i in f.evidence["outcome_direct"]] == ["Pameran"]
    assert f.start == dt.date(2015, 1, 1)


def test_budgets_in_several_currencies_are_kept_apart(bandung, staff):
    coop = make_cooperation(bandung, ref="x", by=staff)
    for amount, currency in ((100, "IDR"), (50, "IDR"), (7, "USD")):
        services.activity_create(
            cooperation=coop, by=staff, date="2016", title="K", budget_region=Decimal(amount), currency=currency
        )
    f = gather_facts([coop], as_of=dt.date(2020, 1, 1))[coop.pk]
    assert f.budget == {"IDR": {"region": Decimal(150), "partner": 0}, "USD": {"region": Decimal(7), "partner": 0}}


def test_dormancy_alerts_levels(bandung, staff):
    region_profile_update(region=bandung, by=staff, quiet_months=12, dormant_months=24)
    as_of = dt.date(2024, 6, 30)
    for ref, last in (
        ("dormant", dt.date(2021, 1, 1)),
        ("quiet", dt.date(2023, 1, 1)),
        ("approaching", dt.date(2023, 8, 1)),
        ("active", dt.date(2024, 5, 1)),
    ):
        coop = make_cooperation(bandung, ref=ref, by=staff, started="2020-01-01", status="active")
        _acts(coop, 1, start=last)
    make_cooperation(bandung, ref="ended", by=staff, started="2000-01-01", status="ended")
    alerts = dormancy_alerts(region=bandung, as_of=as_of)
    assert [(a["cooperation"].ref, a["level"]) for a in alerts] == [
        ("dormant", "dormant"),
        ("quiet", "quiet"),
        ("approaching", "approaching"),
    ]
    assert alerts[0]["since"] == dt.date(2021, 1, 1) and alerts[0]["months"] == 41


def test_case_as_of_groups(liuzhou, bandung, staff):
    other = make_cooperation(bandung, ref="today", by=staff)
    results = evaluate_many(region=bandung, as_of="case")
    by_ref = {r.cooperation.ref: r.as_of for r in results}
    assert by_ref["bandung-liuzhou"] == dt.date(2022, 5, 11)
    assert by_ref[other.ref] == dt.date.today()
