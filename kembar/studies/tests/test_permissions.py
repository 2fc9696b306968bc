"""Who may open and change the partner search and the study: every bureau role of the region reads, bureau staff
and administrators change; another region's users and the programme roles (SME catalogue) get 404."""

import pytest
from django.urls import get_resolver, reverse

from kembar.accounts.models import Role
from kembar.discovery.models import SavedSearch
from kembar.studies import services
from kembar.studies.models import Candidate, CandidateNote, Choice
from kembar.testing import EDITORS, READERS, Case, PermissionMatrix, make_member, matrix_users

from .conftest import load_places, make_profile, make_search


@pytest.fixture
def world(bandung, bogor):
    places = load_places()
    users = matrix_users(bandung, bogor, national_admin=True)
    for role in (Role.TRADE_STAFF, Role.SME_OWNER, Role.TRANSLATOR):
        users[role] = make_member(f"u-{role}", bandung, role)
    staff = users[Role.BUREAU_STAFF]
    make_profile(bandung, places)
    search = make_search(bandung, by=staff)
    candidate = services.candidate_add(search=search, place=places["Nagoya"], by=staff)
    note = services.note_add(candidate=candidate, by=staff, text="Kota desain UNESCO.", source="UNESCO, 2008")
    removed = services.candidate_add(search=search, place=places["Sapporo"], by=staff)
    services.candidate_remove(candidate=removed, by=staff)
    gone = services.note_add(candidate=candidate, by=staff, text="Catatan lama.")
    services.note_remove(note=gone, by=staff)
    return {
        "region": bandung,
        "users": users,
        "places": places,
        "search": search,
        "candidate": candidate,
        "note": note,
        "removed": removed,
        "gone": gone,
    }


def _search(w):
    return {"pk": w["search"].pk}


def _cand(w):
    return {"pk": w["search"].pk, "cid": w["candidate"].pk}


def _removed(w):
    return {"pk": w["search"].pk, "cid": w["removed"].pk}


def _note(w):
    return {**_cand(w), "nid": w["note"].pk}


def _gone(w):
    return {**_cand(w), "nid": w["gone"].pk}


def _state(w):
    return (
        list(SavedSearch.all_objects.order_by("pk").values_list("pk", "name", "weights")),
        list(Candidate.all_objects.order_by("pk").values_list("pk", "deleted_at", "reason")),
        list(CandidateNote.all_objects.order_by("pk").values_list("pk", "deleted_at")),
        Choice.all_objects.count(),
    )


def _save_data(w):
    return {
        "name": "Mitra pendidikan di Jepang",
        "countries": ["JP"],
        "fields": "Pendidikan\nEkonomi kreatif",
        "limit": "20",
        **{f"w_{k}": "3" for k in ("population", "climate", "fields", "preference", "distance", "timezone")},
    }


CASES = (
    Case("studies_search", READERS),
    Case("studies_detail", READERS, _search),
    Case("studies_candidate", READERS, _cand),
    Case("studies_pdf", READERS, _search),
    Case("studies_docx", READERS, _search),
    Case("studies_note_add", EDITORS, _cand),
    Case(
        "studies_search_save",
        EDITORS,
        method="post",
        ok=302,
        data=_save_data,
        state=_state,
        creates=lambda w: SavedSearch.all_objects.count(),
    ),
    Case(
        "studies_shortlist_add",
        EDITORS,
        _search,
        method="post",
        ok=302,
        data=lambda w: {"place": str(w["places"]["Fukuoka"].pk), "reason": "Kota kreatif"},
        state=_state,
        creates=lambda w: Candidate.all_objects.count(),
    ),
    Case(
        "studies_note_add",
        EDITORS,
        _cand,
        method="post",
        ok=302,
        data=lambda w: {"text": "Program pertukaran pelajar.", "fields": "Pendidikan", "source": "Kota Nagoya, 2024"},
        state=_state,
        creates=lambda w: CandidateNote.all_objects.count(),
    ),
    Case("studies_note_remove", EDITORS, _note, method="post", ok=302, data=lambda w: {}, state=_state),
    Case("studies_note_restore", EDITORS, _gone, method="post", ok=302, data=lambda w: {}, state=_state),
    Case(
        "studies_candidate_reason",
        EDITORS,
        _cand,
        method="post",
        ok=302,
        data=lambda w: {"reason": "Kota kreatif UNESCO bidang desain."},
        state=_state,
    ),
    Case("studies_candidate_remove", EDITORS, _cand, method="post", ok=302, data=lambda w: {}, state=_state),
    Case("studies_candidate_restore", EDITORS, _removed, method="post", ok=302, data=lambda w: {}, state=_state),
    Case(
        "studies_choose",
        EDITORS,
        _cand,
        method="post",
        ok=302,
        data=lambda w: {},
        state=_state,
        creates=lambda w: Choice.all_objects.count(),
    ),
)


class TestPermissions(PermissionMatrix):
    cases = CASES
    who = (*PermissionMatrix.who, Role.TRADE_STAFF, Role.SME_OWNER, Role.TRANSLATOR)
    strangers = frozenset({"other_region", Role.TRADE_STAFF, Role.SME_OWNER, Role.TRANSLATOR})


#: The URL names this file covers (kembar/core/tests/test_permissions.py checks every URL is covered somewhere).
COVERED = {c.name for c in CASES}


def test_every_url_of_the_app_is_in_the_matrix():
    from kembar.studies.urls import urlpatterns

    ours = {p.name for p in urlpatterns}
    assert ours == {c.name for c in CASES}
    assert all(name in get_resolver().reverse_dict for name in ours)  # served under these names


def test_another_regions_search_is_404_even_for_its_own_staff(client, world, bogor):
    """Bogor's bureau staff asking for Bandung's search under Bogor's code: 404, and nothing of it shown."""
    other = make_member("bogor-staf", bogor, Role.BUREAU_STAFF)
    client.force_login(other)
    for name, kwargs in (
        ("studies_detail", _search(world)),
        ("studies_candidate", _cand(world)),
        ("studies_pdf", _search(world)),
    ):
        assert client.get(reverse(name, kwargs={"code": "32.01", **kwargs})).status_code == 404
    before = _state(world)
    assert client.post(reverse("studies_choose", kwargs={"code": "32.01", **_cand(world)})).status_code == 404
    assert _state(world) == before
    page = client.get(reverse("studies_search", args=["32.01"])).content.decode()
    assert world["search"].name not in page
