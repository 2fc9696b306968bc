"""The public portal (no login: the directory, a region, a cooperation, a public document's file) and the bureau's
publishing controls (the dossier's publish button, an item's "public" toggle, the region's rule).

The portal's pages read only kembar.public.selectors, whose dataclasses hold only public fields; anything not
published answers 404, the same as something that does not exist."""

from dataclasses import replace

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from kembar.accounts.views import home as staff_home
from kembar.cooperations.models import Cooperation, DocumentFile
from kembar.core import uploads
from kembar.core.views import region_view
from kembar.participation import selectors as participation

from . import opendata, selectors, services
from .http import portal, public

DIRECTORY_PAGE = 25


def _map(listing: selectors.Directory):
    from kembar.dashboards.map import base_digest, world_map_svg

    names = dict(listing.options.countries)
    svg = world_map_svg(
        counts=listing.country_counts,
        points=listing.points,
        names=names,
        title=_("Partners of the published cooperations"),
        uid="map",
        base_href=reverse("world_map_base", args=[base_digest()]),
    )
    by_country = sorted(((c, names.get(c, c), n) for c, n in listing.country_counts.items()), key=lambda r: -r[2])
    return mark_safe(svg), listing.points_left_out, by_country  # noqa: S308 — built from escaped text in map.py


#: The mark of the chosen <option> (safe: a constant).
SELECTED = mark_safe(" selected")  # noqa: S308


def _choices(options: selectors.DirectoryOptions, filters: selectors.DirectoryFilters) -> dict[str, str]:
    """The long filter lists' <option>s (hundreds of regions and countries), built here in one pass each rather
    than by the template's loop (or format_html per option), which cost the directory most of its time."""
    from html import escape  # what django.utils.html.escape does, without its lazy-text wrapper per call

    from django.template.defaultfilters import truncatechars

    def options_html(pairs, selected):
        return mark_safe(  # noqa: S308 — every value and label escaped here
            "".join(
                f'<option value="{escape(value)}"{SELECTED if value == selected else ""}>{escape(label)}</option>'
                for value, label in pairs
            )
        )

    return {
        "province": options_html(options.provinces, filters.province),
        "region": options_html(((r.code, r.name) for r in options.regions), filters.region),
        "country": options_html(options.countries, filters.country),
        "field": options_html(((f, truncatechars(f, 50)) for f in options.fields), filters.field),
    }


def front(request):
    """`/`: a visitor who is not logged in sees the directory (its header links to the login); a logged-in
    user goes where their work starts (kembar.accounts.views.home). The answer depends on the session, so it
    varies by cookie; `/daerah/`, the directory's own address, does not."""
    if request.user.is_authenticated:
        return staff_home(request)
    return directory(request)


def _feeds(request, *names_args) -> list[tuple[str, str]]:
    return [(reverse(name, args=args) + request.portal.suffix, kind) for name, args, kind in names_args]


@require_safe
@public
def directory(request):
    """The national directory of published cooperations (also `/` for a visitor who is not logged in)."""
    from kembar.dashboards.map import legend

    if request.path != reverse("public_directory"):  # `/`: the same page, its canonical address is /daerah/
        request.portal = portal(request, request.LANGUAGE_CODE, path=reverse("public_directory"))
    options = selectors.directory_options()
    try:
        filters = selectors.read_filters(request.GET, options)
    except selectors.BadFilter as bad:
        empty = selectors.DirectoryFilters()
        context = {"options": options, "filters": empty, "choices": _choices(options, empty), "error": str(bad)}
        return render(request, "public/directory.html", context, status=400)
    listing = selectors.directory(
        filters=filters, options=options, page=request.GET.get("page"), per_page=DIRECTORY_PAGE
    )
    svg, left_out, by_country = _map(listing)
    context = {
        "options": options,
        "filters": filters,
        "choices": _choices(options, filters),
        "listing": listing,
        "page": listing.page,
        "map": svg,
        "left_out": left_out,
        "by_country": by_country,
        "legend": legend(),
        "downloads": True,
    }
    return render(request, "public/directory.html", context)


@require_safe
@public
def region(request, code):
    try:
        head, listing, recent = selectors.region_page(code=code, page=request.GET.get("page"), per_page=DIRECTORY_PAGE)
    except selectors.Region.DoesNotExist:
        raise Http404 from None
    context = {
        "region": head,
        "rows": listing.rows,
        "page": listing.page,
        "recent": recent,
        "feeds": _feeds(request, ("public_region_feed", [code], "atom"), ("public_region_ics", [code], "ics")),
    }
    return render(request, "public/region.html", context)


@require_safe
@public
def cooperation(request, code, ref):
    try:
        page = selectors.cooperation_page(code=code, ref=ref)
    except Cooperation.DoesNotExist:
        raise Http404 from None
    # Upcoming activities take sign-ups: the page shows how many places are taken (counts only, never a name).
    places = participation.places(a.pk for a in page.upcoming)
    page.upcoming = [replace(a, places=places[a.pk]) for a in page.upcoming]
    feeds = _feeds(
        request,
        ("public_cooperation_feed", [code, ref], "atom"),
        ("public_cooperation_ics", [code, ref], "ics"),
    )
    return render(request, "public/cooperation.html", {"p": page, "c": page.cooperation, "feeds": feeds})


@require_safe
def document_file(request, code, ref, pk):
    """A public document's latest file, named after the document (never the name it was uploaded with)."""
    try:
        f = selectors.public_file(code=code, ref=ref, pk=pk)
    except DocumentFile.DoesNotExist:
        raise Http404 from None
    name = (slugify(f.document.title)[:80] or "dokumen") + uploads.extension(f.content_type)
    return FileResponse(f.file.open("rb"), as_attachment=True, filename=name, content_type=f.content_type)


