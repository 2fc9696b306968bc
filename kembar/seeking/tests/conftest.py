"""The seeking world: a handful of the world's places (a city each in Japan, Korea, China, Israel and Taiwan, a
Japanese prefecture), Kota Bandung's partner-search profile, and Bandung seeking partners on the portal."""

import pytest
from django.core import mail

from kembar.discovery import ranking
from kembar.discovery import services as discovery
from kembar.discovery.models import Place, PlaceName
from kembar.discovery.names import normalise
from kembar.seeking import services
from kembar.testing import matrix_users

#: (geonames id or ISO code, kind, name, country, latitude, longitude, population, time zone, other names)
PLACES = [
    (1650357, "city", "Bandung", "ID", -6.9039, 107.6186, 1699719, "Asia/Jakarta", []),
    (1856057, "city", "Nagoya", "JP", 35.1815, 136.9064, 2191279, "Asia/Tokyo", ["名古屋", "名古屋市", "나고야"]),
    (1835553, "city", "Suwon", "KR", 37.2911, 127.0089, 1242724, "Asia/Seoul", ["수원", "수원시", "水原"]),
    (1803300, "city", "Liuzhou", "CN", 24.3125, 109.3895, 1436599, "Asia/Shanghai", ["柳州", "柳州市"]),
    (293397, "city", "Tel Aviv", "IL", 32.0809, 34.7806, 432892, "Asia/Jerusalem", ["תל אביב"]),
    (1668341, "city", "Taipei", "TW", 25.0478, 121.5319, 7871900, "Asia/Taipei", ["臺北", "台北"]),
    (1848354, "city", "Yokohama", "JP", 35.4478, 139.6425, 3574443, "Asia/Tokyo", ["横浜"]),
    # Two cities of one name in one country: the form asks which.
    (1857910, "city", "Fuchu", "JP", 35.6689, 139.4776, 255000, "Asia/Tokyo", ["府中"]),
    (1863905, "city", "Fuchu", "JP", 34.5683, 133.2367, 40000, "Asia/Tokyo", ["府中"]),
    ("JP-23", "division", "Aichi", "JP", 35.18, 136.91, 7483128, "", ["愛知県"]),
]


def make_places() -> dict[str, Place]:
    made = {}
    for key, kind, name, country, lat, lon, pop, tz, names in PLACES:
        ids = {"geonames_id": key} if kind == "city" else {"iso_code": key}
        place = Place.objects.create(
            kind=kind,
            name=name,
            ascii_name=name,
            country_code=country,
            latitude=lat,
            longitude=lon,
            population=pop,
            timezone=tz,
            **ids,
        )
        for n in {name, *names}:
            PlaceName.objects.get_or_create(place=place, normalised=normalise(n), defaults={"name": n})
        made.setdefault(name, place)
    ranking.forget_arrays()
    return made


def interest_data(**more) -> dict:
    """What a Japanese city's officer types into the form (in any language)."""
    return {
        "institution": "Nagoya City International Affairs",
        "kind": "city",
        "country": "JP",
        "city": "名古屋",
        "name": "Sato Hanako",
        "email": "sato@example.jp",
        "wanted": ["Pendidikan"],
        "message": "We would like to exchange teachers and students.",
        "consent": "on",
        **more,
    }


def submit(region, place, *, verified=True, **more):
    """An interest sent (and, unless `verified=False`, confirmed) through the services: (interest, secret)."""
    fields = {
        "institution": more.pop("institution", f"{place.name} City Hall"),
        "kind": "city",
        "country_id": place.country_code,
        "city": place.name,
        "place": place,
        "name": "Contact Person",
        "email": more.pop("email", f"contact@{place.name.lower().replace(' ', '')}.example"),
        "fields": more.pop("fields", ["Pendidikan"]),
        "message": "Hello",
        **more,
    }
    interest, secret = services.interest_submit(region=region, language="en", **fields)
    if verified:
        services.interest_verify(interest=interest, signed=services._verify.sign(str(interest.pk)))
        interest.refresh_from_db()
    return interest, secret


def profile_for(region, place, **more):
    fields = {
        "place": place,
        "population": 2_452_943,
        "population_source": "Badan Pusat Statistik Kota Bandung, Kota Bandung dalam Angka 2024",
        "fields": ["Pendidikan", "Ekonomi kreatif"],
        "preferred_countries": ["JP", "KR"],
        "offer": "Industri kreatif, perguruan tinggi, kuliner Sunda.",
        **more,
    }
    return discovery.profile_save(region=region, by=None, **fields)


@pytest.fixture
def places(ref_data):
    return make_places()


@pytest.fixture
def world(bandung, bogor, places):
    """Bandung seeks partners (its profile, published with a message); Bogor has a profile but does not seek;
    every role of the matrix; one confirmed interest from Nagoya for Bandung."""
    users = matrix_users(bandung, bogor, national_admin=True)
    from kembar.accounts.models import Role
    from kembar.testing import make_member

    for role in ("trade_staff", "sme_owner", "translator"):
        users[role] = make_member(f"u-{role}", bandung, Role(role))
    profile_for(bandung, places["Bandung"])
    profile_for(bogor, places["Bandung"], fields=["Pariwisata"], preferred_countries=["CN"])
    services.seeking_set(
        region=bandung, by=users["bureau_admin"], active=True, text="Bandung mencari kota mitra di bidang pendidikan."
    )
    interest, secret = submit(bandung, places["Nagoya"])
    mail.outbox.clear()
    return {"region": bandung, "bogor": bogor, "users": users, "places": places, "interest": interest, "secret": secret}
