"""Fixtures every app's tests share: reference data, two regions with users of every role, and the browser.

Browser tests drive Debian's Chromium through Playwright (no `playwright install`), one browser for the whole
run, whichever folder the test is in (two Playwright instances in one process cannot run). Without Chromium
they skip with what to install — unless KEMBAR_REQUIRE_BROWSER=1, which CI sets, turning it into a failure."""

import os
import shutil

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


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the site's default language, as a new request does: a request in English (or a test
    that activates it) leaves it active in the test process, and the next test in that process must not read its
    words in it."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


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


CHROMIUM = os.environ.get("KEMBAR_CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _missing() -> str | None:
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        return f"Chromium not found at {CHROMIUM}: install it with `apt-get install chromium`"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright for Python is missing: run `make venv`"
    return None


@pytest.fixture(scope="session")
def browser():
    missing = _missing()
    if missing:
        if os.environ.get("KEMBAR_REQUIRE_BROWSER") == "1":
            pytest.fail(f"KEMBAR_REQUIRE_BROWSER=1 but {missing}")
        pytest.skip(missing)
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(
        locale="en-US",  # Indonesian must not depend on the browser
        viewport={"width": 1280, "height": 900},
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture(autouse=True)
def _live_server_settles(request):
    """A browser test ends only when the live server has finished every request the browser made.

    A page can still be loading (a thumbnail, say) when its test ends. The live server answers in other threads,
    sharing the test's in-memory SQLite connection; were the database emptied for the next test while such a
    request still ran, the emptying could fail and the next test start on the last one's rows."""
    if "live_server" not in request.fixturenames:
        yield
        return
    request.getfixturevalue("transactional_db")  # set up first, so emptied after this fixture's end
    yield
    from kembar.testing import settle_live_server

    settle_live_server(request.getfixturevalue("browser") if "browser" in request.fixturenames else None)
