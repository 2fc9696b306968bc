"""Case files, format 2: a recorded status with its date and basis, and the procedure's stage records, beside
format 1 files, which import as they always did."""

import pytest
import yaml
from django.utils import translation

from kembar.cooperations.casefile import CaseFileError, export, import_files, parse
from kembar.evaluation.selectors import lifecycle_get
from kembar.procedure.models import CooperationProcedure, StageRecord
from kembar.procedure.services import rule_packs_load

from .test_casefile import EXAMPLE, example, line_of

pytestmark = pytest.mark.usefixtures("english")

STATUS = """  status:
    value: ended
    date: 2019
    basis: Letter of the Mayor of Bandung ending the partnership
"""
PROCEDURE = """
procedure:
  - stage: perencanaan
    date: 2004
    justification: The return visit studied each city's potential
    source: saraswati
  - stage: komunikasi-draft-mou
    date: {after: 2004-04-01, before: 2006-09-21}
    source: saraswati
"""


@pytest.fixture
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def write(tmp_path):
    def write(text: str, name: str = "case.yaml"):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write


@pytest.fixture
def packs(db):
    rule_packs_load()


def format2(*, status: bool = True, procedure: bool = True) -> str:
    text = example().replace("kembar_case: 1", "kembar_case: 2")
    if status:
        text = text.replace("  rule_pack: permendagri-3-2008\n", "  rule_pack: permendagri-3-2008\n" + STATUS)
    if procedure:
        text += PROCEDURE
    return text


def test_a_format_1_file_reads_as_before():
    case = parse(example(), filename="f.yaml")
    assert case.version == 1 and case.procedure is None
    assert (case.cooperation["status"], case.cooperation["status_date"], case.cooperation["status_basis"]) == (
        "unknown",
        None,
        "",
    )


@pytest.mark.django_db
def test_format_1_imports_unchanged_and_exports_as_format_1(write, regions_and_countries, packs):
    [coop] = import_files([EXAMPLE])
    assert not StageRecord.objects.filter(cooperation=coop).exists()
    assert not CooperationProcedure.objects.filter(cooperation=coop).exists()
    exported = export(coop)
    assert exported.startswith("kembar_case: 1\n") and "procedure:" not in exported


@pytest.mark.django_db
def test_format_2_carries_a_recorded_status_and_stage_records(write, regions_and_countries, packs):
    [coop] = import_files([write(format2())])
    assert (coop.status, str(coop.status_date)) == ("ended", "2019")
    assert coop.status_basis == "Letter of the Mayor of Bandung ending the partnership"
    records = list(StageRecord.objects.filter(cooperation=coop).order_by("pk"))
    assert [(r.stage_id, r.action, str(r.date)) for r in records] == [
        ("perencanaan", "complete", "2004"),
        ("komunikasi-draft-mou", "complete", "2004-04-01/2006-09-21"),
    ]
    assert records[0].justification.startswith("The return visit") and records[0].source.key == "saraswati"
    assert [d.kind for d in records[1].documents.all()] == ["mou"]  # the stage's evidence: the MoU on file
    assert CooperationProcedure.objects.get(cooperation=coop).pack.pack_id == "permendagri-3-2008"

    # The recorded status wins and says so; the records say otherwise (dormant), which an end explains.
    status = lifecycle_get(coop)
    assert (status.code, status.recorded, status.derived, status.conflict) == ("ended", "ended", "dormant", False)
    assert status.text == "recorded: ended (2019, Letter of the Mayor of Bandung ending the partnership)"
    # Signed by its records while the signing stage was never recorded: signed before its records were kept.
    assert status.signed_before_records
    assert status.unrecorded_names == [
        "Request for central approval (Kemendagri)",
        "DPRD review and approval",
        "Signing",
    ]


@pytest.mark.django_db
def test_format_2_round_trips(write, regions_and_countries, packs):
    [coop] = import_files([write(format2())])
    first = export(coop)
    data = yaml.safe_load(first)
    assert data["kembar_case"] == 2
    assert data["cooperation"]["status"] == {
        "value": "ended",
        "date": 2019,
        "basis": "Letter of the Mayor of Bandung ending the partnership",
    }
    assert [r["stage"] for r in data["procedure"]] == ["perencanaan", "komunikasi-draft-mou"]
    [again] = import_files([write(first, "again.yaml")])
    assert again.pk == coop.pk and export(again) == first
    assert StageRecord.objects.filter(cooperation=coop).count() == 2  # replaced, not added to
    assert StageRecord.all_objects.filter(cooperation=coop, deleted_at__isnull=False).count() == 2


@pytest.mark.django_db
def test_a_plain_status_in_format_2_and_a_format_1_reimport_keep_stage_records(write, regions_and_countries, packs):
    [coop] = import_files([write(format2(status=False))])
    assert coop.status == "unknown" and StageRecord.objects.filter(cooperation=coop).count() == 2
    # A format 1 file says nothing of stage records: they stay as they are.
    import_files([EXAMPLE])
    assert StageRecord.objects.filter(cooperation=coop).count() == 2


BAD = [
    # (id, text replaced, replacement, field path, text on the expected line)
    ("status-in-format-1", "kembar_case: 2", "kembar_case: 1", "cooperation.status", "  status:"),
    ("status-value", "    value: ended", "    value: over", "cooperation.status.value", "value: over"),
    ("stage-unknown", "  - stage: perencanaan", "  - stage: planning", "procedure[0].stage", "stage: planning"),
    ("stage-order", "  - stage: komunikasi-draft-mou", "  - stage: pembahasan-dprd", "procedure[1].stage", "dprd"),
    ("action", "    date: 2004\n", "    date: 2004\n    action: skip\n", "procedure[0].action", "action: skip"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("old", "new", "path", "marker"), [b[1:] for b in BAD], ids=[b[0] for b in BAD])
def test_bad_format_2_names_field_and_line_and_imports_nothing(
    old, new, path, marker, write, regions_and_countries, packs
):
    text = format2()
    assert old in text
    bad = text.replace(old, new, 1)
    with pytest.raises(CaseFileError) as raised:
        import_files([write(bad, "bad.yaml")])
    expected = f"{write(bad, 'bad.yaml')}:{line_of(bad, marker)}: {path}: "
    assert any(m.startswith(expected) for m in raised.value.messages), raised.value.messages
    assert not StageRecord.all_objects.exists()


@pytest.mark.django_db
def test_a_stage_needs_its_documents_in_the_file(write, regions_and_countries, packs):
    text = format2() + "  - stage: persetujuan-pusat\n    date: 2005\n"
    with pytest.raises(CaseFileError) as raised:
        import_files([write(text)])
    [message] = raised.value.messages
    assert "procedure[2].stage: “Request for central approval (Kemendagri)” needs documents" in message
    assert "Cooperation plan, Central approval" in message


def test_stage_records_need_a_rule_pack():
    text = format2().replace("  rule_pack: permendagri-3-2008\n", "")
    with pytest.raises(CaseFileError) as raised:
        parse(text, filename="f.yaml")
    assert any("procedure: stage records need the rule pack" in m for m in raised.value.messages)
