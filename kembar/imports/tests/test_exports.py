"""List exports: the page's selector with the page's filters, every row, typed cells, fixed query count."""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse

from kembar.cooperations import facts, selectors
from kembar.cooperations.models import Activity, Cooperation
from kembar.cooperations.services import activity_create, document_create
from kembar.core.dates import DateSpec
from kembar.testing import make_cooperation, queries_in


def _get(client, region, name, fmt, query=None):
    url = reverse("export_list", kwargs={"code": region.code, "name": name, "fmt": fmt})
    response = client.get(url, query or {})
    assert response.status_code == 200, response.status_code
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response, body


def _csv(body: bytes) -> list[list[str]]:
    assert body.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads UTF-8
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def _xlsx(body: bytes):
    from openpyxl import load_workbook

    ws = load_workbook(io.BytesIO(body)).worksheets[0]
    return ws, [list(r) for r in ws.iter_rows(values_only=True)]


@pytest.fixture
def data(bandung, bogor, staff):
    a = make_cooperation(bandung, by=staff, ref="liuzhou", title="Bandung – Liuzhou 柳州", status="active")
    b = make_cooperation(
        bandung, by=staff, ref="hamamatsu", title="Bandung – Hamamatsu", country="JP", status="dormant"
    )
    make_cooperation(bogor, ref="bogor-x", title="Bogor X")
    activity_create(cooperation=a, by=staff, date="2019-10", title="Kunjungan", budget_region=1500, currency="IDR")
    activity_create(cooperation=a, by=staff, date="2021-03-05", title="Pameran", kind="exhibition")
    activity_create(cooperation=b, by=staff, date="2021", title="Rapat")
    document_create(cooperation=a, by=staff, kind="mou", title="MoU", date="2015-01-01", duration_months=60)
    return a, b


def test_cooperations_csv_equals_selector_with_filters(client, bandung, staff, data):
    client.force_login(staff)
    _response, body = _get(client, bandung, "cooperations", "csv", {"status": "active"})
    rows = _csv(body)
    expected = list(selectors.cooperation_list(region=bandung, status="active").values_list("ref", flat=True))
    assert [r[0] for r in rows[1:]] == expected == ["liuzhou"]
    assert "柳州" in rows[1][1]
    _response, body = _get(client, bandung, "cooperations", "csv")
    assert [r[0] for r in _csv(body)[1:]] == list(
        selectors.cooperation_list(region=bandung).values_list("ref", flat=True)
    )


def test_activities_xlsx_typed_and_filtered(client, bandung, staff, data):
    client.force_login(staff)
    response, body = _get(client, bandung, "activities", "xlsx", {"year": "2021"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    ws, rows = _xlsx(body)
    assert ws.freeze_panes == "A2"
    expected = [a.title for a in selectors.activity_list(region=bandung, year="2021")]
    assert [r[4] for r in rows[1:]] == expected
    by_title = {r[4]: r for r in rows[1:]}
    assert by_title["Pameran"][2] == dt.datetime(2021, 3, 5)  # a day is a date cell
    assert by_title["Rapat"][2] == "2021"  # a year stays a year
    _response, body = _get(client, bandung, "activities", "xlsx", {"cooperation": "liuzhou"})
    rows = _xlsx(body)[1]
    budget = {r[4]: r[12] for r in rows[1:]}
    assert budget["Kunjungan"] == 1500 and isinstance(budget["Kunjungan"], int | float)
    assert rows[1][2] == "2019-10"


def test_deadlines_and_obligations_export(client, bandung, staff, data):
    client.force_login(staff)
    _r, body = _get(client, bandung, "deadlines", "csv")
    rows = _csv(body)
    d = selectors.deadline_list(region=bandung)
    assert len(rows) - 1 == len(d.expiring) + len(d.expired) + len(d.loi_without_mou) >= 1
    _r, body = _get(client, bandung, "obligations", "xlsx")
    assert _xlsx(body)[1][0][0]  # header present


def test_unknown_list_or_format_is_404(client, bandung, staff):
    client.force_login(staff)
    for name, fmt in (("secrets", "csv"), ("cooperations", "pdf")):
        url = reverse("export_list", kwargs={"code": bandung.code, "name": name, "fmt": fmt})
        assert client.get(url).status_code == 404


def _bulk(region, coop, n):
    Activity.objects.bulk_create(
        Activity(
            region=region,
            cooperation=coop,
            title=f"K{i}",
            date=DateSpec.parse("2020-01-02"),
            date_sort=dt.date(2020, 1, 2),
            position=i + 10,
        )
        for i in range(n)
    )


@pytest.mark.parametrize("name", ["cooperations", "activities", "deadlines", "obligations"])
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_query_count_does_not_grow(client, bandung, staff, data, name, fmt):
    client.force_login(staff)
    coop = data[0]

    def count():
        return queries_in(lambda: _get(client, bandung, name, fmt))

    _bulk(bandung, coop, 5)
    small = count()
    _bulk(bandung, coop, 300)
    partners = [make_cooperation(bandung, by=staff, ref=f"c{i}", title=f"C{i}") for i in range(3)]
    assert partners
    Cooperation.objects.bulk_create(
        Cooperation(
            region=bandung, ref=f"bulk-{i}", title=f"Bulk {i}", partner=coop.partner, type="KSDPL", form="other"
        )
        for i in range(300)
    )
    facts.refresh(Cooperation.objects.filter(region=bandung).values("pk"))  # as a bulk writer does
    assert count() == small


def test_list_pages_link_their_exports_with_the_filters(client, bandung, staff, data):
    client.force_login(staff)
    code = bandung.code
    html = client.get(reverse("cooperation_list", kwargs={"code": code}), {"status": "active", "page": "1"}).content
    assert f'href="/r/{code}/export/cooperations.csv?status=active"'.encode() in html
    html = client.get(reverse("activity_list", kwargs={"code": code, "ref": "liuzhou"}), {"year": "2021"}).content
    assert f'href="/r/{code}/export/activities.xlsx?year=2021&amp;cooperation=liuzhou"'.encode() in html
    html = client.get(reverse("deadlines", kwargs={"code": code})).content
    assert f"/r/{code}/export/deadlines.csv".encode() in html
    html = client.get(reverse("obligation_due_list", kwargs={"code": code})).content
    assert f"/r/{code}/export/obligations.xlsx".encode() in html
    html = client.get(reverse("import_index", kwargs={"code": code})).content
    assert f'href="/r/{code}/import/"'.encode() in html  # the nav link, for editors
