"""A visitor reading Japanese finds Kota Bandung among the regions seeking partners, sends the city's interest in
Japanese (the city typed as 名古屋), confirms the email from the outbox link, and Bandung's bureau finds it ranked
first among the interests addressed to it, with why. In a real browser.

With KEMBAR_SCREENSHOTS=<folder> the journey also saves its pages at 1280 and 390 px wide."""

import os
import re
from pathlib import Path

import pytest
from django.core import mail
from playwright.sync_api import expect

from kembar.accounts.models import Role
from kembar.testing import make_member, reference_data, sideways_scroll

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def seeking():
    """Bandung seeks partners in education and creative economy (its profile, the world's places of the test
    world), a bureau officer, and an interest from Aichi prefecture already confirmed (not eligible for a kota)."""
    from kembar.regions.models import Region
    from kembar.seeking import services
    from kembar.seeking.tests.conftest import make_places, profile_for, submit

    reference_data()
    places = make_places()
    bandung = Region.objects.get(code="32.73")
    admin = make_member("admin-bandung", bandung, Role.BUREAU_ADMIN, password="rahasia-123")
    make_member("rina", bandung, Role.BUREAU_STAFF, password="rahasia-123")
    make_member("kemendagri", None, Role.NATIONAL_OVERSEER, password="rahasia-123")
    profile_for(bandung, places["Bandung"])
    services.seeking_set(
        region=bandung,
        by=admin,
        active=True,
        text="Kota Bandung mencari mitra di bidang pendidikan.",
        text_en="Bandung seeks partners in education and the creative economy.",
    )
    submit(bandung, places["Liuzhou"], institution="Liuzhou Foreign Affairs Office", fields=[])
    submit(bandung, places["Aichi"], institution="Aichi Prefecture")
    mail.outbox.clear()
    return bandung


def _shot(page, name):
    folder = os.environ.get("KEMBAR_SCREENSHOTS")
    if not folder:
        return
    Path(folder).mkdir(parents=True, exist_ok=True)
    for label, width in (("desktop", 1280), ("phone", 390)):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(Path(folder) / f"seeking-{name}-{label}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 900})


def test_a_japanese_visitor_sends_interest_and_bandung_sees_it_ranked(live_server, page, seeking):
    base = live_server.url
    page.goto(f"{base}/mencari-mitra/?lang=ja")
    expect(page.get_by_role("heading", name="海外のパートナーを求めるインドネシアの地域")).to_be_visible()
    _shot(page, "list")
    page.get_by_role("link", name="Kota Bandung").click()
    expect(
        page.get_by_role("heading", name=re.compile("Kota Bandung は海外のパートナーを求めています"))
    ).to_be_visible()
    _shot(page, "region")
    page.get_by_role("link", name="関心を伝える").click()

    page.get_by_role("textbox", name=re.compile("^機関名または市の行政")).fill("名古屋市 国際交流課")
    page.get_by_role("combobox", name=re.compile("^代表する組織")).select_option("city")
    page.get_by_role("combobox", name=re.compile("^国")).select_option("JP")
    page.get_by_role("textbox", name=re.compile("^都市")).fill("名古屋")
    page.get_by_role("textbox", name=re.compile("^担当者名")).fill("佐藤 花子")
    page.get_by_role("textbox", name=re.compile("^メールアドレス")).fill("sato@example.jp")
    page.get_by_label("Pendidikan").check()
    page.get_by_label("Ekonomi kreatif").check()
    page.get_by_role("textbox", name=re.compile("^メッセージ")).fill(
        "教員と学生の交流、クリエイティブ産業の協力を提案します。"
    )
    page.locator("input[name=consent]").check()
    _shot(page, "form")
    page.get_by_role("button", name="送信").click()
    expect(page.get_by_role("heading", name="メールを確認してください")).to_be_visible()

    body = mail.outbox[-1].body
    assert "Kota Bandung" in body and "メールアドレスを確認" in body
    verify = re.search(r"https?://[^/\s]+(/minat/\S+/konfirmasi/\S+/)", body).group(1)
    page.goto(base + verify)
    page.get_by_role("button", name="メールアドレスを確認する").click()
    expect(page.get_by_text("ありがとうございます")).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile("状況: 受付済み"))).to_be_visible()
    assert page.get_by_text("佐藤 花子").count() == 0  # the status page never shows the name
    _shot(page, "status")

    staff = _login(page, base, "rina")
    staff.goto(f"{base}/r/32.73/mencari-mitra/")
    rows = staff.locator("table.ranked tbody tr")
    assert rows.count() == 3
    # Nagoya (education and creative economy named, in Japan, a preferred country) first; Aichi, a
    # prefecture, last: not the level of a kota.
    assert "名古屋市 国際交流課" in rows.nth(0).inner_text()
    assert "Aichi Prefecture" in rows.nth(2).inner_text()
    scores = [rows.nth(i).locator("td.score").inner_text() for i in range(2)]
    assert int(scores[0].replace(".", "")) > int(scores[1].replace(".", ""))
    _shot(staff, "bureau")
    rows.nth(0).get_by_role("link").click()
    table = staff.locator("table.criteria")
    expect(table).to_be_visible()
    assert table.locator("tbody tr").count() == 9
    assert "Badan Pusat Statistik Kota Bandung" in table.inner_text()
    _shot(staff, "detail")
    staff.context.close()

    # The national overseer sees which seeking region matches which interest.
    national = _login(page, base, "kemendagri")
    national.goto(f"{base}/national/mencari-mitra/")
    matrix = national.locator("table.matrix")
    assert "Kota Bandung" in matrix.inner_text() and "Nagoya" in matrix.inner_text()
    assert national.locator("table.matrix td.best").count() >= 1
    _shot(national, "national")
    national.context.close()


def _login(page, base, username):
    other = page.context.browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    other.goto(f"{base}/login/")
    other.get_by_label("Nama pengguna").fill(username)
    other.get_by_label("Sandi").fill("rahasia-123")
    other.get_by_role("button", name="Masuk").click()
    return other


@pytest.mark.parametrize("lang", ["id", "en", "ko", "ja", "zh"])
def test_the_pages_for_partners_abroad_fit_a_phone_in_each_language(live_server, page, seeking, lang):
    # Japanese and Chinese have no spaces between words: a heading that may not break between characters ran
    # 79 px past a phone's width (the list in Japanese, 2026-12-07).
    page.set_viewport_size({"width": 375, "height": 740})
    for path in ("/mencari-mitra/", "/daerah/32.73/mencari-mitra/", "/daerah/32.73/mencari-mitra/minat/"):
        page.goto(f"{live_server.url}{path}?lang={lang}")
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        overflow = sideways_scroll(page)
        assert overflow <= 0, f"{path}?lang={lang} scrolls sideways by {overflow}px on a phone"
