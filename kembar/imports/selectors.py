"""Reads of imports. Every function takes the region."""

from django.db.models import QuerySet

from kembar.regions.models import Region

from .models import ImportJob


def import_job_list(*, region: Region, limit: int = 50) -> QuerySet[ImportJob]:
    """The region's latest imports (one query; the problem lists are not loaded)."""
    return (
        ImportJob.objects.filter(region=region)
        .select_related("created_by")
        .defer("errors", "headers", "mapping")
        .order_by("-created_at", "-pk")[:limit]
    )


def import_job_get(*, region: Region, pk: int) -> ImportJob:
    return ImportJob.objects.select_related("created_by", "region").get(region=region, pk=pk)
