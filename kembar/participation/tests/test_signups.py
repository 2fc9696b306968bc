"""Sign-ups for upcoming public activities: the form and its abuse rules (shared with proposals), places and the
waiting list, cancellation by the secret link, the person's data and its erasure, and what the portal shows."""

import json
import re
import threading

import pytest
from django.core import mail
from django.db import connection
from django.urls import reverse

from kembar.core import once
from kembar.participation import signups, views
from kembar.participation.models import Signup

from .conftest import services_signup, signup_data, upcoming_activity

pytestmark = pytest.mark.usefixtures("upcoming")


def _url(w):
    return reverse("signup_create", args=[w["region"].code, w["coop"].ref, w["activity"].pk])


def _public(client, w) -> str:
    client.cookies["django_language"] = "id"
    return client.get(reverse("public_cooperation", args=[w["region"].code, w["coop"].ref])).content.decode()


def _secret_of(message) -> str:
    return re.search(r"https?://[^/\s]+/pendaftaran/([^/\s]+)/", message.body).group(1)


@pytest.fixture
def visitor(client):
    client.cookies["django_language"] = "id"
    return client


def test_a_person_signs_up_from_the_public_page_and_follows_it_by_the_secret_link(visitor, world):
    page = _public(visitor, world)
    assert _url(world) in page and "1 orang mendaftar" in page
    mail.outbox.clear()
    response = visitor.post(_url(world), signup_data(organisation="Sanggar Angklung"))
    assert response.status_code == 302 and response["Location"] == reverse("signup_sent")
    assert "Tempat Anda telah dikonfirmasi" in visitor.get(response["Location"]).content.decode()
    made = Signup.objects.get(email="rudi@example.org")
    assert (made.status, made.organisation, made.consent_version) == ("confirmed", "Sanggar Angklung", "2026-12-pdp-1")
    (message,) = mail.outbox
    assert message.to == ["rudi@example.org"] and "Tempat Anda dikonfirmasi" in message.subject
    secret = _secret_of(message)
    assert made.secret_hash != secret and secret not in json.dumps(list(Signup.objects.values()), default=str)
    status = visitor.get(reverse("signup_status", args=[secret]))
    assert status["Cache-Control"] == "private, no-store" and "Rudi" not in status.content.decode()
    assert "Status: tempat dikonfirmasi" in status.content.decode()
    assert "2 orang mendaftar" in _public(visitor, world)


def test_beyond_capacity_a_waiting_list_that_moves_up_on_a_cancellation(visitor, world):
    activity, first_secret = world["activity"], world["signup_secret"]
    signups.capacity_set(activity=activity, capacity=1, by=world["owner"])
    assert "1 dari 1 tempat terisi" in _public(visitor, world) and "Masuk daftar tunggu" in _public(visitor, world)
    second, second_secret = services_signup(activity, email="dua@example.org")
    third, _third = services_signup(activity, email="tiga@example.org")
    assert (second.status, third.status) == ("waiting", "waiting")
    assert "daftar tunggu" in mail.outbox[-1].subject
    page = visitor.get(reverse("signup_status", args=[second_secret])).content.decode()
    assert "nomor 1 dalam daftar tunggu" in page
    # A GET of the cancellation cancels nothing (a mail scanner opens links); the button's POST does.
    cancel = reverse("signup_cancel", args=[first_secret])
    assert visitor.get(cancel).status_code == 405
    assert Signup.objects.get(pk=world["signup"].pk).status == "confirmed"
    mail.outbox.clear()
    assert visitor.post(cancel)["Location"] == reverse("signup_status", args=[first_secret])
    statuses = dict(Signup.objects.values_list("email", "status"))
    assert statuses == {"wati@example.org": "cancelled", "dua@example.org": "confirmed", "tiga@example.org": "waiting"}
    assert [m.to for m in mail.outbox] == [["wati@example.org"], ["dua@example.org"]]
    assert "tempat dikonfirmasi" in mail.outbox[-1].subject and "Ada tempat yang kosong" in mail.outbox[-1].body
    assert Signup.objects.get(email="dua@example.org").promoted_at
    # Cancelling again changes nothing and moves nobody else up.
    assert visitor.post(cancel).status_code == 302
    assert Signup.objects.get(email="tiga@example.org").status == "waiting"


