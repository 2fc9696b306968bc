"""Reads of the potential-partner study: saved searches of the region, their ranking with the staff's notes
counted, the shortlist, and the study's contents (a documents.Study) for the PDF and DOCX.

Everything takes the region (or a search that belongs to it): another region's searches are never reached.
"""

from __future__ import annotations

import datetime as dt
import unicodedata

from django.db.models import Prefetch
from django.utils import timezone, translation

from kembar.core.dates import in_words
from kembar.core.words import citation
from kembar.discovery import selectors as discovery
from kembar.discovery.models import Place, PlaceName, SavedSearch
from kembar.partners.models import Country
from kembar.regions.models import Region

from . import documents, engine
from .models import Candidate, CandidateNote, Choice

# --- searches ------------------------------------------------------------------------------------------------


def profile_for(*, region: Region):
    """The region's partner-search profile, or None when it has none yet."""
    return discovery.profile_get(region=region)


def search_list(*, region: Region):
    return discovery.saved_search_list(region=region)


def search_get(*, region: Region, pk: int) -> SavedSearch:
    """Raises SavedSearch.DoesNotExist (another region's search too)."""
    return discovery.saved_search_get(region=region, pk=pk)


def search_fields(search: SavedSearch) -> list[str]:
    """The fields of cooperation the search looks for: its own, else the profile's."""
    fields = (search.filters or {}).get("fields")
    if fields:
        return [str(f) for f in fields]
    profile = profile_for(region=search.region)
    return list(profile.fields or []) if profile else []


def search_countries(search: SavedSearch) -> list[str]:
    return [str(c) for c in (search.filters or {}).get("countries") or []]


def notes_map(search: SavedSearch) -> dict[int, list[str]]:
    """{place pk: fields} that staff noted on the search's shortlisted candidates (the engine's notes hook)."""
    out: dict[int, list[str]] = {}
    rows = CandidateNote.objects.filter(candidate__search=search, candidate__deleted_at__isnull=True).values_list(
        "candidate__place_id", "fields"
    )
    for place_id, fields in rows:
        out.setdefault(place_id, []).extend(str(f) for f in fields or [])
    return out


def ranking_for(search: SavedSearch, *, formal: bool = False) -> list[engine.Row]:
    """The search ranked as saved (its weights, countries, fields and limit), the staff's notes counted."""
    profile = profile_for(region=search.region)
    if profile is None:
        return []
    return engine.rank(
        profile,
        weights=search.weights,
        countries=search_countries(search),
        fields=search_fields(search),
        notes=notes_map(search),
        limit=search.limit,
        formal=formal,
    )


def explain_for(search: SavedSearch, place: Place, *, formal: bool = False) -> engine.Row | None:
    profile = profile_for(region=search.region)
    if profile is None:
        return None
    return engine.explain(
        profile,
        place,
        weights=search.weights,
        fields=search_fields(search),
        notes=notes_map(search),
        formal=formal,
    )


# --- the shortlist -------------------------------------------------------------------------------------------


def candidates(*, search: SavedSearch, removed: bool = False) -> list[Candidate]:
    """The shortlist (or, with `removed`, the candidates taken off it), with their notes and choice."""
    manager = Candidate.all_objects.filter(deleted_at__isnull=False) if removed else Candidate.objects
    return list(
        manager.filter(region=search.region, search=search)
        .select_related("place", "added_by", "choice__cooperation")
        .prefetch_related(Prefetch("notes", queryset=CandidateNote.objects.select_related("by")))
        .order_by("rank", "pk")
    )


def candidate_get(*, search: SavedSearch, pk: int) -> Candidate:
    """A candidate of the search, removed ones included. Raises Candidate.DoesNotExist."""
    return Candidate.all_objects.select_related("place", "search", "added_by").get(
        region=search.region, search=search, pk=pk
    )


def note_get(*, candidate: Candidate, pk: int) -> CandidateNote:
    return CandidateNote.all_objects.get(region=candidate.region_id, candidate=candidate, pk=pk)


def notes_of(*, candidate: Candidate, removed: bool = False) -> list[CandidateNote]:
    manager = CandidateNote.all_objects.filter(deleted_at__isnull=False) if removed else CandidateNote.objects
    return list(manager.filter(candidate=candidate).select_related("by").order_by("created_at", "pk"))


def choice_of(candidate: Candidate) -> Choice | None:
    return Choice.all_objects.filter(candidate=candidate).select_related("cooperation", "partner", "document").first()


def history_of(*, candidate: Candidate) -> list:
    """The candidate's changes and its notes' changes, newest first."""
    rows = list(candidate.history.select_related("history_user").all())
    rows += list(
        CandidateNote.history.filter(candidate_id=candidate.pk).select_related("history_user").order_by("-history_date")
    )
    return sorted(rows, key=lambda r: (r.history_date, r.history_id), reverse=True)


# --- places in words ---------------------------------------------------------------------------------------------

