"""Models of kembar.discovery: the world's places (reference data loaded from packages), a region's profile
for a partner search, and the searches a bureau saved with their weights."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kembar.core.fields import validate_year_or_date
from kembar.core.models import TenantModel, done_by

#: A place keeps at most this many names (its own, its ASCII form, then alternate names, local scripts first).
MAX_NAMES_PER_PLACE = 24
#: Bounds on what a profile or a saved search holds.
MAX_LIST_ITEMS = 30
MAX_ITEM_LENGTH = 200
MAX_TEXT_LENGTH = 4000


#: GeoNames continent codes, the world regions a profile may prefer.
WORLD_REGIONS = {
    "AF": _("Africa"),
    "AS": _("Asia"),
    "EU": _("Europe"),
    "NA": _("North America"),
    "SA": _("South America"),
    "OC": _("Oceania"),
}


class Place(models.Model):
    """A city (GeoNames, ≥ 1,000 inhabitants) or a first-level division (ISO 3166-2) somewhere in the world.

    Reference data, not owned by a region: `kembar places load` writes it, nobody edits it by hand.
    A city is the peer of a kota or kabupaten, a division the peer of a province.
    """

    class Kind(models.TextChoices):
        CITY = "city", _("City")
        DIVISION = "division", _("First-level division (province, state, prefecture)")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    #: GeoNames id of a city; empty for a division, which is known by its ISO 3166-2 code.
    geonames_id = models.PositiveBigIntegerField(_("GeoNames id"), null=True, blank=True, unique=True)
    iso_code = models.CharField(_("ISO 3166-2 code"), max_length=10, null=True, blank=True, unique=True)
    name = models.CharField(_("name"), max_length=200)
    ascii_name = models.CharField(_("name in Latin letters"), max_length=200, blank=True)
    # A code, not a key to partners.Country: the places load without the country table, and the ranking
    # joins the country's relations flag when it builds its arrays.
    country_code = models.CharField(_("country"), max_length=2, db_index=True)
    #: The GeoNames first-level division code of a city ("16"); a division's own ISO code suffix ("GX").
    division_code = models.CharField(_("division code"), max_length=20, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    population = models.PositiveBigIntegerField(_("population"), default=0)
    timezone = models.CharField(_("time zone"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("place")
        verbose_name_plural = _("places")
        indexes = [models.Index(fields=["kind", "country_code"])]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(kind="city", geonames_id__isnull=False))
                | (models.Q(kind="division", iso_code__isnull=False)),
                name="place_has_its_key",
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.country_code})"

    @property
    def key(self) -> str:
        """Stable outside the database: the GeoNames id of a city, the ISO code of a division."""
        return str(self.geonames_id) if self.kind == self.Kind.CITY else self.iso_code


class PlaceName(models.Model):
    """One name of a place in any script (`柳州`, `수원`, `Nagoya`), with the form searched."""

    place = models.ForeignKey(Place, on_delete=models.CASCADE, related_name="names")
    name = models.CharField(_("name"), max_length=200)
    #: discovery.names.normalise(name): case folded, Latin accents removed, other scripts kept.
    normalised = models.CharField(max_length=200, db_index=True)

    class Meta:
        verbose_name = _("place name")
        verbose_name_plural = _("place names")
        constraints = [models.UniqueConstraint(fields=["place", "normalised"], name="unique_place_name")]

    def __str__(self):
        return self.name


class PlaceLoad(models.Model):
    """One run of `kembar places load`. The latest row's id is the places' version: the ranking engine
    rebuilds its arrays in a process whose version is older."""

    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    source = models.CharField(max_length=200)
    cities = models.PositiveIntegerField(default=0)
    divisions = models.PositiveIntegerField(default=0)
    names = models.PositiveIntegerField(default=0)
    seconds = models.FloatField(default=0)

    class Meta:
        ordering = ["-id"]

    def __str__(self):
        return f"{self.source} @ {self.started_at:%Y-%m-%d %H:%M}"


class Fact(models.TextChoices):
    """Whether a fact of the profile rests on a cited source."""

    CONFIRMED = "confirmed", _("Confirmed by the cited source")
    UNCONFIRMED = "unconfirmed", _("Unconfirmed")


#: The facts (each with its source) and wishes of a RegionProfile that staff edit, in the form's order.
PROFILE_FACTS = (
    "population",
    "population_source",
    "population_as_of",
    "coast",
    "coast_source",
    "climate",
    "climate_source",
    "capital",
    "capital_source",
    "problems",
    "problems_source",
    "fields",
    "preferred_countries",
    "preferred_world_regions",
    "offer",
)


class RegionProfile(TenantModel):
    """What a region looks for in a partner and what it is, each fact with its source (Permendagri No. 3
    Tahun 2008 Pasal 5: equal status, similar characteristics, similar problems, complementarity).

    Not kembar.regions.RegionProfile (the bureau and its settings): this one is the profile a partner
    search starts from. Its level is the region's: a province looks for first-level divisions, a kota or
    kabupaten for cities.
    """

    class Coast(models.TextChoices):
        UNKNOWN = "", _("Not recorded")
        COASTAL = "coastal", _("Coastal")
        INLAND = "inland", _("Inland")

    class Climate(models.TextChoices):
        UNKNOWN = "", _("Not recorded")
        TROPICAL = "tropical", _("Tropical")
        SUBTROPICAL = "subtropical", _("Subtropical")
        TEMPERATE = "temperate", _("Temperate")
        COLD = "cold", _("Cold")

    class Capital(models.TextChoices):
        UNKNOWN = "", _("Not recorded")
        CAPITAL = "capital", _("Capital of its province or country")
        NOT_CAPITAL = "not_capital", _("Not a capital")

    #: Where the region is (its own place in the world's places): latitude, distances and time zone.
    place = models.ForeignKey(
        Place, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("location")
    )
    population = models.PositiveBigIntegerField(_("population"), null=True, blank=True)
    population_source = models.CharField(_("source of the population"), max_length=500, blank=True)
    population_as_of = models.CharField(
        _("population as of"), max_length=32, blank=True, validators=[validate_year_or_date]
    )
    coast = models.CharField(_("coast or inland"), max_length=10, choices=Coast.choices, blank=True)
    coast_source = models.CharField(_("source (coast or inland)"), max_length=500, blank=True)
    climate = models.CharField(_("climate band"), max_length=12, choices=Climate.choices, blank=True)
    climate_source = models.CharField(_("source (climate)"), max_length=500, blank=True)
    capital = models.CharField(_("capital or not"), max_length=12, choices=Capital.choices, blank=True)
    capital_source = models.CharField(_("source (capital)"), max_length=500, blank=True)
    problems = models.TextField(_("problems to solve"), max_length=MAX_TEXT_LENGTH, blank=True)
    problems_source = models.CharField(_("source (problems)"), max_length=500, blank=True)
    #: Fields of cooperation wanted, in the registry's words ("Pendidikan", "Ekonomi kreatif").
    fields = models.JSONField(_("fields of cooperation wanted"), default=list, blank=True)
    #: ISO 3166-1 alpha-2 codes.
    preferred_countries = models.JSONField(_("preferred countries"), default=list, blank=True)
    #: Continent codes of GeoNames (AS, EU, AF, NA, SA, OC).
    preferred_world_regions = models.JSONField(_("preferred world regions"), default=list, blank=True)
    offer = models.TextField(_("what the region can offer"), max_length=MAX_TEXT_LENGTH, blank=True)
    updated_by = done_by(_("updated by"))

    class Meta:
        verbose_name = _("partner-search profile")
        verbose_name_plural = _("partner-search profiles")
        constraints = [models.UniqueConstraint(fields=["region"], name="one_discovery_profile_per_region")]

    def __str__(self):
        return str(self.region)

    @property
    def level(self) -> str:
        """The kind of place the region may partner with (equal administrative status)."""
        return Place.Kind.DIVISION.value if self.region.kind == "province" else Place.Kind.CITY.value

    def clean(self):
        from django.core.exceptions import ValidationError

        super().clean()
        errors = {}
        for name in ("fields", "preferred_countries", "preferred_world_regions"):
            value = getattr(self, name)
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                errors[name] = _("A list of texts is expected.")
            elif len(value) > MAX_LIST_ITEMS:
                errors[name] = _("At most %(count)s entries.") % {"count": MAX_LIST_ITEMS}
            elif any(len(v) > MAX_ITEM_LENGTH for v in value):
                errors[name] = _("Each entry at most %(count)s characters.") % {"count": MAX_ITEM_LENGTH}
        if "preferred_countries" not in errors and any(
            len(c) != 2 or not c.isalpha() or not c.isupper() for c in self.preferred_countries
        ):
            errors["preferred_countries"] = _("Countries are given by their two-letter ISO codes.")
        if "preferred_world_regions" not in errors and any(
            c not in WORLD_REGIONS for c in self.preferred_world_regions
        ):
            errors["preferred_world_regions"] = _("Unknown world region.")
        for name in ("problems", "offer"):
            if len(getattr(self, name) or "") > MAX_TEXT_LENGTH:
                errors[name] = _("At most %(count)s characters.") % {"count": MAX_TEXT_LENGTH}
        if errors:
            raise ValidationError(errors)

    def fact_state(self, name: str) -> str:
        """A fact with a value and a cited source is confirmed; anything else is unconfirmed."""
        value = getattr(self, name)
        source = getattr(self, f"{name}_source", "")
        return Fact.CONFIRMED if value not in (None, "") and source.strip() else Fact.UNCONFIRMED


class SavedSearch(TenantModel):
    """A search a bureau ran and kept: its weights and filters re-open it as it was."""

    name = models.CharField(_("name"), max_length=200)
    #: {criterion key: integer weight 0..10}; keys of discovery.ranking.DEFAULT_WEIGHTS only.
    weights = models.JSONField(_("weights"), default=dict)
    #: {"countries": [...], "fields": [...], "limit": n}
    filters = models.JSONField(_("filters"), default=dict, blank=True)
    limit = models.PositiveSmallIntegerField(
        _("number of candidates"), default=20, validators=[MinValueValidator(1), MaxValueValidator(200)]
    )
    created_by = done_by(_("created by"))

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("saved search")
        verbose_name_plural = _("saved searches")

    def __str__(self):
        return self.name
