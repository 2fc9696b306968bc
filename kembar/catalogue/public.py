"""The online catalogue (no login): a region's published editions, an edition's products by category, a product's
page, its photo, the print PDF and the buyers' guide, and the search — in Indonesian, English, Korean or
Japanese (`?lang=`; none is Indonesian). Only regions with the catalogue switched on and only published
editions exist here; anything else answers 404, the same as something that does not exist.

A page in Korean or Japanese shows the products' texts in that language and the site's own words (headings,
buttons, labels, filters) in it too, from kembar.catalogue.chrome (the site's interface being Indonesian and
English, docs/adr/0038). The answers are public
and cacheable like the portal's (kembar.public.http): the same for everyone, a content ETag, no cookie read.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import wraps
from urllib.parse import urlencode

from django.contrib.auth.models import AnonymousUser
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.views.decorators.http import require_safe

from kembar.public.http import cacheable
from kembar.trade.selectors import public_products

from . import chrome, index, search, selectors, words
from .models import Edition, EditionItem
from .views import PAGE, page_number, read_search

LANGUAGES = words.LANGUAGES
DEFAULT = "id"
OG_LOCALES = {"id": "id_ID", "en": "en_US", "ko": "ko_KR", "ja": "ja_JP"}


def content_language(request) -> str:
    chosen = request.GET.get("lang", "")
    return chosen if chosen in LANGUAGES else DEFAULT


def ui_language(lang: str) -> str:
    return lang if lang in ("id", "en") else "en"


def with_lang(path: str, lang: str, query: dict | None = None) -> str:
    params = {k: v for k, v in (query or {}).items() if k != "lang" and v not in ("", None, [])}
    if lang != DEFAULT:
        params["lang"] = lang
    return path + ("?" + urlencode(params, doseq=True) if params else "")


@dataclass(frozen=True)
class Page:
    """What a catalogue template needs of its own address: canonical, each language's URL, the suffix."""

    language: str
    canonical: str
    alternates: dict
    suffix: str

    @property
    def og_locale(self) -> str:
        return OG_LOCALES[self.language]

    @property
    def og_alternates(self) -> list[str]:
        return [OG_LOCALES[lang] for lang in LANGUAGES if lang != self.language]


def catalogue_public(view):
    """A public catalogue view: the region must run the catalogue; rendered in the address's language. What does
    not exist here (a region without the catalogue, an edition never published or withdrawn, an item) answers 404
    with the catalogue's own page in that language too, not the site's Indonesian one."""

    @wraps(view)
    def wrapped(request, code, *args, **kwargs):
        request.user = AnonymousUser()
        region = selectors.enabled_region(code)
        lang = content_language(request)
        query = {k: request.GET.getlist(k) for k in request.GET if k != "lang"}
        alternates = {code_: request.build_absolute_uri(with_lang(request.path, code_, query)) for code_ in LANGUAGES}
        request.catalogue = Page(lang, alternates[lang], alternates, with_lang("", lang))
        request.region = region
        with translation.override(ui_language(lang)):
            request.LANGUAGE_CODE = ui_language(lang)
            try:
                if region is None:
                    raise Http404
                response = view(request, region, lang, *args, **kwargs)
            except Http404:
                context = {"lang": lang, "languages": _languages(lang)}
                return render(request, "catalogue/public/404.html", context, status=404)
            return cacheable(request, response, language=lang)

    return wrapped


def _edition(region, number) -> Edition:
    try:
        return selectors.published_edition(region=region, number=number)
    except Edition.DoesNotExist:
        raise Http404 from None


def _item(edition, position) -> EditionItem:
    try:
        return selectors.item_of(edition, position)
    except EditionItem.DoesNotExist:
        raise Http404 from None


def askable(region, product_ids) -> set[int]:
    """Which of these products a buyer may ask about (kembar.trade.selectors.public_products: a live product of a
    verified business): an item's inquiry button shows only for them, on its page and on its edition's. An edition
    keeps its items, but the inquiry form takes no other product, so no button leads to a 404. One query."""
    ids = {pk for pk in product_ids if pk is not None}
    if not ids:
        return set()
    products = public_products(region=region).prefetch_related(None).order_by().filter(pk__in=ids)
    return set(products.values_list("pk", flat=True))


def _languages(lang):
    return [(code, words.LANGUAGE_NAMES[code]) for code in LANGUAGES]


def _sample_word(lang) -> str:
    """The badge of sample data: "contoh" on every page (issue 19), with the page's own word beside it."""
    return "contoh" if lang == DEFAULT else f"contoh · {words.label('sample', lang)}"


