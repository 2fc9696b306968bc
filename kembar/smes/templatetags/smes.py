"""The registry's template helpers: money as the page's language writes it, the programme's menu.

`money` is the one way the programme writes an amount of money: product prices (here and in the catalogue's
editions) and buyers' deals (the trade office's pages and the results it records)."""

from decimal import Decimal, InvalidOperation

from django import template
from django.template.loader import select_template
from django.utils.formats import number_format

from kembar.accounts.access import _memberships
from kembar.accounts.models import PROGRAMME_ROLES, Role

register = template.Library()

#: Currencies written without decimals: ISO 4217 minor unit 0, and the rupiah (none in practice).
WHOLE = frozenset("IDR BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX VND VUV XAF XOF XPF".split())


@register.filter
def money(amount, currency="IDR"):
    """150000, "IDR" → "Rp 150.000" in Indonesian ("Rp 150,000" in English); 12500000, "KRW" → "KRW 12.500.000";
    12.5, "USD" → "USD 12,50". In the active language: a text stored in Indonesian is written under
    `translation.override("id")`."""
    if amount in (None, ""):
        return ""
    try:
        amount = Decimal(str(amount))
    except InvalidOperation:
        return ""
    currency = currency or "IDR"
    decimals = 0 if currency in WHOLE or amount == amount.to_integral_value() else 2
    text = number_format(amount, decimal_pos=decimals, force_grouping=True)
    return f"Rp {text}" if currency == "IDR" else f"{currency} {text}"


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
