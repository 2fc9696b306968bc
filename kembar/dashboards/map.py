"""The world map of partners as a server-rendered SVG, drawn offline from Natural Earth (npm world-atlas).

`data/countries-110m.json` is world-atlas 2.0.2's TopoJSON (see data/README.md). TopoJSON stores each
shared border once as an *arc* of quantized, delta-encoded points; a country is a list of rings, each a
list of arc indices (a negative index ``~i`` means arc ``i`` reversed). We decode the arcs with the
file's transform, project longitude/latitude with the Natural Earth I projection (the polynomial d3-geo
uses), and keep one SVG path per country, keyed by ISO 3166-1 alpha-2 (pycountry maps the numeric ids).
The decoded shapes are built once per process.

Like kembar/evaluation/svg.py the chart uses presentation attributes only (no inline CSS, so a strict
Content-Security-Policy holds and WeasyPrint renders it), carries <title> and <desc>, and gives every
country it draws and every marker its own <title>. Pages pair it with a table of the same numbers.

Pages do not carry the shapes: base_svg() draws them once, served as a file the browser keeps, and a page
draws that file with its shaded countries and markers over it (docs/adr/0014, amendment).
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass
from functools import lru_cache
from html import escape
from pathlib import Path

import pycountry
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

DATA = Path(__file__).resolve().parent / "data" / "countries-110m.json"
WIDTH = 960.0
#: Latitudes drawn: Antarctica is left out, so the map is cropped just beyond Tierra del Fuego.
NORTH, SOUTH = 84.0, -57.0
ANTARCTICA = "010"
HOME = "ID"  # the regions' own country, drawn in its own colour
#: Fills for partner counts (upper bound of each class, colour): a light-to-dark blue ramp.
SHADES = ((1, "#c6dbef"), (3, "#6baed6"), (9, "#2171b5"), (None, "#08306b"))
LAND, HOME_FILL, BORDER, MARKER, SEA = "#e3e8ee", "#f2d39b", "#ffffff", "#c0392b", "#f4f8fb"


def natural_earth(lon: float, lat: float) -> tuple[float, float]:
    """Natural Earth I (Šavrič et al. 2011), unit scale: x in ±2.7354, y up (as in d3-geo)."""
    lam, phi = math.radians(lon), math.radians(lat)
    phi2 = phi * phi
    phi4 = phi2 * phi2
    x = lam * (0.8707 - 0.131979 * phi2 + phi4 * (-0.013791 + phi4 * (0.003971 * phi2 - 0.001529 * phi4)))
    y = phi * (1.007226 + phi2 * (0.015085 + phi4 * (-0.044475 + 0.028874 * phi2 - 0.005916 * phi4)))
    return x, y


_X_MAX = natural_earth(180.0, 0.0)[0]
_SCALE = WIDTH / (2 * _X_MAX)
_TOP = natural_earth(0.0, NORTH)[1]
HEIGHT = round((_TOP - natural_earth(0.0, SOUTH)[1]) * _SCALE, 1)


def project(lon: float, lat: float) -> tuple[float, float]:
    """Longitude/latitude in degrees → SVG user units (origin top left)."""
    x, y = natural_earth(lon, max(min(lat, 90.0), -90.0))
    return (x + _X_MAX) * _SCALE, (_TOP - y) * _SCALE


@dataclass(frozen=True)
class Shape:
    code: str  # ISO 3166-1 alpha-2 ("" for areas without an ISO code: Kosovo, N. Cyprus, Somaliland)
    numeric: str
    name: str  # Natural Earth's English name
    d: str  # SVG path data in map units
    centroid: tuple[float, float]  # map units: the centre of the largest piece
    bbox: tuple[float, float, float, float]  # lon/lat: west, south, east, north


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """Every arc as absolute (lon, lat) points: undo the delta encoding, then the quantization."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring(arcs: list[list[tuple[float, float]]], indices: list[int]) -> list[tuple[float, float]]:
    """A closed ring from its arcs; each arc after the first repeats the last point, which is dropped."""
    points: list[tuple[float, float]] = []
    for i in indices:
        arc = arcs[i] if i >= 0 else arcs[~i][::-1]
        points.extend(arc[1:] if points else arc)
    return points


