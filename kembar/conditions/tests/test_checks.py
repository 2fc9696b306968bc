"""The automatic checks as pure functions: no database."""

import pytest
from django.utils import translation

from kembar.conditions import checks
from kembar.conditions.checks import MET, UNKNOWN, UNMET, Facts, classify_field, run, run_all

CONDITION = "Only with a country that has diplomatic relations with Indonesia, within the unitary state (NKRI)."
ISRAEL = Facts(
    country_code="IL",
    country_name="Israel",
    diplomatic_relations=False,
    relations_note="Indonesia has no diplomatic relations with Israel.",
    relations_source="DOMAIN.md, issue 2 (to verify against Kemlu)",
)
TAIWAN = Facts(
    country_code="TW",
    country_name="Taiwan",
    diplomatic_relations=False,
    relations_note="Indonesia follows the One China policy; Taiwan has trade offices, not diplomatic relations.",
)
CHINA = Facts(country_code="CN", country_name="China", diplomatic_relations=True)

BANDUNG_LIUZHOU_FIELDS = (
    "Ekonomi, Perdagangan, Industri, dan Pariwisata",
    "Ilmu Pengetahuan, Teknologi, dan Administrasi",
    "Pendidikan, Kebudayaan, Kesejahteraan Sosial, Pemuda, dan Olahraga",
    "Lingkungan Hidup, Kependudukan, dan Pembangunan Perkotaan",
    "Bidang lain yang disetujui kedua pemerintah kota",
)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def test_israel_is_unmet_and_quotes_the_condition_and_the_note():
    result = run("diplomatic_relations", ISRAEL, condition=CONDITION)
    assert result.state == UNMET
    assert CONDITION in result.explanation and "Israel" in result.explanation
    assert "Indonesia has no diplomatic relations with Israel." in result.details
    assert "to verify against Kemlu" in result.source


def test_taiwan_is_unmet_with_its_note():
    result = run("diplomatic_relations", TAIWAN, condition=CONDITION)
    assert result.state == UNMET
    assert "One China" in result.details[0]


def test_china_is_met():
    assert run("diplomatic_relations", CHINA, condition=CONDITION).state == MET


def test_country_not_recorded_is_unknown():
    assert run("diplomatic_relations", Facts()).state == UNKNOWN


@pytest.mark.parametrize(
    ("region", "partner", "state"),
    [
        ("city", "city", MET),
        ("regency", "regency", MET),
        ("province", "province", MET),
        ("city", "province", UNMET),
        ("province", "city", UNMET),
        ("regency", "province", UNMET),
        ("regency", "city", UNKNOWN),  # Kabupaten Bogor with the city of Nanning (seed 003): attest
        ("city", "regency", UNKNOWN),
        ("city", "institution", UNMET),
        ("", "city", UNKNOWN),
        ("city", "", UNKNOWN),
    ],
)
def test_equal_level(region, partner, state):
    facts = Facts(region_kind=region, partner_level=partner, partner_kind="local_government")
    result = run("equal_level", facts)
    assert result.state == state
    assert result.explanation and result.source


def test_unequal_level_explains_both_sides():
    result = run("equal_level", Facts(region_kind="city", partner_level="province"))
    assert result.explanation == "Unequal level: a city (kota) with a province / state."


def test_institution_partner_is_never_equal_level():
    result = run("equal_level", Facts(region_kind="city", partner_level="city", partner_kind="institution"))
    assert result.state == UNMET and "institution" in result.explanation


def test_bandung_liuzhou_fields_are_classified_except_the_open_one():
    classes = [classify_field(f) for f in BANDUNG_LIUZHOU_FIELDS]
    assert [c.state for c in classes] == [MET, MET, MET, MET, UNKNOWN]
    assert classes[0].categories == ("regional-potential",)
    assert set(classes[1].categories) == {"science-technology", "capacity"}
    assert "cultural-exchange" in classes[2].categories
    assert classes[4].unclassified == ("bidang lain yang disetujui kedua pemerintah kota",)
    result = run("fields_within_authority", Facts(fields=BANDUNG_LIUZHOU_FIELDS))
    assert result.state == UNKNOWN  # needs attestation, never unmet for a field Kembar cannot read
    assert len(result.details) == 5 and "needs attestation" in result.details[4]
    assert "Pasal 367" in result.source


def test_fields_all_classified_is_met():
    result = run("fields_within_authority", Facts(fields=("Pertukaran budaya", "Science and technology", "Tourism")))
    assert result.state == MET
    assert "Cultural exchange" in result.details[0]


def test_a_field_naming_an_absolute_affair_is_unmet():
    result = run("fields_within_authority", Facts(fields=("Pariwisata", "Pertahanan dan keamanan")))
    assert result.state == UNMET
    assert "absolute affair" in result.details[1] and "Pasal 10" in result.details[1]
    # The list is unconfirmed: said in the reader's language, not by Indonesian words after the source.
    assert result.details[1].endswith("Pasal 10 ayat (1); keyword list to verify).")
    assert "belum dikonfirmasi" not in result.details[1]
    with translation.override("id"):
        result = run("fields_within_authority", Facts(fields=("Pertahanan dan keamanan",)))
    assert result.details[0].endswith("Pasal 10 ayat (1); daftar kata kunci perlu diverifikasi).")


def test_no_fields_is_unknown():
    assert run("fields_within_authority", Facts()).state == UNKNOWN


def test_keywords_match_word_starts_only():
    assert classify_field("Teknologi informasi").state == MET  # "teknolog" stem
    assert classify_field("Laboratory equipment").state == UNKNOWN  # not "labor"
    assert checks.field_parts("Seni/Budaya & Olahraga") == ["seni", "budaya", "olahraga"]


def test_dprd_approval_on_file():
    assert run("dprd_approval_on_file", Facts(documents=frozenset({"dprd_approval"}))).state == MET
    assert run("dprd_approval_on_file", Facts(documents=frozenset({"mou"}))).state == UNMET


def test_run_all_gives_every_check_and_unknown_check_ids_are_none():
    results = run_all(ISRAEL, {"diplomatic_relations": CONDITION})
    assert set(results) == {"diplomatic_relations", "equal_level", "fields_within_authority", "dprd_approval_on_file"}
    assert CONDITION in results["diplomatic_relations"].explanation
    assert run("no_such_check", ISRAEL) is None


def test_every_category_of_the_keyword_map_has_a_source_and_label():
    data = checks.authority_data()
    assert data["source"] and data["absolute"]["source"]
    for cat in data["categories"].values():
        assert cat["source"] and cat["label"]["id"] and cat["label"]["en"] and cat["keywords"]
