"""An empty list says why it is empty and offers what the reader's role may do next."""

import pytest
from django.urls import reverse

from kembar.accounts.models import Role
from kembar.testing import make_cooperation, make_member

pytestmark = pytest.mark.django_db


def _html(client, user, name, *args, query=""):
    client.force_login(user)
    client.cookies["django_language"] = "en"
    return client.get(reverse(name, args=["32.73", *args]) + query).content.decode()


def test_an_empty_cooperation_list_offers_the_bureau_its_first_record(client, staff, bandung):
    html = _html(client, staff, "cooperation_list")
    assert "No cooperation is recorded for this region yet" in html
    assert f'href="{reverse("cooperation_create", args=["32.73"])}">New cooperation</a>' in html
    assert f'href="{reverse("import_index", args=["32.73"])}">Import</a>' in html
    leader = make_member("pimpinan", bandung, Role.LEADERSHIP)
    html = _html(client, leader, "cooperation_list")
    assert "the cooperation bureau records them" in html and reverse("cooperation_create", args=["32.73"]) not in html


def test_a_filtered_list_without_matches_offers_the_whole_list(client, staff, bandung):
    make_cooperation(bandung, by=staff, ref="bandung-liuzhou")
    html = _html(client, staff, "cooperation_list", query="?q=nothing-like-it")
    assert "No cooperation matches these filters." in html
    assert f'<a href="{reverse("cooperation_list", args=["32.73"])}">Show every cooperation</a>' in html


def test_empty_partners_activities_and_plans_say_what_comes_next(client, staff, bandung):
    html = _html(client, staff, "partner_list")
    assert "A partner is added with its first cooperation" in html
    coop = make_cooperation(bandung, by=staff, ref="bandung-liuzhou")
    html = _html(client, staff, "activity_list", coop.ref)
    assert "keeps the cooperation from counting as dormant" in html
    assert reverse("activity_create", args=["32.73", coop.ref]) in html
    dprd = make_member("dprd", bandung, Role.DPRD)
    html = _html(client, dprd, "plan_list")
    assert "No plan awaits the DPRD's decision" in html


def test_the_partner_list_sorts_by_its_column_headers(client, staff, bandung):
    from kembar.partners.services import partner_create

    for name, country in (("Liuzhou", "CN"), ("Braunschweig", "DE"), ("Suwon", "KR")):
        partner_create(region=bandung, by=staff, name=name, country_id=country, kind="local_government", level="city")
    html = _html(client, staff, "partner_list")
    assert html.index("Braunschweig") < html.index("Liuzhou") < html.index("Suwon")  # by name first
    assert 'aria-sort="ascending"><a href="?sort=-name">' in html
    html = _html(client, staff, "partner_list", query="?sort=-name")
    assert html.index("Suwon") < html.index("Liuzhou") < html.index("Braunschweig")
    html = _html(client, staff, "partner_list", query="?sort=country")  # China, Germany, South Korea
    assert html.index("Liuzhou") < html.index("Braunschweig") < html.index("Suwon")
