from kembar.regions.models import Region

from .models import Country, Partner


def partner_list(*, region: Region):
    return Partner.objects.filter(region=region).select_related("country")


def partner_get(*, region: Region, pk: int) -> Partner:
    return Partner.objects.select_related("country").get(region=region, pk=pk)


def country_list():
    return Country.objects.all()
