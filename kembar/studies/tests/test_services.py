"""Shortlist, notes, removal and restore, and choosing a candidate, through the services."""

import pytest
from django.core.exceptions import ValidationError

from kembar.cooperations.models import Cooperation, Document
from kembar.partners.models import Partner
from kembar.procedure.selectors import procedure_for
from kembar.studies import selectors, services
from kembar.studies.models import MAX_CANDIDATES, Candidate, CandidateNote, Choice

from .conftest import make_search


def _rank_of(search, name):
    return next((r.rank for r in selectors.ranking_for(search) if r.place.name == name), None)


def test_shortlist_add_remove_restore_keeps_history(search, places, staff):
    nagoya = services.candidate_add(search=search, place=places["Nagoya"], by=staff, reason="Kota industri kreatif")
    assert nagoya.rank == _rank_of(search, "Nagoya") and nagoya.score > 0
    again = services.candidate_add(search=search, place=places["Nagoya"], by=staff)
    assert again.pk == nagoya.pk and Candidate.all_objects.count() == 1
    services.candidate_remove(candidate=nagoya, by=staff)
    assert not selectors.candidates(search=search)
    assert [c.pk for c in selectors.candidates(search=search, removed=True)] == [nagoya.pk]
    services.candidate_add(search=search, place=places["Nagoya"], by=staff)  # shortlisting it again restores it
    assert [c.pk for c in selectors.candidates(search=search)] == [nagoya.pk]
    reasons = [h.history_change_reason for h in nagoya.history.order_by("history_id")]
    assert reasons == ["shortlisted", "removed from the shortlist", "restored"]
    assert {h.history_user for h in nagoya.history.all()} == {staff}


@pytest.mark.parametrize("name", ["Tel Aviv", "Taipei", "Aichi", "Liuzhou"])
def test_the_legal_filter_refuses_to_shortlist(search, places, staff, name):
    """Israel and Taiwan never (no diplomatic relations); a division is not a kota's equal; Liuzhou is outside
    this search's countries but a lawful partner, so it may be shortlisted by name."""
    if name == "Liuzhou":
        assert services.candidate_add(search=search, place=places[name], by=staff).pk
        return
    with pytest.raises(ValidationError) as refused:
        services.candidate_add(search=search, place=places[name], by=staff)
    assert places[name].name in refused.value.messages[0]
    assert not Candidate.all_objects.exists()


def test_a_shortlist_is_bounded(bandung, places, staff, profile):
    from kembar.discovery.models import Place

    search = make_search(bandung, countries=[])
    extra = [
        Place.objects.create(
            kind="city", geonames_id=9_000_000 + i, name=f"Kota Uji {i}", country_code="JP", population=1000 + i
        )
        for i in range(MAX_CANDIDATES)
    ]
    for place in extra[:MAX_CANDIDATES]:
        services.candidate_add(search=search, place=place, by=staff)
    with pytest.raises(ValidationError, match=str(MAX_CANDIDATES)):
        services.candidate_add(search=search, place=places["Nagoya"], by=staff)
    first = Candidate.objects.filter(search=search).first()
    services.candidate_remove(candidate=first, by=staff)
    services.candidate_add(search=search, place=places["Nagoya"], by=staff)
    with pytest.raises(ValidationError):  # the removed one cannot come back while the list is full
        services.candidate_restore(candidate=first, by=staff)


def test_notes_feed_the_fields_criterion(search, places, staff):
    """A note naming the fields a candidate cooperates in raises its fields points, and so its score."""
    fukuoka = services.candidate_add(search=search, place=places["Fukuoka"], by=staff)
    before = next(r for r in selectors.ranking_for(search) if r.place.name == "Fukuoka")
    fields = next(c for c in before.criteria if c.key == "fields")
    services.note_add(
        candidate=fukuoka,
        by=staff,
        text="Fukuoka menjalankan program kota kreatif dan pertukaran pelajar.",
        fields=["Pendidikan", "Ekonomi kreatif"],
        source="Fukuoka City, Fukuoka Creative City Strategy, 2022",
        url="https://www.city.fukuoka.lg.jp/",
    )
    after = next(r for r in selectors.ranking_for(search) if r.place.name == "Fukuoka")
    noted = next(c for c in after.criteria if c.key == "fields")
    assert noted.points == 100 > fields.points
    assert after.score - before.score == (noted.points - fields.points) * noted.weight


