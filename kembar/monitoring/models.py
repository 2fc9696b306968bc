"""What the bureau records while a cooperation runs: obligation terms, fulfilments, handovers."""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kembar.core.fields import DateSpecField, optional_link
from kembar.core.models import TenantModel, long_text

from . import schedule


class Recurrence(models.TextChoices):
    ONCE = schedule.ONCE, _("Once")
    YEARLY = schedule.YEARLY, _("Yearly")
    HALF_YEARLY = schedule.HALF_YEARLY, _("Every half year")
    QUARTERLY = schedule.QUARTERLY, _("Quarterly")
    MONTHLY = schedule.MONTHLY, _("Monthly")


class ObligationTerms(TenantModel):
    """How the bureau reads an MoU obligation: when it falls due, who must act, who pays."""

    class Responsible(models.TextChoices):
        REGION = "region", _("Our region")
        PARTNER = "partner", _("The partner")
        BOTH = "both", _("Both sides")

    obligation = models.OneToOneField(
        "cooperations.Obligation",
        on_delete=models.CASCADE,
        related_name="monitoring_terms",
        verbose_name=_("obligation"),
    )
    recurrence = models.CharField(
        _("recurrence"),
        max_length=20,
        choices=Recurrence.choices,
        blank=True,
        help_text=_("Leave empty to follow the obligation as recorded from its source."),
    )
    grace_days = models.PositiveIntegerField(
        _("days of grace"),
        default=0,
        validators=[MaxValueValidator(3650, message=_("At most 3,650 days (ten years)."))],
        help_text=_("Days after the due date before an occurrence counts as overdue."),
    )
    responsible = models.CharField(_("responsible side"), max_length=10, choices=Responsible.choices, blank=True)
    funding_share = long_text(_("funding share"), blank=True)

    class Meta:
        verbose_name = _("obligation terms")
        verbose_name_plural = _("obligation terms")


class Fulfilment(TenantModel):
    """Evidence that one occurrence of an obligation was met."""

    cooperation = models.ForeignKey(
        "cooperations.Cooperation", on_delete=models.CASCADE, related_name="+", verbose_name=_("cooperation")
    )
    obligation = models.ForeignKey(
        "cooperations.Obligation", on_delete=models.CASCADE, related_name="fulfilments", verbose_name=_("obligation")
    )
    due = models.DateField(
        _("occurrence due"), null=True, blank=True, help_text=_("Empty when no due date can be derived.")
    )
    fulfilled_on = DateSpecField(_("fulfilled on"))
    evidence = long_text(_("evidence"))
    document = optional_link("cooperations.Document", _("evidence document"))
    recorded_by = optional_link(settings.AUTH_USER_MODEL, _("recorded by"))

    class Meta:
        ordering = ["obligation", "due", "pk"]
        verbose_name = _("fulfilment")
        verbose_name_plural = _("fulfilments")
        constraints = [
            models.UniqueConstraint(
                fields=["obligation", "due"],
                condition=models.Q(deleted_at__isnull=True, due__isnull=False),
                name="one_fulfilment_per_occurrence",
            )
        ]
        indexes = [models.Index(fields=["region", "cooperation"])]


class Handover(TenantModel):
    """A change of the person in charge of a cooperation, with the note the outgoing side leaves."""

    cooperation = models.ForeignKey(
        "cooperations.Cooperation", on_delete=models.CASCADE, related_name="+", verbose_name=_("cooperation")
    )
    from_person = models.CharField(_("from"), max_length=200, blank=True)
    to_person = models.CharField(_("to"), max_length=200, blank=True)
    note = long_text(_("handover note"))
    by = optional_link(settings.AUTH_USER_MODEL, _("recorded by"))
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("handover")
        verbose_name_plural = _("handovers")
        indexes = [models.Index(fields=["region", "cooperation"])]
