"""Browser tests drive Debian's Chromium through Playwright (no `playwright install`).

Without Chromium these tests skip with what to install — unless KEMBAR_REQUIRE_BROWSER=1,
which CI sets, turning the missing browser into a failure.
"""

import os
import shutil
from pathlib import Path

import pytest

from kembar.accounts.models import Role
from kembar.testing import make_member, reference_data

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


LIUZHOU = Path(__file__).resolve().parents[1] / "kembar" / "demo" / "cases" / "bandung-liuzhou.yaml"


@pytest.fixture
def officer():
    """Bandung's Liuzhou dossier (the demo case file) and a bureau officer of Bandung: "rina", "rahasia-123"."""
    from kembar.cooperations.casefile import import_files
    from kembar.regions.models import Region

    reference_data()
    import_files([LIUZHOU])
    make_member("rina", Region.objects.get(code="32.73"), Role.BUREAU_STAFF, password="rahasia-123")