def test_note_bounds_and_bad_input_change_nothing(search, places, staff):
    cand = services.candidate_add(search=search, place=places["Nagoya"], by=staff)
    for bad in (
        {"text": ""},
        {"text": "x" * 2001},
        {"text": "ok", "fields": [f"Bidang {i}" for i in range(11)]},
        {"text": "ok", "fields": ["x" * 101]},
        {"text": "ok", "url": "javascript:alert(1)", "source": "x"},
        {"text": "ok", "source": "s" * 501},
    ):
        with pytest.raises(ValidationError):
            services.note_add(candidate=cand, by=staff, **bad)
    assert not CandidateNote.all_objects.exists()


def test_choosing_creates_partner_cooperation_and_files_the_study_at_stage_one(search, places, staff):
    nagoya = services.candidate_add(search=search, place=places["Nagoya"], by=staff, reason="Kota kreatif UNESCO")
    services.candidate_add(search=search, place=places["Fukuoka"], by=staff)
    choice = services.candidate_choose(candidate=nagoya, by=staff)
    coop = choice.cooperation
    assert coop.region == search.region and coop.partner.name == "Nagoya" and coop.partner.name_local == "名古屋市"
    assert coop.partner.country_id == "JP" and coop.partner.level == "city" and choice.partner_created
    assert coop.type == "KSDPL" and coop.form == "sister_city" and coop.rule_pack == services.current_pack_id()
    assert coop.fields == ["Pendidikan", "Ekonomi kreatif"]
    state = procedure_for(cooperation=coop)
    assert state.followed and state.current.stage.id == choice.stage_id == state.stages[0].stage.id
    assert not state.done  # at its first stage, nothing completed
    doc = Document.objects.get(cooperation=coop)
    assert doc == choice.document and doc.files.count() == 1
    assert doc.title.startswith("Kajian calon mitra: Nagoya")
    assert state.current.name in doc.summary  # filed as that stage's document
    # Listed against the first stage, on file (the pack accepts a study there without requiring one).
    assert doc.kind == "partner_study" and state.current.supporting == [(doc.get_kind_display(), True)]
    file = doc.files.get()
    assert file.content_type == "application/pdf" and file.file.read().startswith(b"%PDF")


def test_the_study_becomes_the_first_stages_evidence_when_it_is_completed(search, places, staff):
    from kembar.procedure.services import stage_complete

    choice = services.candidate_choose(
        candidate=services.candidate_add(search=search, place=places["Nagoya"], by=staff), by=staff
    )
    coop = choice.cooperation
    stage_complete(cooperation=coop, by=staff, stage_ids=[choice.stage_id], documents=[choice.document])
    done = procedure_for(cooperation=coop).done
    assert [s.stage.id for s in done] == [choice.stage_id]
    assert [e.pk for e in done[0].completed.evidence] == [choice.document.pk]


def test_choosing_twice_creates_one(search, places, staff):
    cand = services.candidate_add(search=search, place=places["Nagoya"], by=staff)
    first = services.candidate_choose(candidate=cand, by=staff)
    second = services.candidate_choose(candidate=cand, by=staff)
    assert first.pk == second.pk
    assert (Choice.all_objects.count(), Cooperation.all_objects.count(), Partner.all_objects.count()) == (1, 1, 1)
    assert Document.all_objects.count() == 1
    with pytest.raises(ValidationError):  # a chosen candidate stays on the shortlist
        services.candidate_remove(candidate=cand, by=staff)


def test_choosing_reuses_the_partner_already_recorded_for_the_place(bandung, search, places, staff):
    from kembar.partners.services import partner_create

    recorded = partner_create(
        region=bandung, by=staff, name="Kota Nagoya", country_id="JP", kind="local_government", level="city"
    )
    cand = services.candidate_add(search=search, place=places["Nagoya"], by=staff)
    choice = services.candidate_choose(candidate=cand, by=staff)
    assert choice.partner == recorded and not choice.partner_created
    assert Partner.all_objects.filter(region=bandung).count() == 1


def test_a_removed_candidate_cannot_be_chosen(search, places, staff):
    cand = services.candidate_add(search=search, place=places["Nagoya"], by=staff)
    services.candidate_remove(candidate=cand, by=staff)
    with pytest.raises(ValidationError):
        services.candidate_choose(candidate=Candidate.all_objects.get(pk=cand.pk), by=staff)
    assert not Cooperation.all_objects.exists()
