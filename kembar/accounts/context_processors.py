from dataclasses import dataclass

from .access import Access, is_national, roles_for, user_regions
from .models import EDITOR_ROLES

#: The cookie naming the region the user last worked in (set by core.views.region_view): the header's region
#: menu on pages outside a region (alerts, rules, countries). Checked against the user on every request.
LAST_REGION_COOKIE = "kembar_region"


@dataclass(frozen=True)
class NavRegion:
    """The region the header's menu links to: its code, its name when known, and whether the user edits it."""

    code: str
    name: str = ""
    can_edit: bool = False


def nav_region(request) -> NavRegion | None:
    """The region of the page, else the one the user last worked in if they may still see it, else their only
    region. No query: a member's regions come with their memberships, a national role may see any region."""
    region = getattr(request, "region", None)
    access = getattr(request, "access", None)
    if region is not None:
        if isinstance(access, Access):
            return NavRegion(region.code, region.name, access.can_edit)
        # A page of the region's SME programme: the bureau's menu for the bureau's members only.
        roles = roles_for(request.user, region)
        return NavRegion(region.code, region.name, bool(roles & EDITOR_ROLES)) if roles else None
    user = request.user
    regions = user_regions(user)
    code = request.COOKIES.get(LAST_REGION_COOKIE, "")
    mine = {r.code: r for r in regions}
    if code in mine or (not code and len(regions) == 1):
        r = mine.get(code) or regions[0]
        return NavRegion(r.code, r.name, bool(roles_for(user, r) & EDITOR_ROLES))
    if code and is_national(user) and len(code) <= 8:
        return NavRegion(code)
    return None


def memberships(request):
    """Regions for the header's switcher (lazy: pages that do not render it pay nothing)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    class Lazy:
        def __init__(self):
            self._regions = None
            self._national = None
            self._nav = False

        @property
        def regions(self):
            if self._regions is None:
                self._regions = user_regions(user)
            return self._regions

        @property
        def national(self):
            if self._national is None:
                self._national = is_national(user)
            return self._national

        @property
        def nav_region(self):
            if self._nav is False:
                self._nav = nav_region(request)
            return self._nav

    return {"kembar_user": Lazy()}
