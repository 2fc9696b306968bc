"""A background task's lease (docs/adr/0031-task-leases.md): a row a worker is busy with (a report being built,
an import being checked or written) shows a sign of life — its `updated_at` — at least once in
KEMBAR_TASK_LEASE_SECONDS. A row silent for longer has lost its worker (killed by a timeout, a restart, the
machine going down): its page says so at once, it may be started again, and the daily job records it as failed.

One rule for every such row, so reports and imports cannot drift apart; each model says which status is "busy".
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .services import record_change


def cutoff() -> dt.datetime:
    """A busy row whose last sign of life is older than this has lost its worker."""
    return timezone.now() - dt.timedelta(seconds=settings.KEMBAR_TASK_LEASE_SECONDS)


def lapsed(row, *busy: str) -> bool:
    """Is `row` in one of the `busy` statuses with no sign of life within the lease?

    Judged once for the row as it was read (its status and last sign of life): a page asks several times (its
    status, whether to keep polling, which message) and must get one answer, even when the lease runs out while
    it is being rendered. A row read again, or given a new sign of life, is judged anew."""
    if row.status not in busy or row.updated_at is None:
        return False
    state = (row.status, row.updated_at)
    judged = row.__dict__.get("_lease_judged")
    if judged is None or judged[0] != state:
        judged = row.__dict__["_lease_judged"] = (state, row.updated_at < cutoff())
    return judged[1]


def fail_lapsed(queryset, *, busy: str, failed: str, message: str, reason: str) -> int:
    """Record as failed (status `failed`, `message`, `finished_at`, a history row giving `reason`) every row of
    `queryset` still `busy` past its lease; how many. Each is read again under a lock and skipped if a sign of
    life came meanwhile, so a worker that was only slow keeps its row."""
    n = 0
    for pk in queryset.filter(status=busy, updated_at__lt=cutoff()).values_list("pk", flat=True):
        with transaction.atomic():
            row = queryset.select_for_update().filter(pk=pk).first()
            if row is None or not lapsed(row, busy):
                continue
            row.status, row.message, row.finished_at = failed, str(message)[:500], timezone.now()
            record_change(row, by=None, reason=reason)
            row.save()
            n += 1
    return n
