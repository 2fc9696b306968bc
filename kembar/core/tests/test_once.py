"""Forms that create, created once (kembar.core.once): the token, its refusal, its repeat, and a real race."""

import datetime as dt
import threading

import pytest
from django.contrib.messages import get_messages
from django.db import connection, connections
from django.urls import reverse
from django.utils import timezone, translation

from kembar.core import once
from kembar.core.models import FormSubmission
from kembar.partners.models import Partner

PARTNER = {"name": "Kota Suwon", "country": "KR", "kind": "local_government", "level": "city"}


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


def _partner_url(region):
    return reverse("partner_create", kwargs={"code": region.code})


def test_a_form_that_creates_carries_a_token_it_keeps_when_shown_again(staff_client, bandung):
    page = staff_client.get(_partner_url(bandung)).content.decode()
    assert f'name="{once.FIELD}"' in page
    token = once.issue()
    again = staff_client.post(_partner_url(bandung), {**PARTNER, "name": "", once.FIELD: token})
    assert again.status_code == 200  # the name is missing: nothing created, the same token kept
    assert f'name="{once.FIELD}" value="{token}"' in again.content.decode()


@pytest.mark.parametrize("token", [None, "", "made-up", "x:y:z"])
def test_without_a_valid_token_nothing_is_created_and_the_form_says_why(staff_client, bandung, token):
    staff_client.cookies["django_language"] = "id"
    response = staff_client.post(_partner_url(bandung), {**PARTNER, once.FIELD: token})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Formulir ini tidak dikirim dari halaman Kembar atau sudah lebih dari seminggu" in html
    assert 'value="Kota Suwon"' in html  # what was typed stays
    assert not Partner.objects.filter(name="Kota Suwon").exists()


def test_a_token_older_than_a_week_is_refused(staff_client, bandung, monkeypatch):
    old = once.issue()
    later = timezone.now().timestamp() + once.MAX_AGE.total_seconds() + 60
    monkeypatch.setattr("django.core.signing.time.time", lambda: later)
    assert staff_client.post(_partner_url(bandung), {**PARTNER, once.FIELD: old}).status_code == 200
    assert not Partner.objects.filter(name="Kota Suwon").exists()


def test_a_repeat_leads_to_what_the_first_made_with_a_message(staff_client, bandung):
    token = once.issue()
    first = staff_client.post(_partner_url(bandung), {**PARTNER, once.FIELD: token})
    again = staff_client.post(_partner_url(bandung), {**PARTNER, once.FIELD: token})
    assert first.status_code == again.status_code == 302 and again["Location"] == first["Location"]
    assert Partner.objects.filter(name="Kota Suwon").count() == 1
    with translation.override("id"):
        assert [str(m) for m in get_messages(again.wsgi_request)][-1] == (
            "Formulir ini sudah terkirim dan disimpan satu kali: inilah hasilnya."
        )


def test_a_token_is_one_user_s_another_user_sending_it_creates_their_own(client, bandung, staff, bureau_admin):
    token = once.issue()
    for user in (staff, bureau_admin):
        client.force_login(user)
        assert client.post(_partner_url(bandung), {**PARTNER, once.FIELD: token}).status_code == 302
    assert Partner.objects.filter(name="Kota Suwon").count() == 2


def test_a_repeat_that_checked_before_the_first_committed_is_led_there_too(staff_client, bandung, monkeypatch):
    """The second request looked for the token before the first committed, then found it taken when it
    tried to take it (the unique index): it creates nothing and is led to the first one's result."""
    token = once.issue()
    first = staff_client.post(_partner_url(bandung), {**PARTNER, once.FIELD: token})
    real = once._done
    calls = []

    def late(request):
        calls.append(1)
        return None if len(calls) == 1 else real(request)  # the first look comes too early

    monkeypatch.setattr(once, "_done", late)
    again = staff_client.post(_partner_url(bandung), {**PARTNER, once.FIELD: token})
    assert again.status_code == 302 and again["Location"] == first["Location"]
    assert Partner.objects.filter(name="Kota Suwon").count() == 1


def test_a_failed_create_gives_the_token_back(staff_client, bandung, staff, monkeypatch):
    """The token is taken in the create's transaction: when the create fails, the same token works again."""
    from django.core.exceptions import ValidationError

    from kembar.partners import services

    real = services.partner_create

    def refused(**kwargs):
        real(**kwargs)  # written, then refused: the whole transaction goes, the token with it
        raise ValidationError({"name": "Refused once."})

    monkeypatch.setattr(services, "partner_create", refused)
    token = once.issue()
    response = staff_client.post(_partner_url(bandung), {**PARTNER, once.FIELD: token})
    assert response.status_code == 200 and "Refused once." in response.content.decode()
    assert not FormSubmission.objects.exists() and not Partner.objects.exists()
    monkeypatch.setattr(services, "partner_create", real)
    assert staff_client.post(_partner_url(bandung), {**PARTNER, once.FIELD: token}).status_code == 302
    assert Partner.objects.filter(name="Kota Suwon").count() == 1


def test_used_tokens_are_forgotten_after_a_week(staff_client, bandung, staff):
    FormSubmission.objects.create(user=staff, token="old", created_at=timezone.now() - dt.timedelta(days=8))
    staff_client.post(_partner_url(bandung), PARTNER)
    assert list(FormSubmission.objects.values_list("token", flat=True)) != ["old"]
    assert not FormSubmission.objects.filter(token="old").exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="a real race needs a server database (PostgreSQL)")
def test_two_requests_at_once_create_one_record(bandung, staff):
    """Two requests with one token at the same moment: the second waits on the first's token row, then is led
    to what the first made. The first is held open inside its transaction until the second has started."""
    from django.test import Client

    from kembar.partners import services

    token = once.issue()
    url = _partner_url(bandung)
    inside, release = threading.Event(), threading.Event()
    real_create = services.partner_create

    def slow_create(**kwargs):
        partner = real_create(**kwargs)
        inside.set()
        release.wait(10)
        return partner

    services.partner_create = slow_create
    responses = {}

    def send(name):
        try:
            client = Client()
            client.force_login(staff)
            responses[name] = client.post(url, {**PARTNER, once.FIELD: token})
        finally:
            connections.close_all()

    try:
        first = threading.Thread(target=send, args=("first",))
        first.start()
        assert inside.wait(10)
        second = threading.Thread(target=send, args=("second",))
        second.start()
        second.join(0.5)
        assert second.is_alive()  # waiting on the first's token
        release.set()
        first.join(10)
        second.join(10)
    finally:
        services.partner_create = real_create
        release.set()
    assert responses["first"].status_code == responses["second"].status_code == 302
    assert responses["second"]["Location"] == responses["first"]["Location"]
    assert Partner.objects.filter(name="Kota Suwon").count() == 1
