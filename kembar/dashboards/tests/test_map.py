"""The offline world map: TopoJSON decoding, projection, ISO codes and the rendered SVG."""

import gzip
import re

import pytest
from django.urls import reverse
from django.utils import translation

from kembar.dashboards import map as m


def test_topojson_decodes_every_country_with_an_iso_code():
    shapes = m.shapes()
    assert len(shapes) == 176  # world-atlas 110m: 177 countries, Antarctica left out
    unnamed = sorted(s.name for s in shapes if not s.code)
    assert unnamed == ["Kosovo", "N. Cyprus", "Somaliland"]  # no ISO 3166-1 code
    codes = [s.code for s in shapes if s.code]
    assert len(codes) == len(set(codes))


def test_japan_is_where_japan_is():
    japan = m.by_code()["JP"]
    west, south, east, north = japan.bbox
    assert 128 < west < 131 and 143 < east < 147  # Kyushu to Hokkaido
    assert 30 < south < 32 and 44 < north < 46
    assert japan.d.startswith("M") and japan.d.count("M") >= 3  # Honshu, Hokkaido, Kyushu, …


@pytest.mark.parametrize(
    ("code", "lon", "lat"),
    [("ID", 118, -2), ("CN", 104, 35), ("KR", 128, 36), ("DE", 10, 51), ("BR", -53, -10), ("AU", 134, -25)],
)
def test_country_centroids_fall_near_their_country(code, lon, lat):
    cx, cy = m.centroid(code)
    x, y = m.project(lon, lat)
    assert abs(cx - x) < 40 and abs(cy - y) < 40


def test_projection_bounds():
    assert m.project(-180, 0)[0] == pytest.approx(0)
    assert m.project(180, 0)[0] == pytest.approx(m.WIDTH)
    assert m.project(0, m.NORTH)[1] == pytest.approx(0)
    assert m.project(0, m.SOUTH)[1] == pytest.approx(m.HEIGHT, abs=0.1)


def test_rings_crossing_the_antimeridian_are_cut():
    ring = [(170.0, -16.0), (-170.0, -16.0), (-170.0, -18.0), (170.0, -18.0)]
    pieces = m.split_antimeridian(ring)
    assert len(pieces) == 2
    assert all(-180 <= lon <= 180 for piece in pieces for lon, _lat in piece)
    # No path of the atlas jumps across the map (what an uncut Fiji or Chukotka would draw).
    fiji = m.by_code()["FJ"]
    numbers = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", fiji.d)]
    assert max(abs(n) for n in numbers) < m.WIDTH


def test_svg_shades_partner_countries_and_marks_partners():
    points = [
        m.Point("CN", 24.33, 109.41, 2, 1, "Liuzhou"),  # recorded place
        m.Point("KR", None, None, 3, 2, "Seoul"),  # no coordinates: the country's centre
    ]
    with translation.override("en"):
        svg = m.world_map_svg(
            counts={"CN": 2, "KR": 3}, points=points, names={"CN": "China"}, title="Partners", uid="t"
        )
    assert svg.startswith("<svg") and 'role="img"' in svg and '<title id="t-t">Partners</title>' in svg
    assert re.search(r'<path id="t-CN" data-country="CN" data-count="2" d="M[^"]+" fill="#6baed6"', svg)
    assert re.search(r'<path id="t-KR" data-country="KR" data-count="3"', svg)
    assert re.search(r'<path id="t-ID" data-country="ID" data-count="0" d="[^"]+" fill="' + m.HOME_FILL, svg)
    assert 'id="t-JP" data-country="JP" data-count="0"' in svg
    assert svg.count('class="marker"') == 2
    x, y = m.project(109.41, 24.33)
    assert f'cx="{x:.1f}" cy="{y:.1f}"' in svg
    cx, cy = m.centroid("KR")
    assert f'cx="{cx:.1f}" cy="{cy:.1f}"' in svg
    assert "<title>China: 2 cooperations</title>" in svg
    assert "style=" not in svg  # strict CSP: presentation attributes only


def test_shades_and_legend_agree():
    assert m.shade(0) == m.LAND
    assert m.shade(1) == m.SHADES[0][1] and m.shade(3) == m.SHADES[1][1]
    assert m.shade(9) == m.SHADES[2][1] and m.shade(10) == m.SHADES[3][1]
    with translation.override("en"):
        labels = [label for label, _c in m.legend()]
    assert labels == ["1", "2–3", "4–9", "10 or more"]


def test_shapes_are_built_once_per_process():
    assert m.shapes() is m.shapes()


def test_pages_draw_the_shaded_countries_over_the_base_map():
    """With the base map's address, the page holds no shape: the countries without partners (and the home
    country) are the one image every page shares, and those with partners are its shapes again in their
    shade, each with its count and name."""
    with translation.override("en"):
        svg = m.world_map_svg(
            counts={"CN": 2, "KR": 3}, names={"CN": "China"}, title="Partners", uid="t", base_href="/b.svg"
        )
    assert '<image href="/b.svg" x="0" y="0"' in svg
    assert '<use id="t-CN" data-country="CN" data-count="2" href="/b.svg#c-CN" fill="#6baed6"' in svg
    assert sorted(re.findall(r'<use id="t-(\w+)"', svg)) == ["CN", "KR"]
    assert "<title>China: 2 cooperations</title>" in svg
    assert "<path" not in svg and len(svg) < 2000
    base = m.base_svg()
    assert base.count("<path") == len(m.shapes())  # every country, no one's counts
    assert 'id="c-CN"' in base and 'id="c-KR"' in base and f'id="c-ID" fill="{m.HOME_FILL}"' in base
    assert "data-count" not in base and "<title>" not in base and "style=" not in base


@pytest.mark.django_db
def test_the_base_map_is_public_kept_a_year_and_named_by_its_content(client, django_assert_num_queries):
    url = reverse("world_map_base", args=[m.base_digest()])
    with django_assert_num_queries(0):  # geography only: no one's data, not even the session's
        response = client.get(url, HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200 and response["Content-Type"] == "image/svg+xml"
    assert response["Content-Encoding"] == "gzip"
    assert gzip.decompress(response.content).decode() == m.base_svg()
    assert "immutable" in response["Cache-Control"] and "max-age=31536000" in response["Cache-Control"]
    assert client.get(reverse("world_map_base", args=["0" * 16])).status_code == 404  # an older drawing
    assert client.post(url).status_code == 405
