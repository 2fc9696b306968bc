"""The bureau moves an interest: in contact, declined, or turned into a candidate of its potential-partner study (the
city shortlisted in a saved search, the interest cited in a note whose fields count); the sender is written to in
their language; a move the rules refuse changes nothing. Publishing needs the region's profile."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from kembar.discovery import ranking
from kembar.discovery import services as discovery
from kembar.seeking.models import Interest, Seeking
from kembar.studies.models import Candidate, CandidateNote

from .conftest import submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def search(world):
    return discovery.saved_search_create(
        region=world["region"],
        by=world["users"]["bureau_admin"],
        name="Pendidikan di Jepang",
        weights=dict(ranking.DEFAULT_WEIGHTS),
        filters={"countries": ["JP"]},
    )


def _move(client, world, interest, **data):
    return client.post(reverse("seeking_interest_move", args=["32.73", interest.pk]), data)


def test_an_interest_turns_into_a_study_candidate_with_its_fields_cited(client, world, search):
    interest = world["interest"]
    interest.language = "ko"
    interest.save()
    client.force_login(world["users"]["bureau_staff"])
    response = _move(client, world, interest, status="candidate", search=str(search.pk), note="Cocok.")
    assert response.status_code == 302, response.content.decode()[-2000:]
    interest.refresh_from_db()
    assert interest.status == "candidate" and interest.candidate.search == search
    assert interest.candidate.place == world["places"]["Nagoya"]
    note = CandidateNote.objects.get(candidate=interest.candidate)
    assert note.fields == ["Pendidikan"] and interest.number in note.source
    # Cited in Indonesian with its day in full ("7 Desember 2026", not "07/12/2026").
    months = "Januari|Februari|Maret|April|Mei|Juni|Juli|Agustus|September|Oktober|November|Desember"
    assert re.search(rf"diterima pada \d{{1,2}} ({months}) \d{{4}}$", note.source), note.source
    assert "지역의 잠재 파트너 검토 대상" in mail.outbox[-1].body  # told in Korean
    page = client.get(reverse("seeking_interest_detail", args=["32.73", interest.pk])).content.decode()
    assert reverse("studies_candidate", args=["32.73", search.pk, interest.candidate.pk]) in page


def test_a_refused_move_changes_nothing(client, world, search):
    client.force_login(world["users"]["bureau_staff"])
    interest = world["interest"]
    assert _move(client, world, interest, status="candidate").status_code == 400  # no search chosen
    aichi, _s = submit(world["region"], world["places"]["Aichi"])  # a prefecture: not a kota's peer
    mail.outbox.clear()
    page = _move(client, world, aichi, status="candidate", search=str(search.pk))
    assert page.status_code == 400 and "Aichi" in page.content.decode()
    assert _move(client, world, interest, status="unverified").status_code == 400
    assert list(Interest.objects.filter(status="candidate")) == []
    assert not Candidate.all_objects.exists()
    assert len(mail.outbox) == 0


def test_moves_follow_the_rules_and_the_sender_is_told(client, world):
    client.force_login(world["users"]["bureau_staff"])
    interest = world["interest"]
    assert _move(client, world, interest, status="contact", note="Surel dikirim.").status_code == 302
    assert _move(client, world, interest, status="declined").status_code == 302
    interest.refresh_from_db()
    assert (interest.status, interest.note) == ("declined", "Surel dikirim.")
    assert [m.to for m in mail.outbox] == [[interest.email]] * 2
    assert "declined" in mail.outbox[-1].body
    reasons = list(interest.history.order_by("history_date").values_list("history_change_reason", flat=True))
    assert reasons[-2:] == ["contact", "declined"]


def test_publishing_needs_the_profile_and_only_the_admin_publishes(client, world):
    from kembar.discovery.models import RegionProfile

    client.force_login(world["users"]["bureau_admin"])
    url = reverse("seeking_publish", args=["32.73"])
    assert client.post(url, {"active": "", "text": "Ditutup."}).status_code == 302
    assert not Seeking.objects.get(region=world["region"]).active
    assert client.get(reverse("seeking_region", args=["32.73"])).status_code == 404
    RegionProfile.objects.filter(region=world["region"]).delete()
    client.post(url, {"active": "on", "text": "Dibuka lagi."})
    seeking = Seeking.objects.get(region=world["region"])
    assert (seeking.active, seeking.text) == (False, "Ditutup.")
    history = list(seeking.history.order_by("history_date").values_list("active", flat=True))
    assert history == [True, False]


def test_a_refused_publication_comes_back_with_what_was_typed(client, world):
    """Too long a message, or no profile to publish: the page comes back with both texts and the error
    beside its field, and nothing is kept."""
    from kembar.discovery.models import RegionProfile

    client.force_login(world["users"]["bureau_admin"])
    url = reverse("seeking_publish", args=["32.73"])
    before = list(Seeking.objects.values_list("text", flat=True))
    page = client.post(url, {"active": "on", "text": "Kami mencari mitra. " * 120, "text_en": "We seek partners."})
    html = page.content.decode()
    assert page.status_code == 400
    assert "Kami mencari mitra. Kami mencari mitra." in html and "We seek partners." in html
    assert "Pastikan nilai ini mengandung paling banyak 2000 karakter" in html
    RegionProfile.objects.filter(region=world["region"]).delete()
    page = client.post(url, {"active": "on", "text": "Dibuka lagi untuk mitra baru."})
    html = page.content.decode()
    assert page.status_code == 400 and "Dibuka lagi untuk mitra baru." in html
    assert "Isi profil pencarian mitra daerah terlebih dahulu" in html
    assert list(Seeking.objects.values_list("text", flat=True)) == before
