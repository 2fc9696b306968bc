"""A country's names in Kembar's languages, from pycountry's ISO 3166-1 catalogues (docs/adr/0004).

English is the name people use: pycountry's common name where it has one ("Bolivia", "South Korea", "Taiwan"),
else its name. Indonesian, Korean and Japanese translate that same name where the catalogue does, else the formal
name ("Korea, Republic of" → "Korea Selatan"), so a country is not "Bolivia" in English and "Bolivia, Negara
Plurinasional" in Indonesian. Where pycountry's Indonesian catalogue leaves a name in English, Kembar's own
Indonesian name (data/country_names.yaml) is used. No model is imported here: a migration uses it too.
"""

import gettext
from functools import cache
from pathlib import Path

import pycountry
import yaml

LANGS = ("id", "ko", "ja")
NAMES_FILE = Path(__file__).parent / "data" / "country_names.yaml"


@cache
def _catalogue(language: str) -> dict:
    return gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language])._catalog


@cache
def _own() -> dict:
    return yaml.safe_load(NAMES_FILE.read_text(encoding="utf-8"))


def names(country) -> dict[str, str]:
    """{"name_en": …, "name_id": …, "name_ko": …, "name_ja": …} of a pycountry country."""
    common = getattr(country, "common_name", None)
    out = {"name_en": common or country.name}
    for language in LANGS:
        catalogue = _catalogue(language)
        translated = catalogue.get(common) if common else None
        out[f"name_{language}"] = (
            _own().get(language, {}).get(country.alpha_2) or translated or catalogue.get(country.name) or country.name
        )
    return out


def all_names() -> dict[str, dict[str, str]]:
    """Every ISO 3166-1 country's names by its alpha-2 code."""
    return {c.alpha_2: names(c) for c in pycountry.countries}
