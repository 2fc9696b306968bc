"""A buyer in Seoul reads the inquiry form in Korean from the Little Bandung Hongdae store's link, sends an
inquiry and confirms it from the email; the trade office records the deal; the bureau sees it in the
Bandung–Hongdae cooperation's evaluation as a direct tangible result. In a real browser (Debian's Chromium), the
email read from the test outbox.

With KEMBAR_SCREENSHOTS=<folder> the journey also saves its pages at 1280 and 390 px wide."""

import datetime as dt
import os
import re
from pathlib import Path

import pytest
from django.core import mail
from playwright.sync_api import expect

from kembar.accounts.models import Role
from kembar.testing import make_member, reference_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HONGDAE = Path(__file__).resolve().parents[2] / "demo" / "cases" / "bandung-hongdae.yaml"
PASSWORD = "rahasia-123"


@pytest.fixture
def programme():
    """The Hongdae dossier (the demo case file), a verified SME with a product reviewed in Korean, the Hongdae
    store channel linked to the cooperation, Bandung's trade office and a bureau officer."""
    from kembar.cooperations.casefile import import_files
    from kembar.cooperations.models import Cooperation
    from kembar.regions.models import Region
    from kembar.trade import services

    from .conftest import make_sme

    reference_data()
    import_files([HONGDAE])
    bandung = Region.objects.get(code="32.73")
    staff = make_member("dagang", bandung, Role.TRADE_STAFF, password=PASSWORD)
    make_member("rina", bandung, Role.BUREAU_STAFF, password=PASSWORD)
    sme, products = make_sme(bandung, by=staff, name="Anyaman Cibaduyut")
    coop = Cooperation.objects.get(region=bandung, ref="bandung-hongdae")
    store = services.channel_create(
        region=bandung,
        by=staff,
        kind="store",
        name="Little Bandung Hongdae",
        venue="Hongdae, Mapo-gu",
        city="Seoul",
        country_id="KR",
        starts=dt.date(2026, 1, 10),
        cooperation=coop,
        products=products,
    )
    for label, use in (("Lantai 1", "cafe"), ("Lantai 2", "restaurant"), ("Lantai 3", "exhibition")):
        services.unit_add(channel=store, by=staff, label=label, use=use)
    return {"store": store, "product": products[0], "coop": coop}


def _shot(page, name):
    folder = os.environ.get("KEMBAR_SCREENSHOTS")
    if not folder:
        return
    Path(folder).mkdir(parents=True, exist_ok=True)
    for label, width in (("desktop", 1280), ("phone", 390)):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(Path(folder) / f"trade-{name}-{label}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def _login(page, base, username):
    page.goto(f"{base}/login/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form button[type=submit]").last.click()


def test_a_buyer_inquires_the_office_records_the_deal_it_counts_for_hongdae(live_server, page, programme):
    base = live_server.url
    mail.outbox.clear()
    store, product = programme["store"], programme["product"]
    # The buyer, in Korean, from the store's link.
    page.goto(f"{base}/tanya/32.73/ko/?produk={product.pk}&kanal={store.pk}")
    expect(page.get_by_role("heading", name=re.compile("구매 문의 보내기"))).to_be_visible()
    assert page.get_by_label(re.compile("직조 가방 Anyaman Cibaduyut 0")).is_checked()
    assert "성함" in page.locator("label[for=id_name]").inner_text()  # the labels are Korean
    page.locator("#id_name").fill("Kim Minji")
    page.locator("#id_company").fill("Seoul Craft Trading")
    page.locator("#id_country").select_option("KR")
    page.locator("#id_email").fill("minji@example.kr")
    page.locator("#id_quantity").fill("월 500개")
    page.locator("#id_message").fill("가격표와 샘플을 요청합니다.")
    page.locator("input[name=consent]").check()
    _shot(page, "inquiry-form")
    page.get_by_role("button", name="문의 보내기").click()
    expect(page.get_by_role("heading", name="이메일을 확인하세요")).to_be_visible()
    link = re.search(r"https?://[^/\s]+(/tanya/konfirmasi/\S+/\S+/)", mail.outbox[-1].body).group(1)
    page.goto(base + link)
    page.get_by_role("button", name="이메일 확인하기").click()
    expect(page.get_by_text("이메일이 확인되었고")).to_be_visible()
    expect(page.get_by_role("cell", name="접수됨")).to_be_visible()
    _shot(page, "inquiry-status")

    # The trade office finds it and records the deal (the store's cooperation is chosen for it).
    context = page.context.browser.new_context(viewport={"width": 1280, "height": 900})
    staff = context.new_page()
    _login(staff, base, "dagang")
    staff.goto(f"{base}/r/32.73/dagang/permintaan/")
    staff.get_by_role("link", name=re.compile(r"P-\d+")).first.click()
    expect(staff.get_by_text("Seoul Craft Trading").first).to_be_visible()
    deal = staff.locator("#deal-form")
    deal.locator("input[name=value]").fill("12500000")
    assert deal.locator("select[name=currency]").input_value() == "KRW"
    assert deal.locator("select[name=cooperation]").input_value() == str(programme["coop"].pk)
    _shot(staff, "inquiry-deal")
    deal.locator("button[type=submit]").click()
    expect(staff.locator("#deal-value")).to_have_text("KRW 12.500.000")
    staff.goto(f"{base}/r/32.73/dagang/")
    expect(staff.locator("#export-value").get_by_text("KRW 12.500.000")).to_be_visible()
    _shot(staff, "dashboard")
    staff.goto(f"{base}/r/32.73/dagang/kanal/{store.pk}/")
    _shot(staff, "store")
    context.close()

    # The bureau reads the Hongdae cooperation's evaluation: the deal is a direct tangible result.
    bureau_context = page.context.browser.new_context(viewport={"width": 1280, "height": 900})
    bureau = bureau_context.new_page()
    _login(bureau, base, "rina")
    bureau.goto(f"{base}/r/32.73/cooperations/bandung-hongdae/evaluation/")
    element = bureau.locator("#el-tangible_results")
    element.locator("details summary").first.click()
    expect(element.get_by_text(re.compile("Anyaman Cibaduyut")).first).to_be_visible()
    assert element.locator("td").first.inner_text().strip() == "1"
    _shot(bureau, "evaluation")
    bureau_context.close()
