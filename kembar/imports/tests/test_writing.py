"""How an import writes activities: numbered and dated as the model and activity_create do, stored
exactly as Django's bulk_create with history would store them, in a number of queries that does not
grow with the rows."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from simple_history.utils import bulk_create_with_history

from kembar.cooperations import services as coop_services
from kembar.cooperations.models import Activity
from kembar.core.dates import DateSpec
from kembar.imports import services
from kembar.imports.bulk import HistoryInserter
from kembar.testing import make_cooperation

from .helpers import csv_bytes, xlsx_bytes

HEADERS = ["Kerja Sama", "Tanggal", "Judul"]
#: (date as the file gives it, the same date for activity_create, title): every precision and a range.
DATES = [
    (dt.datetime(2019, 10, 5), "2019-10-05", "Kunjungan delegasi"),
    ("2021", "2021", "Pameran dagang"),
    ("03/2022", "2022-03", "Pertemuan daring"),
    ("2006-09-21/2011-01-01", "2006-09-21/2011-01-01", "Pertukaran pelajar"),
    ("../2012-05", "../2012-05", "Kunjungan tanpa tanggal awal"),
]


def _import(region, by, rows, *, fmt="xlsx"):
    content = xlsx_bytes(rows) if fmt == "xlsx" else csv_bytes(rows)
    return services.import_rows(region=region, by=by, kind="activities", fileobj=io.BytesIO(content), fmt=fmt)


def _timeline(coop):
    return [
        (a.title, a.position, a.date_sort, a.deleted_at is None)
        for a in Activity.all_objects.filter(cooperation=coop).order_by("position")
    ]


def test_imported_activities_get_the_position_and_sort_day_activity_create_gives(bandung, staff):
    imported = make_cooperation(bandung, by=staff, ref="lewat-impor", title="Lewat impor")
    typed = make_cooperation(bandung, by=staff, ref="lewat-formulir", title="Lewat formulir")
    for coop in (imported, typed):
        first = coop_services.activity_create(cooperation=coop, by=staff, date="2018", title="Awal")
        # A deleted activity keeps its place: what comes after is numbered after it.
        coop_services.activity_delete(activity=first, by=staff)

    result = _import(bandung, staff, [HEADERS] + [["lewat-impor", raw, title] for raw, _spec, title in DATES])
    assert result["error_count"] == 0, result["errors"]
    for _raw, spec, title in DATES:
        coop_services.activity_create(cooperation=typed, by=staff, date=spec, title=title)
    # After the import the dossier goes on from where the import left it.
    for coop in (imported, typed):
        coop_services.activity_create(cooperation=coop, by=staff, date="2023", title="Sesudahnya")

    assert _timeline(imported) == _timeline(typed)
    assert [p for _t, p, _d, _live in _timeline(imported)] == [0, 1, 2, 3, 4, 5, 6]
    sort_days = {t: d for t, _p, d, _live in _timeline(imported)}
    assert sort_days["Pertemuan daring"] == dt.date(2022, 3, 1)
    assert sort_days["Kunjungan tanpa tanggal awal"] == dt.date(2012, 5, 31)


def test_import_numbers_activities_of_several_cooperations_each_on_its_own(bandung, staff):
    a = make_cooperation(bandung, by=staff, ref="a", title="A")
    b = make_cooperation(bandung, by=staff, ref="b", title="B")
    coop_services.activity_create(cooperation=b, by=staff, date="2018", title="B awal")
    rows = [HEADERS, ["a", "2019", "A1"], ["b", "2019", "B1"], ["a", "2020", "A2"], ["b", "2020", "B2"]]
    assert _import(bandung, staff, rows, fmt="csv")["created"] == 4
    assert [(t, p) for t, p, _d, _l in _timeline(a)] == [("A1", 0), ("A2", 1)]
    assert [(t, p) for t, p, _d, _l in _timeline(b)] == [("B awal", 0), ("B1", 1), ("B2", 2)]


def test_imported_activities_have_their_history_row(bandung, staff):
    coop = make_cooperation(bandung, by=staff, ref="k", title="K")
    _import(bandung, staff, [HEADERS, ["k", "2019", "Satu"], ["k", "2020", "Dua"]])
    for activity in Activity.objects.filter(cooperation=coop):
        (record,) = activity.history.all()
        assert (record.history_type, record.history_change_reason, record.history_user) == ("+", "created", staff)
        assert (record.title, record.date, record.position) == (activity.title, activity.date, activity.position)
        assert record.created_at == activity.created_at


def test_queries_do_not_grow_with_the_rows(bandung, staff):
    make_cooperation(bandung, by=staff, ref="k", title="K")
    batch = HistoryInserter(Activity).batch

    def queries(n, start):
        rows = [HEADERS] + [["k", "2019", f"Kegiatan {start + i}"] for i in range(n)]
        with CaptureQueriesContext(connection) as ctx:
            assert _import(bandung, staff, rows, fmt="csv")["created"] == n
        return len(ctx.captured_queries)

    # One row or a whole batch of them: the same statements (on PostgreSQL the COPYs are not counted).
    assert queries(1, 0) == queries(batch, 10**6)


def _varied(coop, suffix):
    """Activities with every kind of value an activity holds (dates of each precision, lists, numbers, NULLs)."""
    common = {"region_id": coop.region_id, "cooperation_id": coop.pk}
    rows = [
        Activity(
            **common,
            position=1,
            date=DateSpec.parse("2019-10-05"),
            end=DateSpec.parse("2019-10"),
            title=f"Kunjungan {suffix}",
            kind="delegation_visit",
            field="pendidikan",
            host="region",
            initiated_by="partner",
            beneficiary="both",
            participants=["government", "education"],
            community_in_planning=True,
            outcomes=[{"text": "MoU pendidikan", "tangible": "direct"}, {"text": "Kenalan baru"}],
            budget_region=Decimal("1500000.50"),
            budget_partner=Decimal("0"),
            currency="IDR",
        ),
        Activity(**common, position=2, date="", end="", title=f"Tanpa tanggal {suffix}", community_in_planning=False),
        Activity(
            **common,
            position=3,
            date=DateSpec.parse("2006-09-21/2011-01-01"),
            title=f"Rentang {suffix}",
            participant_counts={"youth": 12},
            budget_partner=Decimal("12345678901234.25"),
            currency="CNY",
            extra={"catatan": "dari berkas lama"},
        ),
    ]
    for activity in rows:
        activity.set_derived_fields()
    return rows


def _stored(table, ids, skip):
    """The rows as the database holds them (no conversion back to Python), without the columns in `skip`."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table} WHERE id IN ({', '.join(['%s'] * len(ids))}) ORDER BY id", list(ids))  # noqa: S608
        names = [c[0] for c in cursor.description]
        return [{k: v for k, v in zip(names, row, strict=True) if k not in skip} for row in cursor.fetchall()]


