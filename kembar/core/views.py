"""View helpers shared by every app: region access, national access, paging."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from kembar.accounts.access import is_national, region_access
from kembar.accounts.context_processors import LAST_REGION_COOKIE


def region_view(*, edit: bool = False, admin: bool = False):
    """Resolve the region in the URL for the user: 404 if not theirs, 403 if they may only read."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, code, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            access = region_access(request.user, code)
            if (edit and not access.can_edit) or (admin and not access.is_admin):
                raise PermissionDenied
            request.access = access
            request.region = access.region
            response = view(request, *args, **kwargs)
            code = access.region.code
            if request.COOKIES.get(LAST_REGION_COOKIE) != code and hasattr(response, "set_cookie"):
                # The header's region menu on pages outside a region (accounts.context_processors.nav_region).
                response.set_cookie(LAST_REGION_COOKIE, code, max_age=365 * 24 * 3600, httponly=True, samesite="Lax")
            return response

        return wrapper

    return decorator


def national_only(view):
    """For national roles only: anyone else gets 404 (never a hint that the page exists)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_national(request.user):
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def render_page(request, template: str, context: dict, *, url: str, status: int = 200):
    """Render the page whose address is `url`. Shown in answer to a POST (a refused form, status 400, at the
    address the form was sent to, which answers no GET), its links back to itself — the header's language
    switch (base.html `page_url`) — lead to `url` instead of that address."""
    if request.method not in ("GET", "HEAD"):
        context = {**context, "page_url": url}
    return render(request, template, context, status=status)


def paginate(request, qs, per_page: int = 25):
    paginator = Paginator(qs, per_page)
    return paginator.get_page(request.GET.get("page"))
