"""The potential-partner study as PDF and DOCX, read back the way a person would see them."""

import io
import os
import shutil
import subprocess

import pytest
from django.utils import translation

from kembar.studies import documents, selectors, services


def _pdftotext(pdf: bytes) -> str:
    exe = shutil.which("pdftotext")
    if exe is None:
        message = "pdftotext is missing: install the Debian package poppler-utils"
        if os.environ.get("KEMBAR_REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    done = subprocess.run([exe, "-layout", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True)
    return " ".join(done.stdout.decode("utf-8").split())


def _docx_text(data: bytes) -> str:
    from docx import Document

    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.append(" | ".join(cell.text for cell in row.cells))
    return " ".join(" ".join(parts).split())


@pytest.fixture
def study(search, places, staff, registry):
    nagoya = services.candidate_add(search=search, place=places["Nagoya"], by=staff, reason="Kota kreatif desain")
    services.note_add(
        candidate=nagoya,
        by=staff,
        text="Nagoya anggota Jejaring Kota Kreatif UNESCO bidang desain.",
        fields=["Ekonomi kreatif"],
        source="UNESCO Creative Cities Network, Nagoya, 2008",
        url="https://en.unesco.org/creative-cities/nagoya",
    )
    services.candidate_add(search=search, place=places["Kyoto"], by=staff)
    import datetime as dt

    with translation.override("en"):  # the study is Indonesian whatever the UI language
        return selectors.study_for(search=search, by=staff, on=dt.date(2026, 12, 6))


def _expected(study) -> list[str]:
    return [
        "PEMERINTAH KOTA BANDUNG",
        "KAJIAN CALON MITRA KERJA SAMA LUAR NEGERI",
        "I. Daerah",
        "II. Metode",
        "III. Kriteria dan Bobot",
        "IV. Daftar Pendek Calon Mitra",
        "V. Sumber",
        "Jumlah penduduk",
        "2.452.943",  # Indonesian thousands
        "Peraturan Menteri Dalam Negeri Nomor 3 Tahun 2008",
        "Pasal 5",
        "Nomor 09/A/KP/XII/2006/01",
        "hubungan diplomatik dengan Indonesia",
        "Kesamaan ukuran",
        "Nagoya",
        "名古屋市",
        "Kyoto",
        "Jepang",
        "Alasan: Kota kreatif desain",
        "Jejaring Kota Kreatif UNESCO",
        "UNESCO Creative Cities Network, Nagoya, 2008",
        "Kabupaten Bogor",  # Kyoto's existing tie, shown
        "Bandung, 6 Desember 2026",
        "Staf",  # the author
    ]


def test_the_study_reads_back_from_the_pdf(study):
    pdf = documents.study_pdf(study)
    if os.environ.get("KEMBAR_STUDY_PDF"):  # to look at it: KEMBAR_STUDY_PDF=/tmp/study.pdf
        with open(os.environ["KEMBAR_STUDY_PDF"], "wb") as out:
            out.write(pdf)
    text = _pdftotext(pdf)
    for expected in _expected(study):
        assert expected in text, expected
    assert text.index("Nagoya") < text.index("Kyoto")  # in rank order
    for leak in ("seed", ".txt", "discovery", "studies/", "None"):
        assert leak not in text, leak


def test_the_study_reads_back_from_the_docx(study):
    text = _docx_text(documents.study_docx(study))
    for expected in _expected(study):
        assert expected in text, expected
    for leak in ("seed", ".txt", "discovery", "studies/", "None"):
        assert leak not in text, leak


def test_every_criterion_of_a_candidate_is_in_the_study_and_adds_up(study):
    nagoya = next(e for e in study.entries if e.name == "Nagoya")
    keys = [c.key for c in nagoya.criteria]
    assert keys[:2] == ["level", "relations"] and "fields" in keys and "population" in keys
    assert sum(c.contribution for c in nagoya.criteria) == nagoya.score
    assert all(c.points == 1 for c in nagoya.criteria if c.required)  # both legal conditions met


def test_an_unconfirmed_fact_is_marked_so(search, places, staff, profile):
    profile.population_source = ""
    profile.save()
    study = selectors.study_for(search=search, by=staff)
    fact = next(f for f in study.facts if f.label == "Jumlah penduduk")
    assert fact.source == selectors.UNCONFIRMED_ID


def test_the_populations_date_is_in_indonesian_words(search, staff, profile):
    """Stored as "2023-06-30", written in the study as "30 Juni 2023" whatever the officer's language."""
    profile.population_as_of = "2023-06-30"
    profile.save()
    with translation.override("en"):
        study = selectors.study_for(search=search, by=staff)
    fact = next(f for f in study.facts if f.label == "Jumlah penduduk")
    assert fact.value.endswith("(30 Juni 2023)") and "2023-06-30" not in fact.value
