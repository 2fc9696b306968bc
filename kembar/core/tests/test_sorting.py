"""sorted_by: one reading of a list's ?sort= against the keys the list allows."""

from django.http import QueryDict

from kembar.core.sorting import Column, sorted_by

ALLOWED = {"title": ("title", "pk"), "-title": ("-title", "pk"), "-updated": ("-updated_at", "pk")}


def test_an_allowed_key_gives_its_ordering():
    sorting = sorted_by(QueryDict("sort=-title"), ALLOWED, "title")
    assert (sorting.key, sorting.ordering) == ("-title", ("-title", "pk"))


def test_a_missing_empty_or_unknown_key_is_the_default():
    for query in ("", "sort=", "sort=%20", "sort=password", "sort=title;drop", "sort=-pk"):
        sorting = sorted_by(QueryDict(query), ALLOWED, "title")
        assert (sorting.key, sorting.ordering) == ("title", ("title", "pk")), query


def test_the_parameter_can_be_named():
    assert sorted_by({"order": "-updated"}, ALLOWED, "title", param="order").key == "-updated"


def test_a_column_header_links_ascending_first_then_the_other_way():
    by_title = sorted_by(QueryDict(""), ALLOWED, "title")
    assert by_title.columns["title"] == Column(next="-title", aria="ascending")
    assert by_title.columns["updated"] == Column(next="updated", aria="")
    by_title_desc = sorted_by(QueryDict("sort=-title"), ALLOWED, "title")
    assert by_title_desc.columns["title"] == Column(next="title", aria="descending")
    assert set(by_title_desc.columns) == {"title", "updated"}
