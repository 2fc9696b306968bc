"""The catalogue's presentation helpers: prices as the programme writes money, category names in a content
language, and the online catalogue's own words in the page's language (`{% say %}`, kembar.catalogue.chrome)."""

from decimal import Decimal

from django import template
from django.utils import translation

from kembar.catalogue import chrome, words
from kembar.core.money import money

register = template.Library()


def _language(context) -> str:
    """The page's language: the catalogue's `lang` (id, en, ko or ja), else the interface's."""
    lang = context.get("lang")
    return lang if lang in words.LANGUAGES else translation.get_language() or "id"


@register.simple_tag(takes_context=True)
def say(context, msgid, **values) -> str:
    """{% say "Search the catalogue" %}, {% say "Edition %(n)s" n=edition.number %}: chrome.TEXTS."""
    return chrome.get(msgid, _language(context), **values)


@register.simple_tag(takes_context=True)
def say_count(context, key, **values) -> str:
    """{% say_count "products" n=count %}: chrome.PLURALS."""
    return chrome.count(key, _language(context), **values)


@register.simple_tag(takes_context=True)
def say_date(context, value) -> str:
    return chrome.date(value, _language(context)) if value else ""


@register.filter
def price_range(snap) -> str:
    """A snapshot's (or a dict's) price range: "Rp 150.000 – Rp 250.000", "USD 12,50" (kembar.core.money)."""
    low, high, currency = snap.get("price_min"), snap.get("price_max"), snap.get("currency", "IDR")
    if low in (None, ""):
        return ""
    if high in (None, "") or Decimal(str(high)) == Decimal(str(low)):
        return money(low, currency)
    return f"{money(low, currency)} – {money(high, currency)}"


@register.filter
def category_in(code, lang) -> str:
    return words.category_name(code, lang)


@register.filter
def text_in(item, lang) -> dict:
    return item.text(lang)


@register.filter
def get(mapping, key):
    try:
        return mapping.get(key)
    except AttributeError:
        return None


@register.filter
def text_status(code) -> str:
    """A text's status in the page's language (missing / draft / reviewed)."""
    from kembar.smes.models import ProductText

    try:
        return str(ProductText.Status(code).label)
    except ValueError:
        return code


@register.filter
def cert_name(code, lang="") -> str:
    if chrome.own(lang):
        return chrome.certification(code, lang)
    from kembar.smes.models import Certification

    try:
        return str(Certification.Kind(code).label)
    except ValueError:
        return code


@register.filter
def readiness_name(code, lang="") -> str:
    if chrome.own(lang):
        return chrome.readiness(code, lang)
    from kembar.smes.models import SME

    try:
        return str(SME.Readiness(code).label)
    except ValueError:
        return code


@register.filter
def price_band(band, lang="") -> str:
    """A price band of the search's facet in words: "Rp 50.000 – Rp 250.000", "from Rp 1.000.000"."""
    from django.utils.translation import gettext

    from kembar.catalogue.index import PRICE_BANDS

    def _(msgid):
        return chrome.get(msgid, lang) if chrome.own(lang) else gettext(msgid)

    for number, low, high in PRICE_BANDS:
        if number == band:
            if high is None:
                return _("from %(low)s") % {"low": money(low)}
            if not low:
                return _("below %(high)s") % {"high": money(high)}
            return f"{money(low)} – {money(high)}"
    return _("priced in another currency")
