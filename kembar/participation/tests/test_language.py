"""The participation pages follow the portal's language rule: the language is in the address (`?lang=en`; none is
Indonesian), never the switcher's cookie, from the portal's link through the form, its errors, its redirect and
its emails to the pages behind the secret link (kembar/public/http.py)."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from kembar.participation.models import Organisation, Proposal, Signup

from .conftest import proposal_data, signup_data, upcoming_activity


def _link(html: str, path: str) -> str:
    """The href of the first link of `html` to `path` (with its query)."""
    return re.search(rf'href="({re.escape(path)}[^"]*)"', html).group(1)


@pytest.fixture
def english_cookie(client):
    """A visitor whose switcher cookie says English: a page without `?lang=` is still Indonesian."""
    client.cookies["django_language"] = "en"
    return client


def test_the_cooperation_page_leads_an_english_reader_to_an_english_form(client, world):
    coop = world["coop"]
    client.cookies["django_language"] = "id"
    page = client.get(reverse("public_cooperation", args=[coop.region.code, coop.ref]), {"lang": "en"})
    form_url = reverse("proposal_create", args=[coop.region.code, coop.ref])
    assert _link(page.content.decode(), form_url) == form_url + "?lang=en"
    form = client.get(form_url + "?lang=en")
    html = form.content.decode()
    assert form["Content-Language"] == "en" and '<html lang="en">' in html
    assert "Send the proposal" in html and "Kirim usulan" not in html
    # The long fields' help is English too (it was worked out once, in Indonesian, when the form was loaded).
    assert html.count("At most 2000 characters, plain text.") == 2 and "Paling banyak" not in html
    indonesian = client.get(form_url).content.decode()
    assert indonesian.count("Paling banyak 2000 karakter, teks biasa.") == 2
    # Its breadcrumb leads back to the English pages.
    assert f'href="{reverse("public_cooperation", args=[coop.region.code, coop.ref])}?lang=en"' in html


def test_an_english_cookie_does_not_turn_the_indonesian_form_english(english_cookie, world):
    coop = world["coop"]
    html = english_cookie.get(reverse("proposal_create", args=[coop.region.code, coop.ref])).content.decode()
    assert '<html lang="id">' in html and "Kirim usulan" in html


def test_an_english_proposal_keeps_its_language_through_errors_redirect_and_emails(client, world):
    coop = world["coop"]
    client.cookies["django_language"] = "id"
    url = reverse("proposal_create", args=[coop.region.code, coop.ref]) + "?lang=en"
    wrong = client.post(url, proposal_data(title="Angklung in English", email="not an email"))
    assert wrong.status_code == 200 and '<html lang="en">' in wrong.content.decode()
    assert "Enter a valid email address." in wrong.content.decode()
    assert not Proposal.objects.filter(title="Angklung in English").exists()

    mail.outbox.clear()
    sent = client.post(url, proposal_data(title="Angklung in English"))
    assert sent["Location"] == reverse("proposal_sent") + "?lang=en"
    assert "Check your email" in client.get(sent["Location"]).content.decode()
    proposal = Proposal.objects.get(title="Angklung in English")
    assert proposal.language == "en"
    (message,) = mail.outbox
    assert "Confirm" in message.subject
    verify = re.search(r"https?://[^/\s]+(/usulan/\S+/konfirmasi/\S+)", message.body).group(1)
    follow = re.search(r"https?://[^/\s]+(/usulan/[^/\s]+/\?lang=en)\s", message.body).group(1)
    assert verify.endswith("?lang=en")
    assert "Confirm my email" in client.get(verify).content.decode()
    confirmed = client.post(verify)
    assert confirmed["Location"] == follow
    status = client.get(follow).content.decode()
    assert "Thank you: your email is confirmed" in status and "Your proposal" in status
    erase = _link(status, follow.split("?")[0] + "hapus/")
    assert erase.endswith("?lang=en")
    assert "Erase my data" in client.get(erase).content.decode()
    erased = client.post(erase)
    assert erased["Location"] == follow
    assert "Your name and email have been erased" in client.get(follow).content.decode()


def test_an_english_sign_up_stays_english(client, world):
    activity = upcoming_activity(world)
    coop = world["coop"]
    client.cookies["django_language"] = "id"
    page = client.get(reverse("public_cooperation", args=[coop.region.code, coop.ref]), {"lang": "en"})
    form_url = reverse("signup_create", args=[coop.region.code, coop.ref, activity.pk])
    assert _link(page.content.decode(), form_url) == form_url + "?lang=en"
    wrong = client.post(form_url + "?lang=en", signup_data(name=""))
    assert "This field is required." in wrong.content.decode() and '<html lang="en">' in wrong.content.decode()
    assert not Signup.objects.filter(email="rudi@example.org").exists()

    mail.outbox.clear()
    sent = client.post(form_url + "?lang=en", signup_data())
    assert sent["Location"] == reverse("signup_sent") + "?lang=en"
    thanks = client.get(sent["Location"]).content.decode()
    assert "Your place is confirmed." in thanks and "Thank you for signing up" in thanks
    follow = re.search(r"https?://[^/\s]+(/pendaftaran/[^/\s]+/\?lang=en)\s", mail.outbox[-1].body).group(1)
    status = client.get(follow).content.decode()
    assert "Cancel my sign-up" in status
    cancel = re.search(r'action="([^"]*/batal/[^"]*)"', status).group(1)
    assert cancel.endswith("?lang=en")
    cancelled = client.post(cancel)
    assert cancelled["Location"] == follow
    assert "Your sign-up is cancelled." in client.get(follow).content.decode()


def test_an_english_organisation_registers_in_english(client, world):
    region = world["coop"].region
    client.cookies["django_language"] = "id"
    page = client.get(reverse("public_region", args=[region.code]), {"lang": "en"}).content.decode()
    form_url = reverse("organisation_create", args=[region.code])
    assert _link(page, form_url) == form_url + "?lang=en"
    new_partner = reverse("proposal_new_partner", args=[region.code])
    assert _link(page, new_partner) == new_partner + "?lang=en"
    data = {"name": "Sanggar Angklung", "kind": "community", "email": "sanggar@example.org", "consent": "on"}
    wrong = client.post(form_url + "?lang=en", {**data, "email": "nope"})
    assert "Enter a valid email address." in wrong.content.decode()
    assert not Organisation.objects.filter(name="Sanggar Angklung").exists()

    mail.outbox.clear()
    sent = client.post(form_url + "?lang=en", data)
    assert sent["Location"] == reverse("organisation_sent") + "?lang=en"
    assert "Check your email" in client.get(sent["Location"]).content.decode()
    follow = re.search(r"https?://[^/\s]+(/organisasi/[^/\s]+/\?lang=en)\s", mail.outbox[-1].body).group(1)
    status = client.get(follow)
    assert status["Content-Language"] == "en"
    html = status.content.decode()
    assert "The registration's data" in html
    erase = _link(html, follow.split("?")[0] + "hapus/")
    assert erase.endswith("?lang=en")
    assert "email will be erased for good" in client.get(erase).content.decode()
