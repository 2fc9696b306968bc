"""Turn django-simple-history rows into "who changed what, when" entries, diffing in Python.

Diffing with `prev_record` costs a query per row; here each history table is read once and
consecutive versions of the same object are compared in memory.
"""

import datetime as dt
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from itertools import groupby

from django.utils import formats

from .dates import DateSpec
from .words import key_label, yes_no

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


def _item(value) -> str:
    """One item of a stored list (a signatory, an outcome, a field) in words."""
    if isinstance(value, dict):
        return " — ".join(str(yes_no(v)) for v in value.values() if v not in (None, ""))
    return str(value)


def _shown(f, value, names: dict):
    """A stored value as a reader says it: yes or no, a choice's label, a linked record's name, a date in words,
    terms and lists as words; None when empty."""
    if value is None or value == "" or value == [] or value == {}:
        return None
    if isinstance(value, bool):
        return yes_no(value)
    if f.is_relation:
        return names.get((f.attname, value), value)
    if f.choices:
        return str(dict(f.flatchoices).get(value, value))
    if isinstance(value, DateSpec):
        return value.display()
    if isinstance(value, dict):
        return "; ".join(f"{key_label(k)}: {yes_no(v)}" for k, v in value.items())
    if isinstance(value, list):
        return "; ".join(_item(v) for v in value)
    if isinstance(value, datetime):
        return formats.date_format(value, "DATETIME_FORMAT")
    if isinstance(value, dt.date):
        return formats.date_format(value, "DATE_FORMAT")
    if isinstance(value, Decimal | int | float):
        return formats.number_format(value, force_grouping=True)
    return value


def _names(changed: list[tuple]) -> dict:
    """The names of the records that changed links point to, one query per linked field: {(attname, id): name}."""
    wanted: dict = {}
    for change, f in changed:
        if f.is_relation and f.related_model is not None:
            wanted.setdefault(f, set()).update({change.old, change.new} - {None})
    names = {}
    for f, ids in wanted.items():
        for obj in f.related_model._base_manager.filter(pk__in=ids):
            names[(f.attname, obj.pk)] = str(obj)
    return names


def history_entries(querysets, *, label=str) -> list[HistoryEntry]:
    """Entries for every history row in `querysets`, newest first. `label(record)` names the object."""
    entries: list[HistoryEntry] = []
    for qs in querysets:
        rows = list(qs.select_related("history_user").order_by("id", "history_date", "history_id"))
        if not rows:
            continue
        fields = _fields(rows[0].__class__)
        changed: list[tuple] = []  # (change, field) of this model's entries, said in words once all are read
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
                            changed.append((changes[-1], f))
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
        names = _names(changed)
        for change, f in changed:
            change.old, change.new = _shown(f, change.old, names), _shown(f, change.new, names)
    entries.sort(key=lambda e: e.when, reverse=True)
    return entries
