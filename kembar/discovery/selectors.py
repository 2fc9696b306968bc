"""Reads of kembar.discovery: places by name, a region's search profile and its saved searches."""

import unicodedata

from django.db.models import Q

from kembar.regions.models import Region

from .models import Place, PlaceName, RegionProfile, SavedSearch
from .names import normalise

MAX_QUERY_LENGTH = 100


def place_search(*, name: str, limit: int = 20, kind: str | None = None) -> list[Place]:
    """Places by any of their names in any script (`柳州`, `수원`, `Nagoya`): exact names first, then names
    that start so, each group larger places first. Three queries whatever the limit."""
    query = normalise(str(name)[:MAX_QUERY_LENGTH])
    limit = max(1, min(int(limit), 100))
    if not query or any(unicodedata.category(c) == "Cc" for c in query):
        return []  # no name has a control character (and PostgreSQL refuses a NUL in a query)
    places = Place.objects.all() if kind is None else Place.objects.filter(kind=kind)
    exact = list(
        places.filter(pk__in=PlaceName.objects.filter(normalised=query).values("place_id")).order_by(
            "-population", "pk"
        )[:limit]
    )
    if len(exact) >= limit:
        return exact
    more = list(
        places.filter(
            Q(pk__in=PlaceName.objects.filter(normalised__startswith=query).values("place_id")),
            ~Q(pk__in=[p.pk for p in exact]),
        ).order_by("-population", "pk")[: limit - len(exact)]
    )
    return exact + more


def place_get(*, key: str) -> Place:
    """A place by its stable key: a GeoNames id (a city) or an ISO 3166-2 code (a division)."""
    key = str(key).strip()[:20]
    if key.isascii() and key.isdigit():  # "¹" is a digit to Python, not to int()
        return Place.objects.get(geonames_id=int(key))
    return Place.objects.get(iso_code=key.upper())


def profile_get(*, region: Region) -> RegionProfile | None:
    return RegionProfile.objects.filter(region=region).select_related("region", "place").first()


def saved_search_list(*, region: Region):
    return SavedSearch.objects.filter(region=region).order_by("-created_at", "-pk")


def saved_search_get(*, region: Region, pk: int) -> SavedSearch:
    return SavedSearch.objects.get(region=region, pk=pk)
