"""The registry's template helpers: money as the page's language writes it (kembar.core.money), the programme's
menu."""

from django import template
from django.template.loader import select_template

from kembar.accounts.access import _memberships
from kembar.accounts.models import PROGRAMME_ROLES, Role
from kembar.core.money import money

register = template.Library()

#: The one way Kembar writes an amount of money (kembar.core.money), as a filter: {{ price|money:currency }}.
money = register.filter("money", money)


@register.simple_tag
def price_range(product):
    low, high = money(product.price_min, product.currency), money(product.price_max, product.currency)
    return low if product.price_min == product.price_max else f"{low} – {high}"


@register.simple_tag(takes_context=True)
def programme_nav(context):
    """The region whose programme pages the menu links to, for a user with a programme role there (the page's
    region, else their first), or None. No query: the memberships come with the user (accounts.access)."""
    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return None
    programme = getattr(request, "programme", None)
    if programme is not None and programme.roles & PROGRAMME_ROLES:
        return _nav(programme.region.code, programme.roles)
    rows = [(region_id, role) for region_id, role in _memberships(request.user) if role in PROGRAMME_ROLES]
    if not rows:
        return None
    regions = {r.pk: r for r in getattr(request.user, "_kembar_all_regions", {}).values()}
    region = regions.get(rows[0][0])
    if region is None:
        return None
    return _nav(region.code, {role for rid, role in rows if rid == region.pk})


def _nav(code: str, roles) -> dict:
    """The menu's programme links of a region for these roles: the trade office's pages (`trade`), and the buyers'
    inquiries, which the trade office and SME owners read and translators do not (`inquiries`)."""
    return {
        "code": code,
        "trade": Role.TRADE_STAFF in roles,
        "inquiries": bool({Role.TRADE_STAFF, Role.SME_OWNER} & set(roles)),
    }


@register.simple_tag
def other_programme_menus():
    """The programme's other apps' menu parts (catalogue, trade), those that exist."""
    found = []
    for name in ("catalogue/_programme_nav.html", "trade/_programme_nav.html"):
        try:
            found.append(select_template([name]).template.name)
        except template.TemplateDoesNotExist:
            continue
    return found
