"""The one test that loads the whole set (~170,000 cities, ~3,600 divisions, ~840,000 names), as
`kembar places load` does: every other test loads a sample of ~400 cities. About half a minute of CPU on
SQLite, so it runs there only."""

import pytest
from django.db import connection

from kembar.discovery import ranking
from kembar.discovery.models import Place, PlaceName
from kembar.discovery.selectors import place_search
from kembar.discovery.services import places_load, profile_save


@pytest.mark.slow
def test_the_whole_set_loads_once_and_ranks_without_israel_or_taiwan(bandung):
    if connection.vendor != "sqlite":
        pytest.skip("the whole load runs once, on SQLite; benchmarks/discovery measures it on PostgreSQL")
    result = places_load()
    assert result.cities > 165_000 and result.divisions > 3_500 and not result.skipped
    assert Place.objects.filter(kind="city").count() == result.cities
    assert PlaceName.objects.count() == result.names
    assert places_load().skipped  # the same packages: nothing written

    assert place_search(name="柳州", limit=1)[0].geonames_id == 1803300
    assert place_search(name="수원", limit=1)[0].geonames_id == 1835553
    assert place_search(name="Nagoya", limit=1)[0].geonames_id == 1856057

    ranking.forget_arrays()
    profile = profile_save(region=bandung, by=None, place=Place.objects.get(geonames_id=1650357), population=2_500_000)
    results = ranking.rank(profile, limit=200)
    assert len(results) == 200
    assert not {r.place.country_code for r in results} & {"IL", "TW", "ID"}
    assert ranking.rank(profile, countries=["IL", "TW"], limit=20) == []
    assert len(ranking.arrays()) == result.cities + result.divisions
    ranking.forget_arrays()
