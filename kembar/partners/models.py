"""Foreign parties and the countries they are in."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import get_language, gettext, gettext_noop
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kembar.core.models import TenantModel, TimeStamped, long_text

#: The source of a country's relations flag while no one has recorded one (partners/data/diplomatic_relations.yaml
#: and the countries no one has verified): said in the reader's language, not stored with each country.
DEFAULT_SOURCE = gettext_noop(
    "Set by Kembar, not yet verified with the Ministry of Foreign Affairs (Kemlu): Indonesia is taken to have "
    "diplomatic relations with every country not listed as an exception."
)
EXCEPTION_SOURCE = gettext_noop(
    "Listed by Kembar as an exception, not yet verified with the Ministry of Foreign Affairs (Kemlu)."
)


class Country(TimeStamped):
    """ISO 3166 country (names from pycountry) and whether Indonesia has diplomatic relations with it.

    The relations flag is data, editable by a national administrator, with its source; the
    whole list is marked to verify against Kemlu until someone has.
    """

    code = models.CharField(_("ISO code"), max_length=2, primary_key=True)
    name_en = models.CharField(_("name (English)"), max_length=100)
    name_id = models.CharField(_("name (Indonesian)"), max_length=100)
    name_ko = models.CharField(_("name (Korean)"), max_length=100)
    name_ja = models.CharField(_("name (Japanese)"), max_length=100)
    diplomatic_relations = models.BooleanField(_("diplomatic relations with Indonesia"), default=True)
    relations_note = models.TextField(_("note on relations"), blank=True)
    relations_source = models.TextField(_("source"), blank=True)
    verified = models.BooleanField(
        _("verified against Kemlu"),
        default=False,
        help_text=_("Unchecked means: to verify against Kemlu."),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")

    def __str__(self):
        return self.name()

    def name(self, language: str | None = None) -> str:
        lang = (language or get_language() or "id")[:2]
        return getattr(self, f"name_{lang}", None) or self.name_en

    @staticmethod
    def name_field(language: str | None = None) -> str:
        """The column of the name a reader of `language` (the active one) reads: lists of countries sort by it, so
        an Indonesian reader finds "Jerman" under J."""
        lang = (language or get_language() or "id")[:2]
        return f"name_{lang}" if lang in ("id", "ko", "ja") else "name_en"

    @classmethod
    def in_name_order(cls):
        return cls.objects.order_by(cls.name_field(), "code")

    @classmethod
    def by_reader_name(cls, ordering) -> tuple:
        """A list's ordering (its sort keys' `order_by` arguments) with a country's English name, sorted by,
        replaced by the reader's: a list sorted by country in Indonesian puts "Jerman" under J."""
        field = cls.name_field()
        return tuple(
            term.removesuffix("country__name_en") + f"country__{field}" if term.endswith("country__name_en") else term
            for term in ordering
        )

    @property
    def source_shown(self) -> str:
        """The source of its relations flag as a reader is told it: the one recorded, else (a country left at
        the default no one has verified) what the default is, in the reader's language."""
        if self.relations_source or self.verified:
            return self.relations_source
        return gettext(DEFAULT_SOURCE if self.diplomatic_relations else EXCEPTION_SOURCE)


class Partner(TenantModel):
    """A foreign local government or institution a region cooperates with."""

    class Kind(models.TextChoices):
        LOCAL_GOVERNMENT = "local_government", _("Local government")
        INSTITUTION = "institution", _("Institution")

    class Level(models.TextChoices):
        PROVINCE = "province", _("Province / state")
        CITY = "city", _("City")
        REGENCY = "regency", _("Regency / county / district")
        INSTITUTION = "institution", _("Institution")

    name = models.CharField(_("name"), max_length=200)
    name_local = models.CharField(_("name in local script"), max_length=200, blank=True)
    country = models.ForeignKey(Country, on_delete=models.PROTECT, verbose_name=_("country"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    admin_region = models.CharField(_("administrative region"), max_length=200, blank=True)
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
        help_text=_("From −90 (south) to 90 (north)."),
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
        help_text=_("From −180 (west) to 180 (east)."),
    )
    contacts = long_text(_("contacts"), blank=True)
    note = long_text(_("note"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("foreign partner")
        verbose_name_plural = _("foreign partners")

    def __str__(self):
        return f"{self.name} ({self.name_local})" if self.name_local else self.name
