"""Generated documents: the plan as DOCX (docxtpl) and PDF (WeasyPrint), and the bilingual draft MoU.

The documents are formal Indonesian government papers, so their wording is Indonesian (and English in the
MoU's second column) whatever language the user reads the screens in; dates use Indonesian month names.
"""

import datetime as dt
import io
from pathlib import Path

from django.template.loader import render_to_string
from django.utils import timezone

from kembar.cooperations.models import Cooperation
from kembar.regions.models import Region

from .models import CooperationPlan

TEMPLATES = Path(__file__).parent / "doc_templates"

BULAN = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)

_REGION_KIND = {
    Region.Kind.CITY: ("Kota", "City", "Wali Kota"),
    Region.Kind.REGENCY: ("Kabupaten", "Regency", "Bupati"),
    Region.Kind.PROVINCE: ("Provinsi", "Province", "Gubernur"),
}
_PARTNER_LEVEL = {"city": ("Kota", "City"), "province": ("Provinsi", "Provincial"), "regency": ("Kabupaten", "County")}
# BCP 47 tags so renderers pick the right CJK glyph forms for the partner's local-script name.
_SCRIPT_LANG = {"CN": "zh-Hans", "TW": "zh-Hant", "HK": "zh-Hant", "MO": "zh-Hant", "JP": "ja", "KR": "ko"}


def tanggal(day: dt.date) -> str:
    """A date the Indonesian way, "27 November 2026", regardless of the UI language."""
    return f"{day.day} {BULAN[day.month - 1]} {day.year}"


def _bare(region: Region) -> str:
    """The region's name without its kind ("Kota Bandung" → "Bandung")."""
    word = _REGION_KIND[region.kind][0]
    name = region.name
    return name[len(word) + 1 :] if name.lower().startswith(word.lower() + " ") else name


def region_full(region: Region) -> str:
    """ "Kota Bandung", "Kabupaten Bogor", "Provinsi Jawa Barat"."""
    return f"{_REGION_KIND[region.kind][0]} {_bare(region)}"


def region_heading(region: Region) -> str:
    """Letterhead: "PEMERINTAH KOTA BANDUNG"."""
    return f"PEMERINTAH {region_full(region)}".upper()


def region_place(region: Region) -> str:
    """Where a letter is signed: the region's bare name ("Bandung")."""
    return _bare(region)


def head_of_region(region: Region) -> str:
    """ "WALI KOTA BANDUNG", "BUPATI BOGOR", "GUBERNUR JAWA BARAT"."""
    return f"{_REGION_KIND[region.kind][2]} {_bare(region)}".upper()


def region_en(region: Region) -> str:
    return f"the {_REGION_KIND[region.kind][1]} Government of {_bare(region)}"


def partner_names(partner) -> dict:
    """The partner as the documents name it, in Indonesian and English, with its local-script name."""
    name = partner.name
    level = _PARTNER_LEVEL.get(partner.level)
    if partner.kind == "local_government":
        if name.lower().startswith("pemerintah"):
            id_ = name
        elif level and not name.lower().startswith(level[0].lower() + " "):
            id_ = f"Pemerintah {level[0]} {name}"
        else:
            id_ = f"Pemerintah {name}"
        en = f"the {level[1]} Government of {name}" if level else f"the Government of {name}"
    else:
        id_, en = name, name
    local = partner.name_local or ""
    country = partner.country
    return {
        "id": id_,
        "en": en,
        "short": name,
        "local": local,
        "lang": _SCRIPT_LANG.get(country.code, ""),
        "country_id": country.name_id or country.name_en,
        "country_en": country.name_en,
        "with_local": f"{id_} ({local})" if local else id_,
        "with_local_en": f"{en} ({local})" if local else en,
    }


def section_letter(i: int) -> str:
    """a, b, … z, aa, ab … (a pack may list more than 26 items, however unlikely)."""
    out = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        out = chr(97 + r) + out
    return out


def plan_context(plan: CooperationPlan, *, on: dt.date | None = None) -> dict:
    coop = plan.cooperation
    region = coop.region
    partner = partner_names(coop.partner)
    day = on or plan.letter_date or timezone.localdate()
    sections = [
        {
            "letter": section_letter(i),
            "id": item["id"],
            "name": item["name"].get("id") or item["name"].get("en") or item["id"],
            "text": str(plan.contents.get(item["id"], "")).strip(),
        }
        for i, item in enumerate(plan.items)
    ]
    return {
        "heading": region_heading(region),
        "title": coop.title,
        "number": plan.number,
        "subject": f"Rencana kerja sama antara Pemerintah {region_full(region)} dan {partner['with_local']}",
        "partner_line": f"Mitra: {partner['with_local']}, {partner['country_id']}",
        "partner": partner,
        "sections": sections,
        "place": region_place(region),
        "date": tanggal(day),
        "head_title": head_of_region(region),
        "head_name": "(……………………………)",
        "pack_id": plan.pack_id,
    }