def _unwrap(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Longitudes made continuous (a ring crossing the antimeridian runs past ±180 instead of jumping)."""
    out = [points[0]]
    for lon, lat in points[1:]:
        prev = out[-1][0]
        lon += 360 * round((prev - lon) / 360)
        out.append((lon, lat))
    return out


def _clip(points: list[tuple[float, float]], edge: float, keep_below: bool) -> list[tuple[float, float]]:
    """Sutherland–Hodgman against the meridian `edge`: keep the side below (or above) it."""

    def inside(p):
        return p[0] <= edge if keep_below else p[0] >= edge

    out = []
    for a, b in zip(points, points[1:] + points[:1], strict=True):
        if inside(b):
            if not inside(a):
                out.append(_cross(a, b, edge))
            out.append(b)
        elif inside(a):
            out.append(_cross(a, b, edge))
    return out


def _cross(a, b, edge):
    t = (edge - a[0]) / (b[0] - a[0])
    return edge, a[1] + t * (b[1] - a[1])


def split_antimeridian(points: list[tuple[float, float]]) -> list[list[tuple[float, float]]]:
    """A ring as pieces within ±180°: Fiji, Russia's far east and the like are cut at the antimeridian."""
    if not points:
        return []
    unwrapped = _unwrap(points)
    lons = [p[0] for p in unwrapped]
    if min(lons) >= -180 and max(lons) <= 180:
        return [points]
    if abs(unwrapped[-1][0] - unwrapped[0][0]) > 1e-9:
        return [points]  # a ring around a pole: not in this atlas once Antarctica is left out
    shift = 360 if min(lons) < -180 else -360
    moved = [(lon + shift, lat) for lon, lat in unwrapped]
    pieces = [_clip(_clip(ring_, 180, True), -180, False) for ring_ in (unwrapped, moved)]
    return [p for p in pieces if len(p) >= 3]


def _area(xy: list[tuple[float, float]]) -> float:
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(xy, xy[1:] + xy[:1], strict=True)) / 2


def _centroid(xy: list[tuple[float, float]]) -> tuple[float, float]:
    a = _area(xy)
    if not a:
        return sum(p[0] for p in xy) / len(xy), sum(p[1] for p in xy) / len(xy)
    cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(xy, xy[1:] + xy[:1], strict=True):
        f = x0 * y1 - x1 * y0
        cx += (x0 + x1) * f
        cy += (y0 + y1) * f
    return cx / (6 * a), cy / (6 * a)


