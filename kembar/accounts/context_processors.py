from .access import is_national, user_regions


def memberships(request):
    """Regions for the header's switcher (lazy: pages that do not render it pay nothing)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    class Lazy:
        def __init__(self):
            self._regions = None
            self._national = None

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

    return {"kembar_user": Lazy()}
