"""The SME list's filters: kecamatan, product category, verification, export readiness, name/NIB search; bad values
shown on their field (400), filters kept in the pager's links, queries bounded."""

import pytest
from django.urls import reverse

from kembar.smes import services
from kembar.testing import queries_of

pytestmark = pytest.mark.django_db

URL = reverse("smes_sme_list", args=["32.73"])


@pytest.fixture
def registry(bandung, trade, sme, other_sme, product):
    """sme: Rajut Cihampelas, kecamatan 32.73.02, ready, a fashion product, verified; other_sme: Kopi Palasari,
    no kecamatan, needs help, a food product deleted on its own; a third SME in 32.73.08 with a craft."""
    services.sme_verify(sme=sme, by=trade)
    food = services.product_create(sme=other_sme, by=trade, category="makanan_minuman", price_min=1, price_max=2)
    services.product_delete(product=food, by=trade)
    third = services.sme_create(
        region=bandung,
        by=trade,
        name="Anyaman Cigadung",
        owner_name="Euis",
        nib="9120009876543",
        kecamatan="32.73.08",
        export_readiness="exported",
    )
    services.product_create(sme=third, by=trade, category="kerajinan", price_min=1, price_max=2)
    return {"sme": sme, "other": other_sme, "third": third}


def _names(client, **query):
    response = client.get(URL, query)
    assert response.status_code == 200, response.status_code
    return [s.name for s in response.context["page"].object_list]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, ["Anyaman Cigadung", "Kopi Palasari", "Rajut Cihampelas"]),
        ({"kecamatan": "32.73.02"}, ["Rajut Cihampelas"]),
        ({"category": "fesyen"}, ["Rajut Cihampelas"]),
        ({"category": "makanan_minuman"}, []),  # its only food product is deleted
        ({"verified": "yes"}, ["Rajut Cihampelas"]),
        ({"verified": "no"}, ["Anyaman Cigadung", "Kopi Palasari"]),
        ({"readiness": "exported"}, ["Anyaman Cigadung"]),
        ({"q": "palasari"}, ["Kopi Palasari"]),
        ({"q": "9120 0098"}, ["Anyaman Cigadung"]),  # NIB as typed, spaces and all
        ({"q": "siti"}, ["Rajut Cihampelas"]),  # the owner's name
        ({"kecamatan": "32.73.08", "category": "kerajinan", "readiness": "exported"}, ["Anyaman Cigadung"]),
        ({"kecamatan": "32.73.08", "category": "fesyen"}, []),
    ],
)
def test_filters(client, trade, registry, query, expected):
    client.force_login(trade)
    assert _names(client, **query) == expected


def test_an_owner_filters_only_their_own(client, owner, registry):
    client.force_login(owner)
    assert _names(client) == ["Rajut Cihampelas"] and _names(client, q="kopi") == []


@pytest.mark.parametrize(
    "query",
    [
        {"kecamatan": "32.01.01"},  # a kecamatan of Bogor
        {"category": "senjata"},
        {"verified": "maybe"},
        {"readiness": "<script>"},
        {"q": "x" * 101},
    ],
)
def test_a_bad_value_is_shown_on_its_field_and_the_rest_still_filters(client, trade, registry, query):
    client.force_login(trade)
    response = client.get(URL, {**query, "readiness": query.get("readiness", "ready")})
    assert response.status_code == 400
    form = response.context["form"]
    assert set(form.errors) == set(query)
    html = response.content.decode()
    assert 'role="alert"' in html and 'class="errorlist' in html
    # The valid filter (readiness=ready) still applies; a bad readiness filters nothing.
    expected = (
        ["Anyaman Cigadung", "Kopi Palasari", "Rajut Cihampelas"] if "readiness" in query else ["Rajut Cihampelas"]
    )
    assert [s.name for s in response.context["page"].object_list] == expected


def test_the_pager_keeps_the_filters(client, bandung, trade):
    for i in range(30):
        services.sme_create(region=bandung, by=trade, name=f"Usaha {i:02}", owner_name="X", export_readiness="ready")
    services.sme_create(region=bandung, by=trade, name="Usaha lain", owner_name="X", export_readiness="exported")
    client.force_login(trade)
    response = client.get(URL, {"readiness": "ready", "q": "usaha"})
    assert response.context["page"].paginator.count == 30
    html = response.content.decode()
    assert 'href="?readiness=ready&amp;q=usaha&amp;page=2"' in html
    page2 = client.get(URL, {"readiness": "ready", "q": "usaha", "page": "2"})
    assert [s.name for s in page2.context["page"].object_list] == [
        "Usaha 25",
        "Usaha 26",
        "Usaha 27",
        "Usaha 28",
        "Usaha 29",
    ]


def test_filtered_list_costs_the_same_queries_for_more_smes(client, bandung, trade, registry):
    client.force_login(trade)
    url = f"{URL}?category=kerajinan&verified=no&q=a"
    few = queries_of(client, url)
    for i in range(8):
        s = services.sme_create(
            region=bandung, by=trade, name=f"Anyaman {i}", owner_name="X", kecamatan=f"32.73.0{1 + i % 9}"
        )
        services.product_create(sme=s, by=trade, category="kerajinan", price_min=1, price_max=2)
    assert queries_of(client, url) == few
    assert len(client.get(url).context["page"].object_list) == 9