def _num(tenths: int) -> str:
    return str(tenths // 10) if tenths % 10 == 0 else f"{tenths / 10:.1f}"


def _path(xy: list[tuple[float, float]]) -> str:
    """A closed ring at a tenth of a unit: absolute start, then relative steps (about half the bytes)."""
    pts: list[tuple[int, int]] = []
    for x, y in xy:
        p = (round(x * 10), round(y * 10))
        if not pts or p != pts[-1]:
            pts.append(p)
    if len(pts) < 3:
        return ""
    steps = " ".join(f"{_num(x1 - x0)} {_num(y1 - y0)}" for (x0, y0), (x1, y1) in zip(pts, pts[1:], strict=False))
    return f"M{_num(pts[0][0])} {_num(pts[0][1])}l{steps}z"


def alpha2(numeric: str | None) -> str:
    if not numeric:
        return ""
    country = pycountry.countries.get(numeric=numeric)
    return country.alpha_2 if country else ""


@lru_cache(maxsize=1)
def shapes() -> tuple[Shape, ...]:
    """Every country of the atlas as an SVG path (decoded once per process)."""
    topology = json.loads(DATA.read_text(encoding="utf-8"))
    arcs = decode_arcs(topology)
    out = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        numeric = geometry.get("id")
        if numeric == ANTARCTICA or geometry["type"] not in ("Polygon", "MultiPolygon"):
            continue
        polygons = [geometry["arcs"]] if geometry["type"] == "Polygon" else geometry["arcs"]
        parts, lonlat, biggest = [], [], (0.0, None)
        for polygon in polygons:
            for n, indices in enumerate(polygon):
                points = ring(arcs, indices)
                lonlat.extend(points)
                for piece in split_antimeridian(points):
                    xy = [project(lon, lat) for lon, lat in piece]
                    parts.append(_path(xy))
                    if n == 0 and abs(_area(xy)) > biggest[0]:
                        biggest = (abs(_area(xy)), xy)
        lons, lats = [p[0] for p in lonlat], [p[1] for p in lonlat]
        out.append(
            Shape(
                code=alpha2(numeric),
                numeric=numeric or "",
                name=geometry.get("properties", {}).get("name", ""),
                d="".join(parts),
                centroid=_centroid(biggest[1]),
                bbox=(min(lons), min(lats), max(lons), max(lats)),
            )
        )
    return tuple(out)


@lru_cache(maxsize=1)
def by_code() -> dict[str, Shape]:
    return {s.code: s for s in shapes() if s.code}


def centroid(code: str) -> tuple[float, float] | None:
    shape = by_code().get(code)
    return shape.centroid if shape else None


def shade(n: int) -> str:
    if n <= 0:
        return LAND
    for upper, colour in SHADES:
        if upper is None or n <= upper:
            return colour
    return SHADES[-1][1]  # pragma: no cover


def legend() -> list[tuple[str, str]]:
    """(label, colour) of each class, for the legend beside the map."""
    out, lower = [], 1
    for upper, colour in SHADES:
        if upper is None:
            label = _("%(n)s or more") % {"n": lower}
        elif upper == lower:
            label = str(lower)
        else:
            label = f"{lower}–{upper}"
        out.append((label, colour))
        lower = (upper or 0) + 1
    return out


@dataclass(frozen=True)
class Point:
    """A marker: where partners are (their recorded coordinates, else their country's centre)."""

    country: str
    latitude: float | None
    longitude: float | None
    cooperations: int
    partners: int
    name: str  # a partner's name (the only one when `partners` is 1)

    def xy(self) -> tuple[float, float] | None:
        if self.latitude is not None and self.longitude is not None:
            return project(float(self.longitude), float(self.latitude))
        return centroid(self.country)

    @property
    def label(self) -> str:
        coops = ngettext("%(n)s cooperation", "%(n)s cooperations", self.cooperations) % {"n": self.cooperations}
        if self.partners == 1:
            return f"{self.name} ({self.country}): {coops}"
        who = ngettext("%(n)s partner", "%(n)s partners", self.partners) % {"n": self.partners}
        return f"{who} ({self.country}): {coops}"


def _open(title: str | None, uid: str, desc: str | None) -> list[str]:
    labelled = f' role="img" aria-labelledby="{uid}-t {uid}-d"' if title is not None else ""
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="world-map"{labelled} viewBox="0 0 {WIDTH:.0f} {HEIGHT}" '
        f'width="100%" preserveAspectRatio="xMidYMid meet">'
    ]
    if title is not None:
        out += [f'<title id="{uid}-t">{escape(title)}</title>', f'<desc id="{uid}-d">{escape(desc or "")}</desc>']
    return out


