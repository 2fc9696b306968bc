"""Write helpers shared by every app's services: history attribution, soft delete, restore."""

from django.db import transaction
from django.utils import timezone


def record_change(obj, *, by, reason: str = "") -> None:
    """Attribute the next history row of `obj` to `by` (django-simple-history reads these)."""
    obj._history_user = by if getattr(by, "is_authenticated", False) else None
    if reason:
        obj._change_reason = reason[:100]


def save_validated(obj, *, by, fields: dict | None = None, reason: str = ""):
    """Set `fields` on `obj`, validate it, attribute the change and save: the last step of every
    create/update service, so each records history the same way."""
    for name, value in (fields or {}).items():
        setattr(obj, name, value)
    obj.full_clean()
    record_change(obj, by=by, reason=reason)
    obj.save()
    return obj


@transaction.atomic
def soft_delete(obj, *, by, reason: str = "") -> None:
    obj.deleted_at = timezone.now()
    obj.deleted_by = by if getattr(by, "is_authenticated", False) else None
    record_change(obj, by=by, reason=reason or "deleted")
    obj.save(update_fields=["deleted_at", "deleted_by", "updated_at"])


@transaction.atomic
def restore(obj, *, by) -> None:
    obj.deleted_at = None
    obj.deleted_by = None
    record_change(obj, by=by, reason="restored")
    obj.save(update_fields=["deleted_at", "deleted_by", "updated_at"])
