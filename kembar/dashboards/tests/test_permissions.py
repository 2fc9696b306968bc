"""Every URL of the dashboards × anonymous, each role of the region, national roles, another region."""

import pytest
from django.urls import reverse

from kembar.testing import NATIONAL, READERS, Case, PermissionMatrix, matrix_world

CASES = (
    # Every role of the region and the national roles read it; another region's user gets 404.
    Case("dashboard", READERS),
    # Only the national overseer and the national administrator: others get 404, not a hint.
    Case("national_dashboard", NATIONAL, denied=404, regional=False),
)
#: Public: the same drawing for everyone, holding no one's data (test_map.py's tests of the base map).
PUBLIC = {"world_map_base"}
COVERED = {case.name for case in CASES} | PUBLIC


@pytest.fixture
def world(bandung, bogor):
    return matrix_world(bandung, bogor)


class TestPermissions(PermissionMatrix):
    cases = CASES


@pytest.mark.parametrize("who", [None, *PermissionMatrix.who])
def test_dashboards_are_read_only(client, world, who):
    """A POST is refused before anything else (require_safe), the same for everyone: anonymous included."""
    if who:
        client.force_login(world["users"][who])
    for case in CASES:
        assert client.post(case.url(world)).status_code == 405, (str(case), who)


def test_overseer_drills_down_read_only(client, world):
    client.force_login(world["users"]["overseer"])
    client.cookies["django_language"] = "en"
    html = client.get(reverse("national_dashboard")).content.decode()
    assert reverse("dashboard", args=["32.73"]) in html
    region = client.get(reverse("dashboard", args=["32.73"])).content.decode()
    assert "read-only" in region
    assert reverse("cooperation_detail", args=["32.73", "bandung-liuzhou"]) in region