# --- Publishing (the bureau) -----------------------------------------------------------------------------------


def _flag(request) -> bool:
    value = request.POST.get("public", "")
    if value not in ("0", "1"):
        raise Http404
    return value == "1"


@require_POST
@region_view(edit=True, admin=True)
def cooperation_publish(request, ref):
    try:
        coop = Cooperation.objects.get(region=request.region, ref=ref)
    except Cooperation.DoesNotExist:
        raise Http404 from None
    published = _flag(request)
    services.cooperation_publish(cooperation=coop, by=request.user, published=published)
    if published:
        messages.success(request, _("The cooperation is now on the public portal."))
    else:
        messages.success(request, _("The cooperation is no longer on the public portal."))
    return redirect(reverse("cooperation_detail", args=[request.region.code, coop.ref]) + "#publication")


@require_POST
@region_view(edit=True)
def item_publish(request, kind, pk):
    model = services.ITEMS.get(kind)
    if model is None:
        raise Http404
    item = get_object_or_404(model.objects.select_related("cooperation"), region=request.region, pk=pk)
    if item.cooperation.is_deleted:
        raise Http404
    public = _flag(request)
    services.item_publish(item=item, by=request.user, public=public)
    messages.success(request, _("Marked public.") if public else _("Marked private."))
    back = {
        "activity": reverse("activity_detail", args=[request.region.code, item.pk]),
        "document": reverse("document_detail", args=[request.region.code, item.pk]),
    }.get(kind, reverse("cooperation_detail", args=[request.region.code, item.cooperation.ref]) + "#h-find")
    return redirect(back)


@require_POST
@region_view(edit=True, admin=True)
def publication_rules(request):
    if not request.access.is_admin:  # pragma: no cover — region_view refuses first
        raise PermissionDenied
    services.publication_rules_update(
        region=request.region,
        by=request.user,
        activities=request.POST.get("activities") == "on",
        documents=request.POST.get("documents") == "on",
        evaluation=request.POST.get("evaluation") == "on",
    )
    messages.success(request, _("Publishing rule saved."))
    return redirect(reverse("region_settings", args=[request.region.code]) + "#publication")


# --- Open data, sitemap, robots ---------------------------------------------------------------------------------


def _download_rows(request):
    options = selectors.directory_options()
    filters = selectors.read_filters(request.GET, options)  # BadFilter: 400, as the directory
    return filters, selectors.directory_rows(filters=filters)


def _page_url(request):
    suffix = request.portal.suffix
    return lambda c: request.build_absolute_uri(reverse("public_cooperation", args=[c.region.code, c.ref]) + suffix)


def _licence_links(request) -> str:
    dictionary = request.build_absolute_uri(reverse("public_data"))
    return f'<{opendata.LICENCE_URL}>; rel="license", <{dictionary}>; rel="describedby"'


@require_safe
@public
def data_csv(request):
    """The directory (with its filters) as CSV; licence and data dictionary in the `Link` header."""
    try:
        _filters, rows = _download_rows(request)
    except selectors.BadFilter as bad:
        return HttpResponse(str(bad), status=400, content_type="text/plain; charset=utf-8")
    response = HttpResponse(opendata.as_csv(rows, _page_url(request)), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="kembar-kerja-sama-luar-negeri.csv"'
    response["Link"] = _licence_links(request)
    return response


@require_safe
@public
def data_json(request):
    """The directory (with its filters) as JSON, its metadata naming the licence and the columns."""
    try:
        filters, rows = _download_rows(request)
    except selectors.BadFilter as bad:
        return JsonResponse({"error": str(bad)}, status=400)
    body = opendata.as_json(
        rows,
        _page_url(request),
        language=request.LANGUAGE_CODE,
        source=request.build_absolute_uri(reverse("public_directory")),
        dictionary=request.build_absolute_uri(reverse("public_data")),
        filters={k: v for k, v in vars(filters).items() if v},
    )
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Link"] = _licence_links(request)
    return response


@require_safe
@public
def data_dictionary(request):
    """What the open data files hold: each column described in Indonesian and in English, and the licence."""
    from django.utils import translation

    columns = []
    for col in opendata.COLUMNS:
        with translation.override("id"):
            id_text = str(col.description)
        with translation.override("en"):
            en_text = str(col.description)
        columns.append((col.name, id_text, en_text))
    context = {"columns": columns, "licence": opendata.LICENCE, "licence_url": opendata.LICENCE_URL}
    return render(request, "public/data.html", context)


@require_safe
@public
def sitemap(request):
    from django.contrib.sitemaps.views import sitemap as django_sitemap

    from .sitemaps import SITEMAPS

    return django_sitemap(request, sitemaps=SITEMAPS)


#: The staff's addresses, which no crawler should follow (they answer a login page anyway).
STAFF_PREFIXES = (
    "/r/",
    "/admin/",
    "/account/",
    "/alerts/",
    "/countries/",
    "/feeds/",
    "/i18n/",
    "/login/",
    "/logout/",
    "/national/",
    "/rules/",
    "/search/",
    "/switch/",
)


@require_safe
@public
def robots(request):
    lines = ["User-agent: *", *(f"Disallow: {p}" for p in STAFF_PREFIXES), "Allow: /", ""]
    lines.append(f"Sitemap: {request.build_absolute_uri(reverse('public_sitemap'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
