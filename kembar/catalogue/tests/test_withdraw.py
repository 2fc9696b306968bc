"""Withdrawing a published edition from the online catalogue (trade office staff, after a page that asks first) and
publishing it again: its public pages answer 404 and it leaves the region's list, the search and the sitemap; what
it published stays, and its history says who did it and when."""

import datetime as dt

import pytest
from django.urls import reverse

from kembar.catalogue import services
from kembar.catalogue.models import Edition, EditionItem

pytestmark = pytest.mark.django_db


def _public(edition) -> dict[str, str]:
    code, n = edition.region.code, edition.number
    return {
        "edition": reverse("catalogue_public_edition", args=[code, n]),
        "edition_ko": reverse("catalogue_public_edition", args=[code, n]) + "?lang=ko",
        "item": reverse("catalogue_public_item", args=[code, n, 1]),
        "photo": reverse("catalogue_public_photo", args=[code, n, 1]),
        "guide": reverse("catalogue_public_guide", args=[code, n]),
    }


def _search(client, edition) -> str:
    url = reverse("catalogue_public_search", args=[edition.region.code])
    return client.get(url, {"q": "Domba"}).content.decode()


def test_trade_staff_withdraw_an_edition_and_its_public_pages_answer_404(client, published, trade):
    code = published.region.code
    region_page = reverse("catalogue_public_region", args=[code])
    assert "Little Bandung 2026" in client.get(region_page).content.decode()
    assert "Tas Kulit Domba" in _search(client, published)
    for name, url in _public(published).items():
        if name != "guide":  # a PDF made on each request: its 404 below is enough
            assert client.get(url).status_code == 200, name
    n_items = published.items.count()

    client.force_login(trade)
    withdraw = reverse("catalogue_edition_withdraw", args=[code, published.pk])
    # The edition's page leads to a page that asks first; asking changes nothing.
    staff_page = reverse("catalogue_edition", args=[code, published.pk])
    assert f'href="{withdraw}"' in client.get(staff_page).content.decode()
    ask = client.get(withdraw)
    assert ask.status_code == 200
    assert "dari katalog daring?" in ask.content.decode()
    assert Edition.objects.get(pk=published.pk).status == Edition.Status.PUBLISHED

    done = client.post(withdraw)
    assert done.status_code == 302 and done["Location"] == staff_page
    edition = Edition.objects.get(pk=published.pk)
    assert edition.status == Edition.Status.WITHDRAWN
    assert edition.withdrawn_by == trade and edition.withdrawn_at is not None
    assert EditionItem.objects.filter(edition=edition).count() == n_items  # nothing deleted
    latest = edition.history.order_by("-history_date", "-history_id").first()
    assert (latest.history_user, latest.history_change_reason) == (trade, "edition withdrawn")
    page = client.get(staff_page).content.decode()
    assert "Ditarik" in page and "ditarik dari katalog daring" in page and trade.first_name in page

    client.logout()
    for name, url in _public(edition).items():
        assert client.get(url).status_code == 404, name
    assert "Little Bandung 2026" not in client.get(region_page).content.decode()
    assert "Tas Kulit Domba" not in _search(client, edition)
    sitemap = client.get(reverse("catalogue_sitemap")).content.decode()
    assert reverse("catalogue_public_edition", args=[code, edition.number]) not in sitemap


def test_a_withdrawn_edition_is_published_again_as_it_was(client, published, trade):
    code = published.region.code
    items = list(published.items.order_by("position").values_list("position", "product_id", "snapshot"))
    client.force_login(trade)
    client.post(reverse("catalogue_edition_withdraw", args=[code, published.pk]))
    staff_page = reverse("catalogue_edition", args=[code, published.pk])
    republish = reverse("catalogue_edition_republish", args=[code, published.pk])
    assert f'action="{republish}"' in client.get(staff_page).content.decode()

    assert client.post(republish).status_code == 302
    edition = Edition.objects.get(pk=published.pk)
    assert edition.status == Edition.Status.PUBLISHED and edition.withdrawn_at is None
    assert list(edition.items.order_by("position").values_list("position", "product_id", "snapshot")) == items
    reasons = list(edition.history.order_by("history_date", "history_id").values_list("history_change_reason"))
    assert reasons[-2:] == [("edition withdrawn",), ("edition published again",)]

    client.logout()
    for name, url in _public(edition).items():
        if name != "guide":
            assert client.get(url).status_code == 200, name
    assert "Tas Kulit Domba" in _search(client, edition)
    sitemap = client.get(reverse("catalogue_sitemap")).content.decode()
    assert reverse("catalogue_public_edition", args=[code, edition.number]) in sitemap


def test_a_draft_is_not_withdrawn_nor_published_again(client, programme, trade, products):
    draft = services.edition_create(region=programme, by=trade, title="Draf", date=dt.date(2026, 11, 1))
    client.force_login(trade)
    code = programme.code
    said = {
        "catalogue_edition_withdraw": "Hanya edisi yang sudah terbit yang dapat ditarik dari katalog daring.",
        "catalogue_edition_republish": "Hanya edisi yang ditarik yang dapat diterbitkan kembali.",
    }
    for name, message in said.items():
        response = client.post(reverse(name, args=[code, draft.pk]), follow=True)
        assert response.status_code == 200 and message in response.content.decode(), name
        assert Edition.objects.get(pk=draft.pk).status == Edition.Status.DRAFT
    # Asking to withdraw a draft leads back to it, saying why.
    back = client.get(reverse("catalogue_edition_withdraw", args=[code, draft.pk]), follow=True)
    assert said["catalogue_edition_withdraw"] in back.content.decode()
