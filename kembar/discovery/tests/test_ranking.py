"""The ranking engine: the legal filter, explanations that add up, the reference loop's same ranking."""

import pytest

from kembar.discovery import ranking
from kembar.discovery.models import Place
from kembar.discovery.services import profile_save
from kembar.partners.models import Country

NEVER = {"IL", "TW", "ID"}


def ranked_countries(results) -> set[str]:
    return {r.place.country_code for r in results}


def test_israel_taiwan_and_indonesia_are_never_ranked(bandung_profile):
    everything = ranking.rank(bandung_profile, limit=200)
    assert len(everything) == 200 and not ranked_countries(everything) & NEVER
    # Not even when the search asks for them.
    assert ranking.rank(bandung_profile, countries=["IL", "TW"], limit=50) == []
    # Nor when someone flips the country table's flag: Israel and Taiwan are never a partner.
    Country.objects.filter(code__in=["IL", "TW"]).update(diplomatic_relations=True)
    assert ranking.rank(bandung_profile, countries=["IL", "TW"], limit=50) == []


def test_a_country_is_filtered_by_the_country_tables_relations_flag(bandung_profile):
    assert "JP" in ranked_countries(ranking.rank(bandung_profile, countries=["JP"], limit=5))
    Country.objects.filter(code="JP").update(diplomatic_relations=False)
    assert ranking.rank(bandung_profile, countries=["JP"], limit=5) == []
    assert "JP" not in ranked_countries(ranking.rank(bandung_profile, limit=200))


def test_taiwan_is_never_ranked_as_a_province_of_china(places, ref_data):
    """pycountry lists CN-TW (Taiwan Sheng) among China's divisions: a province never gets it."""
    from kembar.regions.models import Region

    jabar = Region.objects.get(code="32")
    profile = profile_save(region=jabar, by=None)
    results = ranking.rank(profile, countries=["CN"], limit=200)
    assert results and all(r.place.kind == "division" for r in results)
    assert "CN-TW" not in {r.place.iso_code for r in results}
    assert Place.objects.filter(iso_code="CN-TW").exists()
    assert not ranking.explain(profile, Place.objects.get(iso_code="CN-TW")).eligible


def test_a_level_mismatch_is_never_ranked(bandung_profile, ref_data):
    from kembar.regions.models import Region

    assert {r.place.kind for r in ranking.rank(bandung_profile, limit=200)} == {"city"}
    province = profile_save(region=Region.objects.get(code="32"), by=None)
    assert province.level == "division"
    assert {r.place.kind for r in ranking.rank(province, limit=200)} == {"division"}
    nagoya = Place.objects.get(geonames_id=1856057)
    explained = ranking.explain(province, nagoya)
    level = next(c for c in explained.criteria if c.key == "level")
    assert not level.met and not explained.eligible


@pytest.mark.parametrize(
    "weights",
    [
        None,
        {"fields": 10, "distance": 0},
        {"population": 0, "climate": 7, "timezone": 5},
        dict.fromkeys(ranking.DEFAULT_WEIGHTS, 0),
    ],
)
def test_each_explanation_adds_up_to_its_score(bandung_profile, weights):
    results = ranking.rank(bandung_profile, weights=weights, limit=30)
    assert results
    for r in results:
        assert r.score == sum(c.points * c.weight for c in r.criteria)
        assert all(0 <= c.points <= 100 for c in r.criteria)
        assert [c.key for c in r.criteria] == [
            "level",
            "relations",
            "population",
            "climate",
            "fields",
            "preference",
            "distance",
            "timezone",
            "ties",
        ]
        # The same place explained alone has the same criteria and score.
        alone = ranking.explain(bandung_profile, r.place, weights)
        assert alone.score == r.score and alone.criteria == r.criteria
    assert [r.score for r in results] == sorted((r.score for r in results), reverse=True)


@pytest.mark.parametrize(
    "weights,countries,fields",
    [
        (None, None, None),
        ({"fields": 9, "population": 1}, None, ["Pendidikan dan Kebudayaan"]),
        ({"distance": 10, "timezone": 10}, ["JP", "KR", "CN"], None),
        ({"climate": 10, "preference": 3}, None, []),
    ],
)
def test_the_python_loop_gives_the_same_ranking(bandung_profile, weights, countries, fields, bandung, staff):
    _cooperation(bandung, staff, country="JP", name="Nagoya", fields=["Pendidikan", "Pariwisata"])
    bandung_profile.preferred_world_regions = ["EU"]
    bandung_profile.save()
    a = ranking.arrays()
    s = ranking.search_for(bandung_profile, weights=weights, countries=countries, fields=fields, notes={})
    top, _points, scores = ranking.rank_indexes(a, s, 100)
    vectorised = [(int(a.pk[i]), int(score)) for i, score in zip(top, scores, strict=True)]
    assert vectorised == ranking.rank_reference(a, s, 100)
    assert len(vectorised) == 100


