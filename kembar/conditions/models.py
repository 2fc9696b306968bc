"""Attestations: a named user's statement, with evidence, that a condition is met or not."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kembar.core.fields import optional_link
from kembar.core.models import TenantModel, long_text


class ConditionAttestation(TenantModel):
    """One attestation of one condition item. Never edited: a newer one supersedes it, both stay."""

    cooperation = models.ForeignKey(
        "cooperations.Cooperation", on_delete=models.CASCADE, related_name="+", verbose_name=_("cooperation")
    )
    set_id = models.CharField(_("condition set"), max_length=60)
    item_id = models.CharField(_("condition"), max_length=60)
    met = models.BooleanField(_("met"))
    evidence = long_text(_("evidence"))
    evidence_document = optional_link("cooperations.Document", _("evidence document"))
    attested_by = optional_link(settings.AUTH_USER_MODEL, _("attested by"))
    attested_at = models.DateTimeField(_("attested at"), default=timezone.now)

    class Meta:
        ordering = ["-attested_at", "-pk"]
        verbose_name = _("condition attestation")
        verbose_name_plural = _("condition attestations")
        indexes = [models.Index(fields=["cooperation", "set_id", "item_id"])]

    def __str__(self):
        return f"{self.set_id}/{self.item_id}: {'met' if self.met else 'not met'}"
