"""Little Bandung's catalogue: the programme switched on per region, numbered editions of up to N products that
keep a snapshot of what they published, each edition's print PDF (built by a background task), the points the
printed catalogue goes to and the log of what went where, and the search entries of products and published items.

Every row belongs to one region (TenantModel: soft delete, history), except the search entries, which are
derived from the products and the editions and written again from them (kembar.catalogue.index).
"""

import os
import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from kembar.core import lease
from kembar.core.fields import optional_link
from kembar.core.models import TenantModel

#: The catalogue's languages, in its order (seed 000: Indonesian, English, Korean, Japanese).
LANGUAGES = ("id", "en", "ko", "ja")
#: The seed's catalogue holds 100 products (seed 000); a region may choose another size.
DEFAULT_MAX_PRODUCTS = 100
MAX_PRODUCTS_LIMIT = 500


class CatalogueSettings(TenantModel):
    """Whether the region runs the catalogue (its public pages exist only then), and its edition size."""

    enabled = models.BooleanField(_("catalogue switched on"), default=False)
    max_products = models.PositiveSmallIntegerField(
        _("products per edition"),
        default=DEFAULT_MAX_PRODUCTS,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_PRODUCTS_LIMIT)],
        help_text=_("The Little Bandung catalogue holds 100 products."),
    )

    class Meta:
        verbose_name = _("catalogue settings")
        verbose_name_plural = _("catalogue settings")
        constraints = [models.UniqueConstraint(fields=["region"], name="unique_catalogue_settings_region")]

    def __str__(self):
        return f"{self.region_id}: {'on' if self.enabled else 'off'}"


class Edition(TenantModel):
    """A numbered, dated edition of the region's catalogue. A draft names its products; publishing takes a
    snapshot of each (EditionItem), so its pages and PDF stay as published when the products change later.

    A published edition may be withdrawn from the online catalogue (its pages, search entries and sitemap entries
    go; its items, PDFs and distribution log stay) and published again as it was."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    number = models.PositiveIntegerField(_("number"), editable=False)
    title = models.CharField(_("title"), max_length=200)
    date = models.DateField(_("date"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    max_products = models.PositiveSmallIntegerField(
        _("products at most"), default=DEFAULT_MAX_PRODUCTS, validators=[MaxValueValidator(MAX_PRODUCTS_LIMIT)]
    )
    #: Languages whose text must be reviewed for a product to enter (id, en, ko, ja unless the edition says).
    languages = models.JSONField(_("required languages"), default=list)
    #: The draft's chosen products (ids); publishing turns them into items.
    chosen = models.JSONField(_("chosen products"), default=list, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True, editable=False)
    published_by = optional_link(settings.AUTH_USER_MODEL, _("published by"))
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True, editable=False)
    withdrawn_by = optional_link(settings.AUTH_USER_MODEL, _("withdrawn by"))

    class Meta:
        verbose_name = _("catalogue edition")
        verbose_name_plural = _("catalogue editions")
        ordering = ["-number"]
        constraints = [models.UniqueConstraint(fields=["region", "number"], name="unique_edition_number_per_region")]

    def __str__(self):
        return f"{self.number}: {self.title}"

    @property
    def is_published(self) -> bool:
        """On the online catalogue now."""
        return self.status == self.Status.PUBLISHED

    @property
    def is_draft(self) -> bool:
        """Not published yet: its products may still be chosen (a withdrawn edition keeps what it published)."""
        return self.status == self.Status.DRAFT

    @property
    def is_withdrawn(self) -> bool:
        return self.status == self.Status.WITHDRAWN


def _photo_to(instance, filename):
    return f"catalogue/{instance.region_id}/{instance.edition_id}/{uuid.uuid4().hex}.jpg"


class EditionItem(TenantModel):
    """One product as an edition published it: its texts, price, SME contact and certifications (snapshot), and
    a copy of its photo. The product may change or go later; the item does not."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="items", verbose_name=_("edition"))
    product = models.ForeignKey(
        "smes.Product", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("product")
    )
    position = models.PositiveSmallIntegerField(_("position"))
    category = models.CharField(_("category"), max_length=20)
    snapshot = models.JSONField(_("as published"), default=dict)
    photo = models.FileField(_("photo"), upload_to=_photo_to, max_length=300, blank=True)

    history_excluded_fields = ("snapshot",)

    class Meta:
        verbose_name = _("edition item")
        verbose_name_plural = _("edition items")
        ordering = ["edition", "position"]
        constraints = [models.UniqueConstraint(fields=["edition", "position"], name="unique_item_position")]

    def __str__(self):
        return f"{self.edition_id}#{self.position}"

    def text(self, language: str) -> dict:
        return self.snapshot.get("texts", {}).get(language) or {}


def _pdf_to(instance, filename):
    ext = os.path.splitext(filename)[1].lower()[:10]
    return f"catalogue/{instance.region_id}/pdf/{uuid.uuid4().hex}{ext}"


