"""The study pages as the bureau uses them: search, why each ranks, a saved search re-opened with its weights,
names in any script, bad input, the map, and the pages' query counts."""

import re

import pytest
from django.urls import reverse

from kembar.discovery.models import SavedSearch
from kembar.studies import services
from kembar.studies.models import Candidate, Choice
from kembar.testing import queries_of

WEIGHTS = {"population": 5, "climate": 0, "fields": 4, "preference": 0, "distance": 2, "timezone": 1}


def _query(**more):
    return {
        "countries": ["JP"],
        "fields": "Pendidikan\nEkonomi kreatif",
        "limit": "5",
        **{f"w_{k}": str(v) for k, v in WEIGHTS.items()},
        **more,
    }


def _text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_the_search_shows_why_the_first_three_rank_where_they_do(client, staff, profile, registry):
    client.force_login(staff)
    response = client.get(reverse("studies_search", args=["32.73"]), _query())
    assert response.status_code == 200
    html = response.content.decode()
    ranked = re.findall(r'<li id="rank-(\d+)"', html)
    assert ranked == ["1", "2", "3", "4", "5"]
    # Every criterion on both sides for the first three, in the open; the others behind "Why … ranks here".
    open_tables = re.findall(r'<table class="criteria" id="why-\d+">', html.split("<details>")[0])
    assert len(open_tables) == 3
    text = _text(response)
    for label in ("Kedudukan administratif setara", "Hubungan diplomatik dengan Indonesia", "Ukuran serupa"):
        assert label in text
    # The score shown is the sum of what each criterion adds.
    for table in re.findall(r'<table class="criteria".*?</table>', html, re.S)[:3]:
        adds = [int(n) for n in re.findall(r'<td class="num" data-label="[^"]*">(\d+)</td>\s*</tr>', table)]
        total = int(re.search(r"<strong>(\d+)</strong>", table).group(1))
        assert sum(adds) == total and total > 0
    assert "Kabupaten Bogor" in text  # Kyoto's tie with Bogor is shown, not hidden
    assert "Tel Aviv" not in text and "Taipei" not in text


def test_a_saved_search_reopens_with_its_weights(client, staff, profile):
    client.force_login(staff)
    response = client.post(reverse("studies_search_save", args=["32.73"]), {"name": "Jepang 2027", **_query()})
    search = SavedSearch.objects.get(name="Jepang 2027")
    assert response.status_code == 302 and response["Location"] == reverse("studies_detail", args=["32.73", search.pk])
    assert search.weights == WEIGHTS and search.filters["countries"] == ["JP"] and search.limit == 5
    assert search.filters["fields"] == ["Pendidikan", "Ekonomi kreatif"]
    page = client.get(response["Location"])
    rows = re.findall(r'<th scope="row">([^<]+)</th><td class="num">(\d+)</td>', page.content.decode())
    assert [int(w) for _label, w in rows] == list(WEIGHTS.values())
    # "Change the weights" opens the search form as it was saved.
    query = re.search(r'/studies/\?([^"]+)"', page.content.decode()).group(1).replace("&amp;", "&")
    form = client.get(reverse("studies_search", args=["32.73"]) + "?" + query).content.decode()
    assert 'name="w_population" value="5"' in form and 'name="w_climate" value="0"' in form
    assert '<option value="JP" selected>' in form


NAMES = [("名古屋", "Nagoya"), ("수원", "Suwon"), ("nagoya", "Nagoya"), ("柳州", "Liuzhou")]


@pytest.mark.parametrize("name, expected", NAMES)
def test_a_place_is_found_by_name_in_any_script(client, staff, search, name, expected):
    client.force_login(staff)
    response = client.get(reverse("studies_detail", args=["32.73", search.pk]), {"q": name})
    assert response.status_code == 200
    found = response.content.decode().split('<ul class="found">')[1].split("</ul>")[0]
    assert expected in found


