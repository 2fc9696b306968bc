from kembar.regions.models import Region

from .models import Country, Partner

#: The partner list's sort keys and their ordering (read by kembar.core.sorting.sorted_by; docs/adr/0022).
PARTNER_SORTS = {
    "name": ("name", "pk"),
    "-name": ("-name", "pk"),
    "country": ("country__name_en", "name", "pk"),
    "-country": ("-country__name_en", "name", "pk"),
    "kind": ("kind", "name", "pk"),
    "-kind": ("-kind", "name", "pk"),
}


def partner_list(*, region: Region, ordering=PARTNER_SORTS["name"]):
    return Partner.objects.filter(region=region).select_related("country").order_by(*ordering)


def partner_get(*, region: Region, pk: int) -> Partner:
    return Partner.objects.select_related("country").get(region=region, pk=pk)


def country_list():
    return Country.objects.all()
