"""Every link of a reader's header menu opens for that reader: a link that answers 403 or 404 is a door the menu
shows but the reader may not pass (found on the demo: the catalogue's pages showed trade staff the bureau's
menu, and translators, who may not read buyers' inquiries, were offered them)."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from kembar.accounts.models import Role
from kembar.testing import make_member

ROLES = [
    Role.BUREAU_ADMIN,
    Role.BUREAU_STAFF,
    Role.LEADERSHIP,
    Role.DPRD,
    Role.TRADE_STAFF,
    Role.SME_OWNER,
    Role.TRANSLATOR,
]


def _menu_links(html: str) -> list[str]:
    menu = html[html.index('<nav aria-label="') : html.index("</nav>")]
    return sorted(set(re.findall(r'href="(/[^"#?]*)"', menu)))


@pytest.mark.parametrize("role", ROLES)
def test_every_menu_link_opens_for_its_reader(programme, role):
    user = make_member(f"u-{role}", programme, role)
    client = Client()
    client.force_login(user)
    pages = [reverse("smes_home", args=["32.73"])]
    if role == Role.TRADE_STAFF:
        pages.append(reverse("catalogue_editions", args=["32.73"]))  # a page of the programme with its region
    if role in (Role.BUREAU_ADMIN, Role.BUREAU_STAFF, Role.LEADERSHIP, Role.DPRD):
        pages.append(reverse("cooperation_list", args=["32.73"]))
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        links = _menu_links(response.content.decode())
        assert links, page
        for link in links:
            if link.startswith("/logout") or "/keluar" in link:
                continue
            assert client.get(link).status_code == 200, f"{role} on {page}: the menu's {link} does not open"
