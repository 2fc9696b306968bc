"""The header's menu links are kept once for every reader with the same region, roles and language (core.pages
.kept_part): each reader after the first gets the kept links, and never the links of a reader who differs."""

import pytest
from django.test import Client
from django.urls import reverse

from kembar.accounts.models import Role
from kembar.testing import make_member


def link(name, *args):
    return f'href="{reverse(name, args=args)}"'


def _menu(user, url_name="alert_list", args=(), language="id"):
    """The menu of `user`'s page in `language`, read in a browser of their own (no cookie of another reader)."""
    client = Client()
    client.cookies["django_language"] = language
    client.force_login(user)
    html = client.get(reverse(url_name, args=args)).content.decode()
    return html[html.index('<nav aria-label="') : html.index("</nav>")]


def test_each_reader_gets_the_menu_of_their_own_region_and_roles(bandung, bogor):
    admin = make_member("admin", bandung, Role.BUREAU_ADMIN)
    mayor = make_member("walikota", bandung, Role.LEADERSHIP)
    other = make_member("bogor", bogor, Role.BUREAU_STAFF)
    overseer = make_member("pusat", None, Role.NATIONAL_OVERSEER)
    trade = make_member("dagang", bandung, Role.TRADE_STAFF)
    owner = make_member("umkm", bandung, Role.SME_OWNER)
    trash = link("trash", "32.73")

    menu = _menu(admin, "cooperation_list", ["32.73"])
    assert trash in menu and link("dashboard", "32.73") in menu
    assert link("national_dashboard") not in menu

    # Same region, a role that edits nothing: the same page, without the editor's links.
    menu = _menu(mayor, "dashboard", ["32.73"])
    assert link("dashboard", "32.73") in menu and trash not in menu
    # Its own menu again, kept: the editor's links come back.
    assert trash in _menu(admin, "cooperation_list", ["32.73"])

    menu = _menu(other, "cooperation_list", ["32.01"])
    assert link("trash", "32.01") in menu and "/r/32.73/" not in menu

    menu = _menu(overseer)
    assert link("national_dashboard") in menu and link("seeking_national") in menu
    assert "/r/" not in menu  # no region visited yet

    menu = _menu(trade)
    assert link("trade_dashboard", "32.73") in menu and link("smes_trash", "32.73") in menu
    assert link("cooperation_list", "32.73") not in menu  # none of the bureau's pages
    menu = _menu(owner)
    assert link("trade_inquiry_list", "32.73") in menu
    assert link("trade_dashboard", "32.73") not in menu and link("smes_trash", "32.73") not in menu


@pytest.mark.parametrize(
    ("language", "word", "not_word"), [("id", "Kerja sama", "Cooperations"), ("en", "Cooperations", "Kerja sama")]
)
def test_the_kept_menu_is_in_each_readers_language(staff, language, word, not_word):
    # The same reader's menu in the other language is kept first.
    other = "en" if language == "id" else "id"
    _menu(staff, language=other)
    menu = _menu(staff, language=language)
    assert f">{word}</a>" in menu and f">{not_word}</a>" not in menu


def test_the_unread_badge_stays_the_readers_own(bandung, staff):
    from kembar.alerts.models import Alert

    colleague = make_member("kolega", bandung, Role.BUREAU_STAFF)
    Alert.objects.create(region=bandung, user=staff, kind="dormancy", level="quiet", key="a", title="Sepi")
    assert 'class="badge warn">1<' in _menu(staff)
    assert 'class="badge warn"' not in _menu(colleague)
