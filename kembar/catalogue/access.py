"""Who opens the catalogue's staff pages: the region's trade office staff. The programme's other roles (SME
owners, translators) and the region's bureau, who read the SME registry, get 403 there; another region's users
and national roles get 404, never a hint that the page exists. Built on the registry's access
(kembar.smes.access.programme_access), so the header and menu read the same `request.programme`."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from kembar.smes.access import programme_access


def programme_view():
    """Trade office staff only (ProgrammeAccess.can_curate); the view finds request.region and request.programme."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, code, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            access = programme_access(request.user, code)
            if not access.can_curate:
                raise PermissionDenied
            request.programme = request.access = access
            request.region = access.region
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
