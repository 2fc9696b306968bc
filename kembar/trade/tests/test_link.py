"""The online catalogue's link to the inquiry form (templatetags/trade.py)."""

from django.template import Context, Template


def test_the_link_names_the_products_the_language_and_where_from(db):
    html = Template(
        '{% include "trade/_inquiry_button.html" with code="32.73" lang="ja" products=ids origin="edisi" %}'
    ).render(Context({"ids": [3, 5, "x"]}))
    assert 'href="/tanya/32.73/ja/?produk=3&amp;produk=5&amp;asal=edisi"' in html
    assert "お問い合わせを送る" in html and 'lang="ja"' in html
    one = Template('{% load trade %}{% inquiry_url "32.73" "xx" 7 "produk" %}').render(Context())
    assert one == "/tanya/32.73/en/?produk=7&amp;asal=produk"