def test_rows_and_history_are_stored_as_bulk_create_with_history_stores_them(bandung, staff):
    coop = make_cooperation(bandung, by=staff, ref="k", title="K")
    by_django = _varied(coop, "x")
    bulk_create_with_history(by_django, Activity, default_user=staff, default_change_reason="created")
    ours = _varied(coop, "y")
    inserter = HistoryInserter(Activity)
    assert inserter.supported
    inserter.insert(ours, user=staff, reason="created")

    assert all(a.pk for a in ours) and len({a.pk for a in ours}) == 3
    skip = {"id", "title", "created_at", "updated_at", "history_id", "history_date"}
    assert _stored("cooperations_activity", [a.pk for a in ours], skip) == _stored(
        "cooperations_activity", [a.pk for a in by_django], skip
    )
    history = Activity.history.model._meta.db_table
    assert _stored(history, [a.pk for a in ours], skip) == _stored(history, [a.pk for a in by_django], skip)
    for activity in ours:
        stored = Activity.objects.get(pk=activity.pk)
        record = stored.history.get()
        assert (record.history_user, record.history_change_reason, record.history_type) == (staff, "created", "+")
        assert (record.created_at, record.updated_at) == (stored.created_at, stored.updated_at)
        assert stored.title == activity.title and stored.date_sort == activity.date_sort


def test_without_insert_returning_the_import_goes_through_django(bandung, staff, monkeypatch):
    make_cooperation(bandung, by=staff, ref="k", title="K")
    monkeypatch.setattr(type(connection.features), "can_return_rows_from_bulk_insert", False)
    assert not HistoryInserter(Activity).supported
    result = _import(bandung, staff, [HEADERS, ["k", "2019", "Satu"], ["k", "2020", "Dua"]])
    assert result["created"] == 2 and result["error_count"] == 0
    assert Activity.history.filter(history_type="+", history_user=staff).count() == 2


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_a_failing_row_leaves_nothing_behind(bandung, staff, fmt):
    coop = make_cooperation(bandung, by=staff, ref="k", title="K")
    # 1,200 good rows (one full batch is written before the bad row is reached), then one bad row.
    rows = [HEADERS] + [["k", "2019", f"Kegiatan {i}"] for i in range(1200)] + [["k", "31/02/2019", "Salah"]]
    with translation.override("en"):
        result = _import(bandung, staff, rows, fmt=fmt)
    assert result["error_count"] == 1 and result["created"] == 0
    assert result["errors"][0]["row"] == 1202 and "does not exist" in result["errors"][0]["message"]
    assert not Activity.all_objects.filter(cooperation=coop).exists()
    assert not Activity.history.filter(cooperation_id=coop.pk).exists()
