"""Moves on the procedure and rule-pack versions, through the services every door uses."""

import pytest

from kembar.accounts.models import Role
from kembar.cooperations.models import Cooperation
from kembar.procedure import selectors, services
from kembar.procedure.models import CooperationProcedure, RulePack, StageRecord
from kembar.procedure.services import ProcedureError
from kembar.testing import make_cooperation, make_member

A_STAGES = ["perencanaan", "komunikasi-draft-mou", "persetujuan-pusat", "pembahasan-dprd", "penandatanganan"]
JUSTIFICATION = "Bogor practice: exploration and draft MoU handled in one visit (seed 003)."


@pytest.fixture
def national_admin(ref_data):
    return make_member("nat-admin", None, Role.NATIONAL_ADMIN)


def done(coop):
    return [s.stage.id for s in selectors.procedure_for(cooperation=Cooperation.objects.get(pk=coop.pk)).done]


def test_packs_are_loaded_once_as_version_1(db, ref_data):
    assert set(RulePack.objects.values_list("pack_id", "version")) == {
        ("permendagri-3-2008", 1),
        ("permendagri-25-2020", 1),
    }
    assert services.rule_packs_load() == []
    assert RulePack.objects.count() == 2


def test_complete_in_order(coop, staff, add_doc):
    services.stage_complete(cooperation=coop, by=staff, stage_ids=["perencanaan"])
    mou = add_doc(coop, "mou")
    services.stage_complete(cooperation=coop, by=staff, stage_ids=["komunikasi-draft-mou"], documents=[mou])
    assert done(coop) == A_STAGES[:2]
    proc = CooperationProcedure.objects.get(cooperation=coop)
    assert (proc.pack.pack_id, proc.pack.version) == ("permendagri-3-2008", 1)
    record = StageRecord.objects.get(stage_id="komunikasi-draft-mou")
    assert list(record.documents.all()) == [mou] and record.by == staff
    assert record.history.first().history_user == staff
    assert coop.history.first().history_change_reason == "procedure: completed komunikasi-draft-mou"


def test_refuse_out_of_order(coop, staff, english):
    with pytest.raises(ProcedureError) as exc:
        services.stage_complete(cooperation=coop, by=staff, stage_ids=["komunikasi-draft-mou"])
    assert exc.value.code == "out_of_order"
    assert exc.value.message.startswith(
        "“Communication abroad and draft MoU” cannot be recorded yet: stages are completed in order, "
        "and the next one is “Planning”."
    )
    assert "Memorandum of Understanding (MoU) (stage “Communication abroad and draft MoU”" in exc.value.message
    assert not StageRecord.objects.exists() and done(coop) == []


def test_refuse_signing_early_with_exact_missing_list(coop, staff, add_doc, english):
    add_doc(coop, "mou")
    add_doc(coop, "plan")
    add_doc(coop, "central_approval")
    services.stage_complete(cooperation=coop, by=staff, stage_ids=A_STAGES[:3], justification=JUSTIFICATION)
    with pytest.raises(ProcedureError) as exc:
        services.stage_complete(
            cooperation=coop, by=staff, stage_ids=A_STAGES[3:], justification="DPRD and signing on the same day."
        )
    little_bandung = (
        "[Artikel tanpa judul tentang program Little Bandung dan kerja sama Kota Bandung dengan Hongdae, Seoul; "
        "penulis dan tahun tidak tercantum]"
    )
    dprd = f"Peraturan Menteri Dalam Negeri Nomor 3 Tahun 2008, Pasal 12; {little_bandung}: tahap keempat."
    signing = f"{little_bandung}: tahap kelima, penandatanganan setelah rencana kerja sama disetujui DPRD."
    assert exc.value.message == (
        "“DPRD review and approval”, “Signing” cannot be recorded: missing "
        f"DPRD approval (stage “DPRD review and approval”; source: {dprd}); "
        f"DPRD approval (stage “Signing”; source: {signing})."
    )
    with pytest.raises(ProcedureError) as exc:
        services.stage_complete(cooperation=coop, by=staff, stage_ids=["penandatanganan"])
    assert exc.value.code == "out_of_order" and "Still missing: DPRD approval" in exc.value.message
    assert done(coop) == A_STAGES[:3] and StageRecord.objects.count() == 3


def test_compressed_path_requires_justification_and_is_shown(coop, staff, add_doc, english):
    add_doc(coop, "mou")
    with pytest.raises(ProcedureError) as exc:
        services.stage_complete(cooperation=coop, by=staff, stage_ids=A_STAGES[:2], justification="ok")
    assert exc.value.code == "no_justification" and "justification" in exc.value.message
    assert not StageRecord.objects.exists()
    services.stage_complete(cooperation=coop, by=staff, stage_ids=A_STAGES[:2], justification=JUSTIFICATION)
    state = selectors.procedure_for(cooperation=coop)
    assert [(s.stage.id, s.completed.compressed, s.completed.justification) for s in state.done] == [
        ("perencanaan", True, JUSTIFICATION),
        ("komunikasi-draft-mou", True, JUSTIFICATION),
    ]
    assert coop.history.first().history_change_reason.startswith("procedure: completed perencanaan, komunikasi")


