"""The directory's summary (models.DirectorySummary): what its filters offer, grouped from the stored entries
(entries.py writes it whenever they change; `summarize` is the reference) and read in one query by the pages."""

from __future__ import annotations

from django.db.models import Count


def summarize() -> dict:
    """What the directory's filters offer, grouped by the database from the stored entries (four short queries
    over one narrow table): {"regions": [[code, name, province code, province name, entries]], "countries":
    [[code, Indonesian name, English name]], "fields": [...], "forms": [...]}, each sorted."""
    from .models import DirectoryEntry

    entries = DirectoryEntry.objects.order_by()
    regions = entries.values_list("region__code", "region__name", "province__code", "province__name")
    countries = entries.values_list("country_id", "country__name_id", "country__name_en").distinct()
    fields = set()
    for entry_fields in entries.values_list("fields", flat=True).distinct():
        fields.update(entry_fields)
    return {
        "regions": sorted(list(row) for row in regions.annotate(n=Count("pk"))),
        "countries": sorted(list(row) for row in countries),
        "fields": sorted(fields),
        "forms": sorted(set(entries.values_list("form", flat=True).distinct())),
    }


def summary() -> dict:
    """The stored summary (as `summarize` gives it); grouped from the entries when there is none yet."""
    from .models import DirectorySummary

    data = DirectorySummary.objects.filter(pk=1).values_list("data", flat=True).first()
    return data if data else summarize()


def write_summary() -> None:
    """Group the summary again from the entries and store it, in the caller's transaction. The row is locked
    first, so two writers that change entries at once write it one after the other, the second from what the
    first committed (READ COMMITTED reads it in the next statement)."""
    from django.db import transaction

    from .models import DirectorySummary

    with transaction.atomic():
        row, _created = DirectorySummary.objects.select_for_update().get_or_create(pk=1)
        row.data = summarize()
        row.save(update_fields=["data"])


def summary_differs() -> bool:
    """Whether the stored summary is not what the entries give (missing or different)."""
    from .models import DirectorySummary

    kept = DirectorySummary.objects.filter(pk=1).values_list("data", flat=True).first()
    return kept != summarize()
