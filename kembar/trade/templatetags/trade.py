"""The link to the buyer's inquiry form, for the online catalogue's product and edition pages:

    {% load trade %}
    <a href="{% inquiry_url region_code lang product_id origin="produk" %}">…</a>
    {% include "trade/_inquiry_button.html" with code=region_code lang=lang products=product_ids origin="edisi" %}

`lang` is one of id/en/ko/ja (anything else: English); products are product ids (one, or a list); `origin` says
where the buyer came from ("produk" a product page, "edisi" an edition page) for the dashboard's figures."""

from urllib.parse import urlencode

from django import template
from django.urls import reverse

from kembar.core.params import record_id
from kembar.trade import buyer_text

register = template.Library()


def _ids(products) -> list[int]:
    if products in (None, ""):
        return []
    if isinstance(products, int | str):
        products = [products]
    return [pk for pk in map(record_id, products) if pk is not None][:20]


@register.simple_tag
def inquiry_url(code, lang, products=None, origin: str = "") -> str:
    query = [("produk", p) for p in _ids(products)]
    if origin in ("produk", "edisi"):
        query.append(("asal", origin))
    url = reverse("trade_inquiry_create", args=[code, buyer_text.language_of(lang)])
    return f"{url}?{urlencode(query)}" if query else url


@register.simple_tag
def inquiry_label(lang) -> str:
    """ "Send an inquiry" in the buyer's language."""
    return buyer_text.get("Send an inquiry", buyer_text.language_of(lang))