def test_send_back(coop, staff, english):
    with pytest.raises(ProcedureError) as exc:
        services.stage_send_back(cooperation=coop, by=staff, reason="DPRD rejected the plan")
    assert exc.value.code == "nothing_to_send_back"
    services.stage_complete(cooperation=coop, by=staff, stage_ids=["perencanaan"])
    with pytest.raises(ProcedureError) as exc:
        services.stage_send_back(cooperation=coop, by=staff, reason="  ")
    assert exc.value.message == "Give the reason for sending the procedure back."
    record = services.stage_send_back(cooperation=coop, by=staff, reason="The partner study was incomplete.")
    assert (record.stage_id, record.action) == ("perencanaan", "send_back")
    assert done(coop) == []
    state = selectors.procedure_for(cooperation=coop)
    assert [m.justification for m in state.send_backs] == ["The partner study was incomplete."]
    assert [(m.justification, stage) for m, stage in state.send_backs_named] == [
        ("The partner study was incomplete.", "Planning")
    ]
    services.stage_complete(cooperation=coop, by=staff, stage_ids=["perencanaan"])
    assert done(coop) == ["perencanaan"]


def test_wrong_evidence_kind_refused(coop, staff, add_doc, english, bandung):
    loi = add_doc(coop, "loi", "Letter of intent")
    with pytest.raises(ProcedureError) as exc:
        services.stage_complete(cooperation=coop, by=staff, stage_ids=["perencanaan"], documents=[loi])
    # Planning requires nothing but accepts a potential-partner study; an LoI is neither.
    assert exc.value.message == (
        "“Letter of intent” is a document of kind “Letter of Intent (LoI)”; evidence for “Planning” must be one "
        "of: “Potential-partner study”."
    )
    services.stage_complete(cooperation=coop, by=staff, stage_ids=["perencanaan"])
    add_doc(coop, "mou")
    with pytest.raises(ProcedureError) as exc:
        services.stage_complete(cooperation=coop, by=staff, stage_ids=["komunikasi-draft-mou"], documents=[loi])
    assert exc.value.message == (
        "“Letter of intent” is a document of kind “Letter of Intent (LoI)”; evidence for "
        "“Communication abroad and draft MoU” must be one of: “Memorandum of Understanding (MoU)”."
    )
    other = make_cooperation(bandung, ref="other", by=staff, rule_pack="permendagri-3-2008")
    foreign = add_doc(other, "mou")
    with pytest.raises(ProcedureError) as exc:
        services.stage_complete(cooperation=coop, by=staff, stage_ids=["komunikasi-draft-mou"], documents=[foreign])
    assert exc.value.code == "foreign_document"
    assert done(coop) == ["perencanaan"]


def test_signing_refused_while_blocking_conditions_unmet(coop, staff, add_doc, english, monkeypatch):
    for kind in ("mou", "plan", "central_approval", "dprd_approval"):
        add_doc(coop, kind)
    services.stage_complete(cooperation=coop, by=staff, stage_ids=A_STAGES[:4], justification=JUSTIFICATION)

    class Item:
        text = {"id": "Hubungan diplomatik", "en": "Diplomatic relations with Indonesia"}
        source = "Permenlu 09/A/KP/XII/2006/01"

    monkeypatch.setattr("kembar.conditions.selectors.blocking_unmet", lambda *, cooperation: [Item()])
    with pytest.raises(ProcedureError) as exc:
        services.stage_complete(cooperation=coop, by=staff, stage_ids=["penandatanganan"])
    assert exc.value.message == (
        "“Signing” cannot be recorded: blocking conditions are not met: "
        "Diplomatic relations with Indonesia (Permenlu 09/A/KP/XII/2006/01)."
    )
    monkeypatch.setattr("kembar.conditions.selectors.blocking_unmet", lambda *, cooperation: [])
    services.stage_complete(cooperation=coop, by=staff, stage_ids=["penandatanganan"])
    state = selectors.procedure_for(cooperation=coop)
    assert state.status.signed and state.current is None


def pack_a_v2():
    data = RulePack.objects.get(pack_id="permendagri-3-2008", version=1).data
    data = {**data, "stages": [dict(s) for s in data["stages"]]}
    data["stages"][0]["deadline_days"] = 30
    data["stages"][1]["requires"] = ["mou", "loi"]
    return data


