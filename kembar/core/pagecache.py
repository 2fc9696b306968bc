"""What is left of the page cache while the dashboards still use it: values kept in the process.

The page cache and the data stamps are gone (issue 15); `latest_value`, `clear_local` and `enabled` stay only
until the dashboards stop calling them, then this module goes too.
"""

from __future__ import annotations

import threading

from cachetools import LRUCache
from django.conf import settings

#: How many values one process keeps as they are (latest_value): a dashboard's figures per region and language.
LOCAL_ENTRIES = 128


def enabled() -> bool:
    """Whether values are kept at all (`KEMBAR_PAGE_CACHE_SECONDS` > 0; no longer a setting, so true unless set)."""
    return int(getattr(settings, "KEMBAR_PAGE_CACHE_SECONDS", 300)) > 0


#: Values kept in this process as they are, neither pickled nor shared (see latest_value), most recent first.
_local = LRUCache(maxsize=LOCAL_ENTRIES)
_local_lock = threading.Lock()


def latest_value(parts: list[str], stamp: str, build):
    """`build(previous)`'s result kept in this process under `parts` with the `stamp` it was built at: the one
    kept while the stamp is the same, else built again and kept in its place (one entry per `parts`).
    `previous` is the value kept before (built at an older stamp), or None."""
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