def test_bad_input_is_refused_with_a_message_and_changes_nothing(client, staff, profile):
    client.force_login(staff)
    url = reverse("studies_search", args=["32.73"])
    for bad in ({"limit": "abc"}, {"w_fields": "11"}, {"w_population": "-1"}, {"limit": "100000"}):
        response = client.get(url, _query(**bad))
        assert response.status_code == 400
        assert b'role="alert"' in response.content
    before = SavedSearch.all_objects.count()
    response = client.post(reverse("studies_search_save", args=["32.73"]), {"name": "", **_query()})
    assert response.status_code == 302 and SavedSearch.all_objects.count() == before
    # Back to the same search (its weights and ranking kept), told which field was wrong.
    page = client.get(response["Location"])
    assert "Nama pencarian: Isian ini wajib diisi." in _text(page)
    assert 'name="w_population" value="5"' in page.content.decode() and '<li id="rank-1"' in page.content.decode()
    # A name with an escape code is no name a person typed: refused, at its field.
    response = client.post(reverse("studies_search_save", args=["32.73"]), {"name": "Jepang\x1b[2J", **_query()})
    assert SavedSearch.all_objects.count() == before
    assert "karakter yang tidak dapat disimpan" in _text(client.get(response["Location"]))


def test_the_map_shows_the_region_and_the_shortlist(client, staff, search, places):
    services.candidate_add(search=search, place=places["Nagoya"], by=staff)
    services.candidate_add(search=search, place=places["Fukuoka"], by=staff)
    client.force_login(staff)
    html = client.get(reverse("studies_detail", args=["32.73", search.pk])).content.decode()
    svg = html.split('class="world-map"')[1].split("</svg>")[0]
    assert svg.count('class="marker-candidate"') == 2 and svg.count('class="marker-region"') == 1
    titles = re.findall(r"<title>([^<]+)</title>", svg)
    assert titles == ["Kota Bandung", "1. Fukuoka (JP)", "2. Nagoya (JP)"]  # in shortlist (rank) order


def test_pages_cost_the_same_queries_for_a_longer_shortlist(client, staff, search, places, bandung):
    from kembar.discovery.models import Place

    client.force_login(staff)
    services.candidate_add(search=search, place=places["Nagoya"], by=staff)
    url = reverse("studies_detail", args=["32.73", search.pk])
    client.get(url)  # the places' arrays are built once per process
    few = queries_of(client, url)
    for i in range(6):
        place = Place.objects.create(
            kind="city", geonames_id=8_000_000 + i, name=f"Uji {i}", country_code="JP", population=100_000 + i
        )
        cand = services.candidate_add(search=search, place=place, by=staff)
        services.note_add(candidate=cand, by=staff, text="Catatan", fields=["Pendidikan"])
    from kembar.discovery import ranking

    ranking.forget_arrays()
    client.get(url)
    assert queries_of(client, url) == few


def test_choosing_from_the_page_leads_to_the_cooperation_at_its_first_stage(client, staff, search, places):
    cand = services.candidate_add(search=search, place=places["Nagoya"], by=staff)
    client.force_login(staff)
    url = reverse("studies_choose", args=["32.73", search.pk, cand.pk])
    response = client.post(url)
    choice = Choice.objects.get(candidate=cand)
    assert response["Location"] == reverse("cooperation_detail", args=["32.73", choice.cooperation.ref])
    dossier = _text(client.get(response["Location"]))
    assert "Kajian calon mitra: Nagoya" in dossier
    assert "Dokumen pendukung (tidak wajib): Kajian calon mitra" in dossier  # listed at the first stage
    again = client.post(url)  # a new form, the same candidate: no second cooperation
    assert again["Location"] == response["Location"] and Choice.all_objects.count() == 1
    page = client.get(reverse("studies_candidate", args=["32.73", search.pk, cand.pk])).content.decode()
    assert choice.cooperation.title in page and "Remove from the shortlist" not in page
    assert Candidate.objects.get(pk=cand.pk).is_deleted is False


def test_the_reason_written_on_the_candidate_page_is_the_studys(client, staff, search, places):
    from kembar.studies import selectors

    cand = services.candidate_add(search=search, place=places["Nagoya"], by=staff)
    client.force_login(staff)
    url = reverse("studies_candidate_reason", args=["32.73", search.pk, cand.pk])
    response = client.post(url, {"reason": "Kota kreatif UNESCO bidang desain."})
    assert response.status_code == 302
    study = selectors.study_for(search=search, by=staff)
    assert study.entries[0].reason == "Kota kreatif UNESCO bidang desain."
    client.post(url, {"reason": "x" * 2001})  # too long: refused, nothing changed
    assert Candidate.objects.get(pk=cand.pk).reason == "Kota kreatif UNESCO bidang desain."
