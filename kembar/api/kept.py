"""List answers kept in the shared cache of page bodies (kembar.core.pages, docs/adr/0023): the JSON of a list
endpoint, the same for everyone who may read it, built once per version of the data it shows.

The endpoint checks who may read first (the region's access, 404 for another region), then asks for the body
with the region's version (`pages.version`) or, for the public lists, the nation's (`pages.national_version`).
A write to the region's records makes the next request build it again, so a client that writes and then reads
sees its write. The language, the day and the query string are part of the key as for the pages; the caching
headers and ETag are added around it like for any answer (kembar.api.api.around)."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpResponse
from ninja.renderers import JSONRenderer

from kembar.core import pages

_renderer = JSONRenderer()


def kept_json(request, name: str, schema, build: Callable[[], object], *, version: str, scope: str = ""):
    """The answer of list `name`: `build()`'s data validated by `schema` (the operation's response schema) and
    rendered as django-ninja renders it, from the shared cache or built and kept."""

    def render() -> str:
        data = schema.model_validate(build(), context={"request": request, "response_status": 200}).model_dump()
        return _renderer.render(request, data, response_status=200)

    body = pages.kept(request, f"api:{name}", render, version=version, scope=scope)
    return HttpResponse(body.encode(), content_type=f"{_renderer.media_type}; charset={_renderer.charset}")
