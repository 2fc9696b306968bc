"""The sender of an interest downloads and erases their contact by the secret link, in their language: a wrong
link is 404 and changes nothing, erasing twice changes nothing more, and the bureau then reads "erased by the
sender" with no copy of the name or email on its pages, the national view or the history rows."""

import json

from django.urls import reverse

from kembar.seeking import services
from kembar.seeking.models import Interest

from .conftest import submit


def _contacts() -> list:
    return list(Interest.all_objects.order_by("pk").values_list("pk", "name", "email", "erased_at"))


def test_the_download_is_the_senders_own_in_their_language(client, world):
    interest, secret = submit(world["region"], world["places"]["Suwon"], email="kim@suwon.example")
    Interest.objects.filter(pk=interest.pk).update(language="ko")  # sent from the Korean form
    response = client.get(reverse("seeking_interest_data", args=[secret]))
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"
    data = json.loads(response.content)
    assert data["number"] == interest.number and data["email"] == "kim@suwon.example"
    assert data["language"] == "ko" and data["consent_text"] and data["personal_data_erased_at"] is None
    page = client.get(reverse("seeking_interest_status", args=[secret])).content.decode()
    assert 'lang="ko"' in page and reverse("seeking_interest_erase", args=[secret]) in page


def test_a_wrong_secret_is_404_and_changes_nothing(client, world):
    before = _contacts()
    for secret in ("x" * 32, "y" * 101, world["secret"][:-1]):
        assert client.get(reverse("seeking_interest_data", args=[secret])).status_code == 404
        assert client.post(reverse("seeking_interest_erase", args=[secret])).status_code == 404
    assert _contacts() == before


def test_an_expired_confirmation_link_is_400_and_confirms_nothing(client, world, monkeypatch):
    interest, secret = submit(world["region"], world["places"]["Suwon"], verified=False)
    url = reverse("seeking_interest_verify", args=[secret, services._verify.sign(str(interest.pk))])
    later = __import__("time").time() + services.personal.VERIFY_MAX_AGE + 60
    monkeypatch.setattr("django.core.signing.time.time", lambda: later)
    assert client.post(url).status_code == 400
    assert Interest.all_objects.get(pk=interest.pk).status == Interest.Status.UNVERIFIED


def test_erasing_twice_changes_nothing_more_and_touches_no_other_interest(client, world):
    other, _other_secret = submit(world["region"], world["places"]["Suwon"], email="other@suwon.example")
    url = reverse("seeking_interest_erase", args=[world["secret"]])
    assert client.get(url).status_code == 200 and _contacts()[0][3] is None  # a GET erases nothing
    client.post(url)
    first = _contacts()
    rows = world["interest"].history.count()
    assert client.post(url).status_code == 302
    assert _contacts() == first and world["interest"].history.count() == rows
    other.refresh_from_db()
    assert (other.name, other.email, other.erased_at) == ("Contact Person", "other@suwon.example", None)


def test_the_bureau_reads_erased_by_the_sender_and_no_copy_is_left(client, world):
    interest = world["interest"]
    name, email = interest.name, interest.email
    client.post(reverse("seeking_interest_erase", args=[world["secret"]]))
    client.force_login(world["users"]["bureau_staff"])
    bureau = client.get(reverse("seeking_bureau", args=["32.73"])).content.decode()
    detail = client.get(reverse("seeking_interest_detail", args=["32.73", interest.pk])).content.decode()
    assert 'class="erased"' in bureau and interest.institution in bureau
    for page in (bureau, detail):
        assert email not in page and f"<dd>{name}</dd>" not in page
    client.force_login(world["users"]["overseer"])
    national = client.get(reverse("seeking_national")).content.decode()
    assert email not in national
    columns = {f.name for f in Interest.history.model._meta.get_fields()}
    assert not {"name", "email"} & columns


def test_another_regions_bureau_sees_no_interest_of_bandung(client, world):
    client.force_login(world["users"]["other_region"])
    assert client.get(reverse("seeking_interest_detail", args=["32.73", world["interest"].pk])).status_code == 404
    page = client.get(reverse("seeking_bureau", args=["32.01"])).content.decode()
    assert world["interest"].institution not in page
