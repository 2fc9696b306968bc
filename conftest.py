"""Fixtures every app's tests share: reference data, two regions with users of every role."""

import pytest

from kembar.accounts.models import Role
from kembar.testing import FormClient, make_member, reference_data


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        reference_data()
    yield


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache, as a newly set-up server would."""
    from django.core.cache import caches

    caches["default"].clear()


@pytest.fixture
def client():
    """Django's test client, posting each form with a one-time token as a browser does (kembar.testing)."""
    return FormClient()


@pytest.fixture
def ref_data(db):
    """Regions and countries (already there, unless a transactional test flushed them)."""
    reference_data()


@pytest.fixture
def bandung(ref_data):
    from kembar.regions.models import Region

    return Region.objects.get(code="32.73")


@pytest.fixture
def bogor(ref_data):
    from kembar.regions.models import Region

    return Region.objects.get(code="32.01")


@pytest.fixture
def staff(bandung):
    return make_member("staf", bandung, Role.BUREAU_STAFF)


@pytest.fixture
def bureau_admin(bandung):
    return make_member("admin", bandung, Role.BUREAU_ADMIN)


@pytest.fixture
def bogor_staff(bogor):
    return make_member("staf-bogor", bogor, Role.BUREAU_STAFF)


@pytest.fixture
def overseer(ref_data):
    return make_member("kemendagri", None, Role.NATIONAL_OVERSEER)
