"""The generated plan (DOCX, PDF) and draft MoU (DOCX), read back the way a person would see them."""

import datetime as dt
import io
import os
import shutil
import subprocess

import pytest
from docx import Document as Docx

from kembar.plans import documents, services
from kembar.regions.models import Region

from .conftest import CONTENTS, DAY


def _pdftotext(pdf: bytes) -> str:
    exe = shutil.which("pdftotext")
    if exe is None:
        message = "pdftotext is missing: install the Debian package poppler-utils"
        if os.environ.get("KEMBAR_REQUIRE_BROWSER") == "1":
            pytest.fail(message)
        pytest.skip(message)
    done = subprocess.run([exe, "-layout", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True)
    return done.stdout.decode("utf-8")


def _docx_text(data: bytes) -> tuple[list[str], object]:
    doc = Docx(io.BytesIO(data))
    return [p.text for p in doc.paragraphs], doc


def test_indonesian_dates_whatever_the_ui_language(settings):
    from django.utils import translation

    with translation.override("en"):
        assert documents.tanggal(dt.date(2026, 11, 27)) == "27 November 2026"
        assert documents.tanggal(dt.date(2026, 8, 1)) == "1 Agustus 2026"
        assert documents.tanggal(dt.date(2027, 2, 3)) == "3 Februari 2027"


@pytest.mark.django_db
def test_region_names_for_letterhead_and_signature(ref_data):
    bandung, bogor, jabar = (Region.objects.get(code=c) for c in ("32.73", "32.01", "32"))
    assert documents.region_heading(bandung) == "PEMERINTAH KOTA BANDUNG"
    assert documents.region_heading(bogor) == "PEMERINTAH KABUPATEN BOGOR"
    assert documents.region_heading(jabar) == "PEMERINTAH PROVINSI JAWA BARAT"
    assert documents.head_of_region(bandung) == "WALI KOTA BANDUNG"
    assert documents.head_of_region(bogor) == "BUPATI BOGOR"
    assert documents.region_place(bandung) == "Bandung"


def test_plan_docx_holds_heading_sections_contents_and_date(submitted):
    paragraphs, _doc = _docx_text(documents.plan_docx(submitted))
    text = "\n".join(paragraphs)
    assert paragraphs[0] == "PEMERINTAH KOTA BANDUNG"
    assert "RENCANA KERJA SAMA" in paragraphs
    assert "Perihal: Rencana kerja sama antara Pemerintah Kota Bandung dan Pemerintah Kota Liuzhou (柳州市)" in text
    headings = [p for p in paragraphs if len(p) > 2 and p[1:3] == ". " and p[0] in "abcdefg"]
    assert [h[0] for h in headings] == list("abcdefg")
    assert headings[0] == "a. Subyek kerja sama" and headings[6] == "g. Jangka waktu pelaksanaan"
    for value in CONTENTS.values():
        assert value in text
    assert "Bandung, 27 November 2026" in paragraphs
    assert "WALI KOTA BANDUNG," in paragraphs
    assert "{{" not in text and "{%" not in text


def test_plan_docx_date_can_be_fixed_by_parameter(liuzhou, staff):
    plan = services.plan_save(cooperation=liuzhou, by=staff, contents=CONTENTS)
    paragraphs, _doc = _docx_text(documents.plan_docx(plan, on=dt.date(2027, 3, 5)))
    assert "Bandung, 5 Maret 2027" in paragraphs


def test_plan_pdf_renders_heading_sections_cjk_name_and_date(submitted):
    text = _pdftotext(documents.plan_pdf(submitted))
    assert "PEMERINTAH KOTA BANDUNG" in text
    assert "RENCANA KERJA SAMA" in text
    for heading in ("a. Subyek kerja sama", "d. Obyek/ruang lingkup kerja sama", "g. Jangka waktu pelaksanaan"):
        assert heading in text
    assert "柳州市" in text  # rendered with a CJK font, not tofu: the text layer maps the glyphs back
    assert "Bandung, 27 November 2026" in text
    assert "WALI KOTA BANDUNG" in text
    assert "Halaman 1 dari" in text


@pytest.mark.parametrize(
    ("name", "local", "country", "country_id"),
    [("Nagoya", "名古屋市", "JP", "Jepang"), ("Suwon", "수원시", "KR", "Korea Selatan")],
)
def test_japanese_and_korean_partner_names_render_in_pdf(bandung, staff, name, local, country, country_id):
    from kembar.partners.services import partner_create
    from kembar.testing import make_cooperation

    partner = partner_create(
        region=bandung,
        by=staff,
        name=name,
        name_local=local,
        country_id=country,
        kind="local_government",
        level="city",
    )
    coop = make_cooperation(bandung, by=staff, ref=f"bandung-{name.lower()}", partner=partner)
    plan = services.plan_save(cooperation=coop, by=staff, contents=CONTENTS)
    text = _pdftotext(documents.plan_pdf(plan, on=DAY))
    assert local in text and country_id in text


def test_mou_draft_is_bilingual_in_two_columns_with_joint_working_group(liuzhou):
    paragraphs, doc = _docx_text(documents.mou_docx(liuzhou))
    cells = [[c.text for c in row.cells] for table in doc.tables for row in table.rows]
    assert all(len(row) == 2 for row in cells)
    titles = [tuple(row) for row in cells]
    for pair in (
        ("Tujuan", "Objective"),
        ("Bidang Kerja Sama", "Fields of Cooperation"),
        ("Kelompok Kerja Bersama", "Joint Working Group"),
        ("Pembiayaan", "Funding"),
        ("Penyelesaian Perselisihan", "Settlement of Disputes"),
        ("Jangka Waktu", "Duration"),
    ):
        assert pair in titles
    jwg = cells[[tuple(r) for r in cells].index(("Kelompok Kerja Bersama", "Joint Working Group")) + 1]
    assert "setiap tahun, secara bergantian di Bandung dan di Liuzhou" in jwg[0]
    assert "every year, alternately in Bandung and in Liuzhou" in jwg[1]
    disputes = cells[titles.index(("Penyelesaian Perselisihan", "Settlement of Disputes")) + 1]
    assert "perundingan" in disputes[0] and "amicably" in disputes[1] and "negotiation" in disputes[1]
    everything = "\n".join(paragraphs + [c for row in cells for c in row])
    assert "柳州市" in everything
    assert "Pemerintah Kota Bandung" in everything and "City Government of Bandung" in everything
    assert "Ekonomi, Perdagangan, Industri, dan Pariwisata" in everything
    assert "Pasal 3 / Article 3" in paragraphs
    assert "{{" not in everything and "{%" not in everything


def test_mou_draft_takes_funding_and_duration_from_the_plan(liuzhou, staff):
    plan = services.plan_save(cooperation=liuzhou, by=staff, contents=CONTENTS)
    _paragraphs, doc = _docx_text(documents.mou_docx(liuzhou, plan=plan))
    cells = " ".join(c.text for t in doc.tables for row in t.rows for c in row.cells)
    assert CONTENTS["funding"] in cells and CONTENTS["duration"] in cells
