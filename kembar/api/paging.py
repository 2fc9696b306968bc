"""Cursor pagination: an opaque, signed cursor holding where the last page ended (docs/adr/0034-api-v1.md).

A cursor is the sort key of the last item shown, signed (django.core.signing) with the list it belongs to, so
it cannot be made up or carried to another list. The next page starts after that key, whatever was added or
removed meanwhile (an offset would skip or repeat rows)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

from django.core import signing
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from ninja import Field, Schema

from .problems import Problem

T = TypeVar("T")
DEFAULT_LIMIT = 50
MAX_LIMIT = 200
_SALT = "kembar.api.cursor"


class Paging(Schema):
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Items per page (1–200).")
    cursor: str = Field("", max_length=500, description="`next` of the previous page (opaque).")


class Page(Schema, Generic[T]):
    items: list[T]
    next: str | None = Field(None, description="The cursor of the next page; null on the last page.")


def _bad_cursor() -> Problem:
    return Problem(400, _("The cursor is not valid for this list: use the `next` of its previous page."))


def read_key(paging: Paging, *, scope: str, shape: tuple[type, ...]) -> tuple | None:
    """The sort key after which the page starts (None for the first page), checked against its `shape`."""
    after = _read(paging.cursor, scope)
    if after is None:
        return None
    if len(after) != len(shape) or not all(type(v) is t for v, t in zip(after, shape, strict=True)):
        raise _bad_cursor()
    return after


def _read(cursor: str, scope: str) -> tuple | None:
    if not cursor:
        return None
    try:
        data = signing.loads(cursor, salt=_SALT)
    except signing.BadSignature:
        data = None
    if not isinstance(data, dict) or data.get("s") != scope or not isinstance(data.get("k"), list):
        raise _bad_cursor()
    return tuple(data["k"])


def write_cursor(key: Sequence, scope: str) -> str:
    return signing.dumps({"s": scope, "k": list(key)}, salt=_SALT, compress=True)


def page_of_list(rows: list, paging: Paging, *, scope: str, key: Callable[[object], tuple]) -> dict:
    """A page of a list already read (sorted here by `key`, whose values are JSON: text and numbers)."""
    after = _read(paging.cursor, scope)
    rows = sorted(rows, key=key)
    if after is not None:
        try:
            rows = [r for r in rows if key(r) > after]
        except TypeError:  # a key of another shape (signed by us, but for an older list)
            raise _bad_cursor() from None
    shown = rows[: paging.limit]
    more = len(rows) > paging.limit
    return {"items": shown, "next": write_cursor(key(shown[-1]), scope) if more else None}


def page_of_queryset(qs: QuerySet, paging: Paging, *, scope: str) -> dict:
    """A page of a queryset in order of its primary key (one query, the next page's keyset filter)."""
    after = _read(paging.cursor, scope)
    if after is not None:
        if len(after) != 1 or not isinstance(after[0], int):
            raise _bad_cursor()
        qs = qs.filter(pk__gt=after[0])
    rows = list(qs.order_by("pk")[: paging.limit + 1])
    shown = rows[: paging.limit]
    more = len(rows) > paging.limit
    return {"items": shown, "next": write_cursor((shown[-1].pk,), scope) if more else None}
