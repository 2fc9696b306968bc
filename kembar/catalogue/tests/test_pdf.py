"""The print PDF read back: the Korean and Japanese names are text in it (not tofu: pdftotext finds them), the
QR code on a product's half page decodes to that product's online page, and the buyers' guide cites seed 000."""

import io
import subprocess

import pytest
from django.conf import settings
from PIL import Image

from kembar.catalogue import services
from kembar.catalogue.models import EditionPdf
from kembar.catalogue.pdf import guide_pdf, item_url

pytestmark = pytest.mark.django_db


def _text(pdf: bytes, *pages: int) -> str:
    args = ["pdftotext", "-enc", "UTF-8"]
    if pages:
        args += ["-f", str(pages[0]), "-l", str(pages[-1])]
    return subprocess.run([*args, "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()


def _page_image(pdf: bytes, page: int) -> Image.Image:
    png = subprocess.run(
        ["pdftoppm", "-png", "-r", "200", "-f", str(page), "-l", str(page), "-"],
        input=pdf,
        capture_output=True,
        check=True,
    ).stdout
    return Image.open(io.BytesIO(png))


@pytest.fixture
def built(published, trade):
    pdf = services.pdf_request(edition=published, by=trade, enqueue=False)
    pdf = services.pdf_run(pdf=pdf)
    assert pdf.status == EditionPdf.Status.DONE, pdf.message
    with pdf.file.open("rb") as f:
        return pdf, f.read()


def test_the_pdf_holds_the_four_languages(built):
    pdf, content = built
    text = _text(content)
    names = ("Tas Kulit Domba", "Sheepskin Bag", "양가죽 가방", "羊革のバッグ", "チェポット木製人形", "바틱 실크")
    for name in names:
        assert name in text, name
    assert "Fesyen / Fashion / 패션 / ファッション" in text  # the contents per category
    assert "contoh" in text  # the sample data are marked in print too
    assert pdf.pages >= 4 and pdf.progress == 100 and len(pdf.sha256) == 64


def test_two_products_per_page_and_each_qr_code_leads_to_its_page(built, published):
    _pdf, content = built
    # Cover, contents, then the categories: Fesyen's two products share page 3.
    page3 = _text(content, 3)
    assert "Syal Sutra Batik" in page3 and "Tas Kulit Domba" in page3
    import zxingcpp

    found = sorted(r.text for r in zxingcpp.read_barcodes(_page_image(content, 3)))
    assert found == sorted([item_url(published, 1), item_url(published, 2)])
    assert found[0].startswith(settings.KEMBAR_SITE_URL + "/katalog/32.73/1/")


def test_the_buyers_guide(published):
    text = _text(guide_pdf(published))
    assert "Rajut Cihampelas" in text and "Jl. Cihampelas 12" in text
    assert "5,198" in text or "5.198" in text
    assert "Dinas KUMKM dan Perindag Kota Bandung (2015)" in text  # the source, as a reader looks it up
    assert "seed" not in text.lower() and ".txt" not in text
