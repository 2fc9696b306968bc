"""Organisations: registered once on the portal, email confirmed by a button, verified by the region's bureau;
then their proposals and sign-ups are linked to them and listed on their page behind the secret link."""

import json
import re

import pytest
from django.core import mail
from django.urls import reverse

from kembar.participation import organisations
from kembar.participation.models import Organisation, Proposal, Signup

from .conftest import services_signup, submit, upcoming_activity

REGISTER = {"name": "Sanggar Angklung Udjo", "kind": "community", "email": "Sanggar@Example.org", "consent": "on"}


def _links(message) -> tuple[str, str]:
    verify = re.search(r"https?://[^/\s]+(/organisasi/[^\s]+/konfirmasi/[^\s]+/)", message.body).group(1)
    follow = re.search(r"https?://[^/\s]+(/organisasi/[^/\s]+/)\s", message.body).group(1)
    return verify, follow


@pytest.fixture
def visitor(client):
    client.cookies["django_language"] = "id"
    return client


def test_an_organisation_registers_confirms_is_verified_and_sees_its_proposals_and_sign_ups(visitor, world):
    before, before_secret = submit(world["coop"], email="sanggar@example.org", title="Sebelum terdaftar")
    assert (
        visitor.get(reverse("public_region", args=["32.73"]))
        .content.decode()
        .count(reverse("organisation_create", args=["32.73"]))
    )
    mail.outbox.clear()
    response = visitor.post(reverse("organisation_create", args=["32.73"]), REGISTER)
    assert response.status_code == 302 and response["Location"] == reverse("organisation_sent")
    org = Organisation.objects.get(name="Sanggar Angklung Udjo")
    assert (org.status, org.email, org.consent_version) == ("unverified", "sanggar@example.org", "2026-12-pdp-1")
    verify, follow = _links(mail.outbox[-1])
    secret = follow.strip("/").split("/")[-1]
    assert secret not in json.dumps(list(Organisation.objects.values()), default=str)

    staff = world["users"]["bureau_staff"]
    visitor.force_login(staff)
    assert "Sanggar Angklung" not in visitor.get(reverse("organisation_list", args=["32.73"])).content.decode()
    visitor.logout()
    assert "Konfirmasi email saya" in visitor.get(verify).content.decode()
    assert Organisation.objects.get(pk=org.pk).status == "unverified"  # a GET confirms nothing
    assert visitor.post(verify)["Location"] == follow
    page = visitor.get(follow)
    assert page["Cache-Control"] == "private, no-store" and "Sebelum terdaftar" not in page.content.decode()

    visitor.force_login(staff)
    assert "Sanggar Angklung" in visitor.get(reverse("organisation_list", args=["32.73"])).content.decode()
    decide = reverse("organisation_decide", args=["32.73", org.pk])
    assert visitor.post(decide, {"decision": "verify"}).status_code == 302
    assert Organisation.objects.get(pk=org.pk).status == "verified"
    assert mail.outbox[-1].to == ["sanggar@example.org"] and "terverifikasi" in mail.outbox[-1].subject
    assert visitor.post(decide, {"decision": "reject"}).status_code == 302  # decided: it stays verified
    assert Organisation.objects.get(pk=org.pk).status == "verified"
    visitor.logout()

    # Sent before the registration, and after it: both on its page.
    assert Proposal.objects.get(pk=before.pk).org_id == org.pk
    activity = upcoming_activity(world)
    signup, _secret = services_signup(activity, email="sanggar@example.org")
    other, _other = services_signup(activity, email="orang.lain@example.org")
    assert (signup.org_id, other.org_id) == (org.pk, None)
    page = visitor.get(follow).content.decode()
    assert "Sebelum terdaftar" in page and activity.title in page and Signup.objects.count() == 2


def test_an_organisation_the_bureau_does_not_verify_sees_nothing_linked(visitor, world):
    org, secret = organisations.organisation_register(
        region=world["region"], name="Yayasan Tak Dikenal", kind="ngo", email="yayasan@example.org"
    )
    organisations.organisation_confirm(org=org, signed=organisations._confirm.sign(str(org.pk)))
    submit(world["coop"], email="yayasan@example.org", title="Usulan yayasan")
    organisations.organisation_decide(org=Organisation.objects.get(pk=org.pk), by=None, verified=False)
    page = visitor.get(reverse("organisation_status", args=[secret])).content.decode()
    assert "tidak diverifikasi" in page and "Usulan yayasan" not in page
    assert Proposal.objects.get(title="Usulan yayasan").org_id is None


def test_a_confirmation_link_of_another_organisation_or_expired_confirms_nothing(visitor, world):
    first, _s = organisations.organisation_register(region=world["region"], name="A", kind="ngo", email="a@example.org")
    second, secret = organisations.organisation_register(
        region=world["region"], name="B", kind="ngo", email="b@example.org"
    )
    url = reverse("organisation_verify", args=[secret, organisations._confirm.sign(str(first.pk))])
    assert visitor.post(url).status_code == 400
    assert Organisation.objects.get(pk=second.pk).status == "unverified"


def test_the_registration_follows_the_portal_forms_rules(visitor, world):
    url = reverse("organisation_create", args=["32.73"])
    before = Organisation.all_objects.count()
    assert visitor.post(url, {**REGISTER, "website": "http://spam.example"}).status_code == 302
    assert visitor.post(url, {**REGISTER, "kind": "citizen"}).status_code == 200  # a citizen is no organisation
    assert visitor.post(url, {**REGISTER, "name": "x" * 201}).status_code == 200
    assert Organisation.all_objects.count() == before
    assert visitor.get(reverse("organisation_create", args=["32.01"])).status_code == 404  # Bogor publishes nothing


def test_an_organisation_downloads_and_erases_its_email(client, world):
    org, secret = organisations.organisation_register(
        region=world["region"], name="Komunitas Data", kind="community", email="data@example.org"
    )
    data = json.loads(client.get(reverse("organisation_data", args=[secret])).content)
    assert (data["name"], data["email"], data["consent_version"]) == (
        "Komunitas Data",
        "data@example.org",
        "2026-12-pdp-1",
    )
    assert client.post(reverse("organisation_erase", args=[secret])).status_code == 302
    org.refresh_from_db()
    assert org.email == "" and org.erased_at and org.name == "Komunitas Data"
    assert "data@example.org" not in json.dumps(list(org.history.values()), default=str)
    assert "data@example.org" not in client.get(reverse("organisation_data", args=[secret])).content.decode()


def test_the_organisations_page_is_titled_by_its_name_and_shows_its_data_once(client, world):
    _org, secret = organisations.organisation_register(
        region=world["region"], name="Komunitas Data", kind="community", email="data@example.org"
    )
    html = client.get(reverse("organisation_status", args=[secret])).content.decode()
    assert "<title>Komunitas Data · " in html
    assert html.count('id="h-data"') == 1
