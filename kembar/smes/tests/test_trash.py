"""SMEs and products in the trash: deleted with who and when, hidden everywhere, restored with their history, and
an SME's products going and coming back with it."""

import pytest
from django.urls import reverse

from kembar.catalogue import selectors as catalogue_selectors
from kembar.smes import exchange, selectors, services
from kembar.smes.models import SME, Product

pytestmark = pytest.mark.django_db


def _reasons(obj):
    return [h.history_change_reason for h in obj.history.order_by("history_id")]


@pytest.fixture
def second(sme, trade):
    return services.product_create(
        sme=sme, by=trade, category="kerajinan", price_min=1, price_max=2, texts={"id": {"name": "Tas anyaman"}}
    )


def test_trade_staff_delete_an_sme_after_a_confirm_page(client, trade, sme, product, second):
    client.force_login(trade)
    url = reverse("smes_sme_delete", args=["32.73", sme.pk])
    page = client.get(url)
    assert page.status_code == 200 and page.context["n_products"] == 2
    assert SME.objects.filter(pk=sme.pk).exists()  # the page only asks
    response = client.post(url)
    assert response.url == reverse("smes_sme_list", args=["32.73"])
    gone = SME.all_objects.get(pk=sme.pk)
    assert gone.deleted_by == trade and gone.deleted_at is not None
    assert set(Product.all_objects.filter(sme=sme).values_list("deleted_at", flat=True)) == {gone.deleted_at}
    assert _reasons(gone)[-1] == "deleted" and _reasons(product)[-1] == "deleted with its SME"
    assert client.get(reverse("smes_sme_detail", args=["32.73", sme.pk])).status_code == 404
    assert client.post(url).status_code == 404  # a repeated click finds nothing left to delete


def test_a_deleted_sme_s_products_show_nowhere(client, bandung, trade, translator, sme, product):
    services.sme_delete(sme=sme, by=trade)
    client.force_login(trade)
    assert [s.pk for s in client.get(reverse("smes_sme_list", args=["32.73"])).context["page"].object_list] == []
    assert list(client.get(reverse("smes_product_list", args=["32.73"])).context["page"].object_list) == []
    assert {r["language"]: r["total"] for r in selectors.completeness(bandung)} == dict.fromkeys(
        ("id", "en", "ko", "ja"), 0
    )
    assert selectors.queue(bandung, "ko").count() == 0
    assert b"P-%05d" % product.pk not in exchange.export_xliff(bandung, "ko")
    # The catalogue refuses it (its selectors read live SMEs and products), and so does every other reader.
    assert catalogue_selectors.product_problems(region=bandung, product_ids=[product.pk], languages=["id"])
    assert not Product.objects.filter(pk=product.pk).exists()


def test_restoring_an_sme_brings_back_the_products_deleted_with_it_only(client, trade, sme, product, second):
    services.product_delete(product=second, by=trade)  # deleted on its own, before the SME
    services.sme_delete(sme=sme, by=trade)
    client.force_login(trade)
    trash = client.get(reverse("smes_trash", args=["32.73"])).context["trash"]
    assert [s.pk for s in trash["smes"][0]] == [sme.pk] and trash["smes"][0][0].n_products == 1
    assert [p.pk for p in trash["products"][0]] == [second.pk]  # the one the SME took is listed with the SME
    response = client.post(reverse("smes_sme_restore", args=["32.73", sme.pk]))
    assert response.url == reverse("smes_sme_detail", args=["32.73", sme.pk])
    assert SME.objects.filter(pk=sme.pk).exists() and Product.objects.filter(pk=product.pk).exists()
    assert not Product.objects.filter(pk=second.pk).exists()
    assert _reasons(SME.objects.get(pk=sme.pk))[-1] == "restored"
    assert _reasons(Product.objects.get(pk=product.pk))[-1] == "restored with its SME"
    # A second click (an old tab) changes nothing and writes no history.
    rows = SME.history.count()
    assert client.post(reverse("smes_sme_restore", args=["32.73", sme.pk])).status_code == 302
    assert SME.history.count() == rows


def test_a_product_restored_from_the_trash(client, trade, sme, product):
    client.force_login(trade)
    client.post(reverse("smes_product_delete", args=["32.73", product.pk]))
    response = client.post(reverse("smes_product_restore", args=["32.73", product.pk]))
    assert response.url == reverse("smes_product_detail", args=["32.73", product.pk])
    assert Product.objects.filter(pk=product.pk).exists() and _reasons(product)[-2:] == ["deleted", "restored"]
    client.post(reverse("smes_product_restore", args=["32.73", product.pk]))
    assert _reasons(product)[-1] == "restored" and len(_reasons(product)) == 3


def test_a_product_of_a_deleted_sme_waits_for_its_sme(client, trade, sme, product):
    services.product_delete(product=product, by=trade)
    services.sme_delete(sme=sme, by=trade)
    client.force_login(trade)
    response = client.post(reverse("smes_product_restore", args=["32.73", product.pk]), follow=True)
    assert response.status_code == 200 and [m.level_tag for m in response.context["messages"]] == ["error"]
    assert not Product.objects.filter(pk=product.pk).exists()


def test_restore_refused_while_another_sme_has_the_nib(client, bandung, trade, sme):
    services.sme_delete(sme=sme, by=trade)
    services.sme_create(region=bandung, by=trade, name="Penerus", owner_name="B", nib=sme.nib)
    client.force_login(trade)
    response = client.post(reverse("smes_sme_restore", args=["32.73", sme.pk]), follow=True)
    assert response.request["PATH_INFO"] == reverse("smes_trash", args=["32.73"])
    assert sme.nib in str(list(response.context["messages"])[0])
    assert not SME.objects.filter(pk=sme.pk).exists()


def test_an_owner_neither_deletes_nor_sees_the_trash(client, owner, trade, sme, product):
    services.product_delete(product=product, by=trade)
    client.force_login(owner)
    assert client.post(reverse("smes_sme_delete", args=["32.73", sme.pk])).status_code == 403
    assert client.get(reverse("smes_trash", args=["32.73"])).status_code == 403
    assert client.post(reverse("smes_product_restore", args=["32.73", product.pk])).status_code == 403
    assert SME.objects.filter(pk=sme.pk).exists() and not Product.objects.filter(pk=product.pk).exists()
    menu = client.get(reverse("smes_home", args=["32.73"])).content.decode()
    assert reverse("smes_trash", args=["32.73"]) not in menu


def test_trash_page_names_who_and_when_in_a_constant_number_of_queries(client, bandung, trade, sme, other_sme):
    from kembar.testing import queries_of

    client.force_login(trade)
    url = reverse("smes_trash", args=["32.73"])

    def delete_some(n):
        for i in range(n):
            p = services.product_create(sme=other_sme, by=trade, category="fesyen", price_min=1, price_max=2)
            services.product_delete(product=p, by=trade)
            c = services.certification_add(sme=other_sme, by=trade, kind="sni", number=f"SNI-{i}")
            services.certification_delete(certification=c, by=trade)

    delete_some(1)
    services.sme_delete(sme=sme, by=trade)
    few = queries_of(client, url)
    delete_some(4)
    assert queries_of(client, url) == few
    html = client.get(url).content.decode()
    assert f'data-sme="{sme.pk}"' in html and trade.username in html
    assert html.count("data-product=") == 5 and html.count("data-certification=") == 5