#: The scripts a country writes its place names in (Unicode character-name prefixes), for the local name.
_SCRIPTS = {
    "JP": ("CJK", "HIRAGANA", "KATAKANA"),
    "KR": ("HANGUL",),
    "CN": ("CJK",),
    "HK": ("CJK",),
    "MO": ("CJK",),
    "TH": ("THAI",),
    "RU": ("CYRILLIC",),
    "UA": ("CYRILLIC",),
    "BY": ("CYRILLIC",),
    "BG": ("CYRILLIC",),
    "RS": ("CYRILLIC",),
    "KZ": ("CYRILLIC",),
    "MN": ("CYRILLIC",),
    "GR": ("GREEK",),
    "SA": ("ARABIC",),
    "AE": ("ARABIC",),
    "EG": ("ARABIC",),
    "IR": ("ARABIC",),
    "MA": ("ARABIC",),
    "IN": ("DEVANAGARI",),
}
SCRIPT_LANG = {"CN": "zh-Hans", "HK": "zh-Hant", "MO": "zh-Hant", "JP": "ja", "KR": "ko"}


def place_names(place: Place) -> list[str]:
    names = list(PlaceName.objects.filter(place=place).order_by("pk").values_list("name", flat=True))
    return [place.name, *names]


def _in_script(name: str, scripts: tuple[str, ...]) -> bool:
    letters = [c for c in name if c.isalpha()]
    return bool(letters) and all(unicodedata.name(c, "").startswith(scripts) for c in letters)


def local_name(place: Place, names: list[str] | None = None) -> str:
    """The place's name in its country's own script (名古屋市, 수원시), or "" when it is written in Latin letters."""
    scripts = _SCRIPTS.get(place.country_code)
    if not scripts:
        return ""
    for name in names if names is not None else place_names(place):
        if _in_script(name, scripts):
            return name
    return ""


def local_names(places: list[Place]) -> dict[int, str]:
    """local_name of many places in one query."""
    by_place: dict[int, list[str]] = {}
    ids = [p.pk for p in places if p.country_code in _SCRIPTS]
    for pk, name in PlaceName.objects.filter(place_id__in=ids).order_by("pk").values_list("place_id", "name"):
        by_place.setdefault(pk, []).append(name)
    return {p.pk: local_name(p, by_place.get(p.pk, [])) for p in places}


#: Countries whose GeoNames first-level codes are their ISO 3166-2 codes (elsewhere they differ: never a guess).
SAME_DIVISION_CODES = frozenset({"JP", "US"})


def division_name(place: Place) -> str:
    """A city's first-level division where GeoNames and ISO 3166-2 code it alike, else ""."""
    if place.kind != Place.Kind.CITY or not place.division_code or place.country_code not in SAME_DIVISION_CODES:
        return ""
    division = Place.objects.filter(kind=Place.Kind.DIVISION, iso_code=f"{place.country_code}-{place.division_code}")
    return division.values_list("name", flat=True).first() or ""


def country_name(place: Place, *, language: str | None = None) -> str:
    country = Country.objects.filter(code=place.country_code).first()
    return country.name(language) if country else place.country_code


def country_names(codes, *, language: str | None = None) -> dict[str, str]:
    return {c.code: c.name(language) for c in Country.objects.filter(code__in=set(codes))}


# --- the study -------------------------------------------------------------------------------------------------

_PROFILE_FACTS = (
    ("population", "Jumlah penduduk"),
    ("coast", "Pesisir atau pedalaman"),
    ("climate", "Iklim"),
    ("capital", "Ibu kota atau bukan"),
    ("problems", "Permasalahan yang ingin diatasi"),
)
_COAST_ID = {"coastal": "pesisir", "inland": "pedalaman"}
_CAPITAL_ID = {"capital": "ibu kota provinsi atau negara", "not_capital": "bukan ibu kota"}
UNCONFIRMED_ID = "belum dikonfirmasi (tidak ada sumber yang dikutip)"


def _profile_facts(profile) -> list[documents.Fact]:
    facts = []
    for name, label in _PROFILE_FACTS:
        value = getattr(profile, name)
        source = (getattr(profile, f"{name}_source", "") or "").strip()
        if name == "population" and value:
            text = engine.value_text("population", value, formal=True)
            if profile.population_as_of:
                text += f" ({in_words(profile.population_as_of)})"
        elif name == "coast":
            text = _COAST_ID.get(value, "")
        elif name == "climate":
            text = engine.value_text("climate", value, formal=True) if value else ""
        elif name == "capital":
            text = _CAPITAL_ID.get(value, "")
        else:
            text = str(value or "").strip()
        if not text:
            continue
        facts.append(documents.Fact(label, text, citation(source, "id") or UNCONFIRMED_ID))
    if profile.fields:
        facts.append(documents.Fact("Bidang kerja sama yang dicari", ", ".join(profile.fields), "—"))
    if (profile.offer or "").strip():
        facts.append(documents.Fact("Yang dapat ditawarkan", profile.offer.strip(), "—"))
    return facts


#: What the criteria without a legal source rest on, in the study's words.
_BASIS_ID = {
    "preference": "Negara atau kawasan yang diutamakan dalam profil daerah",
    "distance": "Kemudahan pertemuan dan kunjungan antarwarga",
    "timezone": "Kemudahan pertemuan (selisih jam kerja)",
    "ties": (
        "Kerja sama daerah lain di Indonesia dengan tempat yang sama menurut data Kembar; ditampilkan agar "
        "diketahui, tidak menambah atau mengurangi nilai"
    ),
}


