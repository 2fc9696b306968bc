"""What the portal shows of regions seeking partners (published ones only), what a bureau reads of the interests
addressed to it (its region's, confirmed by email), and what the national view reads across Indonesia."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count

from kembar.discovery.models import RegionProfile
from kembar.partners.models import Country
from kembar.regions.models import Region

from .models import Interest, Seeking

#: Interests that are still open (not declined): the ones the national view matches.
OPEN = (Interest.Status.NEW, Interest.Status.CONTACT, Interest.Status.CANDIDATE)


def seeking_of(*, region: Region) -> Seeking | None:
    return Seeking.objects.filter(region=region).first()


def published_seeking():
    """The live publications switched on, of regions with a partner-search profile."""
    with_profile = RegionProfile.objects.values("region_id")
    return Seeking.objects.filter(active=True, region_id__in=with_profile).select_related("region")


@dataclass(frozen=True)
class Published:
    """What the portal shows of one region's partner search: only public fields, no model instance."""

    code: str
    name: str
    kind: str
    text: str
    text_en: str
    published_at: object
    fields: list[str]
    offer: str
    countries: list[str]  # ISO codes
    population: int | None
    population_source: str
    population_as_of: str


def _published(seeking: Seeking, profile: RegionProfile) -> Published:
    return Published(
        code=seeking.region.code,
        name=seeking.region.name,
        kind=seeking.region.kind,
        text=seeking.text,
        text_en=seeking.text_en,
        published_at=seeking.published_at,
        fields=[f for f in profile.fields or [] if isinstance(f, str)][:30],
        offer=profile.offer,
        countries=[c for c in profile.preferred_countries or [] if isinstance(c, str)][:50],
        population=profile.population,
        population_source=profile.population_source if profile.population else "",
        population_as_of=profile.population_as_of,
    )


def published_list(*, limit: int = 600) -> list[Published]:
    """Every region seeking partners, by name (two queries)."""
    rows = list(published_seeking().order_by("region__name", "region__code")[:limit])
    profiles = {p.region_id: p for p in RegionProfile.objects.filter(region_id__in=[s.region_id for s in rows])}
    return [_published(s, profiles[s.region_id]) for s in rows]


def published_one(*, code: str) -> Published:
    """One region's published partner search (Seeking.DoesNotExist when it has none on)."""
    seeking = published_seeking().get(region__code=code)
    return _published(seeking, RegionProfile.objects.get(region_id=seeking.region_id))


def countries(language: str) -> list[tuple[str, str]]:
    """(code, name) of the countries with diplomatic relations with Indonesia, in `language` where the table
    has it (English otherwise), by name. Indonesia itself is none of a foreign partner's."""
    from kembar.discovery.ranking import NEVER_COUNTRIES

    column = {"id": "name_id", "ko": "name_ko", "ja": "name_ja"}.get(language, "name_en")
    rows = Country.objects.filter(diplomatic_relations=True).exclude(code__in=NEVER_COUNTRIES)
    pairs = [(code, name or en) for code, name, en in rows.values_list("code", column, "name_en")]
    return sorted(pairs, key=lambda p: p[1])


def region_interests(*, region: Region):
    """The interests the bureau of `region` sees: confirmed by email, live."""
    return (
        Interest.objects.filter(region=region)
        .exclude(status=Interest.Status.UNVERIFIED)
        .select_related("country", "place")
    )


def status_counts(*, region: Region) -> dict[str, int]:
    rows = region_interests(region=region).values("status").annotate(n=Count("pk")).order_by()
    counts = {s: 0 for s in Interest.Status.values if s != Interest.Status.UNVERIFIED}
    counts.update({r["status"]: r["n"] for r in rows})
    return counts


def open_interests(*, limit: int):
    """Confirmed, open interests of every region (the national view), newest first."""
    return (
        Interest.objects.filter(status__in=OPEN, place__isnull=False)
        .select_related("region", "country", "place")
        .order_by("-created_at", "-pk")[:limit]
    )


def seeking_profiles(*, limit: int, offset: int = 0) -> tuple[list[RegionProfile], int]:
    """The profiles of the regions seeking partners on the portal (a page of them), and how many there are."""
    regions = published_seeking().values("region_id")
    qs = RegionProfile.objects.filter(region_id__in=regions).select_related("region", "place").order_by("region__code")
    return list(qs[offset : offset + limit]), qs.count()
