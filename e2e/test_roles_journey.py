"""Each role's first visit to the demo, as a new user makes it: log in, land, walk every page of the menu and a
dossier, on a desktop (1366×900) and a phone (390×844). Every page must be a page of Kembar (no debug page, no
error status), carry the menu, show words for people (no file name, path or internal key), break no word
inside a button or heading, and pass an accessibility scan (axe-core) without a serious or critical finding.

With KEMBAR_SCREENSHOTS=<folder> the walk also saves the screenshots README.md links (docs/screenshots/).
"""

import os
import re
from pathlib import Path
from urllib.parse import urlparse

import pytest
from django.core.management import call_command

from kembar.testing import sideways_scroll

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "kembar-demo"
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
SHOTS = os.environ.get("KEMBAR_SCREENSHOTS")

# What must never reach a page: a debug page, a file name or path, a developer's word, an internal key.
DEBUG = ("Traceback", "Django tried these URL patterns", "Request Method:", "Exception Value:")
FILES = re.compile(r"(\.\./|\b[\w-]+\.(?:py|ya?ml|md|po)\b|\bseeds?\b)", re.IGNORECASE)
KEY = re.compile(r"(?<![\w@./:-])[a-z]+(?:_[a-z]+)+(?![\w@./-])")

# Words of a button, link in the menu or heading whose letters are laid out on more than one line: a word broken
# inside (e.g. "KSDP L", "Perp anja ng").
BROKEN_WORDS = """() => {
  const out = [];
  const seen = new Set();
  for (const el of document.querySelectorAll('button, h1, h2, h3, .button, a.primary, header nav a, th')) {
    const box = el.getBoundingClientRect();
    if (!box.width || !box.height) continue;  // hidden (a closed menu)
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent;
      const re = /\\S+/g;
      let m;
      while ((m = re.exec(text))) {
        const range = document.createRange();
        range.setStart(node, m.index);
        range.setEnd(node, m.index + m[0].length);
        const tops = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
        if (tops.size > 1 && !seen.has(m[0])) {
          seen.add(m[0]);
          out.push(m[0] + ' in <' + el.tagName.toLowerCase() + '>');
        }
      }
    }
  }
  return out;
}"""

VISIBLE_TEXT = """() => {
  const clone = document.body.cloneNode(true);
  clone.querySelectorAll('script, style, template, svg title').forEach(n => n.remove());
  return clone.innerText;
}"""


def _axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


def _log_in(page, base: str, username: str) -> str:
    page.goto(f"{base}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.locator("form.form button.primary").click()
    page.wait_for_load_state("load")
    assert "/login/" not in page.url, f"{username} could not log in"
    return urlparse(page.url).path


def _check(page, path: str, *, status: int, menu: str, axe) -> list[str]:
    """What is wrong with the page now shown (path at the current width)."""
    problems = []
    if status >= 400:
        problems.append(f"{path}: HTTP {status}")
    html = page.content()
    problems += [f"{path}: debug page ({word})" for word in DEBUG if word in html]
    text = page.evaluate(VISIBLE_TEXT)
    problems += [f"{path}: file or developer word {m!r}" for m in sorted(set(FILES.findall(text)))]
    problems += [f"{path}: internal key {m!r}" for m in sorted(set(KEY.findall(text)))]
    if page.locator(f"header nav a[href*='{menu}']").count() == 0:
        problems.append(f"{path}: no menu (no link to {menu} in the header)")
    problems += [f"{path}: word broken inside: {w}" for w in page.evaluate(BROKEN_WORDS)]
    if axe is not None:
        results = axe.run(page)
        for v in results.response["violations"]:
            if v["impact"] in ("serious", "critical"):
                where = v["nodes"][0]["target"] if v["nodes"] else ""
                problems.append(f"{path}: accessibility ({v['impact']}) {v['id']}: {v['help']} at {where}")
    return problems


def _walk(page, base: str, paths: list[str], *, menu: str) -> list[str]:
    axe = _axe()
    problems = []
    for width in (DESKTOP, PHONE):
        page.set_viewport_size(width)
        for path in paths:
            response = page.goto(base + path)
            page.wait_for_load_state("load")
            problems += _check(page, path, status=response.status, menu=menu, axe=axe if width is DESKTOP else None)
            if width is PHONE:
                header = page.locator("header.top").bounding_box()
                if header and header["height"] > 0.25 * PHONE["height"]:
                    problems.append(f"{path}: the header takes {header['height']:.0f}px of a phone's 844")
                overflow = sideways_scroll(page)
                if overflow > 0:
                    problems.append(f"{path}: scrolls sideways by {overflow}px on a phone")
    return problems


def _menu_paths(page, base: str) -> list[str]:
    """The pages the header's menu leads to (each once, in its order), without leaving Kembar."""
    hrefs = page.eval_on_selector_all("header nav a[href]", "els => els.map(a => a.getAttribute('href'))")
    out = []
    for href in hrefs:
        path = urlparse(href).path
        if path.startswith("/") and path not in out and not path.startswith(("/admin", "/logout", "/api")):
            out.append(path)
    return out


def _shoot(page, base: str, name: str, path: str, *, anchor: str | None = None) -> None:
    if not SHOTS:
        return
    folder = Path(SHOTS)
    folder.mkdir(parents=True, exist_ok=True)
    for label, size in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(size)
        page.goto(base + path)
        if anchor:
            page.locator(anchor).first.scroll_into_view_if_needed()
        page.screenshot(path=str(folder / f"{name}-{label}.png"))


@pytest.fixture
def demo(live_server):
    call_command("demo", stdout=open(os.devnull, "w"))  # noqa: SIM115 - the command's own stream
    return live_server.url


DOSSIER = "/r/32.73/cooperations/bandung-liuzhou/"


@pytest.mark.parametrize(
    ("username", "lands_on"),
    [
        ("bandung-staf", "/r/32.73/"),
        ("bandung-admin", "/r/32.73/"),
        ("bandung-pimpinan", "/r/32.73/dashboard/"),
        ("bandung-dprd", "/r/32.73/plans/"),
    ],
)
def test_each_regional_role_lands_on_its_work_and_every_page_reads_well(demo, page, username, lands_on):
    landed = _log_in(page, demo, username)
    assert landed.startswith(lands_on), f"{username} landed on {landed}, not {lands_on}"
    paths = [landed, *_menu_paths(page, demo), DOSSIER]
    assert "/r/32.73/dashboard/" in paths and "/alerts/" in paths
    problems = _walk(page, demo, list(dict.fromkeys(paths)), menu="/r/32.73/dashboard/")
    assert problems == [], "\n".join(problems)
    if username == "bandung-pimpinan":
        _shoot(page, demo, "dashboard", "/r/32.73/dashboard/")
        _shoot(page, demo, "dossier", DOSSIER)
        _shoot(page, demo, "dossier-evaluation", DOSSIER, anchor="#evaluasi, #evaluation, [id*=evalua]")


def test_the_national_user_lands_on_the_national_dashboard_and_every_page_reads_well(demo, page):
    landed = _log_in(page, demo, "kemendagri")
    assert landed.startswith("/national/dashboard/"), landed
    paths = [landed, *_menu_paths(page, demo), DOSSIER]
    problems = _walk(page, demo, list(dict.fromkeys(paths)), menu="/national/dashboard/")
    assert problems == [], "\n".join(problems)
    _shoot(page, demo, "national-dashboard", "/national/dashboard/")
