"""A foreign city expresses interest in a region seeking partners: in its language, confirmed by email, erased by
its link; robots, repeats and floods keep nothing; an unconfirmed interest counts nowhere; and Bogor never sees
Bandung's interests."""

import json
import re

import pytest
from django.core import mail
from django.urls import reverse

from kembar.seeking.models import Interest

from .conftest import interest_data, submit

pytestmark = pytest.mark.django_db


def _form_url(lang=None):
    url = reverse("seeking_interest_create", args=["32.73"])
    return f"{url}?lang={lang}" if lang else url


def _links(body: str) -> tuple[str, str]:
    verify = re.search(r"https?://[^/\s]+(/minat/\S+/konfirmasi/\S+/)", body).group(1)
    follow = re.search(r"https?://[^/\s]+(/minat/[^/\s]+/)\s", body).group(1)
    return verify, follow


def test_the_form_speaks_each_of_five_languages(client, world):
    expected = {
        None: "Institution or city government",  # the msgid until the lead's catalogue has its Indonesian
        "en": "Institution or city government",
        "ko": "기관 또는 시 정부",
        "ja": "機関名または市の行政",
        "zh": "机构或城市政府",
    }
    for lang, label in expected.items():
        page = client.get(_form_url(lang))
        assert page.status_code == 200
        html = page.content.decode()
        if lang in ("ko", "ja", "zh"):
            assert label in html, lang
            # The portal's frame too: the skip link in their language, no staff login, no portal footer.
            assert "Skip to content" not in html and "Log in" not in html and "Open data" not in html, lang
            tag = {"zh": "zh-Hans"}.get(lang, lang)
            assert f'<div lang="{tag}">' in html
            assert page["Content-Language"] == tag
        # Every language's address is offered (hreflang), the form posts back to its own language.
        for code in ("ko", "ja", "zh", "en"):
            assert f'hreflang="{"zh-Hans" if code == "zh" else code}"' in html


def test_a_japanese_visitor_sends_confirms_and_the_bureau_sees_it(client, world):
    bureau = world["users"]["bureau_staff"]
    before = Interest.all_objects.count()
    response = client.post(_form_url("ja"), interest_data(institution="名古屋市国際交流課"))
    assert response.status_code == 302, response.content.decode()[:3000]
    assert response["Location"].endswith("?lang=ja")
    interest = Interest.all_objects.latest("pk")
    assert Interest.all_objects.count() == before + 1
    assert interest.place == world["places"]["Nagoya"]  # found by its Japanese name, in Japan
    assert (interest.status, interest.language, interest.email) == ("unverified", "ja", "sato@example.jp")
    message = mail.outbox[-1]
    assert "メールアドレスを確認" in message.body and "Kota Bandung" in message.subject
    verify, follow = _links(message.body)

    # Not confirmed: the bureau's list and detail do not have it.
    client.force_login(bureau)
    assert "名古屋市国際交流課" not in client.get(reverse("seeking_bureau", args=["32.73"])).content.decode()
    assert client.get(reverse("seeking_interest_detail", args=["32.73", interest.pk])).status_code == 404
    client.logout()

    # The link shows a button; only its POST confirms (a mail scanner confirms nothing).
    page = client.get(verify)
    assert page.status_code == 200 and "メールアドレスを確認する" in page.content.decode()
    assert Interest.objects.get(pk=interest.pk).status == "unverified"
    done = client.post(verify)
    assert done.status_code == 302
    assert Interest.objects.get(pk=interest.pk).status == "new"
    status = client.get(done["Location"]).content.decode()
    assert "受付済み" in status and "ありがとうございます" in status
    assert client.get(follow)["Cache-Control"] == "private, no-store"

    client.force_login(bureau)
    page = client.get(reverse("seeking_bureau", args=["32.73"])).content.decode()
    assert "名古屋市国際交流課" in page


def test_a_robot_filling_the_honeypot_is_told_it_worked_and_nothing_is_kept(client, world):
    before, sent = Interest.all_objects.count(), len(mail.outbox)
    response = client.post(_form_url("en"), interest_data(website="http://spam.example"))
    assert response.status_code == 302
    assert (Interest.all_objects.count(), len(mail.outbox)) == (before, sent)


