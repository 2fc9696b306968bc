"""The ranking as the study's pages and documents read it: kembar.discovery's engine, and its criteria written
out for a reader — both sides' values in words and numbers, the points, the weight — in the page's language or,
for the formal study, in Indonesian.

The one module that calls the engine, so its interface is read in one place.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

from django.utils import formats, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from kembar.discovery import ranking

from .documents import Criterion

#: Criteria that filter (met or not) rather than give points.
REQUIRED = ("level", "relations")


@dataclass(frozen=True)
class Row:
    """One candidate as the pages show it: its place, rank (None when not among the first), score, whether it
    meets the required criteria, the criteria written out, and its ties with Indonesian regions."""

    rank: int | None
    place: object  # discovery.Place
    score: int
    eligible: bool
    criteria: tuple[Criterion, ...]
    ties: tuple = ()

    @property
    def failed(self) -> list[Criterion]:
        return [c for c in self.criteria if c.key in REQUIRED and not c.points]


def default_weights() -> dict[str, int]:
    return dict(ranking.DEFAULT_WEIGHTS)


def weight_keys() -> list[str]:
    return list(ranking.DEFAULT_WEIGHTS)


def labels() -> dict:
    return dict(ranking.LABELS)


def max_weight() -> int:
    return ranking.MAX_WEIGHT


def clean_weights(weights) -> dict[str, int]:
    """ValueError (its message for the user) when a weight is not a whole number 0..MAX or names no criterion."""
    return ranking.clean_weights(weights)


# --- values in words ----------------------------------------------------------------------------------------

_ID = {
    "level": "Kesetaraan status administrasi",
    "relations": "Hubungan diplomatik dengan Indonesia",
    "population": "Kesamaan ukuran (jumlah penduduk)",
    "climate": "Kesamaan garis lintang dan iklim",
    "fields": "Bidang yang sama atau saling melengkapi",
    "preference": "Negara atau kawasan yang diutamakan",
    "distance": "Jarak",
    "timezone": "Selisih zona waktu",
    "ties": "Hubungan yang sudah ada dengan daerah di Indonesia",
}
_CLIMATE_ID = {"tropical": "tropis", "subtropical": "subtropis", "temperate": "sedang", "cold": "dingin"}
_LEVEL_ID = {"city": "kota", "division": "provinsi / negara bagian"}


def _level(value, formal: bool) -> str:
    if formal:
        return _LEVEL_ID.get(value, str(value or ""))
    return {"city": _("city"), "division": _("province / state")}.get(value, str(value or ""))


def _climate(value, formal: bool) -> str:
    if not value:
        return "—"
    if formal:
        return _CLIMATE_ID.get(value, value)
    return {
        "tropical": _("tropical"),
        "subtropical": _("subtropical"),
        "temperate": _("temperate"),
        "cold": _("cold"),
    }.get(value, value)


def _number(value) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    return formats.number_format(value, decimal_pos=0, force_grouping=True)


def _utc(value) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    hours = float(value)
    whole, minutes = int(abs(hours)), round(abs(hours) % 1 * 60)
    sign = "+" if hours >= 0 else "−"
    return f"UTC{sign}{whole}" + (f":{minutes:02d}" if minutes else "")


_CONTINENTS_ID = {
    "AS": "Asia",
    "EU": "Eropa",
    "AF": "Afrika",
    "NA": "Amerika Utara",
    "SA": "Amerika Selatan",
    "OC": "Oseania",
    "AN": "Antartika",
}


def _continents() -> dict:
    return {
        "AS": _("Asia"),
        "EU": _("Europe"),
        "AF": _("Africa"),
        "NA": _("North America"),
        "SA": _("South America"),
        "OC": _("Oceania"),
        "AN": pgettext("continent", "Antarctica"),  # a context of its own: the country list's AQ is its own
    }


@lru_cache(maxsize=8)
def _country_names(language: str) -> dict[str, str]:
    from kembar.partners.models import Country

    return {c.code: c.name(language) for c in Country.objects.all()}


def _region_or_country(code: str, formal: bool) -> str:
    """A preference's code in words: a continent (GeoNames' AS, EU, …) or a country."""
    code = str(code or "")
    if not code:
        return ""
    continents = _CONTINENTS_ID if formal else _continents()
    if code in continents and code not in ("SA",):  # "SA" is also Saudi Arabia: the engine lists countries first
        return continents[code]
    return _country_names("id" if formal else (translation.get_language() or "id")[:2]).get(code, code)


def _list(value) -> str:
    items = [str(v) for v in (value or []) if v not in (None, "")]
    return ", ".join(items) if items else "—"


def value_text(key: str, value, *, formal: bool = False) -> str:
    """A criterion's value on one side, in words: in the page's language, or (`formal`) in the study's
    Indonesian."""
    if key == "level":
        return _level(value, formal)
    if key == "relations":
        if formal:
            return "ada" if value else "tidak ada"
        return _("yes") if value else _("no")
    if key == "population":
        return _number(value) if value else ("belum dikonfirmasi" if formal else _("unconfirmed"))
    if key == "climate":
        return _climate(value, formal)
    if key == "distance":
        return f"{_number(value)} km" if value is not None else "—"
    if key == "timezone":
        return _utc(value)
    if key == "preference":
        words = [_region_or_country(v, formal) for v in (value or [])]
        return _list([w for w in words if w])
    if isinstance(value, list | tuple):
        return _list(value)
    if value is None:
        return "—"
    return str(value)


def _theirs_preference(value, formal: bool) -> str:
    """The candidate's side of the preference criterion: [its country, its continent]."""
    value = list(value or [])
    country = _region_or_country(value[0], formal) if value else ""
    continents = _CONTINENTS_ID if formal else _continents()
    continent = continents.get(str(value[1]), "") if len(value) > 1 else ""
    return _list([w for w in (country, continent) if w])


