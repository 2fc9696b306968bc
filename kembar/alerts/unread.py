"""The nav's unread badge, stored: `User.unread_alerts` is how many of the user's live alerts in the regions of
their bureau memberships are unread. The authentication middleware reads it with the user, so a page counts
nothing.

A derived fact (ADR 0021), written in the same transaction as every write that changes it: an alert saved or
deleted (marked read one by one, soft-deleted, restored, removed by a cascade) and a membership added or removed
by signals (`connect`); the writers that bypass `save()` — the daily run's and the notifications' bulk inserts,
marking many read with one UPDATE — call `refresh()` themselves. A writer that deletes many alerts at once
(the daily run clearing those whose condition ended) does it inside `deferred()`: one count per user, not one
per alert. `computed()` is the reference: a test holds the stored counts equal to it after any sequence of
writes; `kembar alerts unread --check` compares, and without `--check` writes them all again.
"""

from __future__ import annotations

import threading
from contextlib import contextmanager

from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.db.models.signals import post_delete, post_save

from kembar.accounts.models import Membership, User

from .models import Alert
from .selectors import _member_regions, unread_count


def _unread(user, member):
    """The unread alerts of `user` (an OuterRef) in the regions of the user's bureau memberships; `member` is the
    same user seen from the memberships' subquery, nested one level deeper."""
    return Alert.objects.filter(user=user, read_at__isnull=True, region_id__in=_member_regions(member))


def _users(user_ids):
    return User.objects.all() if user_ids is None else User.objects.filter(pk__in=list(user_ids))


def computed(user_ids=None) -> dict[int, int]:
    """{user id: unread count} as the badge counted it on every page before it was stored (selectors.unread_count),
    for those users (all when None)."""
    return {user.pk: unread_count(user=user) for user in _users(user_ids)}


def stored(user_ids=None) -> dict[int, int]:
    return dict(_users(user_ids).values_list("pk", "unread_alerts"))


def refresh(user_ids) -> None:
    """Write these users' counts from their alerts and memberships (one UPDATE, in the caller's transaction)."""
    ids = {pk for pk in user_ids if pk is not None}
    if not ids:
        return
    unread = _unread(OuterRef("pk"), OuterRef(OuterRef("pk")))
    count = unread.order_by().values("user").annotate(n=Count("pk")).values("n")
    User.objects.filter(pk__in=ids).update(
        unread_alerts=Coalesce(Subquery(count, output_field=IntegerField()), Value(0))
    )


def differ() -> list[int]:
    """The users whose stored count is not what their alerts say."""
    kept, wanted = stored(), computed()
    return sorted(pk for pk in wanted if kept.get(pk) != wanted[pk])


def rebuild() -> int:
    """Every user's count from the alerts; how many users there are."""
    ids = list(User.objects.values_list("pk", flat=True))
    for i in range(0, len(ids), 500):
        refresh(ids[i : i + 500])
    return len(ids)


_pending = threading.local()


@contextmanager
def deferred():
    """Inside it, the signals note the users whose alerts or memberships were written; their counts are written
    once, at its end (one UPDATE however many rows changed). Nested blocks write at the outermost's end. A block
    that raises writes nothing: it belongs inside its writer's transaction, which rolls back (alerts_sync)."""
    if getattr(_pending, "ids", None) is not None:
        yield
        return
    _pending.ids = set()
    try:
        yield
        ids = _pending.ids
    finally:
        _pending.ids = None
    refresh(ids)


def _written(sender, instance, **kwargs):
    if kwargs.get("raw"):
        return
    ids = getattr(_pending, "ids", None)
    if ids is not None:
        ids.add(instance.user_id)
    else:
        refresh([instance.user_id])


def connect() -> None:
    """Keep the counts with their alerts and memberships (called once from the app's ready)."""
    for model in (Alert, Membership):
        for signal in (post_save, post_delete):
            signal.connect(_written, sender=model, dispatch_uid=f"kembar-unread-{model.__name__}-{id(signal)}")
