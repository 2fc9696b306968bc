from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from kembar.regions.selectors import region_find

from .access import Access, is_national, programme_only_region, region_access, user_regions


def landing_url(access: Access) -> str:
    """Where a role's work is in a region: the bureau at its cooperations, the DPRD at the plans awaiting its
    decision, leadership and national readers at the region's dashboard."""
    code = access.region.code
    if access.can_edit:
        return reverse("cooperation_list", args=[code])
    if access.is_dprd:
        return reverse("plan_list", args=[code])
    return reverse("dashboard", args=[code])


def programme_home(user) -> str | None:
    """The SME programme's home (kembar.smes, named by its URL) for a user whose only roles are the programme's
    (trade staff, SME owner, translator), in their first region; None for anyone with another role."""
    region = programme_only_region(user)
    return reverse("smes_home", args=[region.code]) if region is not None else None


def home(request):
    """Where a logged-in user starts (kembar.public.views.front sends visitors to the portal instead)."""
    if is_national(request.user):
        return redirect("national_dashboard")
    programme = programme_home(request.user) if request.user.is_authenticated else None
    if programme:
        return redirect(programme)
    regions = user_regions(request.user)
    if len(regions) == 1:
        return redirect(landing_url(region_access(request.user, regions[0].code)))
    links = [(r, landing_url(region_access(request.user, r.code))) for r in regions]
    return render(request, "core/home.html", {"links": links})


@login_required
def region_switch(request):
    """The header's region menu: a member picks one of their regions (`code`); a national user types a
    region's name or code (`q`) and lands on it if one region matches, else on the national table of regions
    searched for the text. Another region's code is 404 for a member, as its pages are."""
    code = request.GET.get("code", "").strip()
    text = request.GET.get("q", "").strip()
    national = is_national(request.user)
    if code or (text and not national):
        access = region_access(request.user, code or text)  # 404 unless the user may see it
        return redirect(landing_url(access))
    if not national:
        messages.info(request, _("Choose a region from the list."))
        return redirect("home")
    found = region_find(text=text)
    if len(found) == 1:
        try:
            return redirect(landing_url(region_access(request.user, found[0].code)))
        except Http404:  # pragma: no cover — a national role sees every region
            pass
    query = urlencode({"q": text, "show": "all"}) if text else ""
    return redirect(reverse("national_dashboard") + (f"?{query}" if query else "") + "#regions")