def test_new_version_leaves_existing_cooperations_on_their_version(coop, staff, national_admin, bandung):
    services.stage_complete(cooperation=coop, by=staff, stage_ids=["perencanaan"])
    later = make_cooperation(bandung, ref="later", by=staff, rule_pack="permendagri-3-2008")
    v2 = services.rule_pack_new_version(
        pack_id="permendagri-3-2008", by=national_admin, data=pack_a_v2(), note="Checked Pasal 12."
    )
    assert (v2.version, v2.created_by, v2.data["version"]) == (2, national_admin, 2)
    assert selectors.pack_data_for(cooperation=Cooperation.objects.get(pk=coop.pk))["version"] == 1
    assert selectors.procedure_for(cooperation=coop).rule_pack.version == 1
    assert selectors.pack_data_for(cooperation=later)["version"] == 2  # not started: the latest
    services.procedure_start(cooperation=later, by=staff)
    assert CooperationProcedure.objects.get(cooperation=later).pack == v2


def test_new_version_validates_and_changes_nothing(national_admin, staff, english, ref_data):
    data = pack_a_v2()
    data["stages"][1]["requires"] = ["mou", "napkin"]
    data["stages"][2]["id"] = "perencanaan"
    del data["stages"][3]["source"]
    data["stages"][4]["name"] = {"id": "Penandatanganan"}
    data["stages"][0]["accepts"] = "partner_study"
    with pytest.raises(ProcedureError) as exc:
        services.rule_pack_new_version(pack_id="permendagri-3-2008", by=national_admin, data=data, note="x")
    assert exc.value.errors == [
        "Stage 1 (“perencanaan”): “accepts” must be a list of document kinds.",
        "Stage 2 (“komunikasi-draft-mou”): “napkin” is not a document kind (one of: loi, mou, pks, plan, "
        "dprd_approval, central_approval, kemlu_consideration, full_power, report, correspondence, "
        "partner_study, other).",
        "Stage 3 (“perencanaan”): the id is used by another stage; ids must be unique.",
        "Stage 4 (“pembahasan-dprd”): “source” is required: every rule cites its source.",
        "Stage 5 (“penandatanganan”): “name.en” is required.",
    ]
    with pytest.raises(ProcedureError) as exc:
        services.rule_pack_new_version(pack_id="permendagri-3-2008", by=staff, data=pack_a_v2(), note="x")
    assert exc.value.code == "forbidden"
    same = RulePack.objects.get(pack_id="permendagri-3-2008", version=1).data
    with pytest.raises(ProcedureError) as exc:
        services.rule_pack_new_version(pack_id="permendagri-3-2008", by=national_admin, data=same, note="x")
    assert exc.value.code == "unchanged"
    assert RulePack.objects.filter(pack_id="permendagri-3-2008").count() == 1


def test_editing_a_used_version_is_refused(coop, staff, national_admin, english):
    v1 = RulePack.objects.get(pack_id="permendagri-3-2008", version=1)
    services.procedure_start(cooperation=coop, by=staff)
    with pytest.raises(ProcedureError) as exc:
        services.rule_pack_update(rule_pack=v1, by=national_admin, data=pack_a_v2(), note="typo")
    assert exc.value.message == "A pack version already in use cannot be edited; publish a new version."
    v1.refresh_from_db()
    assert "deadline_days" not in v1.data["stages"][0]


def test_a_version_nobody_uses_may_be_corrected(national_admin, ref_data):
    v1 = RulePack.objects.get(pack_id="permendagri-25-2020", version=1)
    data = {**v1.data, "stages": [dict(s) for s in v1.data["stages"]]}
    data["stages"][0]["source"] = "PP 28/2018 Pasal 1 (checked)"
    services.rule_pack_update(rule_pack=v1, by=national_admin, data=data, note="source")
    v1.refresh_from_db()
    assert v1.data["stages"][0]["source"] == "PP 28/2018 Pasal 1 (checked)"


def test_start_names_the_pack_when_the_cooperation_had_none(bandung, staff, english):
    coop = make_cooperation(bandung, ref="none", by=staff)
    assert selectors.pack_data_for(cooperation=coop) is None
    with pytest.raises(ProcedureError) as exc:
        services.stage_complete(cooperation=coop, by=staff, stage_ids=["prakarsa"])
    assert exc.value.code == "no_pack"
    services.procedure_start(cooperation=coop, by=staff, pack_id="permendagri-25-2020")
    coop.refresh_from_db()
    assert coop.rule_pack == "permendagri-25-2020"
    assert selectors.pack_data_for(cooperation=coop)["id"] == "permendagri-25-2020"


def test_overdue_when_the_current_stage_outlives_its_deadline(coop, staff, national_admin):
    import datetime as dt

    services.rule_pack_new_version(
        pack_id="permendagri-3-2008", by=national_admin, data=pack_a_v2(), note="Deadline for planning."
    )
    services.procedure_start(cooperation=coop, by=staff)
    assert not selectors.procedure_for(cooperation=coop).overdue
    CooperationProcedure.objects.filter(cooperation=coop).update(started_at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC))
    state = selectors.procedure_for(cooperation=Cooperation.objects.get(pk=coop.pk))
    assert state.overdue and state.current.overdue and state.as_json()["overdue"] is True
