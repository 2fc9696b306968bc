"""The bureau's ranking of interests is the partner search's own: each interest's score and criteria are what
`kembar.discovery.ranking.explain` gives for its city (the sender's fields counted as the city's), the criteria add
up to the score, ineligible cities come last; the national matrix holds the same scores; and the pages cost the
same queries for 2 interests as for 20."""

import pytest
from django.urls import reverse

from kembar.discovery import ranking
from kembar.discovery.selectors import profile_get
from kembar.seeking import matching, selectors
from kembar.testing import queries_of

from .conftest import submit

pytestmark = pytest.mark.django_db


def _ranked(world):
    profile = profile_get(region=world["region"])
    interests = list(selectors.region_interests(region=world["region"]))
    return profile, matching.rank_interests(profile, interests, weights=dict(ranking.DEFAULT_WEIGHTS))


def test_each_interest_is_scored_as_the_search_explains_its_city(world):
    places = world["places"]
    submit(world["region"], places["Suwon"], fields=["Ekonomi kreatif"])
    submit(world["region"], places["Liuzhou"], fields=[])
    submit(world["region"], places["Aichi"])  # a prefecture: not the level of a kota
    profile, ranked = _ranked(world)
    assert len(ranked) == 4
    for m in ranked:
        expected = ranking.explain(profile, m.interest.place, notes={m.interest.place_id: m.interest.fields})
        assert m.score == expected.score, m.interest.place
        assert [(c.key, c.points, c.weight) for c in m.criteria] == [
            (c.key, c.points, c.weight) for c in expected.criteria
        ]
        assert m.adds_up
        assert m.eligible == expected.eligible
    assert [m.interest.place.name for m in ranked][-1] == "Aichi" and not ranked[-1].eligible
    eligible = [m.score for m in ranked if m.eligible]
    assert eligible == sorted(eligible, reverse=True)


def test_the_senders_fields_count_as_their_citys_fields(world):
    places = world["places"]
    with_fields, _s = submit(world["region"], places["Yokohama"], fields=["Pendidikan", "Ekonomi kreatif"])
    without, _s = submit(world["region"], places["Yokohama"], fields=[], email="other@yokohama.example")
    _profile, ranked = _ranked(world)
    points = {m.interest.pk: next(c.points for c in m.criteria if c.key == "fields") for m in ranked}
    assert points[with_fields.pk] == 100 and points[without.pk] < points[with_fields.pk]


def test_the_national_matrix_holds_the_same_scores(world):
    from kembar.seeking import services

    bogor, places = world["bogor"], world["places"]
    services.seeking_set(region=bogor, by=None, active=True)
    submit(bogor, places["Liuzhou"], fields=["Pariwisata"])
    submit(world["region"], places["Aichi"])
    profiles, _total = selectors.seeking_profiles(limit=10)
    interests = list(selectors.open_interests(limit=60))
    grid = matching.matrix(profiles, interests)
    assert grid.scores.shape == (2, 3)
    for r, profile in enumerate(grid.regions):
        for i, interest in enumerate(grid.interests):
            expected = ranking.explain(profile, interest.place, notes={interest.place_id: interest.fields})
            assert grid.cell(r, i) == (expected.score if expected.eligible else None), (profile, interest.place)
    best = grid.pairs(limit=1)[0]
    assert best[0] == max(v for v in grid.scores.ravel() if v >= 0)


def test_the_bureau_and_national_pages_cost_the_same_for_more_interests(client, world):
    region, places = world["region"], world["places"]
    ranking.arrays()  # built once per process (by the first ranking), not per page
    bureau = reverse("seeking_bureau", args=[region.code])
    client.force_login(world["users"]["overseer"])
    national_before = queries_of(client, reverse("seeking_national"))
    client.force_login(world["users"]["bureau_staff"])
    before = queries_of(client, bureau)
    for n in range(19):
        place = [places["Suwon"], places["Liuzhou"], places["Yokohama"], places["Aichi"]][n % 4]
        submit(region, place, email=f"c{n}@example.org")
    assert queries_of(client, bureau) == before
    detail = reverse("seeking_interest_detail", args=[region.code, world["interest"].pk])
    assert queries_of(client, detail) < 40
    client.force_login(world["users"]["overseer"])
    assert queries_of(client, reverse("seeking_national")) == national_before


def test_the_bureau_page_shows_why_each_ranks(client, world):
    client.force_login(world["users"]["bureau_staff"])
    page = client.get(reverse("seeking_interest_detail", args=["32.73", world["interest"].pk])).content.decode()
    for label in ranking.LABELS.values():
        assert str(label) in page
    assert "Badan Pusat Statistik Kota Bandung" in page  # our population's source
    assert "2.191.279" in page and "2.452.943" in page  # their population and ours, in Indonesian numbers
