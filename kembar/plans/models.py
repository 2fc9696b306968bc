"""The cooperation plan (rencana kerja sama) the bureau submits to the DPRD, and the DPRD's decision."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kembar.core.fields import optional_link
from kembar.core.models import TenantModel, long_text


class CooperationPlan(TenantModel):
    """One version of a cooperation's plan. A revision after a decision is a new row with the next number;
    the highest number is the current plan, earlier ones stay as the record of what the DPRD decided."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted to the DPRD")
        APPROVED = "approved", _("Approved by the DPRD")
        REJECTED = "rejected", _("Rejected by the DPRD")

    cooperation = models.ForeignKey(
        "cooperations.Cooperation", on_delete=models.CASCADE, related_name="plans", verbose_name=_("cooperation")
    )
    number = models.PositiveIntegerField(_("number"), default=1)
    pack_id = models.CharField(_("rule pack"), max_length=60)
    # The required items as the pack listed them when the plan was saved ([{id, name: {id, en}}]), so a
    # later change of pack never relabels what the DPRD saw.
    items = models.JSONField(_("required items"), default=list, editable=False)
    contents = models.JSONField(_("contents"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    letter_date = models.DateField(_("letter date"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    submitted_by = optional_link(settings.AUTH_USER_MODEL, _("submitted by"))
    document = optional_link("cooperations.Document", _("plan document"))
    document_file = optional_link("cooperations.DocumentFile", _("plan file"))
    dprd_notes = long_text(_("DPRD notes"), blank=True)
    decided_by = optional_link(settings.AUTH_USER_MODEL, _("decided by"))
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_document = optional_link("cooperations.Document", _("decision letter"))

    class Meta:
        ordering = ["cooperation", "-number"]
        verbose_name = _("cooperation plan")
        verbose_name_plural = _("cooperation plans")
        constraints = [models.UniqueConstraint(fields=["cooperation", "number"], name="unique_plan_number")]
        indexes = [models.Index(fields=["region", "status"])]

    def __str__(self):
        return f"{self.cooperation} · {self.number}"

    @property
    def is_decided(self) -> bool:
        return self.status in (self.Status.APPROVED, self.Status.REJECTED)

    def missing_items(self) -> list[dict]:
        return [item for item in self.items if not str(self.contents.get(item["id"], "")).strip()]