def test_the_same_email_signing_up_again_keeps_one_place_and_gets_a_new_link(visitor, world):
    """A second sign-up with the same email (any case) takes no second place: the person's sign-up gets a new
    link by email (the old one stops working), and the page answers as for a sign-up. After a cancellation the
    person may sign up again."""
    activity = world["activity"]
    signups.capacity_set(activity=activity, capacity=2, by=world["owner"])
    first, old_secret = services_signup(activity, email="dua@example.org")
    mail.outbox.clear()
    response = visitor.post(_url(world), signup_data(email="DUA@example.org"))
    assert response.status_code == 302
    assert "Tempat Anda telah dikonfirmasi" in visitor.get(response["Location"]).content.decode()
    assert Signup.objects.filter(email="dua@example.org").count() == 1
    assert Signup.objects.filter(activity=activity, status="confirmed").count() == 2  # no place taken twice
    (message,) = mail.outbox
    assert message.to == ["dua@example.org"]
    assert visitor.get(reverse("signup_status", args=[old_secret])).status_code == 404
    new_secret = _secret_of(message)
    assert "Status: tempat dikonfirmasi" in visitor.get(reverse("signup_status", args=[new_secret])).content.decode()
    # Cancelled, the same person signs up anew (a new row, the old one kept as cancelled).
    visitor.post(reverse("signup_cancel", args=[new_secret]))
    again, _secret = services_signup(activity, email="dua@example.org")
    assert again.pk != first.pk and again.status == "confirmed"
    assert sorted(Signup.objects.filter(email="dua@example.org").values_list("status", flat=True)) == [
        "cancelled",
        "confirmed",
    ]


def test_more_places_move_the_people_waiting_up_fewer_take_no_place_away(client, world):
    activity = world["activity"]
    signups.capacity_set(activity=activity, capacity=1, by=world["owner"])
    waiting = [services_signup(activity, email=f"w{n}@example.org")[0] for n in range(3)]
    client.force_login(world["users"]["bureau_staff"])
    url = reverse("signup_capacity", args=["32.73", activity.pk])
    response = client.post(url, {"capacity": "3"}, follow=True)
    assert "2 orang naik dari daftar tunggu" in response.content.decode()
    assert [Signup.objects.get(pk=s.pk).status for s in waiting] == ["confirmed", "confirmed", "waiting"]
    assert client.post(url, {"capacity": "1"}).status_code == 302
    assert Signup.objects.filter(activity=activity, status="confirmed").count() == 3
    assert client.post(url, {"capacity": "0"}).status_code == 400
    assert client.post(url, {"capacity": ""}).status_code == 302  # no limit: everyone waiting gets a place
    assert not Signup.objects.filter(activity=activity, status="waiting").exists()


def test_the_bureau_sees_counts_and_the_list_of_its_activity(client, world):
    activity = world["activity"]
    signups.capacity_set(activity=activity, capacity=1, by=world["owner"])
    services_signup(activity, email="antri@example.org", name="Antri Dulu")
    gone, _secret = services_signup(activity, email="batal@example.org")
    signups.signup_cancel(signup=gone)
    client.force_login(world["users"]["bureau_staff"])
    listing = client.get(reverse("signup_activities", args=["32.73"])).content.decode()
    assert activity.title in listing
    for status, n in (("confirmed", 1), ("waiting", 1), ("cancelled", 1)):
        assert f'data-count="{status}">{n}<' in listing
    detail = client.get(reverse("signup_detail", args=["32.73", activity.pk])).content.decode()
    assert "Wati Peserta" in detail and "antri@example.org" in detail and "daftar tunggu" in detail


