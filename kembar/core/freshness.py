"""When a region's data last changed: the stamp that keeps cached pages honest.

Every write to a row a region owns (any TenantModel: cooperations, documents, activities, alerts, …)
sets that region's `Region.data_changed_at` in the same transaction, so:

- a page cached under the old stamp is never served again after the write commits (the key changed);
- a write that is rolled back rolls its stamp back too, and nothing cached while it was in flight can be
  found under the restored stamp (that stamp's pages were rendered from committed data, or under a
  stamp that now never comes back).

Writes that bypass `save()`/`delete()` (bulk creates, queryset updates) call `touch_regions` themselves.
Reference data every region's pages show (countries, rule packs, memberships) touches every region.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import Max
from django.db.models.signals import post_delete, post_save
from django.utils import timezone


def touch_regions(region_ids: Iterable[int | None] | None = None) -> None:
    """Mark the regions' data as changed now (every region when `region_ids` is None). One query."""
    from kembar.regions.models import Region

    if region_ids is None:
        Region.objects.update(data_changed_at=timezone.now())
        return
    ids = {pk for pk in region_ids if pk is not None}
    if ids:
        Region.objects.filter(pk__in=ids).update(data_changed_at=timezone.now())


def regions_stamp(region_ids: Iterable[int] | None = None) -> dt.datetime | None:
    """The latest change among the regions (all regions when None). One query."""
    from kembar.regions.models import Region

    qs = Region.objects.all() if region_ids is None else Region.objects.filter(pk__in=set(region_ids))
    return qs.aggregate(stamp=Max("data_changed_at"))["stamp"]


def _tenant_written(sender, instance, **kwargs):
    from .models import TenantModel

    if isinstance(instance, TenantModel) and not kwargs.get("raw"):
        touch_regions([instance.region_id])


def _everyone_written(sender, instance, **kwargs):
    if not kwargs.get("raw"):
        touch_regions()


def _membership_written(sender, instance, **kwargs):
    # A national role sees every region: its change touches all of them.
    if not kwargs.get("raw"):
        touch_regions(None if instance.region_id is None else [instance.region_id])


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
