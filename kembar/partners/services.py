"""Writes for countries and partners."""

from pathlib import Path

import pycountry
import yaml
from django.db import transaction

from kembar.core import pages
from kembar.core.services import record_change, save_validated
from kembar.regions.models import Region

from .models import Country, Partner
from .names import names

RELATIONS_FILE = Path(__file__).parent / "data" / "diplomatic_relations.yaml"


@transaction.atomic
def countries_load() -> int:
    """Create missing countries from pycountry (names in en/id/ko/ja: partners/names.py) with the relations
    defaults.

    Existing rows keep their relations data: a national administrator may have edited it.
    """
    data = yaml.safe_load(RELATIONS_FILE.read_text(encoding="utf-8"))
    existing = set(Country.objects.values_list("code", flat=True))
    new = []
    for c in pycountry.countries:
        if c.alpha_2 in existing:
            continue
        special = data["countries"].get(c.alpha_2, {})
        new.append(
            Country(
                code=c.alpha_2,
                **names(c),
                diplomatic_relations=special.get("diplomatic_relations", True),
                relations_note=special.get("note", ""),
                relations_source=special.get("source", "").strip(),
            )
        )
    Country.objects.bulk_create(new)
    if new:
        pages.bump_all()  # bulk_create sends no signal
    return len(new)


@transaction.atomic
def country_update_relations(
    *, country: Country, by, diplomatic_relations: bool, note: str, source: str, verified: bool
) -> Country:
    country.diplomatic_relations = diplomatic_relations
    country.relations_note = note
    country.relations_source = source
    country.verified = verified
    record_change(country, by=by, reason="relations updated")
    country.save()
    return country


@transaction.atomic
def partner_create(*, region: Region, by, **fields) -> Partner:
    return save_validated(Partner(region=region, **fields), by=by, reason="created")


@transaction.atomic
def partner_update(*, partner: Partner, by, **fields) -> Partner:
    return save_validated(partner, by=by, fields=fields)
