"""Regions seeking partners abroad, and the interest foreign cities and institutions express in them.

A region's publication (`Seeking`) is one row per region, switched on and off by its bureau, with its own text in
Indonesian and English; what it seeks (fields, offer, preferred countries) is the region's partner-search profile
(kembar.discovery.RegionProfile), entered once. Every change keeps history (TenantModel).

An `Interest` belongs to the region it is addressed to. Its sender's contact (name, email) is the only personal
data and is left out of the history rows, so erasing it leaves no copy. It counts nowhere (bureau, national
view, counts) until its email is confirmed; the sender follows it by a secret link whose SHA-256 alone is kept."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from kembar.core.models import TenantModel
from kembar.core.personal import PersonalRecord

#: Bounds of what a publication or an interest holds.
TEXT_MAX = 2000
MAX_FIELDS = 12


class Seeking(TenantModel):
    """A region publishes on the portal that it seeks partners abroad (on/off, its words in id and en)."""

    active = models.BooleanField(_("published on the portal"), default=False)
    text = models.TextField(_("message to partners (Indonesian)"), max_length=TEXT_MAX, blank=True)
    text_en = models.TextField(_("message to partners (English)"), max_length=TEXT_MAX, blank=True)
    published_at = models.DateTimeField(_("published since"), null=True, blank=True)

    class Meta:
        verbose_name = _("partner search on the portal")
        verbose_name_plural = _("partner searches on the portal")
        constraints = [models.UniqueConstraint(fields=["region"], name="one_seeking_per_region")]

    def __str__(self):
        return str(self.region)


class Interest(PersonalRecord):
    """A foreign city or institution's interest in cooperating with the region it is addressed to. Its sender
    downloads and erases their contact (name, email) by the secret link (kembar.core.personal)."""

    class Status(models.TextChoices):
        UNVERIFIED = "unverified", _("awaiting email confirmation")
        NEW = "new", _("new")
        CONTACT = "contact", _("in contact")
        DECLINED = "declined", _("declined")
        CANDIDATE = "candidate", _("turned into a study candidate")

    class Kind(models.TextChoices):
        CITY = "city", _("city or regional government")
        UNIVERSITY = "university", _("university or school")
        OTHER = "other", _("another institution")

    institution = models.CharField(_("institution"), max_length=200)
    kind = models.CharField(_("kind of sender"), max_length=20, choices=Kind.choices)
    country = models.ForeignKey(
        "partners.Country", on_delete=models.PROTECT, related_name="+", verbose_name=_("country")
    )
    city = models.CharField(_("city as typed"), max_length=200)
    place = models.ForeignKey(
        "discovery.Place", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("city")
    )
    name = models.CharField(_("contact person"), max_length=120, blank=True)
    fields = models.JSONField(_("fields of cooperation"), default=list, blank=True)
    message = models.TextField(_("message"), max_length=TEXT_MAX, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.UNVERIFIED)
    note = models.TextField(_("note of the bureau"), max_length=TEXT_MAX, blank=True)
    verified_at = models.DateTimeField(_("email confirmed"), null=True, blank=True)
    decided_at = models.DateTimeField(_("status changed"), null=True, blank=True)
    #: The shortlisted candidate of the potential-partner study it was turned into (kembar.studies).
    candidate = models.ForeignKey(
        "studies.Candidate",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("study candidate"),
    )

    # Personal data: never copied into history rows (erasure must leave no copy).
    history_excluded_fields = ("name", "email")

    class Meta:
        verbose_name = _("interest from abroad")
        verbose_name_plural = _("interests from abroad")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["region", "status", "deleted_at"])]

    def __str__(self):
        return self.institution

    @property
    def number(self) -> str:
        """How the bureau and the sender name it (no personal data)."""
        return f"M-{self.pk:05d}"

    @property
    def counts(self) -> bool:
        """Confirmed by email: only then is it seen, ranked or counted anywhere."""
        return self.status != self.Status.UNVERIFIED
