"""The search page × anonymous, each role of a region, the national roles, a user of another region: every
logged-in user may search, and finds only the records of their own regions (every region for national roles)."""

import pytest

from kembar.testing import EVERYONE, Case, PermissionMatrix, matrix_world


def _theirs_only(response, who, world):
    html = response.content.decode()
    found = "Kerja Sama <mark>Uji</mark>" in html
    assert found == (who != "other_region"), who
    assert (f"/r/{world['region'].code}/cooperations/" in html) == found


CASES = (
    Case("search", EVERYONE, regional=False, data=lambda w: {"q": "Uji"}, check=_theirs_only),
    Case("search", EVERYONE, regional=False),  # no words yet
)
COVERED = {case.name for case in CASES}


@pytest.fixture
def world(bandung, bogor):
    return matrix_world(bandung, bogor)


class TestPermissions(PermissionMatrix):
    cases = CASES
