"""Build the committed .docx templates (plan.docx, mou.docx) that docxtpl fills.

The templates are committed so that anyone can open them in Word or LibreOffice, restyle them and commit
the result; this script only recreates the originals. Run: `.venv/bin/python -m kembar.plans.doc_templates.build`.
Jinja tags sit in single runs (docxtpl needs a tag unbroken); `{%p … %}` paragraphs and `{%tr … %}` rows
vanish when rendered.
"""

from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

HERE = Path(__file__).parent


def _base() -> Document:
    doc = Document()
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)  # A4
    section.top_margin = section.bottom_margin = Cm(2.5)
    section.left_margin, section.right_margin = Cm(3.0), Cm(2.5)
    normal = doc.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(12)
    # East Asian glyphs (partner names such as 柳州市 or 名古屋市) come from a CJK font.
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "Noto Serif CJK SC")
    normal.paragraph_format.space_after = Pt(4)
    _page_numbers(section.footer.paragraphs[0])
    return doc


def _field(paragraph, code: str) -> None:
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {code} "
    sep = OxmlElement("w:fldChar")
    sep.set(qn("w:fldCharType"), "separate")
    text = OxmlElement("w:t")
    text.text = "1"
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    for el in (begin, instr, sep, text, end):
        run._r.append(el)


def _page_numbers(paragraph) -> None:
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run("Halaman ")
    _field(paragraph, "PAGE")
    paragraph.add_run(" dari ")
    _field(paragraph, "NUMPAGES")


def _p(doc, text: str = "", *, bold=False, size=None, align=None, space_after=None):
    paragraph = doc.add_paragraph()
    if text:
        run = paragraph.add_run(text)
        run.bold = bold
        if size:
            run.font.size = Pt(size)
    if align is not None:
        paragraph.alignment = align
    if space_after is not None:
        paragraph.paragraph_format.space_after = Pt(space_after)
    return paragraph


def build_plan(path: Path = HERE / "plan.docx") -> Path:
    doc = _base()
    center = WD_ALIGN_PARAGRAPH.CENTER
    _p(doc, "{{ heading }}", bold=True, size=14, align=center, space_after=0)
    rule = _p(doc, "", align=center)
    _border_bottom(rule)
    _p(doc, "RENCANA KERJA SAMA", bold=True, size=14, align=center, space_after=0)
    _p(doc, "{{ title }}", align=center, space_after=0)
    _p(doc, "Nomor rencana: {{ number }}", align=center, space_after=12)
    subject = doc.add_paragraph()
    subject.add_run("Perihal: ").bold = True
    subject.add_run("{{ subject }}")
    _p(doc, "{{ partner_line }}")
    _p(doc, "{%p for s in sections %}")
    _p(doc, "{{ s.letter }}. {{ s.name }}", bold=True, space_after=2)
    body = _p(doc, "{{ s.text }}")
    body.paragraph_format.left_indent = Cm(0.75)
    body.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    _p(doc, "{%p endfor %}")
    right = WD_ALIGN_PARAGRAPH.RIGHT
    sign = [
        _p(doc, "{{ place }}, {{ date }}", align=right, space_after=0),
        _p(doc, "{{ head_title }},", bold=True, align=right, space_after=48),
        _p(doc, "{{ head_name }}", bold=True, align=right),
    ]
    sign[0].paragraph_format.space_before = Pt(18)
    doc.save(path)
    return path


def _border_bottom(paragraph) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "double"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    ppr.append(borders)


def _cell(cell, text: str, *, bold=False) -> None:
    paragraph = cell.paragraphs[0]
    run = paragraph.add_run(text)
    run.bold = bold


def build_mou(path: Path = HERE / "mou.docx") -> Path:
    doc = _base()
    center = WD_ALIGN_PARAGRAPH.CENTER
    _p(doc, "RANCANGAN / DRAFT", bold=True, align=center, space_after=12)
    title = doc.add_table(rows=1, cols=2)
    title.alignment = WD_TABLE_ALIGNMENT.CENTER
    _cell(title.rows[0].cells[0], "{{ title_id }}", bold=True)
    _cell(title.rows[0].cells[1], "{{ title_en }}", bold=True)
    _p(doc, "")
    parties = doc.add_table(rows=1, cols=2)
    parties.style = "Table Grid"
    _cell(parties.rows[0].cells[0], "{{ parties_id }}")
    _cell(parties.rows[0].cells[1], "{{ parties_en }}")
    _p(doc, "{%p for a in articles %}")
    _p(doc, "Pasal {{ a.n }} / Article {{ a.n }}", bold=True, align=center, space_after=2)
    table = doc.add_table(rows=2, cols=2)
    table.style = "Table Grid"
    _cell(table.rows[0].cells[0], "{{ a.title_id }}", bold=True)
    _cell(table.rows[0].cells[1], "{{ a.title_en }}", bold=True)
    _cell(table.rows[1].cells[0], "{{ a.text_id }}")
    _cell(table.rows[1].cells[1], "{{ a.text_en }}")
    _p(doc, "{%p endfor %}")
    _p(doc, "")
    closing = doc.add_table(rows=1, cols=2)
    closing.style = "Table Grid"
    _cell(closing.rows[0].cells[0], "{{ closing_id }}")
    _cell(closing.rows[0].cells[1], "{{ closing_en }}")
    _p(doc, "")
    sign = doc.add_table(rows=2, cols=2)
    _cell(sign.rows[0].cells[0], "{{ sign_region }}", bold=True)
    _cell(sign.rows[0].cells[1], "{{ sign_partner }}", bold=True)
    _cell(sign.rows[1].cells[0], "\n\n\n(……………………………)")
    _cell(sign.rows[1].cells[1], "\n\n\n(……………………………)")
    doc.save(path)
    return path


if __name__ == "__main__":
    for built in (build_plan(), build_mou()):
        print(built)
