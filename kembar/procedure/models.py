"""Rule packs in the database (versioned, national) and each cooperation's way through one of them."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kembar.core.fields import DateSpecField, optional_link
from kembar.core.models import TenantModel, TimeStamped, long_text


class RulePack(TimeStamped):
    """One version of a rule pack (the content of a pack file). National: not owned by a region.

    A version is never edited once a cooperation follows it; a national administrator publishes a
    new version instead, and cooperations keep the version they began under.
    """

    pack_id = models.SlugField(_("pack"), max_length=60)
    version = models.PositiveIntegerField(_("version"))
    data = models.JSONField(_("content"))
    created_by = optional_link(settings.AUTH_USER_MODEL, _("published by"))
    note = long_text(_("note"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["pack_id", "version"]
        verbose_name = _("rule pack version")
        verbose_name_plural = _("rule pack versions")
        constraints = [models.UniqueConstraint(fields=["pack_id", "version"], name="unique_rule_pack_version")]

    def __str__(self):
        return f"{self.pack_id} v{self.version}"

    def title(self, language: str = "id") -> str:
        title = self.data.get("title") or {}
        return title.get(language) or title.get("id") or self.pack_id


class CooperationProcedure(TenantModel):
    """The pack version a cooperation follows: the one in force (latest) when it began."""

    cooperation = models.OneToOneField(
        "cooperations.Cooperation", on_delete=models.CASCADE, related_name="procedure", verbose_name=_("cooperation")
    )
    pack = models.ForeignKey(RulePack, on_delete=models.PROTECT, related_name="+", verbose_name=_("rule pack"))
    started_at = models.DateTimeField(_("started"), default=timezone.now)

    class Meta:
        verbose_name = _("cooperation procedure")

    def __str__(self):
        return f"{self.cooperation_id}: {self.pack}"


class StageRecord(TenantModel):
    """One move on the procedure. The stages done are derived by replaying the records in order."""

    class Action(models.TextChoices):
        COMPLETE = "complete", _("completed")
        SEND_BACK = "send_back", _("sent back")

    cooperation = models.ForeignKey(
        "cooperations.Cooperation", on_delete=models.CASCADE, related_name="+", verbose_name=_("cooperation")
    )
    stage_id = models.CharField(_("stage"), max_length=60)
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    # Why: required when several stages are completed in one move (compressed path) and for a send-back.
    justification = long_text(_("justification"), blank=True)
    compressed = models.BooleanField(_("compressed path"), default=False)
    documents = models.ManyToManyField(
        "cooperations.Document", blank=True, related_name="+", verbose_name=_("evidence documents")
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("by")
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    # A stage a source dates (a case file's `procedure:` records): when it happened, at the source's precision,
    # and the source; `at` is then when Kembar recorded it.
    date = DateSpecField(_("date"), blank=True)
    source = models.ForeignKey(
        "cooperations.Source",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("source"),
    )

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("stage record")
        verbose_name_plural = _("stage records")
        indexes = [models.Index(fields=["region", "cooperation", "at"])]

    def __str__(self):
        return f"{self.stage_id} {self.action}"