def test_bad_input_comes_back_in_the_visitors_language_and_keeps_nothing(client, world):
    before = Interest.all_objects.count()
    page = client.post(_form_url("ko"), interest_data(email="not-an-email", consent="", city="Atlantis"))
    assert page.status_code == 400
    html = page.content.decode()
    assert "올바른 이메일 주소를 입력하십시오." in html
    assert "필수 항목입니다." in html  # the consent
    assert "해당 이름의 도시를 찾지" in html
    page = client.post(_form_url("zh"), interest_data(message="x" * 2001, institution="a\x00b"))
    html = page.content.decode()
    assert "最多 2000 个字符。" in html and "无法保存的字符" in html
    # An escape code (not only the NUL Django refuses itself) is refused at its field, in the page's language.
    page = client.post(_form_url("ja"), interest_data(institution="Osaka\x1b[31m Trading"))
    assert page.status_code == 400 and "保存できない文字" in page.content.decode()
    assert Interest.all_objects.count() == before


def test_countries_without_diplomatic_relations_cannot_be_chosen(client, world):
    html = client.get(_form_url("en")).content.decode()
    assert 'value="JP"' in html and 'value="IL"' not in html and 'value="TW"' not in html and 'value="ID"' not in html
    before = Interest.all_objects.count()
    for country, city in (("IL", "Tel Aviv"), ("TW", "台北")):
        assert client.post(_form_url("en"), interest_data(country=country, city=city)).status_code == 400
    assert Interest.all_objects.count() == before


def test_two_cities_of_one_name_are_offered_to_choose(client, world):
    page = client.post(_form_url("ja"), interest_data(city="府中"))
    assert page.status_code == 400
    html = page.content.decode()
    assert "同じ名前の都市が複数あります" in html
    small = Interest._meta.get_field("place").related_model.objects.get(geonames_id=1863905)
    response = client.post(_form_url("ja"), interest_data(city="府中", place=str(small.pk)))
    assert response.status_code == 302
    assert Interest.all_objects.latest("pk").place == small


def test_three_quick_clicks_send_once(client, world):
    from kembar.core import once

    token, before = once.issue(), Interest.all_objects.count()
    first = client.post(_form_url("en"), interest_data(form_token=token))
    again = client.post(_form_url("en"), interest_data(form_token=token))
    assert first.status_code == again.status_code == 302
    assert again["Location"] == first["Location"]
    assert Interest.all_objects.count() == before + 1
    assert client.post(_form_url("en"), interest_data(form_token=None)).status_code == 400


def test_too_many_from_one_address_or_one_email_is_429_in_the_visitors_language(client, world):
    from kembar.seeking import views

    for n in range(views.EMAIL_LIMIT[0]):
        assert client.post(_form_url("ja"), interest_data(email="flood@example.jp")).status_code == 302, n
    before = Interest.all_objects.count()
    refused = client.post(_form_url("ja"), interest_data(email="flood@example.jp"))
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0
    assert "もう一度お試しください" in refused.content.decode()
    assert Interest.all_objects.count() == before
    for _n in range(views.ADDRESS_LIMIT[0] - views.EMAIL_LIMIT[0] - 1):
        client.post(_form_url("en"), interest_data(email=f"x{_n}@example.jp"))
    refused = client.post(_form_url("ko"), interest_data(email="other@example.jp"))
    assert refused.status_code == 429 and "다시 시도해 주십시오" in refused.content.decode()
    assert Interest.all_objects.count() == before + views.ADDRESS_LIMIT[0] - views.EMAIL_LIMIT[0] - 1


def test_a_region_that_does_not_seek_takes_no_interest(client, world):
    url = reverse("seeking_interest_create", args=["32.01"])  # Bogor has a profile but does not seek
    assert client.get(url).status_code == 404
    assert client.post(url, interest_data()).status_code == 404
    assert client.get(reverse("seeking_region", args=["32.01"])).status_code == 404


def test_the_sender_downloads_and_erases_their_data_without_a_trace(client, world):
    interest, secret = world["interest"], world["secret"]
    data = json.loads(client.get(reverse("seeking_interest_data", args=[secret])).content)
    assert data["email"] == interest.email and data["contact_person"] == "Contact Person"
    assert client.post(reverse("seeking_interest_erase", args=[secret])).status_code == 302
    interest.refresh_from_db()
    assert (interest.name, interest.email) == ("", "") and interest.erased_at
    assert interest.institution  # the interest stays, anonymous
    history = interest.history.all()
    assert history.count() >= 3
    assert not any(hasattr(h, "email") or hasattr(h, "name") for h in history)
    assert client.get(reverse("seeking_interest_status", args=["x" * 32])).status_code == 404


