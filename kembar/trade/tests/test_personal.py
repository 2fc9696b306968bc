"""A buyer downloads and erases their data by the secret link of their email (UU 27/2022): every inquiry of the
link at once, in their language; a wrong link is 404 and changes nothing; erasing twice changes nothing more;
the trade office then reads "erased by the sender", and no page, download or history row keeps a copy."""

import json
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from kembar.cooperations.models import Activity, Source
from kembar.partners.models import Country
from kembar.trade import services
from kembar.trade.models import Inquiry

from .conftest import send_inquiry

BUYER = ("Kim Minji", "Seoul Craft Trading", "buyer@example.kr")


def _people(inquiry_ids) -> list:
    rows = Inquiry.all_objects.filter(pk__in=inquiry_ids).order_by("pk")
    return list(rows.values_list("name", "company", "email", "erased_at"))


def _two_sme_inquiry(world):
    """One buyer asking two SMEs (one inquiry each, one link)."""
    return send_inquiry(world["region"], [world["products_a"][1], world["products_b"][0]], email="lee@example.kr")


def test_the_buyer_downloads_everything_kept_about_them(client, world):
    inquiries, secret = _two_sme_inquiry(world)
    response = client.get(reverse("trade_inquiry_data", args=[secret]))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
    assert response["Cache-Control"] == "private, no-store" and response["X-Robots-Tag"] == "noindex"
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    assert (data["name"], data["company"], data["email"]) == ("Kim Minji", "Seoul Craft Trading", "lee@example.kr")
    assert [i["number"] for i in data["inquiries"]] == [i.number for i in inquiries]
    assert {i["business"] for i in data["inquiries"]} == {"Anyaman", "Batik"}
    assert data["consent_version"] and "27" in data["consent_text"] and data["personal_data_erased_at"] is None
    assert "note" not in json.dumps(data)  # the trade office's working notes are not the buyer's data
    assert client.get(reverse("trade_inquiry_data", args=["x" * 32])).status_code == 404
    assert client.post(reverse("trade_inquiry_data", args=[secret])).status_code == 405


def test_the_status_page_offers_download_and_erasure_in_the_buyers_language(client, world):
    _inquiries, secret = send_inquiry(world["region"], world["products_b"], email="sato@example.jp", language="ja")
    page = client.get(reverse("trade_inquiry_status", args=[secret])).content.decode()
    assert "データをダウンロード（JSON）" in page and "データを消去" in page
    for name in ("trade_inquiry_data", "trade_inquiry_erase"):
        assert reverse(name, args=[secret]) in page
    page = client.get(reverse("trade_inquiry_status", args=[world["secret"]])).content.decode()
    assert "내 데이터 내려받기 (JSON)" in page and "내 데이터 삭제" in page
    erase = client.get(reverse("trade_inquiry_erase", args=[world["secret"]]))
    assert erase.status_code == 200 and "영구히 삭제됩니다" in erase.content.decode()
    assert erase["Cache-Control"] == "private, no-store"


def test_erasure_blanks_every_inquiry_of_the_link_and_nothing_else(client, world):
    inquiries, secret = _two_sme_inquiry(world)
    ids = [i.pk for i in inquiries]
    others = [world["inquiry"].pk, world["other_inquiry"].pk]
    before_others = _people(others)
    assert client.get(reverse("trade_inquiry_erase", args=[secret])).status_code == 200
    assert _people(ids)[0][:3] == ("Kim Minji", "Seoul Craft Trading", "lee@example.kr")  # a GET erases nothing
    response = client.post(reverse("trade_inquiry_erase", args=[secret]))
    assert response.status_code == 302 and response["Location"] == reverse("trade_inquiry_status", args=[secret])
    after = _people(ids)
    assert [row[:3] for row in after] == [("", "", "")] * 2 and all(row[3] for row in after)
    kept = Inquiry.objects.get(pk=ids[0])
    assert kept.message == "Please send the price list." and kept.quantity and kept.products.exists()
    assert _people(others) == before_others  # another buyer's inquiries are untouched
    page = client.get(reverse("trade_inquiry_status", args=[secret])).content.decode()
    assert "삭제되었습니다" in page and reverse("trade_inquiry_erase", args=[secret]) not in page
    data = json.loads(client.get(reverse("trade_inquiry_data", args=[secret])).content)
    assert (data["name"], data["company"], data["email"]) == ("", "", "") and data["personal_data_erased_at"]


def test_erasing_twice_changes_nothing_more(client, world):
    secret = world["secret"]
    client.post(reverse("trade_inquiry_erase", args=[secret]))
    first = _people([world["inquiry"].pk])
    rows = world["inquiry"].history.count()
    assert client.post(reverse("trade_inquiry_erase", args=[secret])).status_code == 302
    services.inquiry_erase(secret=secret)
    assert _people([world["inquiry"].pk]) == first and world["inquiry"].history.count() == rows


