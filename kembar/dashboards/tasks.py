"""Background tasks of the dashboards (django-tasks; docs/adr/0012). Arguments are JSON: dates as text."""

import datetime as dt

from django_tasks import task


@task()
def figures_share(region_id: int, day: str) -> dict:
    """Compute and share one region's dashboard figures for `day` in every language (store.warm)."""
    from kembar.regions.models import Region

    from . import store

    region = Region.objects.filter(pk=region_id).first()
    if region is None:
        return {"regions": 0}
    return store.warm(today=dt.date.fromisoformat(day), regions=[region])
