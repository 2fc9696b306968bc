"""Writes of the evaluation app: the region's dormancy thresholds (evaluations themselves are never stored)."""

from django.db import transaction

from kembar.regions.models import Region, RegionProfile
from kembar.regions.services import region_profile_update


@transaction.atomic
def dormancy_settings_update(*, region: Region, by, quiet_months: int, dormant_months: int) -> RegionProfile:
    """Set after how many silent months a cooperation of the region is quiet, then dormant (history kept)."""
    return region_profile_update(region=region, by=by, quiet_months=quiet_months, dormant_months=dormant_months)