def test_a_wrong_secret_is_404_and_changes_nothing(client, world):
    before = _people(Inquiry.all_objects.values_list("pk", flat=True))
    for secret in ("x" * 32, "", "y" * 101, world["secret"][:-1]):
        if not secret:
            continue
        assert client.post(reverse("trade_inquiry_erase", args=[secret])).status_code == 404
        assert client.get(reverse("trade_inquiry_data", args=[secret])).status_code == 404
    assert services.inquiry_erase(secret="") == []
    assert _people(Inquiry.all_objects.values_list("pk", flat=True)) == before


def test_an_expired_confirmation_link_is_400_and_confirms_nothing(client, world, monkeypatch):
    inquiries, secret = send_inquiry(world["region"], world["products_a"][:1], email="late@example.kr", verified=False)
    url = reverse("trade_inquiry_verify", args=[secret, services.verify_signed(secret)])
    later = __import__("time").time() + services.personal.VERIFY_MAX_AGE + 60
    monkeypatch.setattr("django.core.signing.time.time", lambda: later)
    assert client.post(url).status_code == 400
    assert Inquiry.all_objects.get(pk=inquiries[0].pk).status == Inquiry.Status.UNVERIFIED


def test_the_trade_office_reads_erased_by_the_sender_and_no_copy_is_left(client, world):
    inquiry = world["inquiry"]
    staff = world["users"]["trade_staff"]
    services.inquiry_move(inquiry=inquiry, by=staff, to="answered", note="Daftar harga dikirim.")
    client.post(reverse("trade_inquiry_erase", args=[world["secret"]]))
    client.force_login(staff)
    code = world["region"].code
    listing = client.get(reverse("trade_inquiry_list", args=[code])).content.decode()
    detail = client.get(reverse("trade_inquiry_detail", args=[code, inquiry.pk])).content.decode()
    assert 'class="erased"' in listing and 'id="buyer-erased"' in detail
    for value in BUYER:
        assert value not in detail
    # The other buyer (who happens to share the company's name) is listed with it; the erased one is not.
    assert listing.count(BUYER[1]) == 1 and world["other_inquiry"].company == BUYER[1]
    # History rows never held the buyer's name, company or email: no column for them.
    columns = {f.name for f in Inquiry.history.model._meta.get_fields()}
    assert not {"name", "company", "email"} & columns
    assert inquiry.history.count() >= 4 and inquiry.history.first().history_change_reason == "personal data erased"
    # The owner of the SME reads the same.
    client.force_login(world["users"]["owner"])
    detail = client.get(reverse("trade_inquiry_detail", args=[code, inquiry.pk])).content.decode()
    assert 'id="buyer-erased"' in detail and BUYER[2] not in detail


def test_another_regions_trade_office_sees_no_buyer_at_all(client, world):
    client.force_login(world["users"]["other_region"])
    code = world["region"].code
    assert client.get(reverse("trade_inquiry_detail", args=[code, world["inquiry"].pk])).status_code == 404
    own = client.get(reverse("trade_inquiry_list", args=["32.01"]))
    assert BUYER[0] not in own.content.decode()


def test_a_deals_result_in_the_cooperation_names_no_buyer_before_or_after_erasure(client, world):
    """What a deal writes into the cooperation (the activity its timeline, evaluation, exports and API read, and
    its source) never held the buyer's name, company or email, so erasure has nothing to chase there."""
    inquiry = services.inquiry_deal(
        inquiry=world["inquiry"], by=world["users"]["trade_staff"], value=Decimal("1000"), currency="KRW"
    )
    client.post(reverse("trade_inquiry_erase", args=[world["secret"]]))
    activity = Activity.all_objects.get(pk=inquiry.activity_id)
    texts = [activity.title, json.dumps(activity.outcomes, ensure_ascii=False)]
    texts += list(Source.all_objects.filter(cooperation=world["coop"]).values_list("cite", flat=True))
    assert texts and not [t for t in texts for value in BUYER if value in t]
    assert Inquiry.objects.get(pk=inquiry.pk).deal_value == Decimal("1000")  # the deal stays


def test_the_service_refuses_an_inquiry_without_the_buyers_name_company_or_email(world):
    """The columns may be blank (erasure blanks them); a new inquiry may not, whatever door it comes by."""
    before = Inquiry.all_objects.count()
    with pytest.raises(ValidationError) as refused:
        services.inquiry_submit(
            region=world["region"],
            products=world["products_a"][:1],
            name="",
            company="  ",
            country=Country.objects.get(code="KR"),
            email="",
            quantity="1",
            message="?",
            language="ja",
        )
    assert set(refused.value.message_dict) == {"name", "company", "email"}
    assert refused.value.message_dict["name"] == ["この項目は必須です。"]
    assert Inquiry.all_objects.count() == before
