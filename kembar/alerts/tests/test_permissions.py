"""Every URL of the alerts app × anonymous, each role of a region, national overseer, a user of another
region. The pages are the user's own (no region in the URL): each sees only their alerts; another
user's alert is 404. The feed needs no login: a valid secret 200, any other 404."""

import pytest
from django.urls import reverse

from kembar.accounts.models import Role
from kembar.alerts import services
from kembar.alerts.models import Alert
from kembar.testing import REGION_ROLES

from .conftest import AS_OF

COVERED = {"alert_list", "alert_read", "alert_read_all", "alert_preferences", "alert_feed", "alert_feed_ics"}
WHO = [*REGION_ROLES, "overseer", "other_region"]
# name → (method, expected status for a logged-in user acting on their own things)
OWN = {
    "alert_list": ("get", 200),
    "alert_read": ("post", 302),
    "alert_read_all": ("post", 302),
    "alert_preferences": ("post", 302),
    "alert_feed": ("get", 200),
}


@pytest.fixture
def people(world, bandung, bogor):
    from kembar.testing import matrix_users

    users = matrix_users(bandung, bogor)
    services.alerts_generate(region=bandung, as_of=AS_OF)
    services.alerts_generate(region=bogor, as_of=AS_OF)
    return users


def _url(name, pk=None):
    return reverse(name, kwargs={"pk": pk}) if name == "alert_read" else reverse(name)


@pytest.mark.parametrize("name", sorted(OWN))
def test_anonymous_is_sent_to_login(client, people, name):
    pk = Alert.objects.first().pk
    for method in ("get", "post"):
        response = getattr(client, method)(_url(name, pk))
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert not Alert.objects.filter(read_at__isnull=False).exists()


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize("name", sorted(OWN))
def test_matrix(client, people, name, who):
    user = people[who]
    client.force_login(user)
    own = Alert.objects.filter(user=user).first()
    bandung_alert = Alert.objects.filter(region__code="32.73").exclude(user=user).first()
    if name == "alert_read":
        # Only editors of a region are alerted: the others have nothing of their own to mark.
        if own:
            assert client.post(_url(name, own.pk)).status_code == 302
        assert client.post(_url(name, bandung_alert.pk)).status_code == 404
        bandung_alert.refresh_from_db()
        assert bandung_alert.read_at is None
        return
    method, expected = OWN[name]
    data = {"language": "id", "email": "on"} if name == "alert_preferences" else {}
    response = getattr(client, method)(_url(name), data)
    assert response.status_code == expected, (name, who)
    if name == "alert_list":
        html = response.content.decode()
        assert ("Bandung–Liuzhou" in html) == (who in (Role.BUREAU_ADMIN, Role.BUREAU_STAFF))
        assert ("Saint-Étienne" in html) == (who == "other_region")


@pytest.mark.parametrize("who", [*WHO, "anonymous"])
def test_feed_valid_token_200_invalid_404(client, people, who, staff):
    token = services.feed_token_create(user=staff)
    if who != "anonymous":
        client.force_login(people[who])  # being logged in as someone else changes nothing
    assert client.get(reverse("alert_feed_ics", kwargs={"token": token})).status_code == 200
    assert client.get(reverse("alert_feed_ics", kwargs={"token": token[::-1]})).status_code == 404