@lru_cache(maxsize=1)
def base_svg() -> str:
    """The world without partners: every country in the land colour (the home country in its own), as the
    pages' maps draw it under their shaded countries and markers. The same for every page and every user,
    so it is served once as a file the browser keeps (views.world_map_base) instead of inside every page
    (90 KB; drawn in the page it was 116 KB of the largest region's 169 KB dashboard)."""
    out = _open(None, "", None)
    out.append(f'<rect width="{WIDTH:.0f}" height="{HEIGHT}" fill="{SEA}"/>')
    # Each country named (c-<alpha-2>) and without a fill of its own, so a page can draw it again in its
    # shade with <use href="…#c-CN" fill="…"> (the copy takes the fill of the <use>).
    out.append(f'<g fill="{LAND}" stroke="{BORDER}" stroke-width="0.5">')
    for s in shapes():
        ident = f' id="c-{s.code}"' if s.code else ""
        fill = f' fill="{HOME_FILL}"' if s.code == HOME else ""
        out.append(f'<path{ident}{fill} d="{s.d}"/>')
    out.append("</g></svg>")
    return "".join(out)


@lru_cache(maxsize=1)
def base_digest() -> str:
    """A digest of base_svg(): its address changes when the drawing does, so browsers may keep it forever."""
    return hashlib.sha256(base_svg().encode()).hexdigest()[:16]


def world_map_svg(
    *,
    counts: dict[str, int],
    points: list[Point] = (),
    names: dict[str, str] | None = None,
    title: str,
    uid: str = "map",
    base_href: str | None = None,
) -> str:
    """The map: countries shaded by `counts` (alpha-2 → cooperations), markers for `points`. With `base_href`
    (the address of base_svg()), the countries without partners are that image, and the shaded ones its
    shapes again in their shade (<use>): the page holds no shape at all. Without it (a document that must
    stand alone) every country is drawn in the page, each with its name."""
    names = names or {}
    total = sum(counts.values())
    desc = ngettext(
        "%(n)s cooperation with partners in %(countries)s country.",
        "%(n)s cooperations with partners in %(countries)s countries.",
        total,
    ) % {"n": total, "countries": len([c for c, n in counts.items() if n])}
    out = _open(title, uid, desc)
    if base_href:
        out.append(f'<image href="{escape(base_href)}" x="0" y="0" width="{WIDTH:.0f}" height="{HEIGHT}"/>')
    else:
        out.append(f'<rect width="{WIDTH:.0f}" height="{HEIGHT}" fill="{SEA}"/>')
    for s in shapes():
        n = counts.get(s.code, 0) if s.code else 0
        if base_href and (s.code == HOME or not n):
            continue  # drawn in the base image
        fill = HOME_FILL if s.code == HOME else shade(n)
        name = names.get(s.code) or s.name
        label = (
            name
            if s.code == HOME or not n
            else f"{name}: " + ngettext("%(n)s cooperation", "%(n)s cooperations", n) % {"n": n}
        )
        ident = f' id="{uid}-{s.code}" data-country="{s.code}" data-count="{n}"' if s.code else ""
        if base_href:  # the country's shape from the base image, in its shade
            out.append(
                f'<use{ident} href="{escape(base_href)}#c-{s.code}" fill="{fill}" stroke="{BORDER}" '
                f'stroke-width="0.5"><title>{escape(label)}</title></use>'
            )
        else:
            out.append(
                f'<path{ident} d="{s.d}" fill="{fill}" stroke="{BORDER}" stroke-width="0.5">'
                f"<title>{escape(label)}</title></path>"
            )
    for p in sorted(points, key=lambda p: -p.cooperations):
        xy = p.xy()
        if xy is None:
            continue
        r = 2.5 + 1.5 * math.sqrt(max(p.cooperations, 1) - 1)
        out.append(
            f'<circle class="marker" data-country="{p.country}" cx="{xy[0]:.1f}" cy="{xy[1]:.1f}" r="{min(r, 12):.1f}" '
            f'fill="{MARKER}" fill-opacity="0.85" stroke="#ffffff" stroke-width="0.8">'
            f"<title>{escape(p.label)}</title></circle>"
        )
    out.append("</svg>")
    return "".join(out)
