"""Who opens the catalogue's staff pages: the region's trade office staff. The programme's other roles (SME
owners, translators) get 403 there; anyone with no programme role in the region (the bureau's staff, another
region's users, national roles) gets 404, as programme roles do on the bureau's pages."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from kembar.accounts.access import region_access
from kembar.accounts.models import PROGRAMME_ROLES, Role

#: Who runs editions, distribution and the staff search.
CURATORS = frozenset({Role.TRADE_STAFF})


def programme_view(*, roles: frozenset = CURATORS):
    def decorator(view):
        @wraps(view)
        def wrapper(request, code, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            access = region_access(request.user, code, among=PROGRAMME_ROLES)
            if not access.roles & roles:
                raise PermissionDenied
            # Not request.access: the base template reads that as the bureau's access (its read-only badge).
            request.programme = access
            request.region = access.region
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
