"""Little Bandung's promotion channels and foreign buyers' inquiries (seed 000).

A Channel is one of the programme's Mobile events, Walls, Stores and f4bdg pages, with the SMEs and products it
shows and, where it belongs to one, the region's foreign cooperation (e.g. Bandung–Hongdae). A Store has its
floors or units (StoreUnit), an f4bdg page its posts (ChannelPost). An Inquiry is what a foreign buyer asks of
one SME about its products: confirmed by email, then followed by the SME and the trade office from new to a deal
(with its value and currency, which becomes a result of the linked cooperation) or lost.

Every row belongs to one region (TenantModel: soft delete, history). Sample rows of the demo carry
`is_sample=True` and pages show them with a "contoh" badge.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from kembar.core.fields import optional_link
from kembar.core.models import TenantModel
from kembar.core.personal import PersonalRecord

from . import rules

#: The languages a buyer writes in (the catalogue's: seed 000).
BUYER_LANGUAGES = ("id", "en", "ko", "ja")
#: The largest deal value kept (a bound on the input: 10^15 in any currency).
DEAL_MAX = Decimal("999999999999999.99")


#: The channels by the programme's own names (proper names, the same in every language).
SHORT_NAMES = {rules.MOBILE: "Mobile", rules.WALL: "Wall", rules.STORE: "Store", rules.F4BDG: "f4bdg"}


class Channel(TenantModel):
    class Kind(models.TextChoices):
        MOBILE = rules.MOBILE, _("Mobile (exhibition or promotion event)")
        WALL = rules.WALL, _("Wall (products on a café or restaurant wall)")
        STORE = rules.STORE, _("Store (a permanent shop or building)")
        F4BDG = rules.F4BDG, _("f4bdg (social-media fan page)")

    kind = models.CharField(_("channel"), max_length=10, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200, help_text=_("The event's, venue's or page's name."))
    venue = models.CharField(
        _("venue"), max_length=200, blank=True, help_text=_("Where: the hall, café, restaurant or building.")
    )
    partner_business = models.CharField(
        _("partner business"), max_length=200, blank=True, help_text=_("The café or restaurant that hosts a Wall.")
    )
    city = models.CharField(_("city"), max_length=120, blank=True)
    country = models.ForeignKey(
        "partners.Country", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("country")
    )
    starts = models.DateField(_("first day"), null=True, blank=True, help_text=_("For a Store: its opening date."))
    ends = models.DateField(_("last day"), null=True, blank=True)
    url = models.URLField(_("address of the page"), max_length=300, blank=True)
    notes = models.TextField(_("notes"), blank=True, max_length=2000)
    cooperation = models.ForeignKey(
        "cooperations.Cooperation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("foreign cooperation"),
        help_text=_("The region's foreign cooperation the channel belongs to, if any (e.g. Bandung–Hongdae)."),
    )
    smes = models.ManyToManyField("smes.SME", blank=True, related_name="+", verbose_name=_("SMEs shown"))
    products = models.ManyToManyField("smes.Product", blank=True, related_name="+", verbose_name=_("products shown"))
    is_sample = models.BooleanField(_("sample data"), default=False)

    class Meta:
        verbose_name = _("channel")
        verbose_name_plural = _("channels")
        ordering = ["kind", "-starts", "name", "pk"]
        indexes = [models.Index(fields=["region", "deleted_at", "kind", "ends"])]

    def __str__(self):
        return self.name

    @property
    def kind_name(self) -> str:
        """The kind by the programme's own name ("Wall"), for after the channel's name: "Kafe Braga (Wall)"; its
        label (`get_kind_display`) has its own brackets."""
        return SHORT_NAMES.get(self.kind, self.kind)

    def clean(self):
        super().clean()
        for name in ("name", "venue", "partner_business", "city", "notes"):
            setattr(self, name, (getattr(self, name) or "").strip())
        problems = rules.channel_problems(kind=self.kind, starts=self.starts, ends=self.ends)
        if self.kind == rules.MOBILE and not self.country_id:
            problems.setdefault("country", str(_("Give the country where the event takes place.")))
        if self.kind in (rules.WALL, rules.STORE) and not self.venue:
            problems.setdefault("venue", str(_("Give the venue.")))
        if self.kind == rules.WALL and not self.partner_business:
            problems.setdefault("partner_business", str(_("Give the café or restaurant that hosts the Wall.")))
        if self.cooperation_id and self.region_id and self.cooperation.region_id != self.region_id:
            problems["cooperation"] = str(_("The cooperation is of another region."))
        if problems:
            raise ValidationError(problems)

    def phase(self, today) -> str:
        return rules.phase(starts=self.starts, ends=self.ends, today=today)

    def ending_soon(self, today) -> bool:
        return rules.ending_soon(starts=self.starts, ends=self.ends, today=today)


class StoreUnit(TenantModel):
    """A floor or unit of a Store and what it is used for (the Hongdae plan: café, Sundanese restaurant,
    product exhibition, gallery, hotel rooms — seed 000)."""

    class Use(models.TextChoices):
        CAFE = "cafe", _("café")
        RESTAURANT = "restaurant", _("restaurant")
        EXHIBITION = "exhibition", _("product exhibition")
        GALLERY = "gallery", _("gallery")
        HOTEL = "hotel", _("hotel rooms")
        SHOP = "shop", _("shop")
        OTHER = "other", _("other")

    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, related_name="units", verbose_name=_("store"))
    label = models.CharField(_("floor or unit"), max_length=60, help_text=_("e.g. Floor 1, Unit B-12."))
    use = models.CharField(_("use"), max_length=20, choices=Use.choices)
    description = models.CharField(_("description"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("store floor or unit")
        verbose_name_plural = _("store floors and units")
        ordering = ["channel", "position", "pk"]

    def __str__(self):
        return self.label

    def clean(self):
        super().clean()
        if self.channel_id and self.channel.kind != rules.STORE:
            raise ValidationError(_("Only a Store has floors or units."))


class ChannelPost(TenantModel):
    """A post on the f4bdg fan page, with the engagement figures the trade office reads off the page."""

    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, related_name="posts", verbose_name=_("page"))
    date = models.DateField(_("date"))
    url = models.URLField(_("link"), max_length=300)
    summary = models.CharField(_("what was posted"), max_length=300, blank=True)
    reach = models.PositiveIntegerField(_("reach"), null=True, blank=True, validators=[MaxValueValidator(10**9)])
    reactions = models.PositiveIntegerField(
        _("reactions"), null=True, blank=True, validators=[MaxValueValidator(10**9)]
    )
    comments = models.PositiveIntegerField(_("comments"), null=True, blank=True, validators=[MaxValueValidator(10**9)])
    shares = models.PositiveIntegerField(_("shares"), null=True, blank=True, validators=[MaxValueValidator(10**9)])
    sme = models.ForeignKey(
        "smes.SME", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("SME")
    )

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        ordering = ["channel", "-date", "-pk"]

    def __str__(self):
        return self.url

    def clean(self):
        super().clean()
        if self.channel_id and self.channel.kind != rules.F4BDG:
            raise ValidationError(_("Only an f4bdg page has posts."))
        if self.sme_id and self.region_id and self.sme.region_id != self.region_id:
            raise ValidationError({"sme": _("The SME is of another region.")})


class Inquiry(PersonalRecord):
    """A foreign buyer's inquiry to one SME about its products. A buyer who asks about products of several SMEs
    sends one inquiry to each (each SME sees only its own); they share the buyer's secret link (only its SHA-256
    is kept), are confirmed together by its email, and are downloaded and erased together by it (the buyer's
    name, company and email are blanked: kembar.core.personal)."""

    class Status(models.TextChoices):
        UNVERIFIED = "unverified", _("awaiting email confirmation")
        NEW = "new", _("new")
        ANSWERED = "answered", _("answered")
        SAMPLE_SENT = "sample_sent", _("sample sent")
        DEAL = "deal", _("deal")
        LOST = "lost", _("lost")

    class Origin(models.TextChoices):
        PRODUCT = "product", _("a product page")
        EDITION = "edition", _("a catalogue edition")
        CHANNEL = "channel", _("a channel")
        DIRECT = "direct", _("the inquiry form")

    sme = models.ForeignKey("smes.SME", on_delete=models.PROTECT, related_name="+", verbose_name=_("SME"))
    products = models.ManyToManyField("smes.Product", related_name="+", verbose_name=_("products"))
    origin = models.CharField(_("sent from"), max_length=10, choices=Origin.choices, default=Origin.DIRECT)
    channel = models.ForeignKey(
        Channel, null=True, blank=True, on_delete=models.SET_NULL, related_name="inquiries", verbose_name=_("channel")
    )
    name = models.CharField(_("name"), max_length=120, blank=True)
    company = models.CharField(_("company"), max_length=200, blank=True)
    country = models.ForeignKey(
        "partners.Country", on_delete=models.PROTECT, related_name="+", verbose_name=_("country")
    )
    language = models.CharField(_("language"), max_length=2, default="en")
    quantity = models.CharField(_("quantity"), max_length=120)
    message = models.TextField(_("message"), max_length=4000)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.UNVERIFIED)
    verified_at = models.DateTimeField(_("email confirmed"), null=True, blank=True)
    # The buyer's inquiries to several SMEs share one secret link: not unique, as PersonalRecord's is.
    secret_hash = models.CharField(max_length=64, editable=False, db_index=True)
    note = models.TextField(_("note of the trade office"), blank=True, max_length=2000)
    cooperation = models.ForeignKey(
        "cooperations.Cooperation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("foreign cooperation"),
    )
    deal_value = models.DecimalField(
        _("value of the deal"),
        max_digits=17,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(DEAL_MAX)],
    )
    deal_currency = models.CharField(_("currency"), max_length=3, blank=True, help_text=_("ISO 4217"))
    deal_date = models.DateField(_("date of the deal"), null=True, blank=True)
    activity = models.ForeignKey(
        "cooperations.Activity",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("result in the cooperation"),
    )
    decided_by = optional_link(settings.AUTH_USER_MODEL, _("last moved by"))
    is_sample = models.BooleanField(_("sample data"), default=False)

    # The buyer's name, company and email are personal data: in no history row, blanked by erasure.
    history_excluded_fields = ("name", "email", "company")

    class Meta:
        verbose_name = _("buyer inquiry")
        verbose_name_plural = _("buyer inquiries")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["region", "deleted_at", "status"]),
            models.Index(fields=["sme", "status"]),
        ]

    def __str__(self):
        return self.number

    @property
    def number(self) -> str:
        """How the trade office and the SME name it (no personal data)."""
        return f"P-{self.pk:05d}"
