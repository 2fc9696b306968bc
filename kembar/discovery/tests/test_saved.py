"""A saved search re-opens with its weights and filters, and ranks as it did."""

import pytest

from kembar.discovery import ranking
from kembar.discovery.selectors import saved_search_get
from kembar.discovery.services import saved_search_create


def test_a_saved_search_reopens_with_its_weights(bandung_profile, bandung, staff):
    weights = {"fields": 9, "distance": 0, "population": 5}
    saved = saved_search_create(
        region=bandung,
        by=staff,
        name="Jepang, pendidikan",
        weights=weights,
        filters={"countries": ["jp"], "fields": ["Pendidikan"]},
        limit=10,
    )
    again = saved_search_get(region=bandung, pk=saved.pk)
    assert again.weights == {**ranking.DEFAULT_WEIGHTS, **weights}
    assert again.filters == {"countries": ["JP"], "fields": ["Pendidikan"]}
    first = ranking.rank(bandung_profile, weights=weights, countries=["JP"], fields=["Pendidikan"], limit=10)
    reopened = ranking.rank(
        bandung_profile,
        weights=again.weights,
        countries=again.filters["countries"],
        fields=again.filters["fields"],
        limit=again.limit,
    )
    assert [(r.place.pk, r.score) for r in reopened] == [(r.place.pk, r.score) for r in first]
    assert again.history.count() == 1


def test_a_saved_search_is_the_regions_own(bandung_profile, bandung, bogor, staff):
    saved = saved_search_create(region=bandung, by=staff, name="A", weights={})
    with pytest.raises(saved.DoesNotExist):
        saved_search_get(region=bogor, pk=saved.pk)


@pytest.mark.parametrize(
    "weights,filters",
    [
        ({"fields": 99}, {}),
        ({"nope": 1}, {}),
        ({}, {"countries": "JP"}),
        ({}, {"other": []}),
        ({}, {"fields": ["x"] * 31}),
    ],
)
def test_bad_weights_or_filters_save_nothing(bandung, staff, weights, filters):
    from kembar.discovery.models import SavedSearch

    with pytest.raises(ValueError):
        saved_search_create(region=bandung, by=staff, name="A", weights=weights, filters=filters)
    assert not SavedSearch.all_objects.exists()
