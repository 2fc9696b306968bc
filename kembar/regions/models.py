"""Regions are the tenants: Indonesia's provinces, regencies and cities with Kemendagri codes."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kembar.core.models import TenantModel


class Region(models.Model):
    class Kind(models.TextChoices):
        PROVINCE = "province", _("Province")
        REGENCY = "regency", _("Regency")
        CITY = "city", _("City")

    code = models.CharField(_("Kemendagri code"), max_length=8, unique=True)
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("province"),
    )
    #: When the region's records were last written: the version of its kept page bodies (kembar/core/pages.py).
    changed_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self):
        return self.name


class RegionProfile(TenantModel):
    """What a source reports about a region's cooperation bureau and portfolio (case file `region:`)."""

    bureau_unit = models.CharField(_("bureau unit"), max_length=200, blank=True)
    bureau_established = models.PositiveIntegerField(_("bureau established (year)"), null=True, blank=True)
    bureau_staff = models.PositiveIntegerField(_("bureau staff"), null=True, blank=True)
    bureau_as_of = models.CharField(_("bureau data as of"), max_length=32, blank=True)
    portfolio_counts = models.JSONField(_("portfolio counts"), default=dict, blank=True)
    portfolio_as_of = models.CharField(_("portfolio as of"), max_length=32, blank=True)
    source = models.TextField(_("source"), blank=True)
    # A setting of the bureau, not a sourced fact: when an LoI without an MoU is flagged (expiry.py).
    loi_followup_months = models.PositiveSmallIntegerField(
        _("months to follow up an LoI"),
        default=12,
        validators=[
            MinValueValidator(1, message=_("At least one month.")),
            MaxValueValidator(120, message=_("At most 120 months (ten years).")),
        ],
        help_text=_("An LoI not followed by an MoU or PKS after this many months is listed under Deadlines."),
    )
    # Settings of the bureau for dormancy (kembar/evaluation/dormancy.py): a certain silence this long is
    # quiet, then dormant.
    quiet_months = models.PositiveSmallIntegerField(
        _("months without activity before a cooperation is quiet"),
        default=12,
        validators=[
            MinValueValidator(1, message=_("At least one month.")),
            MaxValueValidator(120, message=_("At most 120 months (ten years).")),
        ],
    )
    dormant_months = models.PositiveSmallIntegerField(
        _("months without activity before a cooperation is dormant"),
        default=24,
        validators=[
            MinValueValidator(2, message=_("At least two months.")),
            MaxValueValidator(240, message=_("At most 240 months (twenty years).")),
        ],
    )

    # The bureau's publishing rule (kembar/public): what of its published cooperations the portal shows without
    # each item being published by hand.
    publish_activities = models.BooleanField(_("publish all activities of published cooperations"), default=False)
    publish_documents = models.BooleanField(_("publish all documents of published cooperations"), default=False)
    publish_evaluation = models.BooleanField(_("publish the evaluation summary"), default=False)

    class Meta:
        verbose_name = _("region profile")
        constraints = [models.UniqueConstraint(fields=["region"], name="one_profile_per_region")]

    def clean(self):
        from django.core.exceptions import ValidationError

        super().clean()
        if self.quiet_months and self.dormant_months and self.dormant_months <= self.quiet_months:
            raise ValidationError(
                {
                    "dormant_months": _("Dormant must be longer than quiet (%(quiet)s months).")
                    % {"quiet": self.quiet_months}
                }
            )
