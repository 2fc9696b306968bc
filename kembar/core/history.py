"""Turn django-simple-history rows into "who changed what, when" entries, diffing in Python.

Diffing with `prev_record` costs a query per row; here each history table is read once and
consecutive versions of the same object are compared in memory.
"""

from dataclasses import dataclass, field
from datetime import datetime
from itertools import groupby

SKIP = {
    "history_id",
    "history_date",
    "history_change_reason",
    "history_type",
    "history_user",
    "history_user_id",
    "updated_at",
    "created_at",
    "position",
    "date_sort",
    "id",
    # When and by whom a cooperation was published: the entry's own time and user say it.
    "published_at",
    "published_by",
}


@dataclass
class Change:
    field: str
    old: object
    new: object


@dataclass
class HistoryEntry:
    when: datetime
    user: object
    action: str  # "+" created, "~" changed, "-" deleted
    label: str
    model: str
    reason: str
    changes: list[Change] = field(default_factory=list)


def _fields(model) -> list:
    return [f for f in model._meta.concrete_fields if f.attname not in SKIP and f.name not in SKIP]


def history_entries(querysets, *, label=str) -> list[HistoryEntry]:
    """Entries for every history row in `querysets`, newest first. `label(record)` names the object."""
    entries: list[HistoryEntry] = []
    for qs in querysets:
        rows = list(qs.select_related("history_user").order_by("id", "history_date", "history_id"))
        if not rows:
            continue
        fields = _fields(rows[0].__class__)
        verbose = rows[0].instance_type._meta.verbose_name
        for _pk, versions in groupby(rows, key=lambda r: r.id):
            prev = None
            for rec in versions:
                changes = []
                if prev is not None:
                    for f in fields:
                        old, new = getattr(prev, f.attname), getattr(rec, f.attname)
                        if old != new:
                            changes.append(Change(str(f.verbose_name), old, new))
                action = rec.history_type
                if action == "~" and prev is not None and not changes and not rec.history_change_reason:
                    prev = rec
                    continue
                entries.append(
                    HistoryEntry(
                        when=rec.history_date,
                        user=rec.history_user,
                        action=action,
                        label=label(rec),
                        model=str(verbose),
                        reason=rec.history_change_reason or "",
                        changes=changes,
                    )
                )
                prev = rec
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries
