"""Who may see and change what: one place, used by every view, API handler and command."""

from dataclasses import dataclass

from django.http import Http404

from kembar.regions.models import Region

from .models import BUREAU_ROLES, EDITOR_ROLES, NATIONAL_ROLES, PROGRAMME_ROLES, Membership, Role


@dataclass(frozen=True)
class Access:
    region: Region
    roles: frozenset[str]

    @property
    def can_edit(self) -> bool:
        return bool(self.roles & EDITOR_ROLES)

    @property
    def is_admin(self) -> bool:
        return Role.BUREAU_ADMIN in self.roles

    @property
    def role_labels(self) -> list[str]:
        return [str(Role(r).label) for r in sorted(self.roles)]

    @property
    def is_national(self) -> bool:
        return bool(self.roles & NATIONAL_ROLES)

    @property
    def is_dprd(self) -> bool:
        return Role.DPRD in self.roles

    @property
    def read_only(self) -> bool:
        """Neither edits the region's records nor decides on its plans (the DPRD decides, so it is not)."""
        return not self.can_edit and not self.is_dprd


def _memberships(user) -> list[tuple[int | None, str]]:
    """(region id, role) pairs of the user: one query (memberships with their regions), kept on the user object,
    which Django's authentication middleware reads anew for each request."""
    if not user.is_authenticated:
        return []
    if getattr(user, "_kembar_memberships", None) is None:
        memberships = list(Membership.objects.filter(user=user).select_related("region").order_by("pk"))
        # Regions whose bureau records the user may open; programme roles (the SME catalogue) open none of them.
        user._kembar_member_regions = {
            m.region.code: m.region for m in memberships if m.region is not None and m.role in BUREAU_ROLES
        }
        user._kembar_all_regions = {m.region.code: m.region for m in memberships if m.region is not None}
        user._kembar_memberships = [(m.region_id, m.role) for m in memberships]
    return user._kembar_memberships


def roles_for(user, region: Region, *, among: frozenset[str] = BUREAU_ROLES) -> frozenset[str]:
    """The user's roles in the region, of those `among` (the bureau's, unless a programme asks for its own)."""
    memberships = _memberships(user)
    return frozenset(
        role for region_id, role in memberships if role in among and (region_id == region.pk or role in NATIONAL_ROLES)
    )


def region_access(user, code: str, *, among: frozenset[str] = BUREAU_ROLES) -> Access:
    """The user's access to the region with this code, or 404 — never a hint that it exists."""
    _memberships(user)
    # A member's own region came with the memberships; others (national roles) are read by code.
    region = getattr(user, "_kembar_all_regions", {}).get(code)
    if region is None:
        try:
            region = Region.objects.get(code=code)
        except Region.DoesNotExist:
            raise Http404 from None
    roles = roles_for(user, region, among=among)
    if not roles:
        raise Http404
    return Access(region=region, roles=roles)


def programme_only_region(user) -> Region | None:
    """The first region of a user whose only roles are the SME programme's (trade staff, SME owner, translator),
    else None; from the memberships already read for the request (no query of its own)."""
    memberships = _memberships(user)
    if not memberships or any(role not in PROGRAMME_ROLES or region_id is None for region_id, role in memberships):
        return None
    first = memberships[0][0]
    return next((r for r in user._kembar_all_regions.values() if r.pk == first), None)


def user_regions(user) -> list[Region]:
    """Regions the user belongs to directly (national roles reach others through the region list)."""
    if not user.is_authenticated:
        return []
    _memberships(user)
    return sorted(user._kembar_member_regions.values(), key=lambda r: (r.name, r.code))


def is_national(user) -> bool:
    return any(role in NATIONAL_ROLES for _region, role in _memberships(user))


def is_national_admin(user) -> bool:
    return user.is_authenticated and (
        user.is_superuser or any(role == Role.NATIONAL_ADMIN for _region, role in _memberships(user))
    )
