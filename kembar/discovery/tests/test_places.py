"""`kembar places load|search` on the test sample: idempotent, bounded names, any script."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from kembar.discovery import sources
from kembar.discovery.models import MAX_NAMES_PER_PLACE, Place, PlaceLoad, PlaceName
from kembar.discovery.names import bare, normalise
from kembar.discovery.selectors import place_get, place_search
from kembar.discovery.services import places_load


def test_normalise_keeps_every_script_and_drops_latin_accents():
    assert normalise("São Paulo") == "sao paulo"
    assert normalise("  Suwŏn ") == "suwon"
    assert normalise("柳州") == "柳州" and normalise("수원시") == "수원시"
    assert normalise("が") == "が"  # Japanese marks are kept
    assert bare("Kota Liuzhou") == "liuzhou" and bare("柳州市") == "柳州" and bare("Suwon City") == "suwon"


def test_names_are_bounded_and_local_scripts_come_first():
    names = sources.names_of("Nagoya", ["Nagoja", "名古屋", "나고야 시", *[f"N{i}" for i in range(100)]])
    assert len(names) == MAX_NAMES_PER_PLACE
    assert [n for n, _norm in names[:3]] == ["Nagoya", "名古屋", "나고야 시"]


def test_the_load_is_idempotent(places, sample_cities):
    counts = (Place.objects.count(), PlaceName.objects.count())
    loads = PlaceLoad.objects.count()
    again = places_load(cities=sample_cities, source="test sample")
    assert again.skipped and PlaceLoad.objects.count() == loads
    forced = places_load(cities=sample_cities, source="test sample", force=True)
    assert not forced.skipped and (Place.objects.count(), PlaceName.objects.count()) == counts
    assert forced.cities == len(sample_cities) and forced.divisions > 3000


def test_a_division_takes_its_position_from_its_largest_city(places):
    tokyo = Place.objects.get(iso_code="JP-13")
    assert tokyo.kind == "division" and round(tokyo.latitude, 1) == 35.7 and tokyo.timezone == "Asia/Tokyo"
    assert {"東京", "Tokyo"} <= set(tokyo.names.values_list("name", flat=True))


def test_search_finds_places_by_any_name(places):
    assert [p.geonames_id for p in place_search(name="柳州", limit=1)] == [1803300]
    assert [p.geonames_id for p in place_search(name="수원", limit=1)] == [1835553]
    assert [p.geonames_id for p in place_search(name="nagoya", limit=1)] == [1856057]
    assert place_search(name="   ", limit=5) == []
    assert place_search(name="x" * 10_000, limit=5) == []


def test_cli_search_prints_json(places):
    out = StringIO()
    call_command("places", "search", "수원", "--json", stdout=out)
    rows = json.loads(out.getvalue())
    assert rows[0]["geonames_id"] == 1835553 and rows[0]["country"] == "KR" and rows[0]["level"] == "city"


def test_cli_discover_prints_each_criterion_with_both_values(bandung_profile):
    out = StringIO()
    call_command(
        "discover",
        "--region",
        "32.73",
        "--country",
        "JP",
        "--fields",
        "Pendidikan,Ekonomi kreatif",
        "--limit",
        "3",
        "--json",
        stdout=out,
    )
    rows = json.loads(out.getvalue())
    assert len(rows) == 3 and {r["place"]["country"] for r in rows} == {"JP"}
    for row in rows:
        assert set(row["place"]) >= {"geonames_id", "name", "country", "level"}
        assert row["score"] == sum(c["points"] * c["weight"] for c in row["criteria"])
        population = next(c for c in row["criteria"] if c["key"] == "population")
        assert population["ours"] == bandung_profile.population and population["theirs"] > 0
        fields = next(c for c in row["criteria"] if c["key"] == "fields")
        assert fields["ours"] == ["Pendidikan", "Ekonomi kreatif"]


def test_a_name_with_a_control_character_finds_nothing_and_fails_on_no_database(places):
    """A NUL or another control character is in no place's name: nothing found (PostgreSQL would refuse the query;
    the public interest form passes what a visitor typed)."""
    for hostile in ("Nago\x00ya", "\x00", "柳州\x07"):
        assert place_search(name=hostile) == []


def test_a_key_of_digits_python_cannot_make_a_number_of_is_no_place(places):
    """ "¹" is a digit to isdigit() but not to int(): no such place, never a server error."""
    for key in ("¹", "²³", "٣"):
        with pytest.raises(Place.DoesNotExist):
            place_get(key=key)
