"""Where cooperations stand: one dossier, a demo case file, and a whole region in a fixed number of queries."""

from pathlib import Path

from kembar.cooperations.casefile import import_files
from kembar.cooperations.models import Cooperation
from kembar.procedure import selectors, services
from kembar.testing import fill_dossier, make_cooperation, queries_in

CASES = Path(__file__).resolve().parents[2] / "demo" / "cases"


def test_bandung_liuzhou_follows_permendagri_3_2008_v1(ref_data, bandung):
    (coop,) = import_files([CASES / "bandung-liuzhou.yaml"])
    state = selectors.procedure_status(region=bandung, ref="bandung-liuzhou")
    assert (state.rule_pack.pack_id, state.rule_pack.version) == ("permendagri-3-2008", 1)
    assert not state.followed and state.current.stage.id == "perencanaan"
    row = state.as_json()
    assert row["pack"] == {"id": "permendagri-3-2008", "version": 1, "followed_since": None}
    assert row["region"] == "32.73" and row["signed"] is False
    # The case file holds the MoU, so only the approvals and the plan are missing.
    assert {m["document"] for m in row["missing"]} == {"plan", "central_approval", "dprd_approval"}
    assert all(m["source"] for m in row["missing"])
    assert selectors.pack_data_for(cooperation=coop)["id"] == "permendagri-3-2008"


def test_pack_data_for_is_read_once_per_instance(coop, django_assert_num_queries):
    coop = Cooperation.objects.get(pk=coop.pk)
    with django_assert_num_queries(2):  # no CooperationProcedure yet; then the latest version
        selectors.pack_data_for(cooperation=coop)
        selectors.pack_data_for(cooperation=coop)


def _moves(coop, staff, add_doc):
    add_doc(coop, "mou")
    services.stage_complete(cooperation=coop, by=staff, stage_ids=["perencanaan"])
    services.stage_complete(cooperation=coop, by=staff, stage_ids=["komunikasi-draft-mou"], documents=[])


def test_status_of_one_costs_the_same_however_big(coop, bandung, staff, add_doc):
    _moves(coop, staff, add_doc)
    small = queries_in(lambda: selectors.procedure_for(cooperation=Cooperation.objects.get(pk=coop.pk)))
    fill_dossier(coop, n=200)
    for _ in range(5):
        services.stage_send_back(cooperation=coop, by=staff, reason="again")
        services.stage_complete(cooperation=coop, by=staff, stage_ids=["komunikasi-draft-mou"])
    big = queries_in(lambda: selectors.procedure_for(cooperation=Cooperation.objects.get(pk=coop.pk)))
    assert small == big <= 6


def test_status_many_is_batched(coop, bandung, staff, add_doc):
    _moves(coop, staff, add_doc)
    few = queries_in(lambda: selectors.procedure_status_many(region=bandung))
    for i in range(30):
        other = make_cooperation(bandung, ref=f"c{i}", by=staff, rule_pack="permendagri-25-2020")
        services.stage_complete(cooperation=other, by=staff, stage_ids=["prakarsa"])
    make_cooperation(bandung, ref="nopack", by=staff)
    many = queries_in(lambda: selectors.procedure_status_many(region=bandung))
    assert few == many <= 7
    states = {s.cooperation.ref: s for s in selectors.procedure_status_many(region=bandung)}
    assert states["liuzhou"].as_json() == selectors.procedure_for(cooperation=coop).as_json()
    assert states["c3"].current.stage.id == "penjajakan" and states["nopack"].status is None
