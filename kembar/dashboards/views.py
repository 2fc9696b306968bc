"""The leadership dashboard (one region, every role reads it) and the national dashboard (national roles)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from kembar.accounts.access import is_national
from kembar.core.views import region_view

from . import charts, selectors
from .map import legend, world_map_svg


def _map(counts, points, *, title: str, uid: str):
    names = {code: name for code, name, _n in counts.by_country}
    svg = world_map_svg(counts=counts.country_counts, points=points, names=names, title=title, uid=uid)
    return mark_safe(svg)  # noqa: S308 — built from escaped text in map.py


@require_safe
@region_view()
def region_dashboard(request):
    board = selectors.region_dashboard(region=request.region)
    region = request.region.name
    b = board.balance
    context = {
        "board": board,
        "map": _map(board.counts, board.points, title=_("Partners of %(region)s") % {"region": region}, uid="map"),
        "legend": legend(),
        "per_year_chart": mark_safe(  # noqa: S308
            charts.columns_svg(
                rows=board.per_year, title=_("Activities per year in %(region)s") % {"region": region}, uid="per-year"
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
    return render(request, "dashboards/region.html", context)


@require_safe
@login_required
def national_dashboard(request):
    if not is_national(request.user):
        raise Http404
    board = selectors.national_dashboard()
    context = {
        "board": board,
        "map": _map(board.counts, board.points, title=_("Partners of every region"), uid="map"),
        "legend": legend(),
        "province_chart": mark_safe(  # noqa: S308
            charts.bars_svg(
                rows=[(p.name, p.cooperations) for p in board.provinces],
                title=_("Cooperations by province"),
                uid="provinces",
            )
        ),
    }
    return render(request, "dashboards/national.html", context)
