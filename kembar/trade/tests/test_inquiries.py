"""Buyer inquiries: the public form in four languages, email confirmation before anyone sees it, spam limits,
one inquiry per SME, an SME owner's own only, the statuses, and a deal that becomes a tangible result of the
linked cooperation (its timeline and its evaluation)."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from kembar.cooperations.models import Activity
from kembar.core import ratelimit
from kembar.evaluation.selectors import evaluation_get
from kembar.trade import buyer_text, services
from kembar.trade.models import Inquiry

from .conftest import confirm_link, send_inquiry


def form_data(products, **more):
    return {
        "products": [str(p.pk) for p in products],
        "name": "Kim Minji",
        "company": "Seoul Craft Trading",
        "country": "KR",
        "email": "Minji@Example.KR",
        "quantity": "500 pcs",
        "message": "가격표를 보내 주세요.",
        "consent": "on",
        **more,
    }


def url(world, lang="ko", query=""):
    return reverse("trade_inquiry_create", args=[world["region"].code, lang]) + query


def test_the_form_speaks_the_buyers_language(client, world):
    for lang, label, button in (
        ("ko", "회사명", "문의 보내기"),
        ("ja", "会社名", "問い合わせを送信"),
        ("en", "Company", "Send the inquiry"),
    ):
        page = client.get(url(world, lang, f"?produk={world['products_a'][0].pk}")).content.decode()
        assert label in page and button in page, lang
        assert f'lang="{lang}"' in page
    # The portal's frame speaks the buyer's language too: no staff login, no portal footer, no English links.
    for lang, skip in (("ko", "본문으로 건너뛰기"), ("ja", "本文へ移動")):
        page = client.get(url(world, lang)).content.decode()
        assert skip in page and reverse("login") not in page, lang
        assert "Skip to content" not in page and "Log in" not in page and "Open data" not in page, lang
    page = client.get(url(world, "ko")).content.decode()
    assert "직조 가방 Anyaman 0" in page  # the product's Korean name
    # The language switcher is named in the page's language too (a screen reader reads it).
    for lang, label in (("ko", "언어"), ("ja", "言語"), ("id", "Bahasa"), ("en", "Language")):
        assert f'<ul class="languages" aria-label="{label}">' in client.get(url(world, lang)).content.decode(), lang
    assert client.get(url(world, "xx")).status_code == 404
    assert client.get(reverse("trade_inquiry_create", args=["99.99", "en"])).status_code == 404


@pytest.mark.parametrize("lang", ["ko", "ja"])
def test_the_page_says_it_is_in_the_buyers_language(client, world, lang):
    """A buyer from a Korean or Japanese catalogue page gets a page that says it is Korean or Japanese (<html lang>,
    read by screen readers and translators), whose title and description are in that language too: not the portal's
    English "Kembar — foreign cooperation of Indonesia's regions"."""
    import re

    page = client.get(url(world, lang, f"?produk={world['products_a'][0].pk}")).content.decode()
    assert re.search(r"<html lang=\"([^\"]*)\">", page).group(1) == lang
    title = re.search(r"<title>(.*?)</title>", page, re.S).group(1)
    assert title == f"{buyer_text.get('Send an inquiry', lang)} · Kembar"
    description = re.search(r'<meta name="description" content="([^"]*)">', page).group(1)
    assert description == buyer_text.get("Send an inquiry", lang)
    # The portal's own pages keep their frame.
    portal = client.get(reverse("public_directory"), {"lang": "en"}).content.decode()
    assert '<html lang="en">' in portal and "Kembar — foreign cooperation of Indonesia" in portal


def test_a_sample_product_is_marked_in_the_buyers_language(client, world):
    product = world["products_a"][0]
    type(product).objects.filter(pk=product.pk).update(is_sample=True)
    # "contoh" on every page, as in the catalogue, with the buyer's own word beside it.
    words = {"ko": "contoh · 예시", "ja": "contoh · サンプル", "en": "contoh · sample", "id": "contoh"}
    for lang, word in words.items():
        page = client.get(url(world, lang)).content.decode()
        assert f'<span class="badge warn sample">{word}</span>' in page, lang


def test_digits_python_reads_but_no_id_is_made_of_are_ignored(client, world):
    """ "¹" and "٣" are digits to Python's isdigit(); as a product or channel they name nothing (no server
    error), beside a real product that is still offered."""
    product = world["products_a"][0]
    page = client.get(url(world, "en", f"?produk=¹&produk={product.pk}&kanal=²"))
    assert page.status_code == 200
    assert "Anyaman 0" in page.content.decode()
    assert client.get(url(world, "en", "?produk=¹&produk=٣")).status_code == 200  # no product named: all offered


def test_every_buyer_text_has_korean_and_japanese():
    for msgid, rows in buyer_text.TEXTS.items():
        assert set(rows) == {"ko", "ja"} and all(rows.values()), msgid
        assert ("%(" in msgid) == all("%(" in v for v in rows.values()), msgid
    for key, msgid in buyer_text.KEYS.items():
        assert msgid in buyer_text.TEXTS, key
    assert set(buyer_text.STATUS.values()) <= set(buyer_text.TEXTS)


def test_unverified_products_and_other_regions_products_are_not_offered(client, world, bogor):
    from .conftest import make_sme

    _sme, hidden = make_sme(world["region"], by=world["users"]["trade_staff"], name="Belum", verified=False)
    _sme, bogors = make_sme(bogor, by=world["users"]["other_region"], name="Bogor")
    page = client.get(url(world, "en")).content.decode()
    assert "Woven bag Belum" not in page and "Woven bag Bogor" not in page
    # Naming them outright changes nothing: only what a buyer may see is offered.
    assert client.get(url(world, "en", f"?produk={hidden[0].pk}&produk={bogors[0].pk}")).status_code == 404
    before = Inquiry.all_objects.count()
    client.post(url(world, "en"), form_data(hidden))
    assert Inquiry.all_objects.count() == before


def test_a_buyer_sends_confirms_and_it_reaches_each_sme_once(client, world, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    products = [world["products_a"][0], world["products_b"][0]]
    before = Inquiry.all_objects.count()
    response = client.post(url(world, "ko"), form_data(products))
    assert response.status_code == 302 and response["Location"] == reverse("trade_inquiry_sent", args=["ko"])
    made = list(Inquiry.all_objects.order_by("-pk")[:2])
    assert Inquiry.all_objects.count() == before + 2  # one per SME
    assert {i.sme_id for i in made} == {world["sme_a"].pk, world["sme_b"].pk}
    assert all(i.status == "unverified" and i.email == "minji@example.kr" and i.language == "ko" for i in made)
    # Nobody sees it before the buyer confirms.
    client.force_login(world["users"]["trade_staff"])
    listing = client.get(reverse("trade_inquiry_list", args=[world["region"].code])).content.decode()
    assert made[0].number not in listing
    client.logout()
    (email,) = mail.outbox
    assert "확인" in email.subject and email.to == ["minji@example.kr"]
    link = confirm_link(email.body)
    assert client.get(link).status_code == 200  # a page with a button: a mail scanner confirms nothing
    assert Inquiry.objects.get(pk=made[0].pk).status == "unverified"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(link)
    assert response.status_code == 302
    assert {i.status for i in Inquiry.objects.filter(pk__in=[i.pk for i in made])} == {"new"}
    # The owners and the trade office are told (in Indonesian, the office's language).
    told = {tuple(m.to): m.subject for m in mail.outbox[1:]}
    a, b = sorted(made, key=lambda i: i.sme.name)
    assert set(told) == {("dagang@example.org", "umkm-a@example.org"), ("dagang@example.org", "umkm-b@example.org")}
    assert a.number in told[("dagang@example.org", "umkm-a@example.org")]
    assert b.number in told[("dagang@example.org", "umkm-b@example.org")]
    status = client.get(response["Location"]).content.decode()
    assert "접수됨" in status and "Anyaman" in status and "Batik" in status


def test_a_wrong_or_expired_link_confirms_nothing(client, world):
    inquiries, secret = send_inquiry(world["region"], world["products_a"][:1], verified=False)
    bad = reverse("trade_inquiry_verify", args=[secret, "x" * 20])
    assert client.post(bad).status_code == 400
    other = reverse("trade_inquiry_verify", args=[secret, services._verify.sign("another")])
    assert client.post(other).status_code == 400
    assert Inquiry.objects.get(pk=inquiries[0].pk).status == "unverified"
    assert client.get(reverse("trade_inquiry_verify", args=["nope", "x"])).status_code == 404


def test_bad_input_is_refused_in_the_buyers_language_and_nothing_is_kept(client, world):
    before = Inquiry.all_objects.count()
    page = client.post(url(world, "ja"), form_data([], email="nope", consent="")).content.decode()
    assert "製品を1つ以上選択してください。" in page
    assert "有効なメールアドレスを入力してください。" in page
    assert "送信するには同意が必要です。" in page
    page = client.post(url(world, "ko"), form_data(world["products_a"], message="x" * 4001)).content.decode()
    assert "최대 4000자" in page
    page = client.post(url(world, "ko"), form_data(world["products_a"], name="a\x00b")).content.decode()
    assert "저장할 수 없는 문자" in page
    assert Inquiry.all_objects.count() == before


def test_the_honeypot_and_the_rate_limits(client, world):
    before = Inquiry.all_objects.count()
    response = client.post(url(world, "en"), form_data(world["products_a"], website="http://spam.example"))
    assert response.status_code == 302 and Inquiry.all_objects.count() == before  # looks sent, nothing kept
    ratelimit.RateCount.objects.all().delete()
    for n in range(5):
        assert client.post(url(world, "en"), form_data(world["products_a"][:1])).status_code == 302, n
    refused = client.post(url(world, "ko"), form_data(world["products_a"][:1]))
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert "너무 많은 문의" in refused.content.decode()
    assert Inquiry.all_objects.count() == before + 5


def test_staff_read_the_buyers_language_named_in_their_own(client, world):
    """A Korean buyer's inquiry "written in" Korean, said in the officer's language ("Bahasa Korea", "Korean"),
    not by its own name ("한국어") inside an Indonesian page; the channel's links to the buyer's form the same."""
    client.force_login(world["users"]["trade_staff"])
    code = world["region"].code
    pages = (
        reverse("trade_inquiry_detail", args=[code, world["inquiry"].pk]),
        reverse("trade_channel_detail", args=[code, world["channel"].pk]),
    )
    for language, korean, english in (("id", "Bahasa Korea", "Bahasa Inggris"), ("en", "Korean", "English")):
        client.cookies["django_language"] = language
        detail, channel = (client.get(page).content.decode() for page in pages)
        assert f"<dd>{korean}</dd>" in detail and "한국어" not in detail, language
        assert f">{korean}</a>" in channel and f">{english}</a>" in channel and "日本語" not in channel, language


def test_the_deal_forms_currencies_are_named_in_the_officers_language(client, world):
    """pycountry's ISO 4217 catalogue names a currency in Indonesian ("Won Korea Utara"); English stays English,
    and a currency the catalogue leaves untranslated keeps its English name."""
    client.force_login(world["users"]["trade_staff"])
    detail = reverse("trade_inquiry_detail", args=[world["region"].code, world["inquiry"].pk])
    client.cookies["django_language"] = "id"
    html = client.get(detail).content.decode()
    assert '<option value="KPW">KPW — Won Korea Utara</option>' in html and "North Korean Won" not in html
    assert '<option value="IDR">IDR — Rupiah</option>' in html and "XDR — SDR (Special Drawing Right)" in html
    client.cookies["django_language"] = "en"
    html = client.get(detail).content.decode()
    assert '<option value="KPW">KPW — North Korean Won</option>' in html and "Won Korea Utara" not in html


def test_an_sme_owner_sees_only_their_own_smes_inquiries(client, world):
    code = world["region"].code
    client.force_login(world["users"]["owner"])
    listing = client.get(reverse("trade_inquiry_list", args=[code])).content.decode()
    assert world["inquiry"].number in listing and world["other_inquiry"].number not in listing
    assert client.get(reverse("trade_inquiry_detail", args=[code, world["other_inquiry"].pk])).status_code == 404
    response = client.post(reverse("trade_inquiry_move", args=[code, world["other_inquiry"].pk]), {"to": "answered"})
    assert response.status_code == 404
    assert Inquiry.objects.get(pk=world["other_inquiry"].pk).status == "new"
    # Their own: they follow it up.
    client.post(reverse("trade_inquiry_move", args=[code, world["inquiry"].pk]), {"to": "sample_sent", "note": "DHL"})
    inquiry = Inquiry.objects.get(pk=world["inquiry"].pk)
    assert (inquiry.status, inquiry.note) == ("sample_sent", "DHL")


def test_a_move_its_status_does_not_allow_is_said_at_the_choice(client, world):
    client.force_login(world["users"]["trade_staff"])
    client.cookies["django_language"] = "en"
    url = reverse("trade_inquiry_move", args=[world["region"].code, world["inquiry"].pk])
    response = client.post(url, {"to": "new", "note": "The buyer wrote again."})  # reopen one that is not lost
    html = response.content.decode()
    assert response.status_code == 400
    assert re.search(r'id="id_to_errors">\s*<p>This inquiry can no longer be moved to that status.</p>', html)
    assert "The buyer wrote again.</textarea>" in html  # what was typed is kept
    inquiry = Inquiry.objects.get(pk=world["inquiry"].pk)
    assert (inquiry.status, inquiry.note) == ("new", "")


def test_moves_follow_the_order(world):
    staff = world["users"]["trade_staff"]
    inquiry = world["inquiry"]
    services.inquiry_move(inquiry=inquiry, by=staff, to="answered")
    services.inquiry_move(inquiry=inquiry, by=staff, to="lost")
    with pytest.raises(ValidationError):
        services.inquiry_move(inquiry=inquiry, by=staff, to="sample_sent")
    services.inquiry_move(inquiry=inquiry, by=staff, to="new")  # reopened
    assert [h.status for h in inquiry.history.order_by("history_date")][-4:] == ["new", "answered", "lost", "new"]


def tangible(world):
    result = evaluation_get(region=world["region"], cooperation=world["coop"], framework="undp")
    element = result.element("tangible_results")
    return element.verdict, {i.id: i.value for i in element.indicators}


def test_a_deal_becomes_a_tangible_result_of_the_cooperation(world):
    before_verdict, before = tangible(world)
    assert before["direct_results"] in (None, 0)
    inquiry = world["inquiry"]  # sent from the Hongdae store: the deal is the Hongdae cooperation's
    services.inquiry_deal(inquiry=inquiry, by=world["users"]["trade_staff"], value=Decimal("12500000"), currency="KRW")
    inquiry.refresh_from_db()
    assert inquiry.status == "deal" and inquiry.cooperation_id == world["coop"].pk
    activity = Activity.objects.get(pk=inquiry.activity_id)
    assert activity.cooperation_id == world["coop"].pk and activity.date_sort == timezone.localdate()
    ((outcome),) = activity.outcomes
    assert outcome["tangible"] == "direct" and "senilai KRW 12.500.000 (" in outcome["text"]  # a won has no cents
    assert inquiry.number in outcome["text"]
    assert inquiry.number in activity.source.cite and "Anyaman" in activity.source.cite
    assert "Kim" not in activity.title + activity.source.cite  # no personal data in the dossier
    after_verdict, after = tangible(world)
    assert after["direct_results"] == 1
    assert after_verdict != before_verdict


def test_a_deal_is_written_in_indonesian_whatever_the_officers_language(world):
    """The result a deal records is stored in Indonesian: its amount is written the Indonesian way even when the
    officer reads the site in English ("USD 12.345,50", not "USD 12,345.50"), and the rupiah as "Rp 185.000"."""
    staff = world["users"]["trade_staff"]
    with translation.override("en"):
        services.inquiry_deal(inquiry=world["inquiry"], by=staff, value=Decimal("12345.5"), currency="USD")
    ((outcome),) = Activity.objects.get(pk=world["inquiry"].activity_id).outcomes
    assert outcome["text"].startswith("Kesepakatan senilai USD 12.345,50 (")
    other = world["other_inquiry"]
    with translation.override("en"):
        services.inquiry_deal(
            inquiry=other, by=staff, value=Decimal("185000"), currency="IDR", cooperation=world["coop"]
        )
    ((outcome),) = Activity.objects.get(pk=other.activity_id).outcomes
    assert outcome["text"].startswith("Kesepakatan senilai Rp 185.000 (")


def test_a_deal_needs_a_value_a_currency_and_an_open_inquiry(world):
    staff, inquiry = world["users"]["trade_staff"], world["inquiry"]
    for value, currency in ((Decimal("0"), "KRW"), (Decimal("-5"), "KRW"), (Decimal("10"), "XXQ")):
        with pytest.raises(ValidationError):
            services.inquiry_deal(inquiry=inquiry, by=staff, value=value, currency=currency)
    with pytest.raises(ValidationError):
        services.inquiry_deal(
            inquiry=inquiry, by=staff, value=Decimal("10"), currency="USD", date=dt.date.today() + dt.timedelta(days=9)
        )
    assert Activity.objects.filter(cooperation=world["coop"]).count() == 0
    services.inquiry_move(inquiry=inquiry, by=staff, to="lost")
    with pytest.raises(ValidationError):
        services.inquiry_deal(inquiry=inquiry, by=staff, value=Decimal("10"), currency="USD")
    assert Inquiry.objects.get(pk=inquiry.pk).status == "lost"


def test_a_deal_values_bounds_are_said_in_indonesian_notation(client, world):
    client.force_login(world["users"]["trade_staff"])
    url = reverse("trade_inquiry_deal", args=[world["region"].code, world["inquiry"].pk])
    page = client.post(url, {"value": "-5", "currency": "USD"}).content.decode()
    assert "lebih besar dari atau sama dengan 0,01" in page
    page = client.post(url, {"value": "9.999.999.999.999.999", "currency": "USD"}).content.decode()
    assert "lebih kecil dari atau sama dengan 999.999.999.999.999,99" in page
    assert Inquiry.objects.get(pk=world["inquiry"].pk).status == "new"


@pytest.mark.parametrize("which", ["inquiry", "other_inquiry"])  # with a cooperation, and without
def test_a_deal_dated_in_year_0001_is_refused_on_its_field(client, world, which):
    client.force_login(world["users"]["trade_staff"])
    status = world[which].status
    url = reverse("trade_inquiry_deal", args=[world["region"].code, world[which].pk])
    response = client.post(url, {"value": "100", "currency": "USD", "date": "0001-01-01"})
    assert response.status_code == 400 and "Pilih hari dari 1900 sampai 2100." in response.content.decode()
    inquiry = Inquiry.objects.get(pk=world[which].pk)
    assert (inquiry.status, inquiry.deal_date, inquiry.activity_id) == (status, None, None)


def test_a_deals_day_has_the_years_every_typed_day_has(client, world, monkeypatch):
    """The years a deal's day may have are said in one place, core.dates, with every typed day's."""
    from kembar.core import dates

    monkeypatch.setattr(dates, "TYPED_YEARS", (2000, 2100))
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        services.inquiry_deal(
            inquiry=world["inquiry"],
            by=world["users"]["trade_staff"],
            value=Decimal("100"),
            currency="USD",
            date=dt.date(1999, 12, 31),
        )
    assert refused.value.message_dict == {"date": ["Choose a day from 2000 to 2100."]}
    assert Inquiry.objects.get(pk=world["inquiry"].pk).status == "new"


def test_a_deal_without_a_cooperation_is_only_a_deal(world):
    inquiry = world["other_inquiry"]  # from the catalogue, no channel
    services.inquiry_deal(inquiry=inquiry, by=world["users"]["trade_staff"], value=Decimal("900"), currency="JPY")
    inquiry.refresh_from_db()
    assert inquiry.status == "deal" and inquiry.activity_id is None and inquiry.cooperation_id is None


def test_an_sme_owner_cannot_record_a_deal(client, world):
    client.force_login(world["users"]["owner"])
    url = reverse("trade_inquiry_deal", args=[world["region"].code, world["inquiry"].pk])
    response = client.post(url, {"value": "100", "currency": "USD"})
    assert response.status_code == 403
    assert Inquiry.objects.get(pk=world["inquiry"].pk).status == "new"


def test_the_public_form_answers_hostile_queries_without_failing(client, world):
    from kembar.testing import HOSTILE_QUERY

    hostile = {**HOSTILE_QUERY, "produk": ["abc", "9" * 40, "-1"], "kanal": "../../x", "asal": "<script>"}
    for lang in ("id", "ko"):
        response = client.get(url(world, lang), hostile)
        assert response.status_code in (200, 404), response.status_code
    response = client.post(url(world, "ja") + "?kanal=9999999999999", form_data(world["products_a"], country="ZZ"))
    assert response.status_code == 400 and "国を選択してください。" in response.content.decode()


def test_a_deal_value_is_read_as_written_in_indonesian(client, world):
    """ "Rp 12.345.678,90" is twelve million rupiah and more; a value written another way is refused with an example
    in Indonesian notation, and nothing is recorded."""
    client.force_login(world["users"]["trade_staff"])
    url = reverse("trade_inquiry_deal", args=[world["region"].code, world["inquiry"].pk])
    response = client.post(url, {"value": "12,345,678.90", "currency": "IDR"})
    assert response.status_code == 400
    assert "Tulis jumlahnya dengan angka, misalnya 12.345.678,90." in response.content.decode()
    assert Inquiry.objects.get(pk=world["inquiry"].pk).status == "new"
    response = client.post(url, {"value": "Rp 12.345.678,90", "currency": "IDR"})
    assert response.status_code == 302
    inquiry = Inquiry.objects.get(pk=world["inquiry"].pk)
    assert (inquiry.deal_value, inquiry.deal_currency) == (Decimal("12345678.90"), "IDR")


@pytest.mark.parametrize(
    ("form", "data", "field"),
    [
        ("kembar.cooperations.forms.ActivityForm", {"budget_region": "Rp 25.000.000"}, "budget_region"),
        ("kembar.smes.forms.ProductForm", {"price_min": "185.000", "price_max": "1.250.000,50"}, "price_max"),
    ],
)
def test_every_money_field_reads_the_indonesian_notation(form, data, field):
    from django.utils.module_loading import import_string

    from kembar.core.forms import MoneyField

    form_class = import_string(form)
    assert isinstance(form_class.base_fields[field], MoneyField)
    assert MoneyField().clean(data[field]) == Decimal(
        data[field].removeprefix("Rp ").replace(".", "").replace(",", ".")
    )


def _options(html: str) -> list[str]:
    select = re.search(r'<select name="to".*?</select>', html, re.S).group(0)
    return re.findall(r'<option value="([^"]*)"', select)


def test_the_status_select_offers_only_the_moves_its_status_allows(client, world):
    client.force_login(world["users"]["trade_staff"])
    url = reverse("trade_inquiry_detail", args=[world["region"].code, world["inquiry"].pk])
    assert _options(client.get(url).content.decode()) == ["answered", "sample_sent", "lost"]  # not "reopen"
    Inquiry.objects.filter(pk=world["inquiry"].pk).update(status="answered")
    assert _options(client.get(url).content.decode()) == ["sample_sent", "lost"]
    Inquiry.objects.filter(pk=world["inquiry"].pk).update(status="lost")
    html = client.get(url).content.decode()
    assert _options(html) == ["new"] and ">buka kembali</option>" in html


def test_the_consent_says_when_its_text_was_written_not_its_key(client, world):
    client.force_login(world["users"]["trade_staff"])
    url = reverse("trade_inquiry_detail", args=[world["region"].code, world["inquiry"].pk])
    html = client.get(url).content.decode()
    assert "atas teks persetujuan versi Desember 2026</dd>" in html
    assert world["inquiry"].consent_version not in html
    client.cookies["django_language"] = "en"
    html = client.get(url).content.decode()
    assert "to the consent text of December 2026</dd>" in html and "2026-12-buyer-1" not in html