def _docx(template: str, context: dict) -> bytes:
    from docxtpl import DocxTemplate, Listing

    def listing(value):
        return Listing(value) if isinstance(value, str) else value

    tpl = DocxTemplate(TEMPLATES / template)
    prepared = dict(context)
    for key in ("sections", "articles"):
        if key in prepared:
            prepared[key] = [{k: listing(v) for k, v in row.items()} for row in prepared[key]]
    tpl.render(prepared, autoescape=True)
    out = io.BytesIO()
    tpl.save(out)
    return out.getvalue()


def plan_docx(plan: CooperationPlan, *, on: dt.date | None = None) -> bytes:
    return _docx("plan.docx", plan_context(plan, on=on))


def plan_pdf(plan: CooperationPlan, *, on: dt.date | None = None) -> bytes:
    from weasyprint import HTML

    html = render_to_string("plans/plan_pdf.html", plan_context(plan, on=on))
    return HTML(string=html).write_pdf()


def mou_context(cooperation: Cooperation, *, plan: CooperationPlan | None = None) -> dict:
    """The draft MoU's text, article by article, in Indonesian and English side by side.

    Bracketed text is for the negotiators to settle; the Joint Working Group clause follows the
    Bandung–Liuzhou MoU (seed 001): it meets every year, alternately in each city.
    """
    region = cooperation.region
    p = partner_names(cooperation.partner)
    ours_id, ours_en = f"Pemerintah {region_full(region)}", region_en(region)
    here, there = region_place(region), p["short"]
    sister = cooperation.form in (Cooperation.Form.SISTER_CITY, Cooperation.Form.SISTER_PROVINCE)
    kind_id = {"sister_city": "Kota Bersaudara", "sister_province": "Provinsi Bersaudara"}.get(cooperation.form, "")
    kind_en = {"sister_city": "Sister City", "sister_province": "Sister Province"}.get(cooperation.form, "")
    fields = [str(f) for f in (cooperation.fields or [])]
    fields_text = "\n".join(f"{i}. {f}" for i, f in enumerate(fields, 1)) or "[…]"
    goals = (cooperation.goals or "").strip() or "[…]"
    contents = plan.contents if plan else {}
    duration = str(contents.get("duration", "")).strip()
    funding = str(contents.get("funding", "")).strip()
    articles = [
        {
            "title_id": "Tujuan",
            "title_en": "Objective",
            "text_id": (
                "Para Pihak sepakat untuk mengembangkan kerja sama atas dasar kesetaraan dan saling menguntungkan, "
                f"dengan tujuan:\n{goals}"
            ),
            "text_en": (
                "The Parties agree to develop cooperation on the basis of equality and mutual benefit, "
                f"with the objective:\n{goals}"
            ),
        },
        {
            "title_id": "Bidang Kerja Sama",
            "title_en": "Fields of Cooperation",
            "text_id": f"Para Pihak bekerja sama dalam bidang-bidang berikut:\n{fields_text}",
            "text_en": f"The Parties shall cooperate in the following fields:\n{fields_text}",
        },
        {
            "title_id": "Kelompok Kerja Bersama",
            "title_en": "Joint Working Group",
            "text_id": (
                "Para Pihak membentuk Kelompok Kerja Bersama (Joint Working Group) yang menyusun dan mengusulkan "
                "program kegiatan jangka pendek dan jangka menengah serta memantau pelaksanaannya. Kelompok Kerja "
                f"Bersama bertemu setiap tahun, secara bergantian di {here} dan di {there}."
            ),
            "text_en": (
                "The Parties shall establish a Joint Working Group to prepare and propose short- and medium-term "
                "programmes of activities and to monitor their implementation. The Joint Working Group shall meet "
                f"every year, alternately in {here} and in {there}."
            ),
        },
        {
            "title_id": "Pembiayaan",
            "title_en": "Funding",
            "text_id": (
                "Pelaksanaan Memorandum Saling Pengertian ini dibiayai oleh masing-masing Pihak sesuai dengan "
                "ketersediaan dana dan personel serta peraturan perundang-undangan yang berlaku di negara "
                "masing-masing." + (f"\nSumber pembiayaan menurut rencana kerja sama: {funding}" if funding else "")
            ),
            "text_en": (
                "The implementation of this Memorandum of Understanding shall be funded by each Party subject to the "
                "availability of funds and personnel and to the laws and regulations in force in its country."
                + (f"\nFunding source according to the cooperation plan: {funding}" if funding else "")
            ),
        },
        {
            "title_id": "Penyelesaian Perselisihan",
            "title_en": "Settlement of Disputes",
            "text_id": (
                "Setiap perbedaan penafsiran atau pelaksanaan Memorandum Saling Pengertian ini diselesaikan secara "
                "damai melalui konsultasi dan perundingan antara Para Pihak."
            ),
            "text_en": (
                "Any difference arising from the interpretation or implementation of this Memorandum of "
                "Understanding shall be settled amicably through consultation and negotiation between the Parties."
            ),
        },
        {
            "title_id": "Jangka Waktu",
            "title_en": "Duration",
            "text_id": (
                "Memorandum Saling Pengertian ini berlaku sejak tanggal penandatanganan untuk jangka waktu "
                "[lima (5)] tahun dan dapat diperpanjang atas persetujuan tertulis Para Pihak. Masing-masing Pihak "
                "dapat mengakhirinya dengan pemberitahuan tertulis [enam (6)] bulan sebelumnya."
                + (f"\nJangka waktu menurut rencana kerja sama: {duration}" if duration else "")
            ),
            "text_en": (
                "This Memorandum of Understanding shall take effect on the date of its signing for a period of "
                "[five (5)] years and may be extended by written agreement of the Parties. Either Party may terminate "
                "it by giving [six (6)] months' written notice."
                + (f"\nDuration according to the cooperation plan: {duration}" if duration else "")
            ),
        },
    ]
    for n, article in enumerate(articles, 1):
        article["n"] = n
    relation_id = f"Kerja Sama {kind_id} " if sister else "Kerja Sama "
    relation_en = f"{kind_en} Cooperation " if sister else "Cooperation "
    return {
        "title_id": (
            f"MEMORANDUM SALING PENGERTIAN ANTARA {ours_id.upper()}, REPUBLIK INDONESIA, DAN "
            f"{p['with_local'].upper()}, {p['country_id'].upper()}, TENTANG {relation_id.upper().strip()}"
        ),
        "title_en": (
            f"MEMORANDUM OF UNDERSTANDING BETWEEN {ours_en.upper()}, REPUBLIC OF INDONESIA, AND "
            f"{p['with_local_en'].upper()}, {p['country_en'].upper()}, ON {relation_en.upper().strip()}"
        ),
        "parties_id": (
            f"{ours_id}, Republik Indonesia, dan {p['with_local']}, {p['country_id']} (selanjutnya bersama-sama "
            "disebut \u201cPara Pihak\u201d), berkeinginan mempererat hubungan persahabatan dan kerja sama, "
            "telah mencapai kesepahaman sebagai berikut:"
        ),
        "parties_en": (
            f"{ours_en[0].upper()}{ours_en[1:]}, Republic of Indonesia, and {p['with_local_en']}, {p['country_en']} "
            "(hereinafter jointly referred to as \u201cthe Parties\u201d), desiring to strengthen their friendship "
            "and cooperation, have reached the following understanding:"
        ),
        "articles": articles,
        "closing_id": (
            "Ditandatangani di [tempat] pada tanggal [tanggal] dalam rangkap dua, dalam bahasa Indonesia, "
            "bahasa Inggris [dan bahasa Pihak mitra]; semua naskah sama otentiknya. Dalam hal terdapat perbedaan "
            "penafsiran, naskah bahasa Inggris yang berlaku."
        ),
        "closing_en": (
            "Signed at [place] on [date] in duplicate, in the Indonesian and English languages [and the partner's "
            "language], all texts being equally authentic. In case of divergence of interpretation, the English "
            "text shall prevail."
        ),
        "sign_region": f"Untuk {ours_id}\nFor {ours_en}",
        "sign_partner": f"Untuk {p['with_local']}\nFor {p['with_local_en']}",
        "partner": p,
    }


def mou_docx(cooperation: Cooperation, *, plan: CooperationPlan | None = None) -> bytes:
    context = mou_context(cooperation, plan=plan)
    from docxtpl import Listing

    for key in ("sign_region", "sign_partner"):
        context[key] = Listing(context[key])
    return _docx("mou.docx", context)
