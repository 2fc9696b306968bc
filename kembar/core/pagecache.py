"""Whole-page cache for the busiest read-only pages (the list, the dashboards), per session.

A page is kept in Django's cache (CACHES["default"]) under a key made of:

- the data stamp the view names (kembar.core.freshness): the region's `data_changed_at` and that of every
  region whose alerts reach the user (the unread badge in the header), or every region's for the national
  dashboard — any write there retires the page;
- the session and the CSRF cookie (hashed): a page is only ever served back to the browser it was made
  for, with the form tokens (log out) that browser can post;
- the user's name and roles, the language, today's date, the full path with its query string and the
  htmx headers (a partial and a whole page are different entries).

A kept page is also kept gzip-compressed (once, with GZipMiddleware's random padding against BREACH) and
sent so to browsers that accept it: the dashboards are ~300 KB of HTML and SVG, ~10 times less on the wire.

It is never used for anything but a GET/HEAD answered 200 without special headers, nor while a flash
message waits to be shown (that page must be rendered to show and consume it). `KEMBAR_PAGE_CACHE_SECONDS`
bounds how long an entry lives (0 turns the cache off). Per-process caches (locmem, the default) stay
correct across workers because the key, not an invalidation message, carries the freshness.
"""

from __future__ import annotations

import gzip
import hashlib
import secrets
import threading
from functools import wraps

from cachetools import LRUCache
from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.gzip import GZipMiddleware, re_accepts_gzip
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language

from . import freshness

#: Headers a cacheable view response may carry (middleware adds the rest on the way out, every time).
CACHEABLE_HEADERS = {"content-type", "content-language", "vary"}
HIT_HEADER = "X-Kembar-Cache"
#: Pages shorter than this are sent as they are (compressing them saves nothing worth the header).
MIN_COMPRESS = 1024
COMPRESS_LEVEL = 3
#: How many values one process keeps as they are (latest_value): a dashboard's figures per region and language.
LOCAL_ENTRIES = 128


def _timeout() -> int:
    return int(getattr(settings, "KEMBAR_PAGE_CACHE_SECONDS", 300))


def enabled() -> bool:
    """Whether pages and figures are kept at all (`KEMBAR_PAGE_CACHE_SECONDS` > 0)."""
    return _timeout() > 0


def _messages_waiting(request) -> bool:
    storage = getattr(request, "_messages", None)
    if storage is None:
        return False
    return bool(storage._queued_messages or storage._loaded_messages)


def region_stamp(request) -> str:
    """The current region's stamp and those of the user's own regions (where their alerts come from)."""
    from kembar.accounts.access import _memberships

    own = {region_id for region_id, _role in _memberships(request.user) if region_id is not None}
    own.discard(request.region.pk)
    stamps = [request.region.data_changed_at]
    if own:
        stamps.append(freshness.regions_stamp(own))
    return "|".join(s.isoformat() for s in stamps if s is not None)


def national_stamp(request) -> str:
    """Every region's latest change (read once per request)."""
    if not hasattr(request, "_kembar_national_stamp"):
        stamp = freshness.regions_stamp()
        request._kembar_national_stamp = stamp.isoformat() if stamp else "-"
    return request._kembar_national_stamp


def _key(request, view_name: str, stamp: str) -> str | None:
    session_key = request.session.session_key
    csrf_cookie = request.COOKIES.get(settings.CSRF_COOKIE_NAME)
    if not session_key or not csrf_cookie:
        return None
    user = request.user
    access = getattr(request, "access", None)
    roles = ",".join(sorted(access.roles)) if access is not None else ""
    htmx = "|".join(f"{k}={v}" for k, v in sorted(request.headers.items()) if k.lower().startswith("hx-"))
    parts = [
        view_name,
        stamp,
        session_key,
        csrf_cookie,
        str(user.pk),
        user.get_full_name(),
        roles,
        get_language() or "",
        timezone.localdate().isoformat(),
        request.get_full_path(),
        htmx,
    ]
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()
    return f"kembar:page:{digest}"


