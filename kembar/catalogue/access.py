"""Who opens the catalogue's staff pages: the region's trade office staff. The programme's other roles (SME
owners, translators) and the region's bureau, who read the SME registry, get 403 there; another region's users
and national roles get 404, never a hint that the page exists. Built on the registry's access
(kembar.smes.access.programme_access), so the header and menu read the same `request.programme`."""

from functools import wraps

from kembar.smes import access


def programme_view():
    """Trade office staff only (the registry's curating pages: ProgrammeAccess.can_curate); the view finds
    request.region and request.programme."""

    def decorator(view):
        @access.programme_view(curate=True)
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            request.region = request.programme.region
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
