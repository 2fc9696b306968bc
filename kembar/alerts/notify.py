"""Notifications of events, kept as alerts of their own kind: the same unread count, list, read state and
digest as the alerts of conditions, but never removed when a day's conditions change.

- a plan submitted to the DPRD → the region's DPRD members;
- the DPRD's decision on it → the region's bureau administrators and staff.

(An obligation falling due reaches the person in charge and the bureau as an alert of its condition: the
daily run and the write that makes one due, services.alerts_sync.)

Each is written in the transaction of the event's own write, so a failed write notifies no one; the person
who acted is not notified of their own act. (user, key) is unique, so the same event never notifies twice.
"""

from __future__ import annotations

from kembar.accounts.models import Membership, Role

from . import rules, unread
from .models import Alert
from .selectors import recipients


def _dprd_members(region) -> set[int]:
    return set(
        Membership.objects.filter(region=region, role=Role.DPRD, user__is_active=True).values_list("user_id", flat=True)
    )


def _send(*, plan, users: set[int], level: str, by) -> int:
    users.discard(getattr(by, "pk", None))
    coop = plan.cooperation
    rows = [
        Alert(
            region_id=plan.region_id,
            user_id=user_id,
            cooperation=coop,
            kind=rules.PLAN,
            level=level,
            title=coop.title[:300],
            data={"plan": plan.pk, "number": plan.number},
            key=f"plan:{plan.pk}:{'submitted' if level == 'submitted' else 'decided'}",
        )
        for user_id in sorted(users)
    ]
    Alert.objects.bulk_create(rows, ignore_conflicts=True)
    unread.refresh(users)  # bulk_create sends no signal
    return len(rows)


def plan_submitted(*, plan, by) -> int:
    """Tell the region's DPRD members that a plan awaits their decision; how many were told."""
    return _send(plan=plan, users=_dprd_members(plan.region_id), level="submitted", by=by)


def plan_decided(*, plan, by) -> int:
    """Tell the region's bureau that the DPRD approved or rejected its plan; how many were told."""
    editors, _by_name = recipients(region=plan.region)
    return _send(plan=plan, users=set(editors), level=plan.status, by=by)
