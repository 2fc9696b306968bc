"""Community participation: proposals of activities from anyone, triaged by the region's bureau.

A proposal belongs to the region whose portal page it was sent from (TenantModel: history on every change,
reached only through the region). The proposer's identity (name, email, organisation) is the only personal
data kept; it is left out of the history rows, so erasing it (services.proposal_erase) leaves no copy behind.
The proposer follows the proposal by a secret link whose SHA-256 alone is stored (kembar.core.personal)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from kembar.core.fields import DateSpecField
from kembar.core.models import TenantModel
from kembar.core.personal import PersonalRecord  # the base of every record a person sends (docs/adr/0043)


def _registered_organisation() -> models.ForeignKey:
    """The registered Organisation whose email a proposal or a sign-up was sent with, once it is verified."""
    return models.ForeignKey(
        "participation.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("registered organisation"),
    )


class Proposal(PersonalRecord):
    class Status(models.TextChoices):
        UNVERIFIED = "unverified", _("awaiting email confirmation")
        RECEIVED = "received", _("received")
        REVIEW = "review", _("under review")
        ACCEPTED = "accepted", _("accepted")
        DECLINED = "declined", _("declined")

    class Proposer(models.TextChoices):
        PERSON = "person", _("a person")
        ORGANISATION = "organisation", _("an organisation")

    class Kind(models.TextChoices):
        CITIZEN = "citizen", _("citizen")
        NGO = "ngo", _("NGO")
        UNIVERSITY = "university", _("university")
        BUSINESS = "business", _("business")
        SCHOOL = "school", _("school")
        COMMUNITY = "community", _("community group")

    #: The participants' sector (kembar.cooperations.activities.SECTORS) of an activity a proposal becomes.
    SECTOR = {
        "citizen": "community",
        "ngo": "ngo",
        "university": "education",
        "business": "business",
        "school": "education",
        "community": "community",
    }

    cooperation = models.ForeignKey(
        "cooperations.Cooperation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("cooperation"),
    )
    partner_city = models.CharField(_("proposed partner city"), max_length=200, blank=True)
    proposer = models.CharField(_("proposed by"), max_length=20, choices=Proposer.choices)
    kind = models.CharField(_("kind of proposer"), max_length=20, choices=Kind.choices)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    name = models.CharField(_("name"), max_length=120, blank=True)
    title = models.CharField(_("proposed activity"), max_length=200)
    offer = models.TextField(_("what they offer"))
    need = models.TextField(_("what they need"), blank=True)
    field = models.CharField(_("field"), max_length=200, blank=True)
    when = DateSpecField(_("when"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.UNVERIFIED)
    reason = models.TextField(_("reason for declining"), blank=True)
    verified_at = models.DateTimeField(_("email confirmed"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    activity = models.ForeignKey(
        "cooperations.Activity",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("planned activity"),
    )
    org = _registered_organisation()

    # Personal data: never copied into history rows (erasure must leave no copy).
    history_excluded_fields = ("name", "email", "organisation")

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["region", "status", "deleted_at"])]

    def __str__(self):
        return self.title

    @property
    def number(self) -> str:
        """How the bureau and the proposer name it (no personal data)."""
        return f"U-{self.pk:05d}"


class SignupSheet(TenantModel):
    """The bureau's settings for the sign-ups of one public activity: how many places (blank: no limit). A sheet
    is made when the bureau first sets a capacity; an activity without one takes sign-ups without limit."""

    activity = models.OneToOneField(
        "cooperations.Activity", on_delete=models.CASCADE, related_name="+", verbose_name=_("activity")
    )
    capacity = models.PositiveIntegerField(_("places"), null=True, blank=True, help_text=_("Leave empty for no limit."))

    class Meta:
        verbose_name = _("sign-up sheet")
        verbose_name_plural = _("sign-up sheets")


class Signup(PersonalRecord):
    """One person signed up for an upcoming public activity: a place, or a place on the waiting list (in the
    order of signing up) when the places are taken. Name, email and organisation are personal data, left out of
    the history rows (erasure leaves no copy); the secret link of the confirmation email (its SHA-256 alone is
    kept) cancels the sign-up, downloads and erases the data."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("place confirmed")
        WAITING = "waiting", _("on the waiting list")
        CANCELLED = "cancelled", _("cancelled")

    activity = models.ForeignKey(
        "cooperations.Activity", on_delete=models.PROTECT, related_name="+", verbose_name=_("activity")
    )
    name = models.CharField(_("name"), max_length=120, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    promoted_at = models.DateTimeField(_("moved up from the waiting list"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)
    org = _registered_organisation()

    history_excluded_fields = ("name", "email", "organisation")

    class Meta:
        verbose_name = _("sign-up")
        verbose_name_plural = _("sign-ups")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["activity", "status"])]
        constraints = [
            # One standing sign-up per person and activity (signups.signup_create sends the one they have again).
            models.UniqueConstraint(
                fields=["activity", "email"],
                condition=models.Q(status__in=["confirmed", "waiting"]) & ~models.Q(email=""),
                name="one_standing_signup_per_email",
            )
        ]

    def __str__(self):
        return self.number

    @property
    def number(self) -> str:
        return f"D-{self.pk:05d}"


class Organisation(PersonalRecord):
    """An NGO, university, business, school or community group registered once with a region's bureau: it
    confirms its email, the bureau verifies it, and from then on the proposals and sign-ups sent with its email
    are linked to it and listed on its page behind its secret link (only the link's SHA-256 is kept)."""

    class Status(models.TextChoices):
        UNVERIFIED = "unverified", _("awaiting email confirmation")
        PENDING = "pending", _("awaiting the bureau's verification")
        VERIFIED = "verified", _("verified")
        REJECTED = "rejected", _("not verified")

    #: The kinds an organisation may be (a citizen is none).
    KINDS = [(k, label) for k, label in Proposal.Kind.choices if k != Proposal.Kind.CITIZEN]

    name = models.CharField(_("name of the organisation"), max_length=200)
    kind = models.CharField(_("kind of organisation"), max_length=20, choices=KINDS)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.UNVERIFIED)
    confirmed_at = models.DateTimeField(_("email confirmed"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    # The email is the one personal datum (a person's address, often): in no history row.
    history_excluded_fields = ("email",)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.name

    @property
    def number(self) -> str:
        return f"O-{self.pk:05d}"
