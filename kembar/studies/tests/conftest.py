"""A small world of places (a few real cities with their GeoNames ids, names in local scripts, populations and
time zones), Kota Bandung's partner-search profile, and a saved search for education and creative economy in
Japan — enough to rank, shortlist, export and choose without loading the 170,000 cities."""

import pytest

from kembar.discovery import ranking
from kembar.discovery.models import Place, PlaceLoad, PlaceName, RegionProfile
from kembar.discovery.names import normalise
from kembar.testing import make_cooperation

FIELDS = ["Pendidikan", "Ekonomi kreatif"]

#: (GeoNames id, name, country, division, latitude, longitude, population, time zone, other names)
CITIES = (
    (1650357, "Bandung", "ID", "30", -6.90389, 107.61861, 1699719, "Asia/Jakarta", ()),
    (1856057, "Nagoya", "JP", "23", 35.18147, 136.90641, 2191279, "Asia/Tokyo", ("名古屋市", "名古屋")),
    (1863967, "Fukuoka", "JP", "07", 33.6, 130.41667, 1392289, "Asia/Tokyo", ("福岡市",)),
    (2128295, "Sapporo", "JP", "12", 43.06667, 141.35, 1883027, "Asia/Tokyo", ("札幌市",)),
    (1857910, "Kyoto", "JP", "22", 35.02107, 135.75385, 1459640, "Asia/Tokyo", ("京都市",)),
    (1848354, "Yokohama", "JP", "19", 35.44778, 139.6425, 3574443, "Asia/Tokyo", ("横浜市",)),
    (1835553, "Suwon", "KR", "13", 37.29111, 127.00889, 1242724, "Asia/Seoul", ("수원시", "수원")),
    (1803365, "Liuzhou", "CN", "16", 24.31167, 109.38917, 1436599, "Asia/Shanghai", ("柳州市", "柳州")),
    (293397, "Tel Aviv", "IL", "05", 32.08088, 34.78057, 432892, "Asia/Jerusalem", ("תל אביב",)),
    (1668341, "Taipei", "TW", "03", 25.04776, 121.53185, 2514000, "Asia/Taipei", ("臺北市",)),
)
DIVISIONS = (("JP-23", "Aichi", "JP", 35.0, 137.0, 7552000, "Asia/Tokyo", ("愛知県",)),)


def load_places() -> dict[str, Place]:
    out = {}
    for gid, name, cc, div, lat, lon, pop, tz, _names in CITIES:
        place = Place.objects.create(
            kind=Place.Kind.CITY,
            geonames_id=gid,
            name=name,
            ascii_name=name,
            country_code=cc,
            division_code=div,
            latitude=lat,
            longitude=lon,
            population=pop,
            timezone=tz,
        )
        out[name] = place
    for iso, name, cc, lat, lon, pop, tz, _names in DIVISIONS:
        out[name] = Place.objects.create(
            kind=Place.Kind.DIVISION,
            iso_code=iso,
            name=name,
            ascii_name=name,
            country_code=cc,
            division_code=iso.split("-")[1],
            latitude=lat,
            longitude=lon,
            population=pop,
            timezone=tz,
        )
    rows = [*CITIES, *((None, name, None, None, None, None, None, None, names) for _i, name, *_r, names in DIVISIONS)]
    for row in rows:
        name, names = row[1], row[-1]
        for n in (name, *names):
            PlaceName.objects.get_or_create(place=out[name], normalised=normalise(n), defaults={"name": n})
    from django.utils import timezone

    PlaceLoad.objects.create(source="test", finished_at=timezone.now(), cities=len(CITIES), divisions=1)
    ranking.forget_arrays()
    return out


@pytest.fixture
def places(db):
    return load_places()


def make_profile(region, places, **more) -> RegionProfile:
    fields = {
        "place": places["Bandung"],
        "population": 2452943,
        "population_source": "Badan Pusat Statistik Kota Bandung, Kota Bandung Dalam Angka 2023 (uji)",
        "climate": "tropical",
        "climate_source": "",
        "fields": FIELDS,
        **more,
    }
    return RegionProfile.objects.create(region=region, **fields)


@pytest.fixture
def profile(bandung, places):
    return make_profile(bandung, places)


def make_search(region, *, name="Mitra pendidikan dan ekonomi kreatif di Jepang", by=None, **filters):
    from kembar.discovery.models import SavedSearch

    filters = {"countries": ["JP"], "fields": FIELDS, **filters}
    return SavedSearch.objects.create(
        region=region, name=name, weights=dict(ranking.DEFAULT_WEIGHTS), filters=filters, limit=20, created_by=by
    )


@pytest.fixture
def search(bandung, profile, staff):
    return make_search(bandung, by=staff)


@pytest.fixture
def registry(bogor):
    """Another region's partnership in Japan covering education: Japan's cities gain on the fields criterion."""
    from kembar.partners.services import partner_create

    partner = partner_create(
        region=bogor, by=None, name="Kyoto", country_id="JP", kind="local_government", level="city"
    )
    return make_cooperation(
        bogor, ref="bogor-kyoto", title="Bogor–Kyoto", partner=partner, fields=["Pendidikan dan Kebudayaan"]
    )
