"""A mayor opens the dashboard and follows a dormant partnership to its dossier (issue 5)."""

import re
from io import BytesIO
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import expect

from kembar.accounts.models import Role
from kembar.dashboards import map as world
from kembar.testing import make_member, reference_data

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CASE = Path(__file__).resolve().parents[1] / "kembar" / "demo" / "cases" / "bandung-liuzhou.yaml"
DOSSIER = "/r/32.73/cooperations/bandung-liuzhou/"


@pytest.fixture
def mayor():
    from kembar.cooperations.casefile import import_files
    from kembar.regions.models import Region

    reference_data()
    import_files([CASE])  # nothing recorded since 2022: dormant today
    make_member("walikota", Region.objects.get(code="32.73"), Role.LEADERSHIP, password="rahasia-123")


def test_leadership_follows_a_dormant_partnership_to_its_dossier(live_server, page, mayor):
    base = live_server.url
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": base}])
    page.goto(f"{base}/login/")
    page.fill("#id_username", "walikota")
    page.fill("#id_password", "rahasia-123")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    # The countries without partners are one image every map shares: the browser fetches it (the page's
    # Content-Security-Policy allows it) and keeps it.
    with page.expect_response(re.compile(r"/map/world-\w+\.svg$")) as base_map:
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Dashboard").click()
        page.wait_for_url(re.compile(r"/r/32\.73/dashboard/$"))
    assert base_map.value.status == 200 and base_map.value.header_value("content-type") == "image/svg+xml"
    assert "immutable" in base_map.value.header_value("cache-control")
    assert page.get_by_role("heading", level=1).inner_text() == "Dashboard of Kota Bandung"
    assert page.locator("#stat-total .n").inner_text() == "1"
    assert page.locator("#stat-dormant .n").inner_text() == "1"
    # The world map: Liuzhou's country shaded, with its own title for screen readers.
    expect(page.get_by_role("img", name="Partners of Kota Bandung")).to_be_visible()
    assert page.locator('svg.world-map use[data-country="CN"]').get_attribute("data-count") == "1"
    # Drawn as the browser shows it: China in the shade of one cooperation, from the base map's shape; Brazil
    # (no partner) and Indonesia (home) from the base image.
    shot = Image.open(BytesIO(page.locator("svg.world-map").screenshot())).convert("RGB")
    scale = shot.width / world.WIDTH

    def colour_in(code: str, dx: float = 0) -> str:
        x, y = world.centroid(code)
        red, green, blue = shot.getpixel((round((x + dx) * scale), round(y * scale)))
        return f"#{red:02x}{green:02x}{blue:02x}"

    assert colour_in("CN", dx=-20) == world.shade(1)  # west of the marker at the country's centre
    assert colour_in("BR") == world.LAND
    assert colour_in("ID") == world.HOME_FILL

    dormant = page.locator("#dormant")
    link = dormant.get_by_role("link", name="Kerja Sama Kota Bersaudara Bandung–Liuzhou")
    assert "no activity for" in dormant.inner_text()
    with page.expect_navigation(url=re.compile(re.escape(DOSSIER) + r"$")):
        link.click()
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_be_visible()
    assert "Bandung–Liuzhou" in heading.inner_text()


OVERLAPS = """() => {
  const out = [];
  for (const svg of document.querySelectorAll('main svg')) {
    const boxes = [...svg.querySelectorAll('text')].map(t => [t.textContent, t.getBoundingClientRect()]);
    boxes.forEach(([a, r], i) => boxes.slice(i + 1).forEach(([b, s]) => {
      const apart = r.right - 1 <= s.left || s.right - 1 <= r.left || r.bottom - 1 <= s.top || s.bottom - 1 <= r.top;
      if (r.width && s.width && !apart) out.push(`${a} / ${b}`);
    }));
  }
  return out;
}"""


@pytest.mark.parametrize("language", ["id", "en"])
def test_no_words_of_the_dashboards_charts_overlap(live_server, page, mayor, language):
    base = live_server.url
    page.context.add_cookies([{"name": "django_language", "value": language, "url": base}])
    page.goto(f"{base}/login/")
    page.fill("#id_username", "walikota")
    page.fill("#id_password", "rahasia-123")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{base}/r/32.73/dashboard/")
        expect(page.locator("main svg").first).to_be_visible()
        assert page.evaluate(OVERLAPS) == [], width
