"""When a region's data last changed: the stamp that keeps cached pages honest.

Every write to a row a region owns (any TenantModel: cooperations, documents, activities, alerts, …)
sets that region's `Region.data_changed_at` in the same transaction, so:

- a page cached under the old stamp is never served again after the write commits (the key changed);
- a write that is rolled back rolls its stamp back too, and nothing cached while it was in flight can be
  found under the restored stamp (that stamp's pages were rendered from committed data, or under a
  stamp that now never comes back).

A write to a cooperation or to anything of its dossier (a row with a `cooperation`, or an obligation's
terms) also sets that cooperation's `Cooperation.data_changed_at`: the region dashboard keeps each
cooperation's figures under it, so after one write it recomputes one cooperation, not the region.

Writes that bypass `save()`/`delete()` (bulk creates, queryset updates) call `touch_regions` themselves,
which marks every cooperation of those regions changed too unless told they touched none.
Reference data every region's pages show (countries, rule packs) touches every region and cooperation;
a membership touches its region (or all of them, for a national role).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import Max
from django.db.models.signals import post_delete, post_save
from django.utils import timezone


def touch_regions(region_ids: Iterable[int | None] | None = None, *, cooperations: bool = True) -> None:
    """Mark the regions' data as changed now (every region when `region_ids` is None), and every one of
    their cooperations unless `cooperations` is False (a write that touched none: alerts, memberships).
    One query, two with the cooperations."""
    from kembar.cooperations.models import Cooperation
    from kembar.regions.models import Region

    now = timezone.now()
    if region_ids is None:
        Region.objects.update(data_changed_at=now)
        if cooperations:
            Cooperation._base_manager.update(data_changed_at=now)
        return
    ids = {pk for pk in region_ids if pk is not None}
    if ids:
        Region.objects.filter(pk__in=ids).update(data_changed_at=now)
        if cooperations:
            Cooperation._base_manager.filter(region_id__in=ids).update(data_changed_at=now)


def touch_cooperation(instance) -> None:
    """Mark the cooperation `instance` belongs to (or is) as changed now. One query; none for a row that
    belongs to no cooperation."""
    from kembar.cooperations.models import Cooperation, Obligation

    now = timezone.now()
    if isinstance(instance, Cooperation):
        instance.data_changed_at = now
        ids = Cooperation._base_manager.filter(pk=instance.pk)
    elif getattr(instance, "cooperation_id", None) is not None:
        ids = Cooperation._base_manager.filter(pk=instance.cooperation_id)
    elif getattr(instance, "obligation_id", None) is not None:  # an obligation's terms
        owner = Obligation._base_manager.filter(pk=instance.obligation_id).values("cooperation_id")
        ids = Cooperation._base_manager.filter(pk__in=owner)
    else:
        return
    ids.update(data_changed_at=now)


def regions_stamp(region_ids: Iterable[int] | None = None) -> dt.datetime | None:
    """The latest change among the regions (all regions when None). One query."""
    from kembar.regions.models import Region

    qs = Region.objects.all() if region_ids is None else Region.objects.filter(pk__in=set(region_ids))
    return qs.aggregate(stamp=Max("data_changed_at"))["stamp"]


def _tenant_written(sender, instance, **kwargs):
    from .models import TenantModel

    if isinstance(instance, TenantModel) and not kwargs.get("raw"):
        touch_regions([instance.region_id], cooperations=False)
        touch_cooperation(instance)


def _everyone_written(sender, instance, **kwargs):
    if not kwargs.get("raw"):
        touch_regions()


def _membership_written(sender, instance, **kwargs):
    # A national role sees every region: its change touches all of them.
    if not kwargs.get("raw"):
        touch_regions(None if instance.region_id is None else [instance.region_id], cooperations=False)


def connect() -> None:
    """Hook the stamps to every write (called once from CoreConfig.ready)."""
    from kembar.accounts.models import Membership
    from kembar.partners.models import Country
    from kembar.procedure.models import RulePack

    for signal in (post_save, post_delete):
        signal.connect(_tenant_written, dispatch_uid=f"kembar-freshness-tenant-{signal is post_save}")
        signal.connect(_membership_written, sender=Membership, dispatch_uid=f"kembar-freshness-m-{signal is post_save}")
        for model in (Country, RulePack):
            signal.connect(
                _everyone_written, sender=model, dispatch_uid=f"kembar-freshness-{model.__name__}-{signal is post_save}"
            )
