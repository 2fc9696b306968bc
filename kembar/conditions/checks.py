"""Automatic checks of the conditions on a foreign cooperation, as pure functions of simple facts.

No database: the selectors gather the facts (partner country and level, the region's kind, the
cooperation's fields, the document kinds on file) and call `run_all`. Each check answers
met, unmet, or unknown — "needs attestation": Kembar cannot tell, a named user must attest it with
evidence. A check never answers unmet on a guess.

Decisions, written down:

- ``equal_level`` (sister-city criterion "equal administrative status", Permendagri 3/2008 Pasal 5,
  seed 004): an Indonesian province matches a foreign province/state, a kabupaten a foreign regency
  /county/district, a kota a foreign city. A kabupaten with a foreign city (or a kota with a foreign
  regency) is *unknown*, not unmet: under UU 23/2014 both are second-tier regions, and foreign units
  differ (Kabupaten Bogor's sister city is the city of Nanning, seed 003), so a person attests it.
  A province with a city or regency (either way round) is unmet; an institution is never a local
  government of equal status (unmet).
- ``fields_within_authority``: see data/authority_fields.yaml (keywords, sources, how a field is
  split and matched). A field that cannot be classified needs attestation; only a field naming an
  absolute affair of the central government is unmet.
- ``dprd_approval_on_file``: met when a (live) document of kind ``dprd_approval`` is on file, else
  unmet — the remedy is to add the document, not to attest.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml
from django.utils.translation import get_language
from django.utils.translation import gettext as _

MET, UNMET, UNKNOWN = "met", "unmet", "unknown"
STATES = (MET, UNMET, UNKNOWN)

AUTHORITY_FILE = Path(__file__).parent / "data" / "authority_fields.yaml"
DPRD_APPROVAL = "dprd_approval"


@dataclass(frozen=True)
class Facts:
    """What the checks look at. Empty values mean "not recorded"."""

    country_code: str = ""
    country_name: str = ""
    diplomatic_relations: bool | None = None
    relations_note: str = ""
    relations_source: str = ""
    partner_kind: str = ""  # local_government | institution
    partner_level: str = ""  # province | city | regency | institution
    region_kind: str = ""  # province | regency | city (kembar.regions.models.Region.Kind)
    fields: tuple[str, ...] = ()
    documents: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Result:
    state: str
    explanation: str
    details: tuple[str, ...] = ()
    source: str = ""


# --- diplomatic relations --------------------------------------------------------------------


def check_diplomatic_relations(facts: Facts, *, condition: str = "") -> Result:
    name = facts.country_name or facts.country_code
    if facts.diplomatic_relations is None or not name:
        return Result(UNKNOWN, _("The partner's country is not recorded."))
    if facts.diplomatic_relations:
        return Result(
            MET,
            _("Indonesia has diplomatic relations with %(country)s.") % {"country": name},
            source=facts.relations_source,
        )
    if condition:
        text = _("%(country)s: the condition “%(condition)s” is not met.") % {"country": name, "condition": condition}
    else:
        text = _("Indonesia has no diplomatic relations with %(country)s.") % {"country": name}
    details = (facts.relations_note,) if facts.relations_note else ()
    return Result(UNMET, text, details, facts.relations_source)


# --- equal administrative status ---------------------------------------------------------------

# Indonesian region kind -> the foreign partner level that is its equal.
EQUAL_LEVEL = {"province": "province", "regency": "regency", "city": "city"}
SECOND_TIER = {"regency", "city"}
LEVEL_SOURCE = "Peraturan Menteri Dalam Negeri Nomor 3 Tahun 2008, Pasal 5; Undang-Undang Nomor 23 Tahun 2014"


def _region_kind_label(kind: str) -> str:
    return {"province": _("province"), "regency": _("regency (kabupaten)"), "city": _("city (kota)")}.get(kind, kind)


def _partner_level_label(level: str) -> str:
    return {
        "province": _("province / state"),
        "regency": _("regency / county / district"),
        "city": _("city"),
        "institution": _("institution"),
    }.get(level, level)


def check_equal_level(facts: Facts, *, condition: str = "") -> Result:
    region, partner = facts.region_kind, facts.partner_level
    labels = {"region": _region_kind_label(region), "partner": _partner_level_label(partner)}
    if facts.partner_kind == "institution" or partner == "institution":
        return Result(
            UNMET,
            _("The partner is an institution, not a local government: it has no administrative status to compare."),
            source=LEVEL_SOURCE,
        )
    if region not in EQUAL_LEVEL or not partner:
        return Result(UNKNOWN, _("The level of the region or of the partner is not recorded."), source=LEVEL_SOURCE)
    if EQUAL_LEVEL[region] == partner:
        return Result(MET, _("Equal level: a %(region)s with a %(partner)s.") % labels, source=LEVEL_SOURCE)
    if region in SECOND_TIER and partner in SECOND_TIER:
        return Result(
            UNKNOWN,
            _(
                "A %(region)s with a %(partner)s: both are below the province, but foreign units differ "
                "(Kabupaten Bogor's sister city is the city of Nanning). Attest whether their status is equal."
            )
            % labels,
            source=LEVEL_SOURCE,
        )
    return Result(UNMET, _("Unequal level: a %(region)s with a %(partner)s.") % labels, source=LEVEL_SOURCE)


# --- fields within the region's authority ------------------------------------------------------


@cache
def authority_data() -> dict:
    return yaml.safe_load(AUTHORITY_FILE.read_text(encoding="utf-8"))


def normalize(text: str) -> str:
    """Lower case, accents removed, anything not a letter or digit turned into one space."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


