"""The print catalogue (A4, WeasyPrint): a cover, contents per category, one product per half page with its photo,
its texts in the four languages (Noto CJK for Korean and Japanese), the SME's contact and a QR code (segno) to
the product's page in the online edition; and the buyers' guide for visitors. Both are built from the edition's
snapshot only, so they print what was published, whenever they are built.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from kembar.plans.documents import region_full, region_heading, tanggal
from kembar.reports.pdf import _ticking

from . import selectors, words

Progress = Callable[[int, str], None]
LANGUAGES = words.LANGUAGES
#: Seed 000 describes Kota Bandung's programme: its facts are printed in that region's guide only, with the source.
PROGRAMME_FACTS_REGION = "32.73"
SOURCE_000 = (
    "Sumber: [Artikel tanpa judul tentang program Little Bandung dan kerja sama Kota Bandung dengan Hongdae, "
    "Seoul; penulis dan tahun tidak tercantum]. Sumber lainnya: Dinas KUMKM dan Perindag Kota Bandung (2015), "
    "http://kukmperindag.bandung.go.id."
)


def _noop(_percent: int, _message: str) -> None:
    return None


def item_url(edition, position: int, *, base_url: str | None = None) -> str:
    """The absolute address of an item's page in the online edition (what its QR code holds)."""
    base = (base_url or settings.KEMBAR_SITE_URL).rstrip("/")
    return base + reverse("catalogue_public_item", args=[edition.region.code, edition.number, position])


def qr_data_uri(url: str) -> str:
    import segno

    # PNG, not SVG: WeasyPrint draws an SVG code's hundreds of modules one by one, a PNG as one image.
    return segno.make(url, error="m").png_data_uri(scale=6, border=2)


def _photo_uri(item) -> str:
    if not item.photo:
        return ""
    try:
        return Path(item.photo.path).as_uri()
    except NotImplementedError:  # a storage without local paths (S3): the bytes inline
        with item.photo.open("rb") as f:
            return "data:image/jpeg;base64," + base64.b64encode(f.read()).decode()


def _price(snap: dict) -> str:
    from kembar.catalogue.templatetags.catalogue import price_range

    return price_range(snap)


def _certs(snap: dict) -> str:
    names = {"halal": "Halal", "sni": "SNI", "bpom": "BPOM", "pirt": "PIRT"}
    return ", ".join(
        f"{names.get(c['kind'], c['kind'])} {c['number']}" for c in snap.get("sme", {}).get("certifications", [])
    )


def print_context(edition, *, base_url: str | None = None, progress: Progress = _noop) -> dict:
    items = list(selectors.items_of(edition))
    categories: list[dict] = []
    n = max(len(items), 1)
    for i, item in enumerate(items):
        snap = item.snapshot
        if not categories or categories[-1]["code"] != item.category:
            categories.append(
                {
                    "code": item.category,
                    "names": [(lang, words.category_name(item.category, lang)) for lang in LANGUAGES],
                    "items": [],
                }
            )
        url = item_url(edition, item.position, base_url=base_url)
        categories[-1]["items"].append(
            {
                "position": item.position,
                "texts": [(lang, snap["texts"][lang]) for lang in LANGUAGES if lang in snap.get("texts", {})],
                "name": (snap["texts"].get("id") or next(iter(snap["texts"].values()), {})).get("name", ""),
                "photo": _photo_uri(item),
                "qr": qr_data_uri(url),
                "url": url,
                "price": _price(snap),
                "min_order": f"{snap.get('min_order')} {snap.get('unit', '')}".strip(),
                "capacity": (
                    f"{snap['capacity_per_month']:,} {snap.get('unit', '')}".replace(",", ".").strip()
                    if snap.get("capacity_per_month")
                    else ""
                ),
                "hs_code": snap.get("hs_code", ""),
                "materials": snap.get("materials", ""),
                "sme": snap.get("sme", {}),
                "certs": _certs(snap),
                "sample": bool(snap.get("is_sample")),
            }
        )
        if i % 10 == 9:
            progress(5 + int(45 * (i + 1) / n), _("Preparing the products"))
    return {
        "edition": edition,
        "heading": region_heading(edition.region),
        "region_full": region_full(edition.region),
        "date": tanggal(edition.date),
        "categories": categories,
        "n_items": len(items),
        "any_sample": any(it["sample"] for c in categories for it in c["items"]),
        "labels": {key: words.labels_all(key) for key in words.LABELS},
        "languages": [(lang, words.LANGUAGE_NAMES[lang]) for lang in LANGUAGES],
    }


def edition_pdf(edition, *, progress: Progress = _noop, base_url: str | None = None) -> tuple[bytes, int]:
    """The edition's print PDF and its number of pages."""
    from weasyprint import HTML

    with translation.override("id"):
        progress(5, _("Preparing the products"))
        html = render_to_string("catalogue/print.html", print_context(edition, base_url=base_url, progress=progress))
        laying_out = _("Laying out the pages")
        progress(50, laying_out)
        with _ticking(progress, first=51, last=89, message=laying_out):
            document = HTML(string=html, base_url=str(settings.MEDIA_ROOT)).render()
        progress(90, _("Writing the PDF (%(n)s pages)") % {"n": len(document.pages)})
        return document.write_pdf(), len(document.pages)


def guide_pdf(edition, *, base_url: str | None = None) -> bytes:
    """The buyers' guide: how to visit the edition's SMEs (grouped by kecamatan), and the programme's facts with
    their source. In English and Indonesian, whatever language the visitor reads the site in."""
    from weasyprint import HTML

    smes = selectors.guide_smes(edition)
    base = (base_url or settings.KEMBAR_SITE_URL).rstrip("/")
    online = base + reverse("catalogue_public_edition", args=[edition.region.code, edition.number])
    facts = edition.region.code == PROGRAMME_FACTS_REGION
    parts = {}
    for lang in ("en", "id"):
        with translation.override(lang):
            parts[lang] = render_to_string(
                "catalogue/_guide_text.html",
                {
                    "edition": edition,
                    "region_full": region_full(edition.region),
                    "online": online,
                    "lang": lang,
                    "programme_facts": facts,
                },
            )
    html = render_to_string(
        "catalogue/guide.html",
        {
            "edition": edition,
            "heading": region_heading(edition.region),
            "region_full": region_full(edition.region),
            "date": tanggal(edition.date),
            "smes": smes,
            "parts": parts,
            "online": online,
            "qr": qr_data_uri(online),
            "any_sample": any(s.is_sample for s in smes),
            "programme_facts": facts,
            "source": SOURCE_000,
        },
    )
    return HTML(string=html).write_pdf()
