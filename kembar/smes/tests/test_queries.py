"""The registry's lists cost the same number of queries for 2 products as for 12 (no query per row)."""

import pytest
from django.urls import reverse

from kembar.smes import services
from kembar.testing import queries_of

from .conftest import photo_upload

pytestmark = pytest.mark.django_db

PAGES = [
    ("smes_home", {}),
    ("smes_sme_list", {}),
    ("smes_product_list", {}),
    ("smes_completeness", {}),
    ("smes_queue", {"language": "ko"}),
]


def _add(sme, by, n):
    for i in range(n):
        product = services.product_create(
            sme=sme,
            by=by,
            category="kerajinan",
            price_min=1000 + i,
            price_max=2000 + i,
            texts={"id": {"name": f"Produk {i}", "status": "reviewed"}},
        )
        services.photo_add(product=product, by=by, upload=photo_upload())


@pytest.mark.parametrize(("name", "kwargs"), PAGES, ids=[p[0] for p in PAGES])
def test_lists_do_not_grow_with_rows(client, bandung, trade, sme, other_sme, name, kwargs):
    client.force_login(trade)
    url = reverse(name, kwargs={"code": "32.73", **kwargs})
    _add(sme, trade, 2)
    few = queries_of(client, url)
    _add(sme, trade, 5)
    _add(other_sme, trade, 5)
    assert queries_of(client, url) == few


def test_sme_detail_does_not_grow_with_products(client, trade, sme):
    client.force_login(trade)
    url = reverse("smes_sme_detail", args=["32.73", sme.pk])
    _add(sme, trade, 2)
    few = queries_of(client, url)
    _add(sme, trade, 6)
    assert queries_of(client, url) == few