_SPLIT = re.compile(r"[,;/&+()]|\b(?:dan|serta|and)\b", re.IGNORECASE)


def field_parts(text: str) -> list[str]:
    """ "Ekonomi, Perdagangan, Industri, dan Pariwisata" -> ["ekonomi", "perdagangan", "industri", "pariwisata"]."""
    return [p for p in (normalize(part) for part in _SPLIT.split(text)) if p]


@cache
def _pattern(keyword: str) -> re.Pattern:
    # A keyword matches at the start of a word, so stems ("teknolog") match their forms.
    return re.compile(r"(?<![a-z0-9])" + re.escape(normalize(keyword)))


def _matches(part: str, keywords: Iterable[str]) -> bool:
    return any(_pattern(k).search(part) for k in keywords)


@dataclass(frozen=True)
class FieldClass:
    """How one cooperation field was classified."""

    field: str
    state: str
    categories: tuple[str, ...] = ()  # category ids of data/authority_fields.yaml
    unclassified: tuple[str, ...] = ()  # parts that matched nothing
    absolute: tuple[str, ...] = ()  # parts naming an absolute affair
    unconfirmed: bool = False  # some category used is marked confirmed: false


def classify_field(text: str, data: Mapping | None = None) -> FieldClass:
    data = data or authority_data()
    categories, unclassified, absolute, unconfirmed = [], [], [], False
    for part in field_parts(text):
        if _matches(part, data.get("absolute", {}).get("keywords", ())):
            absolute.append(part)
            continue
        found = [cid for cid, cat in data["categories"].items() if _matches(part, cat.get("keywords", ()))]
        if not found:
            unclassified.append(part)
        for cid in found:
            unconfirmed |= data["categories"][cid].get("confirmed", True) is False
            if cid not in categories:
                categories.append(cid)
    if absolute:
        state = UNMET
    elif unclassified or not categories:
        state = UNKNOWN
    else:
        state = MET
    return FieldClass(text, state, tuple(categories), tuple(unclassified), tuple(absolute), unconfirmed)


def _category_label(data: Mapping, cid: str, language: str) -> str:
    label = data["categories"][cid].get("label", {})
    return label.get(language) or label.get("id") or cid


def check_fields_within_authority(facts: Facts, *, condition: str = "", data: Mapping | None = None) -> Result:
    data = data or authority_data()
    language = (get_language() or "id")[:2]
    source = data.get("source", "").strip()
    if not facts.fields:
        return Result(UNKNOWN, _("No fields of cooperation are recorded."), source=source)
    classes = [classify_field(f, data) for f in facts.fields]
    details = []
    for c in classes:
        if c.state == UNMET:
            if data["absolute"].get("confirmed", True) is False:
                line = _(
                    "“%(field)s”: names an absolute affair of the central government (%(parts)s; %(source)s; "
                    "keyword list to verify)."
                )
            else:
                line = _("“%(field)s”: names an absolute affair of the central government (%(parts)s; %(source)s).")
            parts = {"field": c.field, "parts": ", ".join(c.absolute), "source": data["absolute"]["source"]}
            details.append(line % parts)
        elif c.state == UNKNOWN:
            details.append(
                _("“%(field)s”: cannot be classified (%(parts)s) — needs attestation.")
                % {"field": c.field, "parts": ", ".join(c.unclassified) or c.field}
            )
        else:
            names = "; ".join(_category_label(data, cid, language) for cid in c.categories)
            if c.unconfirmed:
                line = _("“%(field)s”: %(categories)s (keyword list to verify).")
            else:
                line = _("“%(field)s”: %(categories)s.")
            details.append(line % {"field": c.field, "categories": names})
    states = {c.state for c in classes}
    if UNMET in states:
        text = _("A field of cooperation lies outside the region's authority.")
        state = UNMET
    elif UNKNOWN in states:
        text = _("Some fields could not be classified automatically; attest them.")
        state = UNKNOWN
    else:
        text = _("Every field of cooperation falls within the fields the law allows.")
        state = MET
    return Result(state, text, tuple(details), source)


# --- DPRD approval -----------------------------------------------------------------------------


def check_dprd_approval_on_file(facts: Facts, *, condition: str = "") -> Result:
    if DPRD_APPROVAL in facts.documents:
        return Result(MET, _("A DPRD approval document is on file."))
    return Result(UNMET, _("No DPRD approval document is on file: add it to the dossier."))


# --- running them ------------------------------------------------------------------------------

CHECKS: dict[str, Callable[..., Result]] = {
    "diplomatic_relations": check_diplomatic_relations,
    "equal_level": check_equal_level,
    "fields_within_authority": check_fields_within_authority,
    "dprd_approval_on_file": check_dprd_approval_on_file,
}


def run(check_id: str, facts: Facts, *, condition: str = "") -> Result | None:
    """The result of one check, or None when Kembar has no check of that id (a person attests)."""
    check = CHECKS.get(check_id)
    return None if check is None else check(facts, condition=condition)


def run_all(facts: Facts, conditions: Mapping[str, str] | None = None) -> dict[str, Result]:
    """Every check's result; `conditions` gives the condition text each check quotes when unmet."""
    conditions = conditions or {}
    return {cid: check(facts, condition=conditions.get(cid, "")) for cid, check in CHECKS.items()}


__all__ = [
    "CHECKS",
    "MET",
    "STATES",
    "UNKNOWN",
    "UNMET",
    "FieldClass",
    "Facts",
    "Result",
    "classify_field",
    "run",
    "run_all",
]
