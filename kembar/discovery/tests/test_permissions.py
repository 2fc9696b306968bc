"""The partner-search profile's pages: who may read and edit them, facts shown with their sources."""

import pytest

from kembar.discovery.models import RegionProfile
from kembar.discovery.services import profile_save
from kembar.testing import EDITORS, READERS, Case, PermissionMatrix, matrix_users


def _profile(w):
    return list(RegionProfile.all_objects.values_list("region_id", "population", "population_source", "fields"))


EDIT = {
    "location": "",
    "population": "2500000",
    "population_source": "Badan Pusat Statistik Kota Bandung, Kota Bandung dalam Angka 2024, hlm. 50",
    "population_as_of": "2023",
    "coast": "inland",
    "climate": "tropical",
    "capital": "capital",
    "fields": "Pendidikan\nEkonomi kreatif",
    "preferred_countries": "jp\nKR",
    "preferred_world_regions": ["AS"],
}

CASES = (
    Case("discovery_profile", READERS),
    Case("discovery_profile_edit", EDITORS),
    Case("discovery_profile_edit", EDITORS, method="post", ok=302, data=lambda w: dict(EDIT), state=_profile),
)
#: For kembar/core/tests/test_permissions.py: every URL of this app is in the matrix above.
COVERED = {case.name for case in CASES}


@pytest.fixture
def world(bandung, bogor):
    profile_save(region=bandung, by=None, population=1, fields=["Pariwisata"])
    return {"region": bandung, "users": matrix_users(bandung, bogor, national_admin=True)}


class TestPermissions(PermissionMatrix):
    cases = CASES


def test_facts_show_their_source_or_unconfirmed(client, world):
    client.force_login(world["users"]["bureau_staff"])
    response = client.post(f"/r/{world['region'].code}/discovery/profile/edit/", EDIT)
    assert response.status_code == 302
    profile = RegionProfile.objects.get(region=world["region"])
    assert profile.fields == ["Pendidikan", "Ekonomi kreatif"] and profile.preferred_countries == ["JP", "KR"]
    assert profile.fact_state("population") == "confirmed" and profile.fact_state("coast") == "unconfirmed"
    html = client.get(f"/r/{world['region'].code}/discovery/profile/").content.decode()
    assert "Kota Bandung dalam Angka 2024" in html and "2.500.000" in html
    assert html.count('class="badge warn"') == 4  # coast, climate, capital, problems: no source given


def test_bad_input_changes_nothing(client, world):
    client.force_login(world["users"]["bureau_staff"])
    before = _profile(world)
    for bad in (
        {"preferred_countries": "Japan"},
        {"fields": "x" * 201},
        {"fields": "\n".join(f"f{i}" for i in range(31))},
        {"preferred_world_regions": ["XX"]},
        {"location": "Nowhere-at-all"},
        {"population": "-5"},
    ):
        response = client.post(f"/r/{world['region'].code}/discovery/profile/edit/", {**EDIT, **bad})
        assert response.status_code == 400 and b"error-summary" in response.content, bad
        assert _profile(world) == before


def test_location_by_name_is_the_regions_own_place(client, world, bandung_profile):
    client.force_login(world["users"]["bureau_staff"])
    response = client.post(f"/r/{world['region'].code}/discovery/profile/edit/", {**EDIT, "location": "Bandung"})
    assert response.status_code == 302
    assert RegionProfile.objects.get(region=world["region"]).place.geonames_id == 1650357


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("typed", "kept", "said"),
    [
        ("kemarin", None, "“kemarin” bukan tanggal."),
        ("abc", None, "“abc” bukan tanggal."),
        ("antara 2019 dan 2020", None, "Isikan satu tahun atau satu tanggal di sini, bukan rentang."),
        ("9999", None, "tahun harus antara 1900 dan 2100"),
        ("2023", "2023", ""),
        ("30/06/2023", "2023-06-30", ""),
    ],
)
def test_the_population_is_as_of_a_year_or_a_date(client, staff, bandung, typed, kept, said):
    """Free text ("kemarin") is refused in Indonesian on the form and by the service, and changes nothing."""
    from django.core.exceptions import ValidationError
    from django.urls import reverse

    client.force_login(staff)
    response = client.post(reverse("discovery_profile_edit", args=[bandung.code]), {**EDIT, "population_as_of": typed})
    if kept is None:
        assert response.status_code == 400 and said in response.content.decode()
        assert not RegionProfile.objects.filter(region=bandung).exists()
        with pytest.raises(ValidationError):
            profile_save(region=bandung, by=staff, population_as_of=typed)
    else:
        assert response.status_code == 302
        assert RegionProfile.objects.get(region=bandung).population_as_of == kept


@pytest.mark.parametrize(
    ("language", "stored", "shown"),
    [("id", "2023-06-30", "30 Juni 2023"), ("en", "2023-06-30", "30 June 2023"), ("id", "2023", "2023")],
)
def test_the_populations_date_is_shown_in_words(client, world, language, stored, shown):
    """The page says "(per 30 Juni 2023)", not the stored "2023-06-30"; a year stays a year."""
    client.force_login(world["users"]["bureau_staff"])
    client.cookies["django_language"] = language
    profile_save(region=world["region"], by=None, population_as_of=stored)
    html = client.get(f"/r/{world['region'].code}/discovery/profile/").content.decode()
    assert f" {shown})" in html and (stored == shown or stored not in html)
