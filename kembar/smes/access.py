"""Who may see and change what of a region's SME registry (docs/adr/0037).

- Trade office staff (Role.TRADE_STAFF) curate everything of their region: SMEs, verification, products,
  photos, texts in every language (and review them), translators' languages, exports and imports.
- An SME owner (Role.SME_OWNER) sees and changes only the SMEs they own and those SMEs' products; another
  SME's pages are 404 to them, never a hint that it exists. They write texts as drafts; they do not review.
- A translator (Role.TRANSLATOR) writes and reviews the texts in the languages they are assigned
  (TranslatorAssignment), exports and imports those; everything else of the registry they only read.
- The region's bureau (admin, staff, leadership, DPRD) reads the registry (the programme's foreign anchor is
  one of the bureau's cooperations) and changes nothing. National roles and other regions: 404.

Built on kembar.accounts.access.region_access with the programme's roles among those it asks about."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from kembar.accounts.access import region_access
from kembar.accounts.models import PROGRAMME_ROLES, Role

from . import selectors
from .models import LANGUAGES

#: The region's bureau roles that read the registry (national roles do not: they oversee the bureaus).
READER_ROLES = frozenset({Role.BUREAU_ADMIN, Role.BUREAU_STAFF, Role.LEADERSHIP, Role.DPRD})
#: Every role that opens the registry's pages.
AMONG = PROGRAMME_ROLES | READER_ROLES


@dataclass(frozen=True)
class ProgrammeAccess:
    region: object
    roles: frozenset[str]
    user: object = field(compare=False)
    #: The languages the user translates in the region (assigned translators only).
    languages: tuple[str, ...] = ()

    @property
    def is_trade(self) -> bool:
        return Role.TRADE_STAFF in self.roles

    @property
    def is_owner(self) -> bool:
        return Role.SME_OWNER in self.roles

    @property
    def is_translator(self) -> bool:
        return Role.TRANSLATOR in self.roles

    @property
    def is_reader(self) -> bool:
        return bool(self.roles & READER_ROLES)

    @property
    def sees_all(self) -> bool:
        """Reads every SME of the region (an owner alone reads only theirs)."""
        return self.is_trade or self.is_translator or self.is_reader

    @property
    def owner_filter(self):
        """The user when they may read only their own SMEs, else None (for selectors' `owner=`)."""
        return None if self.sees_all else self.user

    @property
    def can_curate(self) -> bool:
        return self.is_trade

    @property
    def read_only(self) -> bool:
        """Changes nothing of the registry (the bureau's readers): the page header says so."""
        return not (self.is_trade or self.is_owner or self.is_translator)

    @property
    def can_edit(self) -> bool:  # the bureau's own pages read this for their menus; never true here
        return False

    @property
    def is_dprd(self) -> bool:
        return False

    @property
    def role_labels(self) -> list[str]:
        return [str(Role(r).label) for r in sorted(self.roles)]

    def owns(self, sme) -> bool:
        return self.is_owner and sme.owners.filter(pk=self.user.pk).exists()

    def can_edit_sme(self, sme) -> bool:
        return self.is_trade or self.owns(sme)

    def text_languages(self, sme) -> list[str]:
        """The languages in which the user may write the texts of this SME's products."""
        if self.can_edit_sme(sme):
            return list(LANGUAGES)
        return list(self.languages)

    def can_review(self, language: str) -> bool:
        return self.is_trade or language in self.languages

    @property
    def queue_languages(self) -> list[str]:
        """The languages whose translation queue (with export and import) the user works on."""
        return list(LANGUAGES) if self.is_trade else list(self.languages)


def programme_access(user, code: str) -> ProgrammeAccess:
    """The user's access to the region's registry, or 404 (never a hint that the region exists)."""
    access = region_access(user, code, among=AMONG)
    languages = ()
    if Role.TRANSLATOR in access.roles:
        languages = tuple(selectors.translator_languages(user, access.region))
    return ProgrammeAccess(region=access.region, roles=access.roles, user=user, languages=languages)


def programme_view(*, curate: bool = False, write: bool = False):
    """Resolve the region in the URL for the registry: login first, 404 if the user has no role there, 403 when
    the page changes things the user may not (`curate`: trade staff only; `write`: not a read-only reader).
    The view finds `request.programme` (and `request.access`, for the page header)."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, code, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            access = programme_access(request.user, code)
            if (curate and not access.can_curate) or (write and access.read_only):
                raise PermissionDenied
            request.programme = access
            request.access = access
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
