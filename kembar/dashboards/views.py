"""The leadership dashboard (one region, every role reads it) and the national dashboard (national roles).

Both are computed from the stored cooperation facts (kembar/cooperations/facts.py): only what depends on today
is worked out here. The health table is paged and filtered from the figures. A page's body is the same for
everyone who may see it and is kept for all of them until the next write (kembar/core/pages.py).
"""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.gzip import gzip_page
from django.views.decorators.http import require_safe

from kembar.core import pages
from kembar.core.views import national_only, region_view

from . import charts, selectors
from .map import base_digest, base_svg, legend, world_map_svg
from .tables import region_table

HEALTH_PAGE = 50
#: How many cooperations the dormant and at-risk panels name before pointing to the filtered table.
PANEL_LIMIT = 10
#: Rows per page of the national dashboard's region table.
REGIONS_PAGE = 50


def _map(counts, points, *, title: str, uid: str):
    names = {code: name for code, name, _n in counts.by_country}
    base = reverse("world_map_base", args=[base_digest()])
    svg = world_map_svg(counts=counts.country_counts, points=points, names=names, title=title, uid=uid, base_href=base)
    return mark_safe(svg)  # noqa: S308 — built from escaped text in map.py


#: A year: the base map's address names its content, so a browser never needs to ask for it again.
FOREVER = 365 * 24 * 3600


@require_safe
@gzip_page
def world_map_base(request, digest: str):
    """The countries without partners, under every page's map (map.base_svg): public geography, no one's data,
    so no login; kept by the browser for a year under an address that changes with the drawing."""
    if digest != base_digest():
        raise Http404
    response = HttpResponse(base_svg(), content_type="image/svg+xml")
    patch_cache_control(response, public=True, max_age=FOREVER, immutable=True)
    return response


def _region_figures(region, today) -> dict:
    """The dashboard's figures and drawings."""
    board = selectors.region_dashboard(region=region, today=today)
    name = region.name
    b = board.balance
    return {
        "board": board,
        "map": _map(board.counts, board.points, title=_("Partners of %(region)s") % {"region": name}, uid="map"),
        "per_year_chart": mark_safe(  # noqa: S308
            charts.columns_svg(
                rows=board.per_year, title=_("Activities per year in %(region)s") % {"region": name}, uid="per-year"
            )
        ),
        "balance_chart": mark_safe(  # noqa: S308
            charts.balance_svg(
                region=b.region,
                partner=b.partner,
                both=b.both,
                unknown=b.unknown,
                title=_("Who mainly benefited from the activities"),
                uid="balance",
            )
        ),
    }


def _table_page(request, param: str, filtered: dict, rows: list, per_page: int):
    """A dashboard table: the filter named by `param` in the query (one of `filtered`'s keys, else all `rows`)
    and the requested page of its rows. Returns (the filter shown, "" for all; the page)."""
    shown = request.GET.get(param, "")
    if shown not in filtered:
        shown = ""
    return shown, Paginator(filtered.get(shown, rows), per_page).get_page(request.GET.get("page"))


@require_safe
@region_view()
def region_dashboard(request):
    region = request.region

    def build():
        figures = _region_figures(region, timezone.localdate())
        board = figures["board"]
        shown, page = _table_page(
            request, "health", {"dormant": board.dormant, "at_risk": board.at_risk}, board.health, HEALTH_PAGE
        )
        context = figures | {"legend": legend(), "health_filter": shown, "health_page": page}
        return render_to_string("dashboards/_region_body.html", context | {"panel_limit": PANEL_LIMIT}, request)

    # The same for every reader of the region (no personal part, no form that posts): kept for all of them.
    body = pages.kept(request, "region_dashboard", build, version=pages.version(region), scope=region.code)
    return render(request, "dashboards/region.html", {"body": body})


def _national_figures(today) -> dict:
    board = selectors.national_dashboard(today=today)
    return {
        "board": board,
        "map": _map(board.counts, board.points, title=_("Partners of every region"), uid="map"),
        "province_chart": mark_safe(  # noqa: S308
            charts.bars_svg(
                rows=[(p.name, p.cooperations) for p in board.provinces],
                title=_("Cooperations by province"),
                uid="provinces",
            )
        ),
    }


@require_safe
@login_required
@national_only
def national_dashboard(request):
    def build():
        figures = _national_figures(timezone.localdate())
        board = figures["board"]
        filtered = {"no_activity": board.without_activity, "no_report": board.without_report}
        shown = request.GET.get("regions", "")
        shown = shown if shown in filtered else ""
        # Searched, sorted and paged here, from the board's rows (tables.py); the board itself stays as it is.
        table = region_table(filtered.get(shown, board.regions), request.GET, every_region=not shown)
        page = Paginator(table.rows, REGIONS_PAGE).get_page(request.GET.get("page"))
        context = figures | {"legend": legend(), "regions_filter": shown, "regions_page": page, "table": table}
        return render_to_string("dashboards/_national_body.html", context | {"panel_limit": PANEL_LIMIT}, request)

    body = pages.kept(request, "national_dashboard", build, version=pages.national_version())
    return render(request, "dashboards/national.html", {"body": body})
