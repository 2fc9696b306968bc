"""The national dashboard's table of regions: searched, sorted and paged from the rows the national board
returns (selectors.national_dashboard's `regions`, the regions with cooperations), with the regions without
any added last when asked for (`show=all`). Everything comes from the query string, so the kept page body
(kembar/core/pages.py) is one per search, sort and page."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.db.models import Q

from kembar.core.sorting import Sorting, sorted_by
from kembar.regions.models import Region

from .selectors import RegionRow

#: The sortable columns: the key in `?sort=`, and the row attribute it sorts by.
REGION_SORTS = {
    key: (attr,)
    for name, attr in {
        "code": "code",
        "name": "name",
        "province": "province",
        "cooperations": "cooperations",
        "active": "active",
        "dormant": "dormant",
        "last_activity": "last_activity",
    }.items()
    for key in (name, f"-{name}")
}
#: The regions with most cooperations first.
DEFAULT_SORT = "-cooperations"


@dataclass(frozen=True)
class RegionTable:
    rows: list[RegionRow]
    sorting: Sorting
    q: str
    show_all: bool


def _empty_rows(exclude: set[int], q: str) -> list[RegionRow]:
    """The regions without cooperations as rows of zeros (one query)."""
    regions = Region.objects.exclude(pk__in=exclude)
    if q:
        regions = regions.filter(Q(name__icontains=q) | Q(code__startswith=q) | Q(parent__name__icontains=q))
    return [
        RegionRow(pk, code, name, parent_id or pk, parent_name or name, 0, 0, 0)
        for pk, code, name, parent_id, parent_name in regions.values_list(
            "pk", "code", "name", "parent_id", "parent__name"
        ).order_by("code")
    ]


def _matches(row: RegionRow, q: str) -> bool:
    q = q.casefold()
    return q in row.name.casefold() or row.code.startswith(q) or q in row.province.casefold()


def _sorted(rows: list[RegionRow], sorting: Sorting) -> list[RegionRow]:
    """Rows by the sorting's attribute (text without case), the name breaking ties; rows without a value
    (no activity yet) last in either direction."""
    attr = sorting.ordering[0]
    descending = sorting.key.startswith("-")

    def value(row):
        v = getattr(row, attr)
        return v.casefold() if isinstance(v, str) else v

    known = sorted((r for r in rows if getattr(r, attr) is not None), key=lambda r: (r.name.casefold(), r.code))
    known.sort(key=value, reverse=descending)
    return known + [r for r in rows if getattr(r, attr) is None]


def region_table(rows: list[RegionRow], query: Mapping[str, str], *, every_region: bool = True) -> RegionTable:
    """The table's rows for the query: `q` (name, code or province), `sort` (REGION_SORTS), `show=all` (also the
    regions without cooperations, after those with, when `rows` are `every_region` with cooperations rather
    than a filtered part of them)."""
    q = (query.get("q") or "").strip()[:100]
    show_all = query.get("show") == "all"
    sorting = sorted_by(query, REGION_SORTS, DEFAULT_SORT)
    with_coops = _sorted([r for r in rows if not q or _matches(r, q)], sorting)
    empty = _sorted(_empty_rows({r.region_id for r in rows}, q), sorting) if show_all and every_region else []
    return RegionTable(rows=with_coops + empty, sorting=sorting, q=q, show_all=show_all)
