"""The directory's entries (models.DirectoryEntry): one row per published, live cooperation of a live partner,
holding what the directory filters, searches, orders, counts and maps by — region, province, partner, country,
form, fields, the region's and partner's names, the partner's place, and the names searched.

A derived fact, as the cooperations' stored facts are (ADR 0021): written in the same transaction as every
write to its inputs by a `post_save`/`post_delete` signal on Cooperation (publishing, withdrawing, editing,
deleting and restoring are saves), Partner (its country, name, place, deletion), Region (its name, its province)
and Country (its names); rebuilt by `kembar directory rebuild [--check]` and after every `migrate`. `compute` is
the reference: a test holds the stored rows equal to it after any sequence of writes. A writer that bypasses
`save()` (a queryset `update()`) calls `refresh()` for the cooperations it touched.

With them, one summary row (models.DirectorySummary): what the directory's filters offer, grouped from the
entries (summary.py) whenever an entry changes, and when a region with entries is renamed (the summary holds
the names of the regions and their provinces).
"""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save

from .summary import summary_differs, write_summary

#: An entry's columns, in the order `compute` gives them.
COLUMNS = (
    "region_id",
    "province_id",
    "partner_id",
    "country_id",
    "form",
    "fields",
    "region_name",
    "partner_name",
    "latitude",
    "longitude",
    "search",
)


def search_text(*names: str) -> str:
    """What the directory's search looks in (the partner's names, the region's, the country's), in lower case."""
    return "\n".join(n for n in names if n).lower()


def _sources(cooperation_ids=None):
    from .selectors import published_cooperations

    qs = published_cooperations()
    return qs if cooperation_ids is None else qs.filter(pk__in=cooperation_ids)


def compute(cooperation_ids=None) -> dict[int, tuple]:
    """{cooperation id: its entry's COLUMNS} from the records, for those of `cooperation_ids` (all when None) that
    are on the portal."""
    rows = _sources(cooperation_ids).values_list(
        "pk",
        "region_id",
        "region__parent_id",
        "partner_id",
        "partner__country_id",
        "form",
        "fields",
        "region__name",
        "partner__name",
        "partner__latitude",
        "partner__longitude",
        "partner__name_local",
        "partner__country__name_id",
        "partner__country__name_en",
    )
    computed = {}
    for pk, region, parent, partner, country, form, fields, *names_place, local, c_id, c_en in rows.order_by():
        region_name, partner_name, _latitude, _longitude = names_place
        fields = [f for f in fields or [] if isinstance(f, str)]
        search = search_text(partner_name, local, region_name, c_id, c_en)
        computed[pk] = (region, parent or region, partner, country, form, fields, *names_place, search)
    return computed


def stored(cooperation_ids=None) -> dict[int, tuple]:
    """{cooperation id: its entry's COLUMNS} as stored."""
    from .models import DirectoryEntry

    qs = DirectoryEntry.objects.all()
    if cooperation_ids is not None:
        qs = qs.filter(pk__in=cooperation_ids)
    return {pk: tuple(rest) for pk, *rest in qs.values_list("pk", *COLUMNS)}


def _write(computed: dict[int, tuple], ids) -> None:
    from .models import DirectoryEntry

    gone = DirectoryEntry.objects.all() if ids is None else DirectoryEntry.objects.filter(pk__in=ids)
    gone.delete()
    DirectoryEntry.objects.bulk_create(
        [DirectoryEntry(cooperation_id=pk, **dict(zip(COLUMNS, row, strict=True))) for pk, row in computed.items()],
        batch_size=500,
    )
    write_summary()


def refresh(cooperation_ids) -> bool:
    """Write these cooperations' entries from their records, in the caller's transaction: an entry for each that
    is on the portal, none for the others. Nothing is written when they are as stored (most saves of a
    cooperation change nothing the directory holds). Whether it wrote them (and the summary with them)."""
    ids = list(cooperation_ids)
    if ids:
        computed = compute(ids)
        if computed != stored(ids):
            _write(computed, ids)
            return True
    return False


def rebuild() -> int:
    """Every entry, and the summary, from the records; how many entries there are."""
    computed = compute()
    _write(computed, None)
    return len(computed)


def differ() -> list[int]:
    """The cooperations whose stored entry is not what their records say (missing, extra or different)."""
    kept, wanted = stored(), compute()
    return sorted(pk for pk in kept.keys() | wanted.keys() if kept.get(pk) != wanted.get(pk))


def after_migrate(*, using: str = "default", **kwargs) -> None:
    from django.db import connections

    from kembar.cooperations.models import Cooperation

    from .models import DirectoryEntry, DirectorySummary

    tables = set(connections[using].introspection.table_names())
    needed = {DirectoryEntry._meta.db_table, DirectorySummary._meta.db_table, Cooperation._meta.db_table}
    if needed <= tables and (differ() or summary_differs()):
        rebuild()


def _cooperation(sender, instance, **kwargs):
    if kwargs.get("raw"):
        return
    if kwargs.get("signal") is post_delete:
        return  # its entry goes with it (on delete cascade)
    refresh([instance.pk])


def _partner(sender, instance, **kwargs):
    if kwargs.get("raw") or kwargs.get("signal") is post_delete:
        return  # a partner's cooperations protect it; a deleted partner's entries go with it
    from kembar.cooperations.models import Cooperation

    refresh(Cooperation.objects.filter(partner=instance, published=True).values_list("pk", flat=True))


def _region(sender, instance, **kwargs):
    if kwargs.get("raw") or kwargs.get("signal") is post_delete:
        return
    from django.db.models import Q

    from .models import DirectoryEntry

    if refresh(DirectoryEntry.objects.filter(region=instance).values_list("pk", flat=True)):
        return  # the summary was written with its entries
    if DirectoryEntry.objects.filter(Q(region=instance) | Q(province=instance)).exists():
        write_summary()  # its name (or its province's) is in the summary


def _country(sender, instance, **kwargs):
    if kwargs.get("raw") or kwargs.get("signal") is post_delete:
        return
    from .models import DirectoryEntry

    # Its names are in its entries (searched) and in the summary, which is written when the entries change.
    refresh(DirectoryEntry.objects.filter(country=instance).values_list("pk", flat=True))


def connect() -> None:
    """Keep the entries with their records (called once from the app's ready)."""
    from kembar.cooperations.models import Cooperation
    from kembar.partners.models import Country, Partner
    from kembar.regions.models import Region

    receivers = ((Cooperation, _cooperation), (Partner, _partner), (Region, _region), (Country, _country))
    for model, receiver in receivers:
        for signal in (post_save, post_delete):
            signal.connect(receiver, sender=model, dispatch_uid=f"kembar-directory-{model.__name__}-{id(signal)}")
