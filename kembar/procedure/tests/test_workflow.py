"""The procedure rules, without a database."""

from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from kembar.procedure.workflow import Facts, Pack, ProcedureRefused, can_complete, complete, send_back, status

PACKS = {
    p.stem: Pack.from_data(yaml.safe_load(p.read_text(encoding="utf-8")))
    for p in (Path(__file__).resolve().parents[1] / "packs").glob("permendagri-*.yaml")
}
A, B = PACKS["permendagri-3-2008"], PACKS["permendagri-25-2020"]
ALL_KINDS = [
    "loi",
    "mou",
    "pks",
    "plan",
    "dprd_approval",
    "central_approval",
    "kemlu_consideration",
    "full_power",
    "report",
    "correspondence",
    "other",
]


def test_packs_have_the_stages_in_the_legal_order():
    assert [s.id for s in A.stages] == [
        "perencanaan",
        "komunikasi-draft-mou",
        "persetujuan-pusat",
        "pembahasan-dprd",
        "penandatanganan",
    ]
    assert [s.id for s in B.stages][:7] == [
        "prakarsa",
        "penjajakan",
        "pernyataan-kehendak",
        "rencana-kerja-sama",
        "persetujuan-dprd",
        "verifikasi",
        "naskah-kerja-sama",
    ]
    assert all(s.confirmed for s in B.stages[:7]) and not any(s.confirmed for s in B.stages[7:])
    assert all(s.source for p in PACKS.values() for s in p.stages)


def test_signing_early_is_refused_with_what_is_missing_and_the_rule():
    facts = Facts(
        frozenset({"plan", "mou", "central_approval"}), ("perencanaan", "komunikasi-draft-mou", "persetujuan-pusat")
    )
    early = can_complete(A, facts, ["penandatanganan"])
    assert not early.allowed and early.reason == "out_of_order"
    compressed = can_complete(
        A,
        facts,
        ["pembahasan-dprd", "penandatanganan"],
        justification="Bupati meminta percepatan sebelum kunjungan mitra.",
    )
    assert not compressed.allowed
    assert [(m.stage, m.document) for m in compressed.missing] == [
        ("pembahasan-dprd", "dprd_approval"),
        ("penandatanganan", "dprd_approval"),
    ]
    assert "Pasal 12" in compressed.missing[0].source


def test_compressed_path_needs_a_written_justification():
    facts = Facts(frozenset({"mou"}))
    assert can_complete(A, facts, ["perencanaan", "komunikasi-draft-mou"]).reason == "no_justification"
    ok = can_complete(
        A,
        facts,
        ["perencanaan", "komunikasi-draft-mou"],
        justification="Tahap 1 dan 2 dilakukan sekaligus dalam kunjungan penjajakan (seperti Bogor).",
    )
    assert ok.allowed


def test_status_current_stage_and_send_back():
    facts = complete(A, Facts(frozenset({"mou"})), ["perencanaan"])
    st_ = status(A, facts)
    assert st_.current.id == "komunikasi-draft-mou" and not st_.signed
    assert [s.state for s in st_.stages] == ["done", "current", "waiting", "waiting", "waiting"]
    assert send_back(A, facts, reason="Draf perlu diperbaiki").done == ()
    with pytest.raises(ProcedureRefused):
        send_back(A, facts, reason="  ")


moves = st.one_of(
    st.tuples(
        st.just("add"), st.sampled_from([k for k in ALL_KINDS if k not in ("dprd_approval", "central_approval")])
    ),
    st.tuples(st.just("complete"), st.integers(1, 4), st.booleans()),
    st.tuples(st.just("back"), st.none()),
)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from([A, B]), st.lists(moves, max_size=40))
def test_no_sequence_of_moves_signs_without_both_approvals(pack, sequence):
    facts = Facts()
    for move in sequence:
        try:
            if move[0] == "add":
                facts = Facts(facts.documents | {move[1]}, facts.done)
            elif move[0] == "complete":
                start = len(facts.done)
                ids = [s.id for s in pack.stages[start : start + move[1]]]
                facts = complete(pack, facts, ids, justification="x" * 40 if move[2] else "")
            else:
                facts = send_back(pack, facts, reason="dikembalikan untuk perbaikan")
        except ProcedureRefused:
            pass
        assert not status(pack, facts).signed


@pytest.mark.parametrize("pack", [A, B], ids=lambda p: p.id)
def test_with_every_document_the_procedure_reaches_signing(pack):
    facts = Facts(frozenset(ALL_KINDS))
    for stage in pack.stages:
        facts = complete(pack, facts, [stage.id])
    assert status(pack, facts).signed and status(pack, facts).current is None


def test_plan_contents_are_the_seven_items_of_pasal_11_2():
    data = yaml.safe_load((Path(__file__).resolve().parents[1] / "packs" / "permendagri-3-2008.yaml").read_text())
    names = [i["name"]["id"] for i in data["plan_contents"]["items"]]
    assert names == [
        "Subyek kerja sama",
        "Latar belakang",
        "Maksud, tujuan, dan sasaran",
        "Obyek/ruang lingkup kerja sama",
        "Hasil kerja sama",
        "Sumber pembiayaan",
        "Jangka waktu pelaksanaan",
    ]