def test_fields_come_from_the_countrys_partnerships_and_staff_notes(bandung_profile, bandung, staff):
    nagoya = Place.objects.get(geonames_id=1856057)
    suwon = Place.objects.get(geonames_id=1835553)
    before = ranking.explain(bandung_profile, nagoya)
    assert _criterion(before, "fields").points == 0
    _cooperation(bandung, staff, country="JP", name="Kitakyushu", fields=["Pendidikan dan Kebudayaan"])
    after = ranking.explain(bandung_profile, nagoya)
    fields = _criterion(after, "fields")
    assert fields.points == 50 and "pendidikan" in fields.note  # one of the two fields wanted
    # A note staff entered on a shortlisted candidate counts for that place only.
    noted = ranking.explain(bandung_profile, suwon, notes={suwon.pk: ["Ekonomi kreatif"]})
    assert _criterion(noted, "fields").points == 50
    ranked = {
        r.place.pk: r
        for r in ranking.rank(bandung_profile, countries=["KR"], notes={suwon.pk: ["Ekonomi kreatif"]}, limit=50)
    }
    assert _criterion(ranked[suwon.pk], "fields").points == 50
    assert all(_criterion(r, "fields").points == 0 for pk, r in ranked.items() if pk != suwon.pk)


def test_existing_ties_are_shown_and_not_counted(bandung_profile, bandung, staff):
    from kembar.cooperations.services import cooperation_create  # noqa: F401

    liuzhou = Place.objects.get(geonames_id=1803300)
    without = ranking.explain(bandung_profile, liuzhou)
    _cooperation(
        bandung, staff, country="CN", name="Kota Liuzhou", name_local="柳州市", fields=[], started="2006-09-21"
    )
    explained = ranking.explain(bandung_profile, liuzhou)
    assert [(t.region_code, t.since) for t in explained.ties] == [("32.73", "2006")]
    ties = _criterion(explained, "ties")
    assert ties.weight == 0 and ties.theirs == ["Kota Bandung (2006)"]
    assert explained.score == without.score  # neither hidden nor penalised
    ranked = {r.place.pk: r for r in ranking.rank(bandung_profile, countries=["CN"], limit=200)}
    assert liuzhou.pk in ranked and ranked[liuzhou.pk].ties == explained.ties


def test_weights_are_checked():
    assert ranking.clean_weights({"fields": 0}) == {**ranking.DEFAULT_WEIGHTS, "fields": 0}
    for bad in ({"level": 3}, {"fields": 11}, {"fields": -1}, {"fields": 2.5}, {"fields": True}, {"fields": "3"}):
        with pytest.raises(ValueError):
            ranking.clean_weights(bad)


def test_the_arrays_are_built_once_and_again_after_a_load(bandung_profile, sample_cities):
    from kembar.discovery.services import places_load

    first = ranking.arrays()
    assert ranking.arrays() is first
    places_load(cities=sample_cities[:50], source="a smaller sample")
    again = ranking.arrays()
    assert again is not first and again.version > first.version


def test_ranking_costs_the_same_queries_whatever_the_limit(bandung_profile, django_assert_num_queries):
    ranking.arrays()
    # version, countries, the registry's fields, the places, their names and the cooperations with them
    with django_assert_num_queries(6):
        ranking.rank(bandung_profile, limit=5)
    with django_assert_num_queries(6):
        ranking.rank(bandung_profile, limit=200)


def _criterion(ranked, key):
    return next(c for c in ranked.criteria if c.key == key)


def _cooperation(region, by, *, country, name, fields, name_local="", started=""):
    from kembar.cooperations.services import cooperation_create
    from kembar.partners.services import partner_create

    partner = partner_create(
        region=region,
        by=by,
        name=name,
        name_local=name_local,
        country=Country.objects.get(code=country),
        kind="local_government",
        level="city",
    )
    return cooperation_create(
        region=region,
        by=by,
        partner=partner,
        ref=f"coop-{partner.pk}",
        type="KSDPL",
        form="sister_city",
        title=f"Bandung–{name}",
        fields=fields,
        started=started or "",
    )
