"""Little Bandung's registry: a region's SMEs (UMKM), their certifications, products, photos, and each
product's text in the catalogue's four languages (id, en, ko, ja), with who translates which language.

Every row belongs to one region (TenantModel: soft delete, history). Sample rows of the demo and of
`kembar catalogue demo` carry `is_sample=True`; pages show them with a "contoh" badge.
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kembar.core.fields import optional_link
from kembar.core.models import TenantModel, TimeStamped, done_by

from . import validators

#: The catalogue's text languages, in the catalogue's order (seed 000: Indonesian, English, Korean, Japanese).
LANGUAGES = ("id", "en", "ko", "ja")
#: Longest texts of a product (a half page of the print catalogue holds about this much).
NAME_CHARS, SHORT_CHARS, LONG_CHARS = 120, 300, 2000
#: Most photos of one product.
MAX_PHOTOS = 8


class Language(models.TextChoices):
    ID = "id", _("Indonesian")
    EN = "en", _("English")
    KO = "ko", _("Korean")
    JA = "ja", _("Japanese")


class SME(TenantModel):
    """A small or medium business of the region, as the trade office registers and verifies it."""

    class Readiness(models.TextChoices):
        EXPORTED = "exported", _("has exported")
        READY = "ready", _("ready to export")
        NEEDS_HELP = "needs_help", _("needs help to export")

    name = models.CharField(_("business name"), max_length=200)
    owner_name = models.CharField(_("owner's name"), max_length=120)
    nib = models.CharField(
        _("NIB"),
        max_length=20,  # 13 when valid; longer input gets validate_nib's message, not the length's
        blank=True,
        validators=[validators.validate_nib],
        help_text=_("Nomor Induk Berusaha from OSS: 13 digits. Leave empty while the business has none."),
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    kecamatan = models.CharField(_("kecamatan"), max_length=13, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("email"), max_length=254, blank=True)
    website = models.URLField(_("website"), max_length=300, blank=True)
    founded = models.PositiveSmallIntegerField(
        _("year founded"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1800, message=_("A year from 1800 on."))],
    )
    workforce = models.PositiveIntegerField(
        _("workforce"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(100_000, message=_("At most 100,000 people."))],
        help_text=_("People working in the business, the owner included."),
    )
    export_readiness = models.CharField(
        _("export readiness"), max_length=20, choices=Readiness.choices, default=Readiness.NEEDS_HELP
    )
    markets = models.JSONField(
        _("markets of interest"),
        default=list,
        blank=True,
        validators=[validators.validate_markets],
        help_text=_("Countries (ISO 3166 codes) the business wants to sell to."),
    )
    verified_at = models.DateTimeField(_("verified"), null=True, blank=True, editable=False)
    verified_by = done_by(_("verified by"))
    is_sample = models.BooleanField(_("sample data"), default=False)
    owners = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="owned_smes", verbose_name=_("owners")
    )

    class Meta:
        verbose_name = _("SME")
        verbose_name_plural = _("SMEs")
        ordering = ["name", "pk"]
        indexes = [models.Index(fields=["region", "deleted_at", "name"])]
        constraints = [
            models.UniqueConstraint(
                fields=["region", "nib"],
                condition=models.Q(deleted_at__isnull=True) & ~models.Q(nib=""),
                name="unique_sme_nib_per_region",
            )
        ]

    def __str__(self):
        return self.name

    @property
    def is_verified(self) -> bool:
        return self.verified_at is not None

    @property
    def kecamatan_name(self) -> str:
        return validators.kecamatan_name(self.region.code, self.kecamatan) if self.kecamatan else ""

    def clean_fields(self, exclude=None):
        # What a person types ("8120 0012 3456 7", ["kr"]) is normalised before the fields are checked.
        self.nib = validators.normalise_digits(self.nib)
        if isinstance(self.markets, list):
            self.markets = sorted({str(m).strip().upper() for m in self.markets if str(m).strip()})
        super().clean_fields(exclude=exclude)

    def clean(self):
        super().clean()
        errors = {}
        if self.kecamatan and self.region_id:
            try:
                validators.validate_kecamatan(self.region.code, self.kecamatan)
            except ValidationError as exc:
                errors["kecamatan"] = exc.messages
        if self.founded and self.founded > timezone.localdate().year:
            errors["founded"] = [_("The year founded is in the future.")]
        if errors:
            raise ValidationError(errors)


class Certification(TenantModel):
    """A certificate an SME holds: halal, SNI, BPOM or PIRT, with its number and expiry."""

    class Kind(models.TextChoices):
        HALAL = "halal", _("Halal")
        SNI = "sni", "SNI"
        BPOM = "bpom", "BPOM"
        PIRT = "pirt", "PIRT"

    sme = models.ForeignKey(SME, on_delete=models.CASCADE, related_name="certifications", verbose_name=_("SME"))
    kind = models.CharField(_("certification"), max_length=10, choices=Kind.choices)
    number = models.CharField(_("number"), max_length=60)
    issued = models.DateField(_("issued"), null=True, blank=True)
    expires = models.DateField(
        _("expires"), null=True, blank=True, help_text=_("Leave empty when the certificate does not expire.")
    )

    class Meta:
        verbose_name = _("certification")
        verbose_name_plural = _("certifications")
        ordering = ["kind", "expires", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.number}"

    def clean(self):
        super().clean()
        if self.issued and self.issued > timezone.localdate():
            raise ValidationError({"issued": _("A certificate cannot be issued after today: check the date of issue.")})
        if self.issued and self.expires and self.expires <= self.issued:
            raise ValidationError({"expires": _("The expiry must be after the date of issue.")})

    def is_valid_on(self, day) -> bool:
        return self.expires is None or self.expires >= day

    @property
    def is_expired(self) -> bool:
        return not self.is_valid_on(timezone.localdate())


class Product(TenantModel):
    """A product an SME offers abroad; its name and descriptions are in ProductText, one row per language."""

    class Category(models.TextChoices):
        # The catalogue's four categories (seed 000).
        FESYEN = "fesyen", _("Fashion")
        KERAJINAN = "kerajinan", _("Crafts")
        MAKANAN_MINUMAN = "makanan_minuman", _("Food & Beverages")
        ANEKA_RAGAM = "aneka_ragam", _("Miscellaneous")

    sme = models.ForeignKey(SME, on_delete=models.PROTECT, related_name="products", verbose_name=_("SME"))
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    price_min = models.DecimalField(
        _("lowest price"), max_digits=14, decimal_places=2, validators=[MinValueValidator(0)]
    )
    price_max = models.DecimalField(
        _("highest price"), max_digits=14, decimal_places=2, validators=[MinValueValidator(0)]
    )
    currency = models.CharField(_("currency"), max_length=3, default="IDR", validators=[validators.validate_currency])
    min_order = models.PositiveIntegerField(
        _("minimum order"), default=1, validators=[MinValueValidator(1), MaxValueValidator(10_000_000)]
    )
    unit = models.CharField(_("unit"), max_length=30, default="pcs", help_text=_("e.g. pcs, kg, box, set."))
    capacity_per_month = models.PositiveIntegerField(
        _("capacity per month"), null=True, blank=True, validators=[MaxValueValidator(1_000_000_000)]
    )
    hs_code = models.CharField(
        _("HS code"),
        max_length=12,  # 6 when valid; longer input gets validate_hs_code's message
        blank=True,
        validators=[validators.validate_hs_code],
        help_text=_("Optional: the 6-digit Harmonized System code."),
    )
    materials = models.CharField(_("materials"), max_length=300, blank=True)
    is_sample = models.BooleanField(_("sample data"), default=False)

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("products")
        ordering = ["category", "pk"]
        indexes = [
            models.Index(fields=["region", "deleted_at", "category"]),
            models.Index(fields=["sme", "deleted_at"]),
        ]

    def __str__(self):
        return f"{self.get_category_display()} #{self.pk}"

    def clean_fields(self, exclude=None):
        self.hs_code = validators.normalise_digits(self.hs_code)
        self.currency = (self.currency or "").strip().upper()
        super().clean_fields(exclude=exclude)

    def clean(self):
        super().clean()
        if self.price_min is not None and self.price_max is not None and self.price_max < self.price_min:
            raise ValidationError({"price_max": _("The highest price is below the lowest.")})
        if self.sme_id and self.region_id and self.sme.region_id != self.region_id:
            raise ValidationError({"sme": _("The SME is of another region.")})

    def text(self, language: str):
        """This product's ProductText in a language (from prefetched `texts` when there)."""
        for t in self.texts.all():
            if t.language == language:
                return t
        return None


