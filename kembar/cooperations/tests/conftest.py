"""Fixtures for the cooperation tests (the repository-wide ones are in /conftest.py)."""

import pytest


@pytest.fixture
def regions_and_countries(db):
    """Regions and countries loaded from their packages, as a fresh installation has them."""
    from kembar.partners.models import Country
    from kembar.partners.services import countries_load
    from kembar.regions.models import Region
    from kembar.regions.services import regions_load

    if not Region.objects.filter(code__in=["32.73", "32.01"]).count() == 2:
        regions_load()
    if not Country.objects.exists():
        countries_load()