def written(c, *, formal: bool = False) -> Criterion:
    """An engine criterion written out (the formal study's Indonesian with `formal`)."""
    required = c.key in REQUIRED
    if c.key == "preference":
        theirs = _theirs_preference(c.theirs, formal)
    else:
        theirs = value_text(c.key, c.theirs, formal=formal)
    label = _ID.get(c.key, str(c.label)) if formal else str(c.label)
    return Criterion(
        key=c.key,
        label=label,
        ours=value_text(c.key, c.ours, formal=formal),
        theirs=theirs,
        # A required criterion gives no points: 1 when met, 0 when not (pages show "met" / "not met").
        points=float(1 if c.met else 0) if required else float(c.points),
        weight=float(c.weight),
        note=str(c.note or ""),
        required=required,
    )


def _row(ranked, rank: int | None, *, formal: bool = False) -> Row:
    return Row(
        rank=rank,
        place=ranked.place,
        score=int(ranked.score),
        eligible=bool(ranked.eligible),
        criteria=tuple(written(c, formal=formal) for c in ranked.criteria),
        ties=tuple(ranked.ties or ()),
    )


def rank(
    profile, *, weights=None, countries=None, fields=None, notes=None, limit: int = 20, formal: bool = False
) -> list[Row]:
    results = ranking.rank(
        profile, weights=weights, countries=countries or None, fields=fields or None, notes=notes, limit=limit
    )
    return [_row(r, r.rank or n, formal=formal) for n, r in enumerate(results, 1)]


def explain(profile, place, *, weights=None, fields=None, notes=None, formal: bool = False) -> Row:
    """One place's criteria and score (the place need not be among the first ranked)."""
    ranked = ranking.explain(profile, place, weights, fields=fields or None, notes=notes)
    return _row(ranked, None, formal=formal)


def place_search(name: str, *, limit: int = 20) -> list:
    return list(ranking.place_search(name, limit=limit))
