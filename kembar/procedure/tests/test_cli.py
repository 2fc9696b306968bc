"""`kembar rules` and `kembar procedure` with --json, parsed as a script would."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from kembar.procedure import services


def run(*args) -> object:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_rules_list_json(ref_data):
    packs = {p["id"]: p for p in json.loads(run("rules", "list", "--json"))}
    a = packs["permendagri-3-2008"]
    assert a["latest"] == 1 and a["in_force"] == {"from": 2008, "until": 2020}
    (v1,) = a["versions"]
    assert v1["stages"] == 5 and all(v1["confirmed"].values()) and v1["cooperations"] == 0
    b = packs["permendagri-25-2020"]["versions"][0]
    assert b["confirmed"]["prakarsa"] is True and b["confirmed"]["penandatanganan"] is False


def test_rules_show_json(ref_data):
    pack = json.loads(run("rules", "show", "permendagri-3-2008", "--version", "1", "--json"))
    assert pack["version"] == 1 and [s["id"] for s in pack["stages"]][-1] == "penandatanganan"
    assert all(s["source"] for s in pack["stages"])
    assert pack["plan_contents"]["source"] == "Peraturan Menteri Dalam Negeri Nomor 3 Tahun 2008, Pasal 11 ayat (2)"
    with pytest.raises(CommandError):
        run("rules", "show", "permendagri-3-2008", "--version", "9")


def test_rules_load_is_idempotent(ref_data):
    from django.utils import translation

    from kembar.procedure.models import RulePack

    before = RulePack.objects.count()
    with translation.override("id"):  # the CLI speaks the active language, Indonesian by default
        assert "2 versi paket regulasi" in run("rules", "load")
    assert RulePack.objects.count() == before == 2


def test_procedure_status_json(coop, staff, add_doc):
    mou = add_doc(coop, "mou", "MoU Bandung–Liuzhou")
    services.stage_complete(
        cooperation=coop,
        by=staff,
        stage_ids=["perencanaan", "komunikasi-draft-mou"],
        justification="Planning and the draft MoU were done together.",
        documents=[mou],
    )
    row = json.loads(run("procedure", "status", "liuzhou", "--region", "32.73", "--json"))
    assert row["region"] == "32.73" and row["ref"] == "liuzhou"
    assert row["pack"]["id"] == "permendagri-3-2008" and row["pack"]["version"] == 1
    assert row["current_stage"]["id"] == "persetujuan-pusat"
    assert [d["stage"] for d in row["done"]] == ["perencanaan", "komunikasi-draft-mou"]
    assert row["done"][1]["evidence"] == [{"kind": "mou", "title": "MoU Bandung–Liuzhou", "date": None}]
    assert row["done"][1]["compressed"] is True
    assert {"document": "central_approval", "stage": "persetujuan-pusat"}.items() <= row["missing"][1].items()
    assert row["signed"] is False
    with pytest.raises(CommandError):
        run("procedure", "status", "nope")