@pytest.mark.django_db(transaction=True)
def test_two_people_racing_for_the_last_place_one_gets_it(world):
    if connection.vendor != "postgresql":
        pytest.skip("row locks are PostgreSQL's; SQLite writes one transaction at a time")
    activity = world["activity"]
    signups.capacity_set(activity=activity, capacity=2, by=world["owner"])  # one place left
    barrier, errors = threading.Barrier(2), []

    def sign(n):
        from django.db import connection as own

        try:
            barrier.wait()
            services_signup(activity, email=f"race{n}@example.org")
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            own.close()

    threads = [threading.Thread(target=sign, args=(n,)) for n in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    raced = sorted(Signup.objects.filter(email__startswith="race").values_list("status", flat=True))
    assert raced == ["confirmed", "waiting"]


def test_three_quick_clicks_sign_up_once(visitor, world):
    token, before = once.issue(), Signup.objects.count()
    answers = [visitor.post(_url(world), signup_data(form_token=token)) for _click in range(3)]
    assert Signup.objects.count() == before + 1
    assert {(a.status_code, a["Location"]) for a in answers} == {(302, reverse("signup_sent"))}


def test_the_abuse_rules_of_proposals_hold_for_sign_ups(visitor, world, monkeypatch):
    before = Signup.all_objects.count()
    mail.outbox.clear()
    assert visitor.post(_url(world), signup_data(website="http://spam.example")).status_code == 302
    assert Signup.all_objects.count() == before and mail.outbox == []
    response = visitor.post(_url(world), signup_data(name="x" * 121))
    assert response.status_code == 200 and "paling banyak 120 karakter" in response.content.decode()
    assert visitor.post(_url(world), signup_data(consent="")).status_code == 200
    assert visitor.post(_url(world), signup_data(form_token=None)).status_code == 200
    assert Signup.all_objects.count() == before
    monkeypatch.setattr(views, "ADDRESS_LIMIT", (1, 3600))
    response = visitor.post(_url(world), signup_data())
    assert (
        response.status_code == 429
        and int(response["Retry-After"]) > 0
        and "Terlalu banyak" in response.content.decode()
    )
    assert Signup.all_objects.count() == before


def test_only_upcoming_public_activities_of_published_cooperations_take_sign_ups(client, world):
    from kembar.public import services as public

    past = upcoming_activity(world, title="Sudah lewat", days=-3)
    private = upcoming_activity(world, title="Belum publik")
    public.item_publish(item=private, by=world["owner"], public=False)
    code, ref = "32.73", world["coop"].ref
    for pk in (past.pk, private.pk, 999999):
        assert client.get(reverse("signup_create", args=[code, ref, pk])).status_code == 404
        assert client.post(reverse("signup_create", args=[code, ref, pk]), signup_data()).status_code == 404
    assert client.get(reverse("signup_create", args=["32.01", ref, world["activity"].pk])).status_code == 404
    public.cooperation_publish(cooperation=world["coop"], by=world["owner"], published=False)
    assert client.get(_url(world)).status_code == 404
    assert client.get(reverse("signup_status", args=["x" * 32])).status_code == 404


def test_the_person_downloads_and_erases_their_data_and_the_place_goes_on(client, world):
    activity, secret = world["activity"], world["signup_secret"]
    signups.capacity_set(activity=activity, capacity=1, by=world["owner"])
    waiting, _s = services_signup(activity, email="berikut@example.org")
    data = json.loads(client.get(reverse("signup_data", args=[secret])).content)
    assert (data["name"], data["email"], data["status"], data["consent_version"]) == (
        "Wati Peserta",
        "wati@example.org",
        "confirmed",
        "2026-12-pdp-1",
    )
    assert client.get(reverse("signup_erase", args=[secret])).status_code == 200
    assert client.post(reverse("signup_erase", args=[secret])).status_code == 302
    erased = Signup.objects.get(pk=world["signup"].pk)
    assert (erased.name, erased.email, erased.organisation, erased.status) == ("", "", "", "cancelled")
    assert erased.erased_at and Signup.objects.get(pk=waiting.pk).status == "confirmed"
    history = json.dumps(list(erased.history.values()), default=str)
    assert "Wati" not in history and "wati@example.org" not in history
    assert "wati@example.org" not in client.get(reverse("signup_data", args=[secret])).content.decode()


def test_no_name_of_a_person_signed_up_on_a_public_page(client, world):
    services_signup(world["activity"], name="Budi Rahasia", organisation="Yayasan Tersembunyi")
    pages = [
        reverse("public_cooperation", args=["32.73", world["coop"].ref]),
        reverse("public_region", args=["32.73"]),
        _url(world),
        reverse("signup_status", args=[world["signup_secret"]]),
    ]
    for url in pages:
        page = client.get(url).content.decode()
        for private in ("Wati Peserta", "Budi Rahasia", "Yayasan Tersembunyi", "wati@example.org", "rudi@example.org"):
            assert private not in page, (url, private)


def test_the_demo_signs_a_few_people_up_one_cancels_one_waits(client, world):
    from kembar.participation.demo import demo_signups

    other = upcoming_activity(world, title="Temu bisnis UMKM kerajinan", days=90)
    demo_signups(activity=other, by=world["owner"])
    statuses = sorted(Signup.objects.filter(activity=other).values_list("status", flat=True))
    assert statuses == ["cancelled", "confirmed", "confirmed", "confirmed", "confirmed", "waiting"]
    assert "4 dari 4 tempat terisi" in _public(client, world)
