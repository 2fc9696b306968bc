"""The browser journeys' data (the browser and page fixtures are the root conftest's, shared with the apps'
own journeys: one Playwright per test run)."""

from pathlib import Path

import pytest

from kembar.accounts.models import Role
from kembar.testing import make_member, reference_data

LIUZHOU = Path(__file__).resolve().parents[1] / "kembar" / "demo" / "cases" / "bandung-liuzhou.yaml"


@pytest.fixture
def officer():
    """Bandung's Liuzhou dossier (the demo case file) and a bureau officer of Bandung: "rina", "rahasia-123"."""
    from kembar.cooperations.casefile import import_files
    from kembar.regions.models import Region

    reference_data()
    import_files([LIUZHOU])
    make_member("rina", Region.objects.get(code="32.73"), Role.BUREAU_STAFF, password="rahasia-123")
