"""Attesting conditions, the checklist and the blocking conditions, on the database."""

from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from kembar.conditions.checks import MET, UNKNOWN, UNMET
from kembar.conditions.models import ConditionAttestation
from kembar.conditions.selectors import ATTESTED, AUTOMATIC, blocking_unmet, checklist, condition_pack, counts
from kembar.conditions.services import condition_attest
from kembar.cooperations import services as coop_services
from kembar.cooperations.casefile import import_files
from kembar.testing import make_cooperation

CASE = Path(__file__).resolve().parents[2] / "demo" / "cases" / "bandung-liuzhou.yaml"


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def by_id(items):
    return {i.item_id: i for i in items}


@pytest.fixture
def israel(bandung, staff):
    return make_cooperation(bandung, ref="israel", title="Kerja sama Haifa", country="IL", by=staff)


def test_israeli_partner_blocks_with_diplomatic_relations_until_dprd_approval_is_filed(israel, staff):
    blocking = blocking_unmet(cooperation=israel)
    assert [i.item_id for i in blocking] == ["diplomatic-relations", "authority", "dprd-approval"]
    relations = blocking[0]
    assert relations.text.startswith("Only with a country that has diplomatic relations")
    assert relations.source == (
        "Peraturan Menteri Luar Negeri Nomor 09/A/KP/XII/2006/01 tentang Panduan Umum Tata Cara Hubungan Luar Negeri "
        "oleh Pemerintah Daerah"
    )
    assert relations.state == UNMET and relations.decided == AUTOMATIC
    assert "Indonesia tidak memiliki hubungan diplomatik dengan Israel." in relations.details

    coop_services.document_create(cooperation=israel, by=staff, kind="dprd_approval", title="Persetujuan DPRD")
    assert [i.item_id for i in blocking_unmet(cooperation=israel)] == ["diplomatic-relations", "authority"]


def test_a_deleted_dprd_approval_does_not_count(israel, staff):
    doc = coop_services.document_create(cooperation=israel, by=staff, kind="dprd_approval", title="Persetujuan")
    coop_services.document_delete(document=doc, by=staff)
    assert "dprd-approval" in [i.item_id for i in blocking_unmet(cooperation=israel)]


def test_no_pack_uses_the_current_law(israel):
    choice = condition_pack(cooperation=israel)
    assert choice.defaulted and choice.pack_id == "permendagri-25-2020"
    items = checklist(cooperation=israel)
    assert {i.set_id for i in items} == {"permenlu-2006", "pp-28-2018", "sister-city", "principles-pp-50-2007"}
    assert all(not i.confirmed for i in items if i.set_id == "pp-28-2018")
    assert all(i.confirmed for i in items if i.set_id == "permenlu-2006")


def test_sister_city_criteria_apply_only_to_sister_cities_and_provinces(bandung, staff):
    coop = make_cooperation(bandung, ref="uni", by=staff, form="institution", type="KSDLL")
    sister = [i for i in checklist(cooperation=coop) if i.set_id == "sister-city"]
    assert sister and not any(i.applies for i in sister)
    # Permenlu: relations met, DPRD approval unmet, authority (no fields) and five others to attest;
    # PP 28/2018: three; principles: one; the sister-city criteria are not counted.
    assert counts(checklist(cooperation=coop)) == {MET: 1, UNMET: 1, UNKNOWN: 6 + 3 + 1}


def test_bandung_liuzhou_case_file(bandung, staff):
    (coop,) = import_files([CASE], by=staff)
    choice = condition_pack(cooperation=coop)
    assert choice.pack_id == "permendagri-3-2008" and not choice.defaulted
    items = by_id(checklist(cooperation=coop))
    assert items["diplomatic-relations"].state == MET
    assert items["equal-status"].state == MET  # Kota Bandung with the city of Liuzhou
    authority = items["authority"]
    assert authority.state == UNKNOWN and authority.attestable and authority.decided == ""
    assert any("Bidang lain" in d and "needs attestation" in d for d in authority.details)
    assert any("Ekonomi, Perdagangan" in d and "Promotion of regional potential" in d for d in authority.details)
    assert "no-representative-office" not in items  # PP 28/2018 is not in the 2008 pack