class EditionPdf(TenantModel):
    """An edition's print PDF, built by a background task with its progress (the reports' pattern)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="pdfs", verbose_name=_("edition"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress"), default=0, validators=[MaxValueValidator(100)])
    message = models.CharField(_("message"), max_length=500, blank=True)
    file = models.FileField(_("file"), upload_to=_pdf_to, max_length=300, blank=True)
    sha256 = models.CharField("SHA-256", max_length=64, blank=True)
    size = models.PositiveBigIntegerField(_("size"), null=True, blank=True)
    pages = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    seconds = models.FloatField(_("seconds"), null=True, blank=True)
    requested_by = optional_link(settings.AUTH_USER_MODEL, _("requested by"))
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("catalogue PDF")
        verbose_name_plural = _("catalogue PDFs")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.edition_id}: {self.status}"

    @property
    def stalled(self) -> bool:
        return lease.lapsed(self, self.Status.RUNNING)

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED) or self.stalled

    @property
    def failed(self) -> bool:
        return self.status == self.Status.FAILED or self.stalled

    @property
    def filename(self) -> str:
        return f"katalog-{self.region.code.replace('.', '')}-edisi-{self.edition.number}.pdf"


class DistributionPoint(TenantModel):
    """Where printed catalogues go: an embassy (KBRI), a consulate, a trade attaché, an ITPC office, a partner
    city or a trade fair (seed 000 names embassies, trade attachés and ITPC offices)."""

    class Kind(models.TextChoices):
        EMBASSY = "embassy", _("Embassy (KBRI)")
        CONSULATE = "consulate", _("Consulate (KJRI)")
        TRADE_ATTACHE = "trade_attache", _("Trade attaché")
        ITPC = "itpc", _("ITPC office")
        PARTNER_CITY = "partner_city", _("Partner city")
        TRADE_FAIR = "trade_fair", _("Trade fair")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    country = models.ForeignKey(
        "partners.Country", on_delete=models.PROTECT, related_name="+", verbose_name=_("country")
    )
    city = models.CharField(_("city"), max_length=120)
    address = models.CharField(_("address"), max_length=300, blank=True)
    contact = models.CharField(_("contact"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("distribution point")
        verbose_name_plural = _("distribution points")
        ordering = ["country", "city", "name"]

    def __str__(self):
        return f"{self.name} ({self.city})"


class Distribution(TenantModel):
    """Copies of an edition sent to a distribution point on a date."""

    edition = models.ForeignKey(
        Edition, on_delete=models.PROTECT, related_name="distributions", verbose_name=_("edition")
    )
    point = models.ForeignKey(
        DistributionPoint, on_delete=models.PROTECT, related_name="distributions", verbose_name=_("distribution point")
    )
    copies = models.PositiveIntegerField(_("copies"), validators=[MinValueValidator(1), MaxValueValidator(100_000)])
    date = models.DateField(_("date sent"))
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("distribution")
        verbose_name_plural = _("distributions")
        ordering = ["-date", "-pk"]

    def __str__(self):
        return f"{self.edition_id}→{self.point_id} ×{self.copies}"


class CatalogueEntry(models.Model):
    """The search index of the catalogue (kembar.catalogue.index): one row per product (staff search) and per
    published edition item (the online catalogue), written in the same transaction as what it describes.

    The primary key is `index.key(kind, region, record)`, so a region's entries of a kind are one range that
    both databases read as such (SQLite's FTS5 seeks to it by rowid)."""

    id = models.BigIntegerField(primary_key=True)
    region = models.ForeignKey("regions.Region", on_delete=models.CASCADE, related_name="+", db_index=False)
    kind = models.PositiveSmallIntegerField()
    record_id = models.BigIntegerField()
    #: The product an item was taken from, or the product itself.
    product_id = models.BigIntegerField(null=True)
    edition_id = models.BigIntegerField(null=True)
    edition_number = models.PositiveIntegerField(null=True)
    position = models.PositiveSmallIntegerField(null=True)
    sme_name = models.CharField(max_length=200)
    category = models.CharField(max_length=20)
    #: The SME's valid certifications, each closed by "|": "|halal|sni|".
    certifications = models.CharField(max_length=60, blank=True)
    readiness = models.CharField(max_length=20, blank=True)
    price_band = models.PositiveSmallIntegerField(default=0)
    #: Each language's text status, in LANGUAGES order: "reviewed draft missing missing".
    statuses = models.CharField(max_length=60, blank=True)
    is_sample = models.BooleanField(default=False)
    name_id = models.CharField(max_length=200, blank=True)
    name_en = models.CharField(max_length=200, blank=True)
    name_ko = models.CharField(max_length=200, blank=True)
    name_ja = models.CharField(max_length=200, blank=True)
    text_id = models.TextField(blank=True)
    text_en = models.TextField(blank=True)
    text_ko = models.TextField(blank=True)
    text_ja = models.TextField(blank=True)
    #: The Chinese, Japanese and Korean character pairs of the names and texts, by language (storage.pairs).
    pairs = models.TextField(blank=True, default="")

    class Meta:
        verbose_name = _("catalogue search entry")
        verbose_name_plural = _("catalogue search entries")

    def __str__(self):
        return self.name_id or self.name_en or str(self.pk)
