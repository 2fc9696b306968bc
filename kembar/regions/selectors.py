from .models import Region, RegionProfile


def region_get(*, code: str) -> Region:
    return Region.objects.get(code=code)


def region_list(*, kind: str | None = None):
    qs = Region.objects.select_related("parent")
    return qs.filter(kind=kind) if kind else qs


def region_profile_get(*, region: Region) -> RegionProfile | None:
    return RegionProfile.objects.filter(region=region).first()


def region_find(*, text: str, limit: int = 2) -> list[Region]:
    """Regions whose code is `text`, else whose name contains it (at most `limit`: the caller asks whether
    exactly one matched)."""
    text = text.strip()
    if not text:
        return []
    exact = list(Region.objects.filter(code=text)[:1])
    return exact or list(Region.objects.filter(name__icontains=text).order_by("code")[:limit])