#: The photo types accepted (read from the content, kembar.smes.photos) and the extension each is stored with.
PHOTO_TYPES = {"image/jpeg": ".jpg", "image/png": ".png", "image/webp": ".webp"}


def _photo_to(instance, filename):
    ext = PHOTO_TYPES.get(instance.content_type, "")  # of the checked type, never of the name it was sent with
    return f"smes/{instance.region_id}/{instance.product_id}/{uuid.uuid4().hex}{ext}"


def _thumb_to(instance, filename):
    return f"smes/{instance.region_id}/{instance.product_id}/{uuid.uuid4().hex}-thumb.jpg"


class ProductPhoto(TenantModel):
    """A photo of a product, checked by its content (kembar.smes.photos) and kept with a thumbnail."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="photos", verbose_name=_("product"))
    image = models.FileField(_("photo"), upload_to=_photo_to, max_length=300)
    thumbnail = models.FileField(_("thumbnail"), upload_to=_thumb_to, max_length=300, blank=True)
    content_type = models.CharField(_("type"), max_length=30)
    size = models.PositiveIntegerField(_("size"))
    width = models.PositiveIntegerField(_("width"))
    height = models.PositiveIntegerField(_("height"))
    sha256 = models.CharField("SHA-256", max_length=64)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    alt = models.CharField(_("description of the photo"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("product photo")
        verbose_name_plural = _("product photos")
        ordering = ["product", "order", "pk"]


class ProductText(TimeStamped):
    """A product's name and descriptions in one of the catalogue's languages: missing, draft or reviewed.

    Every product has one row per language from its creation (a missing text is a row with status missing), so
    completeness and the translators' queues are counts of rows. It lives and dies with its product."""

    class Status(models.TextChoices):
        MISSING = "missing", _("missing")
        DRAFT = "draft", _("draft")
        REVIEWED = "reviewed", _("reviewed")

    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+", verbose_name=_("region"))
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="texts", verbose_name=_("product"))
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    name = models.CharField(_("name"), max_length=NAME_CHARS, blank=True)
    short = models.CharField(_("short description"), max_length=SHORT_CHARS, blank=True)
    long = models.TextField(_("description"), blank=True, validators=[MaxLengthValidator(LONG_CHARS)])
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.MISSING)
    translator = optional_link(settings.AUTH_USER_MODEL, _("translator"))
    reviewed_by = optional_link(settings.AUTH_USER_MODEL, _("reviewed by"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("product text")
        verbose_name_plural = _("product texts")
        ordering = ["product", "language"]
        constraints = [models.UniqueConstraint(fields=["product", "language"], name="unique_product_text_language")]
        indexes = [models.Index(fields=["region", "language", "status"])]

    def __str__(self):
        return f"{self.product_id}/{self.language}: {self.name}"

    def clean_fields(self, exclude=None):
        self.name, self.short, self.long = self.name.strip(), self.short.strip(), self.long.strip()
        super().clean_fields(exclude=exclude)

    def clean(self):
        super().clean()
        if self.status != self.Status.MISSING and not self.name:
            raise ValidationError({"name": _("A text in draft or reviewed has a name.")})
        if self.status == self.Status.MISSING and (self.name or self.short or self.long):
            self.status = self.Status.DRAFT


class TranslatorAssignment(TimeStamped):
    """A translator (Role.TRANSLATOR in the region) translates the region's products into this language."""

    region = models.ForeignKey("regions.Region", on_delete=models.CASCADE, related_name="+", verbose_name=_("region"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="translations", verbose_name=_("translator")
    )
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("translator assignment")
        verbose_name_plural = _("translator assignments")
        ordering = ["region", "user", "language"]
        constraints = [
            models.UniqueConstraint(fields=["region", "user", "language"], name="unique_translator_language")
        ]

    def __str__(self):
        return f"{self.user_id}→{self.language}"
