"""Users and what they may do in which region."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class User(AbstractUser):
    """Custom from day one, so fields can be added without a painful migration later."""

    history = HistoricalRecords(excluded_fields=["password", "last_login", "unread_alerts"])
    #: How many of the user's alerts in the regions of their bureau memberships are unread: the nav's badge, a
    #: derived fact kept by kembar/alerts/unread.py in the same transaction as every write that changes it.
    unread_alerts = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        return self.get_full_name() or self.username


class Role(models.TextChoices):
    BUREAU_ADMIN = "bureau_admin", _("Bureau administrator")
    BUREAU_STAFF = "bureau_staff", _("Bureau staff")
    LEADERSHIP = "leadership", _("Leadership (read-only)")
    DPRD = "dprd", _("DPRD")
    NATIONAL_OVERSEER = "national_overseer", _("National overseer (read-only)")
    NATIONAL_ADMIN = "national_admin", _("National administrator")
    # The region's trade and SME office and the people it works with (Little Bandung, kembar/catalogue):
    # they never reach the bureau's records (access.BUREAU_ROLES).
    TRADE_STAFF = "trade_staff", _("Trade office staff")
    SME_OWNER = "sme_owner", _("SME owner")
    TRANSLATOR = "translator", _("Translator")


#: Roles that hold for every region; their membership has no region.
NATIONAL_ROLES = frozenset({Role.NATIONAL_OVERSEER, Role.NATIONAL_ADMIN})
_NATIONAL = sorted(r.value for r in NATIONAL_ROLES)  # stable order for the migration
#: Roles that may change a region's dossiers.
EDITOR_ROLES = {Role.BUREAU_ADMIN, Role.BUREAU_STAFF}
#: Roles that open the bureau's records (cooperations, procedure, evaluation, reports, search) of a region.
BUREAU_ROLES = frozenset({Role.BUREAU_ADMIN, Role.BUREAU_STAFF, Role.LEADERSHIP, Role.DPRD}) | NATIONAL_ROLES
#: Roles of the region's SME export programme (kembar/catalogue); they open nothing of the bureau's.
PROGRAMME_ROLES = frozenset({Role.TRADE_STAFF, Role.SME_OWNER, Role.TRANSLATOR})


class Membership(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    region = models.ForeignKey(
        "regions.Region",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="memberships",
        help_text=_("Empty for national roles, which see every region."),
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("membership")
        constraints = [
            models.UniqueConstraint(fields=["user", "region", "role"], name="unique_membership"),
            models.CheckConstraint(
                condition=(
                    models.Q(role__in=_NATIONAL, region__isnull=True)
                    | (~models.Q(role__in=_NATIONAL) & models.Q(region__isnull=False))
                ),
                name="national_roles_have_no_region",
            ),
        ]

    def __str__(self):
        return f"{self.user} · {self.get_role_display()} · {self.region or _('all regions')}"
