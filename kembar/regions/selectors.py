from .models import Region, RegionProfile


def region_get(*, code: str) -> Region:
    return Region.objects.get(code=code)


def region_list(*, kind: str | None = None):
    qs = Region.objects.select_related("parent")
    return qs.filter(kind=kind) if kind else qs


def region_profile_get(*, region: Region) -> RegionProfile | None:
    return RegionProfile.objects.filter(region=region).first()
