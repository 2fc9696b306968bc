"""The national dashboard's table of regions: searched, sorted and paged in the URL; the regions without
cooperations left out until asked for, then listed after those with."""

import pytest
from django.urls import reverse

from kembar.regions.models import Region

from .factories import portfolio

pytestmark = pytest.mark.django_db


def _codes(html: str) -> list[str]:
    return [part.split('"')[0] for part in html.split('<tr data-region="')[1:]]


@pytest.fixture
def board(client, bandung, bogor, overseer, today):
    portfolio(bandung, 3, today=today)
    portfolio(bogor, 1, today=today, prefix="b")
    client.force_login(overseer)
    client.cookies["django_language"] = "en"
    return reverse("national_dashboard")


def test_the_table_lists_regions_with_cooperations_most_first_not_every_empty_region(client, board):
    html = client.get(board).content.decode()
    assert _codes(html) == ["32.73", "32.01"]
    assert 'aria-sort="descending"><a href="?sort=cooperations#regions">Cooperations</a>' in html
    assert "show the regions without cooperations too" in html


def test_sorting_by_a_column_header_and_back(client, board):
    html = client.get(board + "?sort=name").content.decode()
    assert _codes(html) == ["32.01", "32.73"]  # Kabupaten Bogor, Kota Bandung
    assert 'aria-sort="ascending"><a href="?sort=-name#regions">Region</a>' in html
    assert _codes(client.get(board + "?sort=-name").content.decode()) == ["32.73", "32.01"]
    assert _codes(client.get(board + "?sort=cooperations").content.decode()) == ["32.01", "32.73"]
    # An unknown key is the default order, never an error.
    assert _codes(client.get(board + "?sort=nonsense").content.decode()) == ["32.73", "32.01"]


def test_searching_by_name_code_or_province(client, board):
    assert _codes(client.get(board + "?q=bandung").content.decode()) == ["32.73"]
    assert _codes(client.get(board + "?q=32.01").content.decode()) == ["32.01"]
    assert _codes(client.get(board + "?q=Jawa+Barat").content.decode()) == ["32.73", "32.01"]
    html = client.get(board + "?q=Surabaya").content.decode()
    assert _codes(html) == [] and "No region matches “Surabaya”." in html
    assert "Search the regions without cooperations too" in html
    # Asked for, the regions without cooperations are searched as well, as rows of zeros.
    html = client.get(board + "?q=Surabaya&show=all").content.decode()
    assert _codes(html) == list(Region.objects.filter(name__icontains="Surabaya").values_list("code", flat=True))
    assert _codes(html)


def test_regions_without_cooperations_come_last_and_pages_keep_the_query(client, board, monkeypatch):
    from kembar.dashboards import views

    monkeypatch.setattr(views, "REGIONS_PAGE", 20)
    first = client.get(board + "?show=all&sort=name")
    html = first.content.decode()
    page = first.context["regions_page"]
    assert page.paginator.count == Region.objects.count()
    assert _codes(html)[:2] == ["32.01", "32.73"] and len(_codes(html)) == 20
    assert html.count('" class="muted"><td>') == 18  # after the two with cooperations, rows of zeros
    assert 'href="?show=all&amp;sort=name&amp;page=2#regions"' in html
    last = client.get(board + f"?show=all&sort=name&page={page.paginator.num_pages}").content.decode()
    assert "32.73" not in _codes(last) and len(_codes(last)) >= 1
    # Each query is its own kept body: the same address twice gives the same page.
    assert client.get(board + "?show=all&sort=name").content.decode().count("<tr data-region=") == 20


def test_the_filtered_tables_are_searched_and_sorted_too(client, board, today):
    from kembar.cooperations.models import Activity

    Activity.objects.all().update(date_sort=today.replace(year=today.year - 5), date=str(today.year - 5))
    response = client.get(board + "?regions=no_activity&sort=name")
    assert _codes(response.content.decode()) == ["32.01", "32.73"]
    response = client.get(board + "?regions=no_activity&q=bogor&show=all")
    assert _codes(response.content.decode()) == ["32.01"]  # no empty regions in a filtered table


def test_the_all_regions_page_hides_the_regions_without_cooperations_until_asked(client, board):
    html = client.get(reverse("national")).content.decode()
    assert html.count("<tr") == 3  # the header and the two regions with cooperations, no rows of zeros
    response = client.get(reverse("national"), {"show": "all"})
    assert response.context["page"].paginator.count == Region.objects.count()
    rows = response.content.decode().split("<tbody>")[1]
    assert rows.count('<tr class="muted">') == 48  # a page of 50: the two with cooperations first