def test_an_unconfirmed_interest_counts_nowhere(client, world):
    hidden, _secret = submit(world["region"], world["places"]["Suwon"], verified=False, institution="Belum")
    client.force_login(world["users"]["bureau_admin"])
    page = client.get(reverse("seeking_bureau", args=["32.73"])).content.decode()
    assert "Belum" not in page
    assert client.get(reverse("seeking_interest_detail", args=["32.73", hidden.pk])).status_code == 404
    client.force_login(world["users"]["overseer"])
    assert "Belum" not in client.get(reverse("seeking_national")).content.decode()


def test_an_interest_for_bandung_is_never_visible_to_bogor(client, world):
    interest = world["interest"]
    client.force_login(world["users"]["other_region"])  # Bogor's bureau admin
    assert client.get(reverse("seeking_interest_detail", args=["32.01", interest.pk])).status_code == 404
    assert client.get(reverse("seeking_interest_detail", args=["32.73", interest.pk])).status_code == 404
    page = client.get(reverse("seeking_bureau", args=["32.01"])).content.decode()
    assert interest.institution not in page and interest.number not in page
    move = reverse("seeking_interest_move", args=["32.01", interest.pk])
    assert client.post(move, {"status": "declined"}).status_code == 404
    assert Interest.objects.get(pk=interest.pk).status == "new"


@pytest.mark.parametrize("lang", ["id", "ja"])
def test_hostile_values_in_every_field_never_fail_and_keep_nothing_bad(client, world, lang):
    """Every field of the form posted with hostile values (huge, control characters, NUL, RTL marks, HTML, SQL):
    the form again (400) or a redirect, never a server error; nothing is kept that the form refused."""
    from kembar.core.models import RateCount
    from kembar.testing import HOSTILE_VALUES

    for value in HOSTILE_VALUES:
        RateCount.objects.all().delete()  # each value reaches the form, not the flood limit
        before = Interest.all_objects.count()
        data = {k: ([value] if isinstance(v, list) else value) for k, v in interest_data().items()}
        response = client.post(_form_url(lang), data)
        assert response.status_code in (302, 400), (value[:30], response.status_code)
        if response.status_code != 302:
            assert Interest.all_objects.count() == before
        assert "<script>alert(1)</script>" not in response.content.decode()


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_list_leads_to_the_portal_in_english_not_in_a_language_it_lacks(client, world, lang):
    """The portal is in Indonesian and English: from a Korean page its links open the English pages (a `?lang=ko`
    the portal does not know would open them in Indonesian)."""
    html = client.get(reverse("seeking_list"), {"lang": lang}).content.decode()
    for name in ("public_directory", "public_data"):
        assert f'href="{reverse(name)}?lang=en"' in html
        assert f'href="{reverse(name)}?lang=ko"' not in html
    assert "Open data" in client.get(reverse("public_data"), {"lang": "en"}).content.decode()


def test_the_populations_date_is_in_words_in_indonesian_and_english(client, world):
    """Stored "2023-06-30": "30 Juni 2023" on the Indonesian page, "30 June 2023" on the English one."""
    from kembar.discovery.services import profile_save

    profile_save(region=world["region"], by=None, population_as_of="2023-06-30")
    url = reverse("seeking_region", args=["32.73"])
    for lang, shown in ((None, "(30 Juni 2023)"), ("en", "(30 June 2023)")):
        html = client.get(f"{url}?lang={lang}" if lang else url).content.decode()
        assert shown in html and "2023-06-30" not in html, lang


def test_a_population_date_kept_from_before_it_was_checked_is_shown_as_written(client, world):
    """A profile saved before the field took only dates keeps its text ("pertengahan 2023"): the public page and
    the bureau's profile page say it as written, not a server error."""
    from kembar.discovery.models import RegionProfile
    from kembar.discovery.services import profile_save

    profile_save(region=world["region"], by=None, population_as_of="2023")
    RegionProfile.objects.filter(region=world["region"]).update(population_as_of="pertengahan 2023")
    page = client.get(reverse("seeking_region", args=["32.73"]))
    assert page.status_code == 200 and "(pertengahan 2023)" in page.content.decode()
    client.force_login(world["users"]["bureau_staff"])
    profile = client.get(f"/r/{world['region'].code}/discovery/profile/")
    assert profile.status_code == 200 and "pertengahan 2023" in profile.content.decode()
