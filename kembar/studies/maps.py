"""The shortlist on the offline world map (kembar/dashboards/map.py): the region, its shortlisted candidates
and, when kembar.seeking has them, the interests addressed to the region.

The countries and their shapes are the dashboard's map; this module only adds its own markers, each with a
<title>, in the map's own units (map.project), so pages and the PDF draw the same picture.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kembar.dashboards import map as world

REGION_FILL, CANDIDATE_FILL, INTEREST_FILL = "#0d2b4a", "#c0392b", "#1e8449"


@dataclass(frozen=True)
class Marker:
    kind: str  # region | candidate | interest
    label: str
    latitude: float | None
    longitude: float | None
    country: str = ""
    number: int | None = None  # a candidate's place on the shortlist, written in the marker


#: Interests drawn at most (the newest first); the bureau reads them all on kembar.seeking's pages.
MAX_INTERESTS = 100


def interest_markers(*, region) -> list[Marker]:
    """The foreign parties that expressed interest in the region (kembar.seeking), at their place when it is
    known, else their country's centre. Empty while that app offers no `region_interests`."""
    try:
        from kembar.seeking import selectors as seeking
    except ImportError:  # pragma: no cover — the app is always installed
        return []
    interests = getattr(seeking, "region_interests", None)
    if interests is None:
        return []
    markers = []
    for row in interests(region=region).order_by("-pk")[:MAX_INTERESTS]:
        place = getattr(row, "place", None)
        where = ", ".join(str(p) for p in (getattr(row, "city", ""), getattr(row, "country_id", "")) if p)
        label = f"{row.institution} ({where})" if where else str(row.institution)
        lat = getattr(place, "latitude", None) if place is not None else None
        lon = getattr(place, "longitude", None) if place is not None else None
        markers.append(Marker("interest", label, lat, lon, getattr(row, "country_id", "") or ""))
    return markers


def _xy(m: Marker):
    if m.latitude is not None and m.longitude is not None:
        return world.project(float(m.longitude), float(m.latitude))
    return world.centroid(m.country) if m.country else None


def markers_svg(markers: list[Marker]) -> str:
    out = []
    for m in markers:
        xy = _xy(m)
        if xy is None:
            continue
        x, y = xy
        title = f"<title>{escape(m.label)}</title>"
        if m.kind == "region":
            out.append(
                f'<rect class="marker-region" x="{x - 5:.1f}" y="{y - 5:.1f}" width="10" height="10" '
                f'fill="{REGION_FILL}" stroke="#ffffff" stroke-width="1.2">{title}</rect>'
            )
        elif m.kind == "interest":
            out.append(
                f'<path class="marker-interest" d="M{x:.1f} {y - 6:.1f}l5.5 9.5h-11z" fill="{INTEREST_FILL}" '
                f'stroke="#ffffff" stroke-width="1">{title}</path>'
            )
        else:
            out.append(
                f'<g class="marker-candidate" data-country="{escape(m.country)}">'
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="6.5" fill="{CANDIDATE_FILL}" stroke="#ffffff" '
                f'stroke-width="1">{title}</circle>'
                + (
                    f'<text x="{x:.1f}" y="{y + 3:.1f}" font-size="8" font-weight="bold" fill="#ffffff" '
                    f'text-anchor="middle" aria-hidden="true">{m.number}</text>'
                    if m.number
                    else ""
                )
                + "</g>"
            )
    return "".join(out)


def map_svg(*, markers: list[Marker], title: str, uid: str, base_href: str | None) -> str:
    """The world map (no country shaded: the dashboard's shades count cooperations) with the markers on top."""
    svg = world.world_map_svg(counts={}, points=[], title=title, uid=uid, base_href=base_href)
    # The dashboard's description counts cooperations; this map's says what its markers are.
    n = sum(1 for m in markers if m.kind == "candidate")
    desc = ngettext("%(n)s shortlisted candidate.", "%(n)s shortlisted candidates.", n) % {"n": n}
    pattern = rf'(<desc id="{re.escape(uid)}-d">)[^<]*(</desc>)'
    svg = re.sub(pattern, lambda m: m.group(1) + escape(desc) + m.group(2), svg)
    return svg[: -len("</svg>")] + markers_svg(markers) + "</svg>"


def markers_for(*, profile, places: list, region_name: str, interests: list[Marker] = ()) -> list[Marker]:
    markers = []
    home = getattr(profile, "place", None) if profile is not None else None
    if home is not None:
        markers.append(Marker("region", region_name, home.latitude, home.longitude, home.country_code))
    for n, place in enumerate(places, 1):
        label = _("%(n)s. %(place)s (%(country)s)") % {"n": n, "place": place.name, "country": place.country_code}
        markers.append(Marker("candidate", label, place.latitude, place.longitude, place.country_code, n))
    return markers + list(interests)


def study_map_svg(*, profile, places: list, region_name: str, standalone: bool = False, base_href=None) -> str:
    """The region and the shortlist; `standalone` draws every country in the SVG (a PDF has no base image)."""
    if not places and profile is None:
        return ""
    markers = markers_for(profile=profile, places=places, region_name=region_name)
    title = _("%(region)s and its shortlisted candidates") % {"region": region_name}
    return map_svg(markers=markers, title=title, uid="study-map", base_href=None if standalone else base_href)
