"""Every URL of the alerts app × anonymous, each role of a region, the national roles, a user of another
region. The pages are the user's own (no region in the URL): each sees only their alerts; another user's
alert is 404. The feed needs no login: a valid secret 200, any other 404."""

import pytest
from django.urls import reverse

from kembar.accounts.models import Role
from kembar.alerts import services
from kembar.alerts.models import Alert
from kembar.testing import EDITORS, EVERYONE, Case, PermissionMatrix, matrix_users

from .conftest import AS_OF

NOBODY = frozenset()


def _read(world):
    """Which alerts are read (marking one, or all, changes it)."""
    return list(Alert.objects.filter(read_at__isnull=False).values_list("pk", flat=True))


def _theirs_only(response, who, world):
    html = response.content.decode()
    assert ("Bandung–Liuzhou" in html) == (who in EDITORS)  # only editors of a region are alerted
    assert ("Saint-Étienne" in html) == (who == "other_region")


def _alien(world):
    """An alert of a Bandung officer who is none of the matrix's users."""
    return {"pk": world["alien"].pk}


# Every page answers each method: a logged-in user gets it (or 405 for the wrong method), anyone else the
# login page, and marking another user's alert read is 404 for everyone.
CASES = (
    Case("alert_list", EVERYONE, regional=False, check=_theirs_only),
    Case("alert_list", EVERYONE, method="post", regional=False, state=_read),
    Case("alert_read", NOBODY, _alien, method="post", denied=404, regional=False, state=_read),
    Case("alert_read", EVERYONE, _alien, ok=405, regional=False, state=_read),
    Case("alert_read_all", EVERYONE, method="post", ok=302, regional=False, state=_read),
    Case("alert_read_all", EVERYONE, ok=405, regional=False, state=_read),
    # Ticked alerts: another user's is 404 for everyone and marks nothing read; GET is not allowed.
    Case(
        "alert_read_selected",
        NOBODY,
        method="post",
        data=lambda w: {"ids": [w["alien"].pk]},
        denied=404,
        regional=False,
        state=_read,
    ),
    Case("alert_read_selected", EVERYONE, ok=405, regional=False, state=_read),
    Case(
        "alert_preferences",
        EVERYONE,
        method="post",
        ok=302,
        data=lambda w: {"language": "id", "email": "on"},
        regional=False,
    ),
    Case("alert_preferences", EVERYONE, ok=405, regional=False),
    Case("alert_feed", EVERYONE, regional=False),
    Case("alert_feed", EVERYONE, method="post", regional=False),
)
COVERED = {case.name for case in CASES} | {"alert_feed_ics"}


@pytest.fixture
def world(world, bandung, bogor, staff):
    users = matrix_users(bandung, bogor, national_admin=True)
    services.alerts_generate(region=bandung, as_of=AS_OF)
    services.alerts_generate(region=bogor, as_of=AS_OF)
    return {**world, "region": bandung, "users": users, "alien": Alert.objects.filter(user=staff).first()}


class TestPermissions(PermissionMatrix):
    cases = CASES


@pytest.mark.parametrize("who", PermissionMatrix.who)
def test_each_marks_their_own_alert_read(client, world, who):
    user = world["users"][who]
    client.force_login(user)
    own = Alert.objects.filter(user=user).first()
    assert (own is not None) == (who in EDITORS or who == "other_region")  # only editors of a region are alerted
    if own:
        assert client.post(reverse("alert_read", kwargs={"pk": own.pk})).status_code == 302
        own.refresh_from_db()
        assert own.read_at is not None


@pytest.mark.parametrize("who", PermissionMatrix.who)
def test_each_marks_their_own_ticked_alerts_read_and_never_anothers(client, world, who):
    user = world["users"][who]
    client.force_login(user)
    own = list(Alert.objects.filter(user=user).order_by("pk").values_list("pk", flat=True))
    if not own:
        return
    ticked = own[:2]
    # Mixed with another user's alert: refused whole.
    url = reverse("alert_read_selected")
    assert client.post(url, {"ids": [*ticked, world["alien"].pk]}).status_code == 404
    assert not Alert.objects.filter(read_at__isnull=False).exists()
    assert client.post(url, {"ids": ticked}).status_code == 302
    read = set(Alert.objects.filter(read_at__isnull=False).values_list("pk", flat=True))
    assert read == set(ticked)
    times = list(Alert.objects.filter(pk__in=ticked).values_list("read_at", flat=True))
    assert client.post(url, {"ids": ticked}).status_code == 302  # again: nothing changes
    assert list(Alert.objects.filter(pk__in=ticked).values_list("read_at", flat=True)) == times


@pytest.mark.parametrize("who", [*PermissionMatrix.who, "anonymous"])
def test_feed_valid_token_200_invalid_404(client, world, who, staff):
    token = services.feed_token_create(user=staff)
    if who != "anonymous":
        client.force_login(world["users"][who])  # being logged in as someone else changes nothing
    assert client.get(reverse("alert_feed_ics", kwargs={"token": token})).status_code == 200
    assert client.get(reverse("alert_feed_ics", kwargs={"token": token[::-1]})).status_code == 404


def test_the_others_alert_exists(world, staff):
    assert world["alien"] is not None and world["alien"].region.code == "32.73" and world["alien"].user == staff
    assert Role.BUREAU_STAFF in {m.role for m in staff.memberships.all()}
