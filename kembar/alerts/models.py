"""What needs a user's attention (alerts), how they hear of it (digest language), and their calendar feed."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kembar.core.models import TenantModel


class Kind(models.TextChoices):
    DORMANCY = "dormancy", _("Dormancy")
    OBLIGATION = "obligation", _("Obligation")
    LOI = "loi", _("LoI without MoU")
    EXPIRY = "expiry", _("Agreement expiry")
    PLAN = "plan", _("Cooperation plan")


class Alert(TenantModel):
    """One thing one user should look at. `key` names the fact (and its date), so a daily run that finds
    the same fact again adds nothing: (user, key) is unique.

    Two sorts share the table, the unread count and the read state: a *condition* of the records on a day
    (dormancy, obligation, LoI, expiry: kept current, removed when it no longer holds) and a *notification*
    of an event (plan: submitted to the DPRD, decided by it; kembar/alerts/notify.py), which stays."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="alerts", verbose_name=_("recipient")
    )
    cooperation = models.ForeignKey(
        "cooperations.Cooperation",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("cooperation"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    level = models.CharField(_("level"), max_length=20)
    #: The subject as recorded (a cooperation's title); the sentence around it is rendered in the
    #: reader's language from kind, level and `data` (kembar/alerts/rules.py).
    title = models.CharField(_("title"), max_length=300)
    detail = models.TextField(_("detail"), blank=True)
    data = models.JSONField(default=dict, blank=True, editable=False)
    due = models.DateField(_("due"), null=True, blank=True)
    key = models.CharField(_("key"), max_length=200)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("emailed"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["read_at", "-created_at", "-pk"]
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="unique_alert_per_user")]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self):
        return f"{self.kind}:{self.title}"

    @property
    def message(self) -> str:
        from .rules import describe

        return describe(self.kind, self.level, self.due, self.data)


class Preference(models.Model):
    """How a user wants to hear of alerts (not tenant-owned: one row per user, across regions)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="alert_preference")
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE)
    email = models.BooleanField(_("send me a daily email digest"), default=True)

    class Meta:
        verbose_name = _("alert preference")

    def __str__(self):
        return f"{self.user} · {self.language}"


class FeedToken(models.Model):
    """The secret of a user's calendar feed. Only its SHA-256 is kept: the address is shown once, when
    made; making a new one replaces (and so invalidates) the old."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="feed_token")
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    used_at = models.DateTimeField(_("last fetched"), null=True, blank=True)

    class Meta:
        verbose_name = _("calendar feed token")

    def __str__(self):
        return str(self.user)
