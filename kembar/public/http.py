"""What makes a portal response public: its language read from its address, and the headers a shared cache needs.

A public page's language is part of its address (`?lang=en`; none is Indonesian), not the switcher's cookie: each
language has its own URL for `hreflang` and the sitemap, and a shared cache keeps one copy per address without
`Vary: Cookie` (which would keep one per visitor, as the session cookie differs). The page never reads the
session, the user or the CSRF token, so a logged-in visitor gets the same public, cacheable answer
(docs/adr/0032, amendment).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_cache_control, set_response_etag

#: How long a browser or a shared cache may keep a portal response without asking again (seconds).
MAX_AGE = 300
#: The query parameter that names a public page's language; absent, the page is in LANGUAGE_CODE.
LANG = "lang"


def page_language(request) -> str:
    chosen = request.GET.get(LANG, "")
    return chosen if chosen in {code for code, _name in settings.LANGUAGES} else settings.LANGUAGE_CODE


def with_language(path: str, language: str, query: dict | None = None) -> str:
    """`path` (with `query`) in `language`: the same address, with `?lang=` unless it is the default language."""
    params = {k: v for k, v in (query or {}).items() if k != LANG and v not in ("", None)}
    if language != settings.LANGUAGE_CODE:
        params[LANG] = language
    return path + ("?" + urlencode(params, doseq=True) if params else "")


@dataclass(frozen=True)
class Portal:
    """What a public template needs of its own address (request.portal): its canonical URL, each language's URL
    (hreflang), and the suffix that keeps the language on the portal's links."""

    language: str
    canonical: str
    alternates: dict[str, str]
    suffix: str

    @property
    def og_locale(self) -> str:
        return {"id": "id_ID", "en": "en_US"}.get(self.language, self.language)

    @property
    def og_locale_alternate(self) -> str:
        return "en_US" if self.language == "id" else "id_ID"


def portal(request, language: str, *, path: str | None = None) -> Portal:
    query = {k: request.GET.getlist(k) for k in request.GET if k != LANG}
    where = path or request.path
    alternates = {
        code: request.build_absolute_uri(with_language(where, code, query)) for code, _name in settings.LANGUAGES
    }
    return Portal(
        language=language,
        canonical=alternates[language],
        alternates=alternates,
        suffix=with_language("", language),
    )


def cacheable(request, response, *, language: str | None = None, max_age: int = MAX_AGE):
    """A public 200 answer: `Cache-Control: public, max-age`, a content ETag (`If-None-Match` answers 304) and
    its language. Any other status is left as it is (an error is not kept)."""
    if hasattr(response, "render") and not getattr(response, "is_rendered", True):
        response.render()
    if response.status_code != 200:
        return response
    patch_cache_control(response, public=True, max_age=max_age)
    if language:
        response.headers["Content-Language"] = language
    if not response.streaming:
        set_response_etag(response)
        return get_conditional_response(request, etag=response.get("ETag"), response=response)
    return response


def public(view):
    """A portal view: rendered in the address's language, answered with public caching headers."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        # The portal is the same for everyone: the view and its template see an anonymous visitor, so nothing
        # (a context processor asking who is logged in) reads the session, which would make it vary by cookie.
        request.user = AnonymousUser()
        language = page_language(request)
        with translation.override(language):
            request.LANGUAGE_CODE = language
            request.portal = portal(request, language)
            response = view(request, *args, **kwargs)
            return cacheable(request, response, language=language)

    return wrapped