def _weights(search: SavedSearch) -> list[tuple[str, str, str]]:
    from kembar.discovery.ranking import SOURCES

    weights = engine.clean_weights(search.weights or {})
    rows = [
        (engine._ID["level"], "syarat wajib", SOURCES.get("level", documents.LAW_CRITERIA)),
        (engine._ID["relations"], "syarat wajib", SOURCES.get("relations", documents.LAW_RELATIONS)),
    ]
    for key, weight in weights.items():
        rows.append((engine._ID.get(key, key), str(weight), SOURCES.get(key) or _BASIS_ID.get(key, "—")))
    rows.append((engine._ID["ties"], "ditampilkan, tidak dinilai", _BASIS_ID["ties"]))
    return rows


def _tie_text(tie) -> str:
    return f"{tie.region_name} (sejak {tie.since})" if tie.since else tie.region_name


def study_for(*, search: SavedSearch, by, on: dt.date | None = None, chosen: Candidate | None = None):
    """The study's contents, in Indonesian (the formal document's language, whatever the UI's)."""
    from kembar.plans.documents import region_full, region_heading, region_place, tanggal
    from kembar.regions.models import RegionProfile as Bureau

    region = search.region
    with translation.override("id"):
        profile = profile_for(region=region)
        shortlist = candidates(search=search)
        ranked = {r.place.pk: r for r in ranking_for(search, formal=True)}
        places = [c.place for c in shortlist]
        local = local_names(places)
        countries = country_names([p.country_code for p in places], language="id")
        entries = []
        for cand in shortlist:
            place = cand.place
            row = ranked.get(place.pk) or explain_for(search, place, formal=True)
            notes = tuple(
                documents.Note(
                    text=n.text,
                    source=citation(n.source, "id"),
                    url=n.url,
                    fields=tuple(n.fields or ()),
                    author=str(n.by) if n.by else "—",
                    date=tanggal(timezone.localtime(n.created_at).date()),
                )
                for n in cand.notes.all()
            )
            entries.append(
                documents.Entry(
                    rank=row.rank if row else None,
                    name=place.name,
                    local=local.get(place.pk, ""),
                    lang=SCRIPT_LANG.get(place.country_code, ""),
                    country=countries.get(place.country_code, place.country_code),
                    division=division_name(place),
                    level="kota" if place.kind == Place.Kind.CITY else "provinsi / negara bagian",
                    population=engine.value_text("population", place.population, formal=True),
                    score=row.score if row else cand.score,
                    criteria=row.criteria if row else (),
                    reason=cand.reason,
                    notes=notes,
                    ties=tuple(_tie_text(t) for t in (row.ties if row else ())),
                )
            )
        entries.sort(key=lambda e: (e.rank is None, e.rank or 0))
        filters = []
        codes = search_countries(search)
        if codes:
            names = country_names(codes, language="id")
            filters.append(("Negara", ", ".join(names.get(c, c) for c in codes)))
        else:
            filters.append(("Negara", "semua negara yang memiliki hubungan diplomatik dengan Indonesia"))
        fields = search_fields(search)
        filters.append(("Bidang kerja sama", ", ".join(fields) if fields else "—"))
        filters.append(("Jumlah calon yang diperingkat", str(search.limit)))
        sources = [documents.LAW_CRITERIA, documents.LAW_RELATIONS, documents.CRITERIA_SECONDARY]
        sources += list(documents.DATA_SOURCES)
        relation_sources = Country.objects.filter(code__in={p.country_code for p in places})
        sources += sorted({c.source_shown for c in relation_sources} - {""})
        if profile is not None:
            sources += [getattr(profile, f"{n}_source", "") for n, _label in _PROFILE_FACTS]
        for entry in entries:
            sources += [f"{n.source} {n.url}".strip() for n in entry.notes if n.source or n.url]
        seen, unique = set(), []
        for s in sources:
            s = citation((s or "").strip(), "id")
            if s and s not in seen:
                seen.add(s)
                unique.append(s)
        bureau = Bureau.objects.filter(region=region).first()
        chosen_text = ""
        if chosen is not None:
            chosen_text = f"{chosen.place.name}, {countries.get(chosen.place.country_code, chosen.place.country_code)}"
        from .maps import study_map_svg

        return documents.Study(
            region_name=region_full(region),
            heading=region_heading(region),
            title=f"{search.name}",
            facts=_profile_facts(profile) if profile else [],
            filters=filters,
            weights=_weights(search),
            entries=entries,
            sources=unique,
            place=region_place(region),
            date=tanggal(on or timezone.localdate()),
            author=(by.get_full_name() or by.username) if getattr(by, "is_authenticated", False) else "—",
            unit=(bureau.bureau_unit if bureau else "") or "",
            chosen=chosen_text,
            map_svg=study_map_svg(profile=profile, places=places, region_name=region_full(region), standalone=True),
        )
