"""API v1 (django-ninja): one NinjaAPI at /api/v1/, its OpenAPI document at /api/v1/openapi.json and its docs page
at /api/v1/docs (Swagger UI from the package's own files). docs/adr/0034-api-v1.md.

Around every operation (a "view" decorator, before validation): the language (Accept-Language, Indonesian by
default, English on request), the rate limit per client address (kembar.core.ratelimit; a token's requests
are counted per token instead), and on the way out `ETag` with `If-None-Match` (304), `Vary` and
`Cache-Control`. Every error is a problem detail (problems.py)."""

from __future__ import annotations

import hashlib
from functools import wraps

from django.conf import settings
from django.http import Http404, HttpResponse
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.security import HttpBearer

from kembar.accounts.access import is_national, user_regions
from kembar.accounts.addresses import client_address
from kembar.core import ratelimit

from . import problems, tokens

LANGUAGES = ("id", "en")


def request_language(request) -> str:
    """The first of Indonesian and English the client accepts (Accept-Language), else Indonesian."""
    header = request.headers.get("Accept-Language", "")[:500]
    for code, _q in translation.trans_real.parse_accept_lang_header(header):
        if code[:2].lower() in LANGUAGES:
            return code[:2].lower()
    return settings.LANGUAGE_CODE


def _limit(scope: str, who: str, setting: str, default: tuple[int, int]) -> None:
    limit, per = getattr(settings, setting, default)
    verdict = ratelimit.hit(scope, who, limit=limit, per=per)
    if not verdict.allowed:
        raise problems.Problem(
            429,
            _("Too many requests: try again in %(n)s seconds.") % {"n": verdict.retry_after},
            retry_after=verdict.retry_after,
        )


def around(run):
    """Language, rate limit (by address, for requests without a token), then ETag/304 and caching headers."""

    @wraps(run)
    def wrapper(request, *args, **kwargs):
        language = request_language(request)
        with translation.override(language):
            request.LANGUAGE_CODE = language
            anonymous = "Authorization" not in request.headers
            try:
                if anonymous:
                    _limit("api", client_address(request) or "-", "KEMBAR_API_RATE", (300, 60))
            except problems.Problem as refused:
                response = problems._problem(request, refused)
            else:
                response = run(request, *args, **kwargs)
            response["Content-Language"] = language
            patch_vary_headers(response, ["Accept-Language", "Authorization"])
            if response.status_code == 200 and request.method in ("GET", "HEAD"):
                caching = {"public": True, "max_age": 60} if anonymous else {"private": True, "no_cache": True}
                patch_cache_control(response, **caching)
                response["ETag"] = f'"{hashlib.sha256(response.content).hexdigest()[:32]}"'
                response = get_conditional_response(request, etag=response["ETag"], response=response)
            elif "Cache-Control" not in response:
                patch_cache_control(response, no_store=True)
        return response

    return wrapper


def _outside(request, status: int, detail, **headers) -> HttpResponse:
    """A problem answered where no operation runs (an address or a method the API does not have): in the
    request's language, kept by no cache. `detail` is called with the language active."""
    language = request_language(request)
    with translation.override(language):
        answer = problems.response(request, status, detail())
    answer["Content-Language"] = language
    patch_vary_headers(answer, ["Accept-Language"])
    patch_cache_control(answer, no_store=True)
    for name, value in headers.items():
        answer[name] = value
    return answer


def not_found(request, *args, **kwargs) -> HttpResponse:
    """Any address under /api/v1/ that is no operation: 404 as a problem, not the site's HTML page."""
    return _outside(request, 404, lambda: _("There is nothing here, or it is not yours to see."))


not_found.csrf_exempt = True  # a POST to a wrong address is told so, not refused for a cookie it never needs


def problems_outside(urls):
    """ninja's URL patterns, each answering as a problem too what ninja answers itself before an operation runs:
    a method the address does not take (ninja's plain-text 405) and its root's 404 (an HTML page)."""
    patterns, app_name, namespace = urls

    def wrap(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            try:
                response = view(request, *args, **kwargs)
            except Http404:
                return not_found(request)
            if response.status_code == 405 and response.get("Content-Type") != problems.MEDIA_TYPE:
                allowed = response["Allow"]
                return _outside(
                    request,
                    405,
                    lambda: (
                        _("This address does not take %(method)s: it takes %(allowed)s.")
                        % {"method": request.method, "allowed": allowed}
                    ),
                    Allow=allowed,
                )
            return response

        wrapper.csrf_exempt = True
        return wrapper

    for pattern in patterns:
        pattern.callback = wrap(pattern.callback)
    return patterns, app_name, namespace


class TokenAuth(HttpBearer):
    """A personal API token (tokens.py): its user becomes the request's user, whose memberships at this moment
    decide what it reaches. Unknown, revoked or the user inactive: 401; the user in no region any more: 403."""

    def authenticate(self, request, token):
        found = tokens.token_find(token)
        if found is None:
            return None
        request.user = found.user
        if not (is_national(found.user) or user_regions(found.user)):
            raise problems.Problem(403, _("The token's user no longer belongs to any region."))
        _limit("api-token", str(found.pk), "KEMBAR_API_TOKEN_RATE", (600, 60))
        return found


class KembarAPI(NinjaAPI):
    def get_openapi_schema(self, *args, **kwargs):
        """The document django-ninja writes, with the problem details every operation may answer."""
        return problems.declare(super().get_openapi_schema(*args, **kwargs))


api = KembarAPI(
    title="Kembar API",
    version="1",
    description="Kembar's API v1: the public portal's data for anyone; a region's records for a personal API token "
    "(made on the account's page /account/api-tokens/). Errors are RFC 9457 problem details.",
    urls_namespace="api_v1",
)
problems.install(api)
api.add_decorator(around, mode="view")

from . import private, public  # noqa: E402 — the routers register on `api`

api.add_router("/public", public.router, tags=["public"])
api.add_router("/regions", private.router, auth=TokenAuth(), tags=["regions"])
api.add_router("/alerts", private.alerts_router, auth=TokenAuth(), tags=["alerts"])
