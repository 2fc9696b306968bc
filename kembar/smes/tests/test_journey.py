"""An SME owner logs in, lands on the programme's home, adds a product with two photos and its Indonesian text;
the translator of Korean and Japanese finds it in the Korean queue and writes and reviews its Korean text. In a
real browser (Debian's Chromium), at 1280 and 390 px wide.

With KEMBAR_SCREENSHOTS=<folder> the journey also saves its pages at both widths."""

import io
import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from kembar.accounts.models import Role
from kembar.testing import make_member, reference_data, sideways_scroll

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "rahasia-123"


@pytest.fixture
def registry(tmp_path):
    from PIL import Image

    from kembar.regions.models import Region
    from kembar.smes import services

    reference_data()
    bandung = Region.objects.get(code="32.73")
    trade = make_member("dagang", bandung, Role.TRADE_STAFF, password=PASSWORD)
    owner = make_member("umkm", bandung, Role.SME_OWNER, password=PASSWORD)
    translator = make_member("penerjemah", bandung, Role.TRANSLATOR, password=PASSWORD)
    services.translator_assign(region=bandung, user=translator, languages=["ko", "ja"], by=trade)
    sme = services.sme_create(
        region=bandung, by=trade, owners=[owner], name="Anyaman Mendong Gedebage", owner_name="Siti Aminah"
    )
    photos = []
    for name, colour in (("tas-depan.jpg", (170, 120, 60)), ("tas-samping.png", (90, 130, 70))):
        buf = io.BytesIO()
        Image.new("RGB", (900, 700), colour).save(buf, "PNG" if name.endswith("png") else "JPEG")
        path = tmp_path / name
        path.write_bytes(buf.getvalue())
        photos.append(str(path))
    return {"sme": sme, "photos": photos, "region": bandung}


def _shot(tab, name):
    folder = os.environ.get("KEMBAR_SCREENSHOTS")
    if not folder:
        return
    Path(folder).mkdir(parents=True, exist_ok=True)
    for label, width in (("desktop", 1280), ("phone", 390)):
        tab.set_viewport_size({"width": width, "height": 900})
        tab.screenshot(path=str(Path(folder) / f"smes-{name}-{label}.png"), full_page=True)
    tab.set_viewport_size({"width": 1280, "height": 900})


def _login(tab, base, username):
    tab.goto(f"{base}/login/")
    tab.locator("input[name=username]").fill(username)
    tab.locator("input[name=password]").fill(PASSWORD)
    tab.locator("form button[type=submit]").last.click()


def _no_sideways_scroll(tab):
    tab.set_viewport_size({"width": 390, "height": 900})
    overflow = sideways_scroll(tab)
    tab.set_viewport_size({"width": 1280, "height": 900})
    assert overflow <= 1, overflow


def test_an_owner_adds_a_product_and_the_translator_adds_korean(live_server, page, registry):  # noqa: F811
    from kembar.smes.models import Product

    base, sme = live_server.url, registry["sme"]
    _login(page, base, "umkm")
    assert page.url == f"{base}/r/32.73/umkm/"
    _shot(page, "home-owner")
    page.get_by_role("link", name="Anyaman Mendong Gedebage").first.click()
    page.locator(f"a[href='/r/32.73/umkm/usaha/{sme.pk}/produk-baru/']").click()
    page.locator("select[name=category]").select_option("kerajinan")
    page.locator("input[name=price_min]").fill("85000")
    page.locator("input[name=price_max]").fill("120000")
    page.locator("input[name=min_order]").fill("24")
    page.locator("input[name=unit]").fill("pcs")
    page.locator("input[name=materials]").fill("mendong, kain katun")
    page.locator("input[name=name]").fill("Tas Anyaman Mendong")
    page.locator("input[name=short]").fill("Tas tangan dari anyaman mendong Gedebage.")
    page.locator("textarea[name=long]").fill("Dianyam tangan dari mendong yang dikeringkan, dilapisi kain katun.")
    page.locator("input[name=photos]").set_input_files(registry["photos"])
    page.locator("input[name=alt]").fill("Tas anyaman mendong berwarna cokelat")
    _shot(page, "product-form")
    page.locator("form.form button[type=submit]").click()
    product = Product.objects.get(sme=sme)
    page.wait_for_url(f"{base}/r/32.73/umkm/produk/{product.pk}/")
    expect(page.get_by_role("heading", name="Tas Anyaman Mendong")).to_be_visible()
    assert page.locator("ul.photos img").count() == 2
    # The thumbnails are real pictures the browser could decode. Polled from here: a string predicate polled in
    # the page (wait_for_function) is evaluated there, which the page's CSP (no 'unsafe-eval') refuses whenever
    # the pictures are not decoded at the first look.
    for _ in range(100):
        if page.locator("ul.photos img").evaluate_all("imgs => imgs.every(i => i.complete && i.naturalWidth > 0)"):
            break
        page.wait_for_timeout(100)
    else:
        raise AssertionError("the thumbnails were not decoded within 10 s")
    _shot(page, "product-owner")
    _no_sideways_scroll(page)
    assert product.texts.get(language="id").status == "draft"

    # The translator: the Korean queue lists it; they write the Korean and mark it reviewed.
    context = page.context.browser.new_context(viewport={"width": 1280, "height": 900})
    translator = context.new_page()
    _login(translator, base, "penerjemah")
    translator.locator("a[href='/r/32.73/umkm/terjemahan/ko/']").first.click()
    expect(translator.get_by_text("Tas Anyaman Mendong")).to_be_visible()
    _shot(translator, "queue-ko")
    translator.get_by_role("link", name="Tas Anyaman Mendong").click()
    expect(translator.get_by_text("Tas tangan dari anyaman mendong Gedebage.")).to_be_visible()  # the source beside
    translator.locator("input[name=name]").fill("멘동 라탄 가방")
    translator.locator("input[name=short]").fill("게데바게 멘동 풀로 엮은 손가방.")
    translator.locator("textarea[name=long]").fill("말린 멘동 풀을 손으로 엮고 면 안감을 댔습니다.")
    translator.locator("select[name=status]").select_option("reviewed")
    _shot(translator, "text-ko")
    translator.locator("form.form button[type=submit]").click()
    translator.wait_for_url(f"{base}/r/32.73/umkm/terjemahan/ko/")
    korean = product.texts.get(language="ko")
    assert (korean.name, korean.status, korean.translator.username) == ("멘동 라탄 가방", "reviewed", "penerjemah")
    translator.goto(f"{base}/r/32.73/umkm/produk/{product.pk}/")
    expect(translator.get_by_text("멘동 라탄 가방")).to_be_visible()
    _shot(translator, "product-translator")
    context.close()
