"""The demo's sample registry and the bulk sample products."""

import pytest

from kembar.accounts.models import Role
from kembar.smes import selectors
from kembar.smes.demo import demo_products, demo_smes
from kembar.smes.models import SME, Product, ProductPhoto, ProductText
from kembar.testing import make_member, queries_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_users(bandung):
    return {
        "trade": make_member("bandung-dagang", bandung, Role.TRADE_STAFF),
        "owner": make_member("bandung-umkm", bandung, Role.SME_OWNER),
        "translator": make_member("bandung-penerjemah", bandung, Role.TRANSLATOR),
    }


def test_demo_registry_is_marked_sample_and_safe_to_run_again(bandung, demo_users):
    assert demo_smes(region=bandung) == {"smes": 6, "products": 12}
    assert demo_smes(region=bandung) == {"smes": 0, "products": 0}
    assert SME.objects.filter(region=bandung).count() == 6
    assert not SME.objects.filter(is_sample=False).exists() and not Product.objects.filter(is_sample=False).exists()
    # The demo owner owns one SME; the translator translates Korean and Japanese.
    assert list(demo_users["owner"].owned_smes.values_list("name", flat=True)) == ["Rajut Binong Lestari"]
    assert selectors.translator_languages(demo_users["translator"], bandung) == ["ko", "ja"]
    rows = {r["language"]: r for r in selectors.completeness(bandung)}
    assert (rows["id"]["reviewed"], rows["en"]["reviewed"], rows["ja"]["reviewed"]) == (12, 12, 12)
    assert (rows["ko"]["reviewed"], rows["ko"]["missing"]) == (11, 1)
    assert [t.product.texts.get(language="id").name for t in selectors.queue(bandung, "ko")] == ["Sambal Dadak Botol"]
    assert ProductPhoto.objects.filter(region=bandung).count() == 18
    korean = ProductText.objects.get(language="ko", name="비농 니트 스웨터")
    assert korean.status == "reviewed" and korean.translator == demo_users["translator"]


def test_demo_products_in_bulk(bandung, demo_users):
    demo_smes(region=bandung)
    queries = queries_in(lambda: demo_products(bandung, 500, batch=200))
    assert queries < 60  # bulk inserts (SQLite splits them by its variable limit), not 2,500 single ones
    assert Product.objects.filter(region=bandung).count() == 512
    assert ProductText.objects.filter(region=bandung, status="reviewed").count() == 12 * 4 - 1 + 500 * 4
    names = set(ProductText.objects.filter(language="ja").values_list("name", flat=True))
    assert any(name.startswith("バティック") for name in names)


def test_demo_products_all_or_nothing(bandung, demo_users, monkeypatch):
    from kembar.smes import demo

    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(demo.ProductText.objects, "bulk_create", broken)
    with pytest.raises(RuntimeError):
        demo_products(bandung, 50)
    assert Product.all_objects.count() == 0 and SME.all_objects.count() == 0


def test_demo_catalogue_hook_runs_the_programme_s_parts(bandung, demo_users):
    """`kembar demo` calls kembar.catalogue.demo.demo_catalogue: the registry first, then the other apps' parts."""
    from kembar.catalogue.demo import demo_catalogue

    demo_catalogue(region=bandung)
    demo_catalogue(region=bandung)  # safe to run again
    assert SME.objects.filter(region=bandung, is_sample=True).count() == 6
