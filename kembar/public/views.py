"""The public portal (no login: the directory, a region, a cooperation, a public document's file) and the bureau's
publishing controls (the dossier's publish button, an item's "public" toggle, the region's rule).

The portal's pages read only kembar.public.selectors, whose dataclasses hold only public fields; anything not
published answers 404, the same as something that does not exist."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
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

from . import selectors, services

DIRECTORY_PAGE = 25
#: The longest search text the directory reads (a partner's or a region's name is far shorter).
MAX_QUERY = 100


class BadFilter(ValueError):
    """A directory filter that is not one of its options: the page says which, with status 400."""


def _clean_text(value: str) -> str:
    """A query value as text a person types: no control characters (a NUL byte is no search)."""
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in value):
        raise BadFilter(_("The search contains characters that cannot be searched for."))
    return value.strip()


def read_filters(query, options: selectors.DirectoryOptions) -> selectors.DirectoryFilters:
    """The directory's filters from a query string, each checked against what the directory offers (BadFilter)."""
    from kembar.evaluation.lifecycle import ORDER

    values = {name: _clean_text(query.get(name, "")) for name in selectors.DirectoryFilters.__dataclass_fields__}
    if len(values["q"]) > MAX_QUERY:
        raise BadFilter(_("The search text is too long (at most %(n)s characters).") % {"n": MAX_QUERY})
    allowed = {
        "province": ({code for code, _name in options.provinces}, _("There is no such province in the directory.")),
        "region": ({r.code for r in options.regions}, _("There is no such region in the directory.")),
        "country": ({code for code, _name in options.countries}, _("There is no such country in the directory.")),
        "field": (set(options.fields), _("There is no such field of cooperation in the directory.")),
        "status": (set(ORDER), _("There is no such status.")),
        "form": (set(Cooperation.Form.values), _("There is no such form of cooperation.")),
    }
    for name, (known, message) in allowed.items():
        if values[name] and values[name] not in known:
            raise BadFilter(message)
    return selectors.DirectoryFilters(**values)


def _map(listing: selectors.Directory, rows):
    from kembar.dashboards.map import base_digest, world_map_svg

    names = dict(listing.options.countries)
    points, left_out = selectors.map_points(rows)
    svg = world_map_svg(
        counts=listing.country_counts,
        points=points,
        names=names,
        title=_("Partners of the published cooperations"),
        uid="map",
        base_href=reverse("world_map_base", args=[base_digest()]),
    )
    by_country = sorted(((c, names.get(c, c), n) for c, n in listing.country_counts.items()), key=lambda r: -r[2])
    return mark_safe(svg), left_out, by_country  # noqa: S308 — built from escaped text in map.py


def front(request):
    """`/`: a visitor who is not logged in sees the directory (its header links to the login); a logged-in
    user goes where their work starts (kembar.accounts.views.home)."""
    if request.user.is_authenticated:
        return staff_home(request)
    return directory(request)


@require_safe
def directory(request):
    """The national directory of published cooperations (also `/` for a visitor who is not logged in)."""
    from kembar.dashboards.map import legend

    options = selectors.directory_options()
    try:
        filters = read_filters(request.GET, options)
    except BadFilter as bad:
        context = {"options": options, "filters": selectors.DirectoryFilters(), "error": str(bad)}
        return render(request, "public/directory.html", context, status=400)
    listing = selectors.directory(filters=filters, options=options)
    page = Paginator(listing.rows, DIRECTORY_PAGE).get_page(request.GET.get("page"))
    selectors.with_latest(page.object_list)
    svg, left_out, by_country = _map(listing, listing.rows)
    context = {
        "options": options,
        "filters": filters,
        "listing": listing,
        "page": page,
        "map": svg,
        "left_out": left_out,
        "by_country": by_country,
        "legend": legend(),
    }
    return render(request, "public/directory.html", context)


@require_safe
def region(request, code):
    try:
        head, rows, recent = selectors.region_page(code=code)
    except selectors.Region.DoesNotExist:
        raise Http404 from None
    return render(request, "public/region.html", {"region": head, "rows": rows, "recent": recent})


@require_safe
def cooperation(request, code, ref):
    try:
        page = selectors.cooperation_page(code=code, ref=ref)
    except Cooperation.DoesNotExist:
        raise Http404 from None
    return render(request, "public/cooperation.html", {"p": page, "c": page.cooperation})


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