def test_attestation_decides_an_unknown_item_and_keeps_history(israel, staff, bureau_admin):
    first = condition_attest(
        cooperation=israel,
        by=staff,
        set_id="permenlu-2006",
        item_id="authority",
        met=True,
        evidence="Nota dinas Bagian Hukum 12/2024: bidang sesuai kewenangan.",
    )
    item = by_id(checklist(cooperation=israel))["authority"]
    assert item.state == MET and item.decided == ATTESTED and item.attestation == first
    assert item.attestation.attested_by == staff and item.history == []
    assert "authority" not in [i.item_id for i in blocking_unmet(cooperation=israel)]

    doc = coop_services.document_create(cooperation=israel, by=staff, kind="other", title="Telaah hukum")
    second = condition_attest(
        cooperation=israel,
        by=bureau_admin,
        set_id="permenlu-2006",
        item_id="authority",
        met=False,
        evidence="Telaah ulang: bidang keamanan di luar kewenangan.",
        evidence_document=doc,
    )
    item = by_id(checklist(cooperation=israel))["authority"]
    assert item.state == UNMET and item.attestation == second and item.history == [first]
    assert item.attestation.evidence_document == doc
    assert "authority" in [i.item_id for i in blocking_unmet(cooperation=israel)]
    assert ConditionAttestation.objects.filter(cooperation=israel).count() == 2
    assert second.history.first().history_user == bureau_admin


def test_attesting_an_item_without_a_check(israel, staff):
    condition_attest(
        cooperation=israel, by=staff, set_id="permenlu-2006", item_id="stability", met=True, evidence="Rapat FKPD."
    )
    assert by_id(checklist(cooperation=israel))["stability"].state == MET


def _attest(coop, by, **overrides):
    kwargs = {
        "cooperation": coop,
        "by": by,
        "set_id": "permenlu-2006",
        "item_id": "stability",
        "met": True,
        "evidence": "Bukti cukup.",
    }
    kwargs.update(overrides)
    return condition_attest(**kwargs)


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"item_id": "no-such-item"}, "item_id", "not one of the conditions"),
        ({"set_id": "no-such-set"}, "item_id", "not one of the conditions"),
        ({"evidence": "   "}, "evidence", "evidence is required"),
        ({"item_id": "diplomatic-relations"}, "item_id", "decided automatically"),
        ({"item_id": "dprd-approval"}, "item_id", "decided automatically"),
        ({"set_id": "pp-28-2018", "item_id": "stability"}, "item_id", "not one of the conditions"),
    ],
)
def test_bad_attestation_changes_nothing(israel, staff, overrides, field, message):
    with pytest.raises(ValidationError) as exc:
        _attest(israel, staff, **overrides)
    assert any(message in m for m in exc.value.message_dict[field])
    assert not ConditionAttestation.objects.exists()


def test_evidence_document_of_another_cooperation_is_refused(israel, bandung, staff):
    other = make_cooperation(bandung, ref="other", by=staff)
    doc = coop_services.document_create(cooperation=other, by=staff, kind="other", title="Bukan dokumen ini")
    with pytest.raises(ValidationError) as exc:
        _attest(israel, staff, evidence_document=doc)
    assert "Choose a document of this cooperation." in exc.value.message_dict["evidence_document"]
    assert not ConditionAttestation.objects.exists()


def test_criteria_of_a_set_that_does_not_apply_cannot_be_attested(bandung, staff):
    coop = make_cooperation(bandung, ref="uni", by=staff, form="institution", type="KSDLL")
    with pytest.raises(ValidationError) as exc:
        _attest(coop, staff, set_id="sister-city", item_id="similar-problems")
    assert "does not apply" in exc.value.message_dict["item_id"][0]


def test_a_later_automatic_decision_keeps_earlier_attestations_visible(bandung, staff):
    coop = make_cooperation(bandung, ref="fields", by=staff, fields=["Bidang lain"])
    first = _attest(coop, staff, item_id="authority")
    coop_services.cooperation_update(cooperation=coop, by=staff, fields=["Pariwisata"])
    item = by_id(checklist(cooperation=coop))["authority"]
    assert item.state == MET and item.decided == AUTOMATIC and item.history == [first]