@require_safe
@catalogue_public
def region_page(request, region, lang):
    editions = list(selectors.published_editions(region=region))
    context = {"editions": editions, "lang": lang, "languages": _languages(lang)}
    return render(request, "catalogue/public/region.html", context)


@require_safe
@catalogue_public
def edition_page(request, region, lang, number):
    edition = _edition(region, number)
    categories: list[dict] = []
    for item in selectors.items_of(edition):
        if not categories or categories[-1]["code"] != item.category:
            categories.append({"code": item.category, "name": words.category_name(item.category, lang), "items": []})
        categories[-1]["items"].append(item)
    pdf = selectors.latest_done_pdf(edition)
    context = {
        "edition": edition,
        "categories": categories,
        "askable": askable(region, (i.product_id for c in categories for i in c["items"])),
        "lang": lang,
        "languages": _languages(lang),
        "pdf": pdf,
        "any_sample": any(i.snapshot.get("is_sample") for c in categories for i in c["items"]),
        "n_items": sum(len(c["items"]) for c in categories),
        "sample_word": _sample_word(lang),
    }
    return render(request, "catalogue/public/edition.html", context)


@require_safe
@catalogue_public
def item_page(request, region, lang, number, position):
    edition = _edition(region, number)
    item = _item(edition, position)
    context = {
        "edition": edition,
        "item": item,
        "askable": askable(region, [item.product_id]),
        "snap": item.snapshot,
        "text": item.text(lang) or item.text(DEFAULT),
        "text_lang": lang if item.text(lang) else DEFAULT,
        "others": [(code, item.text(code)) for code in LANGUAGES if code != lang and item.text(code)],
        "category": words.category_name(item.category, lang),
        "lang": lang,
        "languages": _languages(lang),
        "sample_word": _sample_word(lang),
    }
    return render(request, "catalogue/public/item.html", context)


@require_safe
@catalogue_public
def item_photo(request, region, lang, number, position):
    item = _item(_edition(region, number), position)
    if not item.photo:
        raise Http404
    return FileResponse(item.photo.open("rb"), content_type="image/jpeg")


@require_safe
@catalogue_public
def edition_pdf(request, region, lang, number):
    edition = _edition(region, number)
    pdf = selectors.latest_done_pdf(edition)
    if pdf is None or not pdf.file:
        raise Http404
    return FileResponse(pdf.file.open("rb"), filename=pdf.filename, content_type="application/pdf")


@require_safe
@catalogue_public
def guide(request, region, lang, number):
    from .pdf import guide_pdf

    edition = _edition(region, number)
    content = guide_pdf(edition, base_url=request.build_absolute_uri("/"))
    response = HttpResponse(content, content_type="application/pdf")
    code = region.code.replace(".", "")
    response["Content-Disposition"] = f'inline; filename="panduan-pembeli-{code}-edisi-{edition.number}.pdf"'
    return response


@require_safe
@catalogue_public
def search_page(request, region, lang):
    """Published items found by words in any of the four languages (or in one: `in=ko`), with facets."""
    query, filters, error = read_search(
        {**request.GET.dict(), "lang": request.GET.get("in", "")}, say=lambda msgid: chrome.get(msgid, lang)
    )
    page = page_number(request.GET)
    result = search.Result()
    if not error and not query.empty:
        result = search.search(
            region_id=region.pk, kind=index.ITEM, query=query, filters=filters, limit=PAGE, offset=(page - 1) * PAGE
        )
    context = {
        "query": query,
        "filters": filters,
        "result": result,
        "error": error,
        "lang": lang,
        "languages": _languages(lang),
        "page": page,
        "per": PAGE,
        "within": request.GET.get("in", "") if request.GET.get("in", "") in LANGUAGES else "",
        "sample_word": _sample_word(lang),
    }
    return render(request, "catalogue/public/search.html", context, status=400 if error else 200)


@require_safe
def sitemap(request):
    """The online catalogue's pages (every published edition and item, in each language) for search engines."""
    from django.contrib.sitemaps.views import sitemap as django_sitemap

    from .sitemaps import SITEMAPS

    request.user = AnonymousUser()
    return cacheable(request, django_sitemap(request, sitemaps=SITEMAPS))


def item_path(edition, position: int, lang: str = DEFAULT) -> str:
    return with_lang(reverse("catalogue_public_item", args=[edition.region.code, edition.number, position]), lang)
