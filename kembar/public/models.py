"""What the public portal stores of its own: the directory's entries (kembar/public/entries.py)."""

from django.db import models


class DirectoryEntry(models.Model):
    """One published, live cooperation (of a live partner) as the directory filters, counts, pages and maps it:
    its facets, written in the same transaction as every write to them (entries.py) and never edited by hand.
    The region's, province's and country's names are read through the keys; the partner's name and place are
    kept for the map (a partner's save writes its entries)."""

    cooperation = models.OneToOneField(
        "cooperations.Cooperation", on_delete=models.CASCADE, primary_key=True, related_name="directory_entry"
    )
    region = models.ForeignKey("regions.Region", on_delete=models.CASCADE, related_name="+")
    #: The region's province (its parent), or the region itself when it is a province.
    province = models.ForeignKey("regions.Region", on_delete=models.CASCADE, related_name="+")
    partner = models.ForeignKey("partners.Partner", on_delete=models.CASCADE, related_name="+")
    country = models.ForeignKey("partners.Country", on_delete=models.CASCADE, related_name="+")
    form = models.CharField(max_length=20)
    fields = models.JSONField(default=list)
    #: The region's name and the partner's: the directory's order (its index pages without reading the regions and
    #: partners); the partner's name and recorded place are also the map's markers.
    region_name = models.CharField(max_length=120, default="")
    partner_name = models.CharField(max_length=200, default="")
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True)
    #: What the search looks in, in lower case: the partner's names, the region's and the country's (entries.py).
    search = models.TextField(default="")

    #: Where the map's markers read an entry's partner (kembar.dashboards.selectors.partner_points).
    MAP_FIELDS = ("country_id", "latitude", "longitude", "partner", "partner_name")

    class Meta:
        indexes = [models.Index(fields=["region_name", "partner_name", "cooperation"], name="directory_order")]

    def __str__(self):
        return str(self.cooperation_id)


class DirectorySummary(models.Model):
    """What the directory's filters offer (one row): the regions with published cooperations and how many each
    has, their provinces, the partners' countries, the fields and the forms, grouped from the entries whenever
    they change (entries.py), so a visit reads one row instead of grouping every entry again."""

    #: Always 1: there is one directory.
    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    data = models.JSONField(default=dict)

    def __str__(self):
        return "directory summary"