def _compress(content: bytes) -> bytes | None:
    """gzip once when the page is kept, as GZipMiddleware would on every request, with its random padding
    against BREACH (django.utils.text.compress_string's: a random-length file name in the header); None
    when it would not be shorter.

    At level 3, not 6: a kept page is compressed on the way to its first reader. For the largest dashboard
    (169 KB) level 6 took 11.6 ms and gave 38.3 KB; level 3 takes 2.7 ms and gives 42.5 KB."""
    if len(content) < MIN_COMPRESS:
        return None
    data = gzip.compress(content, compresslevel=COMPRESS_LEVEL, mtime=0)
    header = bytearray(data[:10])
    header[3] = gzip.FNAME
    padding = b"a" * secrets.randbelow(GZipMiddleware.max_random_bytes) + b"\x00"
    compressed = bytes(header) + padding + data[10:]
    return compressed if len(compressed) < len(content) else None


def _answer(request, content: bytes, content_type: str, compressed: bytes | None, state: str) -> HttpResponse:
    gzip = compressed is not None and re_accepts_gzip.search(request.META.get("HTTP_ACCEPT_ENCODING", ""))
    response = HttpResponse(compressed if gzip else content, content_type=content_type)
    if compressed is not None:
        patch_vary_headers(response, ("Accept-Encoding",))
    if gzip:
        response.headers["Content-Encoding"] = "gzip"
    response[HIT_HEADER] = state
    return response


def cached_page(stamp=region_stamp):
    """Serve the view's page from the cache while nothing it shows has changed (see the module)."""

    def decorator(view):
        view_name = f"{view.__module__}.{view.__qualname__}"

        @wraps(view)
        def wrapper(request, *args, **kwargs):
            timeout = _timeout()
            if timeout <= 0 or request.method not in ("GET", "HEAD") or _messages_waiting(request):
                return view(request, *args, **kwargs)
            key = _key(request, view_name, stamp(request))
            if key is None:
                return view(request, *args, **kwargs)
            hit = cache.get(key)
            if hit is not None:
                content, content_type, compressed = hit
                return _answer(request, content, content_type, compressed, "hit")
            response = view(request, *args, **kwargs)
            if (
                response.status_code == 200
                and not response.streaming
                and not response.cookies
                and {h.lower() for h in response.headers} <= CACHEABLE_HEADERS
            ):
                content, content_type = response.content, response["Content-Type"]
                compressed = _compress(content)
                cache.set(key, (content, content_type, compressed), timeout)
                return _answer(request, content, content_type, compressed, "miss")
            return response

        return wrapper

    return decorator


#: Values kept in this process as they are, neither pickled nor shared (see latest_value), most recent first.
_local = LRUCache(maxsize=LOCAL_ENTRIES)
_local_lock = threading.Lock()


def latest_value(parts: list[str], stamp: str, build):
    """`build(previous)`'s result kept in this process under `parts` with the data `stamp` it was built at:
    the one kept while the stamp is the same, else built again and kept in its place (one entry per `parts`).
    `previous` is the value kept before (built at an older stamp), or None: what is still valid in it may
    serve the new one (the region dashboard's figures of each cooperation, ADR 0018).

    For what several pages share and is costly to compute — a region's dashboard figures serve every page of
    its health table, whoever asks. Kept as it is, not in Django's cache: that would pickle it on every set
    and unpickle it on every get (for the largest region ~5 and ~8 ms), and each worker computes its own
    anyway with the default per-process cache."""
    if not enabled():
        return build(None)
    key = "\x1f".join(parts)
    with _local_lock:
        hit = _local.get(key)
    if hit is not None and hit[0] == stamp:
        return hit[1]
    value = build(hit[1] if hit is not None else None)
    with _local_lock:
        _local[key] = (stamp, value)
    return value


def clear_local() -> None:
    """Forget what this process keeps (as a restarted server would)."""
    with _local_lock:
        _local.clear()
