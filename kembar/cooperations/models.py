"""A cooperation's dossier: the agreement, its documents and files, and what happened under it."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kembar.core import uploads
from kembar.core.fields import DateSpecField
from kembar.core.models import TenantModel, TimeStamped, done_by, long_text
from kembar.core.words import citation


class Cooperation(TenantModel):
    class Type(models.TextChoices):
        KSDPL = "KSDPL", _("KSDPL — with a foreign local government")
        KSDLL = "KSDLL", _("KSDLL — with a foreign institution")

    class Form(models.TextChoices):
        SISTER_CITY = "sister_city", _("Sister city")
        SISTER_PROVINCE = "sister_province", _("Sister province")
        OTHER = "other", _("Other")
        INSTITUTION = "institution", _("Institution")

    class Status(models.TextChoices):
        IDEA = "idea", _("Idea / initiative")
        IN_PREPARATION = "in_preparation", _("In preparation")
        ACTIVE = "active", _("Active")
        DORMANT = "dormant", _("Dormant")
        EXPIRED = "expired", _("Expired")
        ENDED = "ended", _("Ended")
        UNKNOWN = "unknown", _("Unknown")

    ref = models.SlugField(_("reference"), max_length=80, help_text=_("Stable reference, unique in the region."))
    partner = models.ForeignKey("partners.Partner", on_delete=models.PROTECT, verbose_name=_("partner"))
    type = models.CharField(_("type"), max_length=5, choices=Type.choices)
    form = models.CharField(_("form"), max_length=20, choices=Form.choices)
    title = models.CharField(_("title"), max_length=300)
    legal_basis = long_text(_("legal basis"), blank=True)
    fields = models.JSONField(_("fields of cooperation"), default=list, blank=True)
    goals = long_text(_("goals"), blank=True)
    terms = models.JSONField(_("terms"), default=dict, blank=True)
    person_in_charge = models.CharField(_("person in charge"), max_length=200, blank=True)
    rule_pack = models.CharField(_("rule pack"), max_length=60, blank=True)
    started = DateSpecField(_("start"), blank=True)
    ends = DateSpecField(_("end"), blank=True)
    # The status recorded by hand (a letter ending the partnership, the bureau's own judgement). "Unknown" is
    # nothing recorded: every page then shows the status Kembar derives from the records
    # (kembar/evaluation/lifecycle.py); a recorded one wins there, and a disagreement is shown.
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        default=Status.UNKNOWN,
        help_text=_(
            "Leave “Unknown” to have Kembar derive the status from the records; set it when a decision says so."
        ),
    )
    status_date = DateSpecField(_("status recorded as of"), blank=True)
    status_basis = long_text(_("basis of the recorded status"), blank=True)
    as_of = DateSpecField(_("facts as of"), blank=True)
    # Keys of a case file this model does not know yet, kept so nothing in an import is lost.
    extra = models.JSONField(default=dict, blank=True, editable=False)
    # Shown on the public portal (kembar/public): only a bureau admin of the region publishes it
    # (public.services.cooperation_publish); when and by whom it last changed, the history keeps every change.
    published = models.BooleanField(_("published"), default=False, editable=False)
    published_at = models.DateTimeField(_("published on"), null=True, blank=True, editable=False)
    published_by = done_by(_("published by"))

    class Meta:
        ordering = ["title"]
        verbose_name = _("cooperation")
        verbose_name_plural = _("cooperations")
        constraints = [models.UniqueConstraint(fields=["region", "ref"], name="unique_cooperation_ref")]
        indexes = [models.Index(fields=["region", "deleted_at", "title"])]

    def __str__(self):
        return self.title


class DossierItem(TenantModel):
    """Anything that belongs to one cooperation's dossier."""

    cooperation = models.ForeignKey(Cooperation, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        abstract = True
        ordering = ["position", "pk"]

    @staticmethod
    def position_after(last: int | None) -> int:
        """The position of an item added at the end of a dossier whose highest position is `last`
        (None when it has none yet). The spreadsheet import numbers activities with it; activity_create
        applies the same rule."""
        return 0 if last is None else last + 1


def date_sort_of(date):
    """The day a dated item sorts by (DateSpec.sort_key()); None when it has no date."""
    return date.sort_key() if date else None


class Source(DossierItem):
    key = models.SlugField(_("key"), max_length=60)
    cite = long_text(_("citation"))
    seed = models.CharField(_("seed file"), max_length=200, blank=True)
    url = models.URLField(_("address"), blank=True)

    class Meta(DossierItem.Meta):
        verbose_name = _("source")
        constraints = [models.UniqueConstraint(fields=["cooperation", "key"], name="unique_source_key")]

    def __str__(self):
        return citation(self.cite)


class Sourced(DossierItem):
    source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("source")
    )

    class Meta(DossierItem.Meta):
        abstract = True


class DocumentKind(models.TextChoices):
    LOI = "loi", _("Letter of Intent (LoI)")
    MOU = "mou", _("Memorandum of Understanding (MoU)")
    PKS = "pks", _("Cooperation agreement (PKS)")
    PLAN = "plan", _("Cooperation plan")
    DPRD_APPROVAL = "dprd_approval", _("DPRD approval")
    CENTRAL_APPROVAL = "central_approval", _("Central approval")
    KEMLU_CONSIDERATION = "kemlu_consideration", _("Kemlu consideration")
    FULL_POWER = "full_power", _("Full-power letter")
    REPORT = "report", _("Report")
    CORRESPONDENCE = "correspondence", _("Correspondence")
    PARTNER_STUDY = "partner_study", _("Potential-partner study")
    OTHER = "other", _("Other")


class Document(Sourced):
    kind = models.CharField(_("kind"), max_length=24, choices=DocumentKind.choices)
    title = models.CharField(_("title"), max_length=300)
    date = DateSpecField(_("date"), blank=True)
    signatories = models.JSONField(_("signatories"), default=list, blank=True)
    language = models.CharField(_("language"), max_length=60, blank=True)
    summary = long_text(_("summary"), blank=True)
    # Private unless published one by one or by the region's rule (kembar/public/selectors.py decides).
    public = models.BooleanField(_("public"), default=False, editable=False)
    # Validity of MoUs and agreements (kembar/cooperations/expiry.py has the rules).
    valid_from = DateSpecField(_("valid from"), blank=True, help_text=_("Leave empty when it is the date above."))
    duration_months = models.PositiveIntegerField(
        _("duration (months)"),
        null=True,
        blank=True,
        validators=[
            MinValueValidator(1, message=_("The duration must be at least one month.")),
            MaxValueValidator(1200, message=_("The duration can be at most 1,200 months (100 years).")),
        ],
    )
    expires = DateSpecField(
        _("expires"), blank=True, help_text=_("Leave empty to compute it from the start and the duration.")
    )
    renews = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="renewed_by",
        verbose_name=_("renews"),
    )

    class Meta(Sourced.Meta):
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self):
        return self.title

    # What start, duration and expiry were when last read or saved, so clean() can tell a computed
    # expiry (which follows its start and duration) from one the source gave (which stays).
    @classmethod
    def from_db(cls, db, field_names, values):
        doc = super().from_db(db, field_names, values)
        doc._loaded_validity = doc._validity()
        return doc

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        self._loaded_validity = self._validity()

    def refresh_from_db(self, *args, **kwargs):
        super().refresh_from_db(*args, **kwargs)
        self._loaded_validity = self._validity()

    def _validity(self):
        return tuple(self.__dict__.get(name) for name in ("valid_from", "date", "duration_months", "expires"))

    def clean(self):
        from .expiry import derive_expires

        super().clean()
        loaded = getattr(self, "_loaded_validity", None)
        if loaded and self.expires and self.expires == loaded[3] and self._validity()[:3] != loaded[:3]:
            # A computed expiry follows its start and duration; one the source gave stays.
            if loaded[3] == derive_expires(loaded[0] or loaded[1], loaded[2]):
                self.expires = None
        if not self.expires:
            try:
                self.expires = derive_expires(self.valid_from or self.date, self.duration_months)
            except ValueError:  # past the last year a date can have (a DateError is one too)
                raise ValidationError(
                    {"duration_months": _("The start and the duration give an expiry after the year 9999.")}
                ) from None
        start = self.valid_from or self.date
        if self.expires and start and self.expires.latest() and start.earliest():
            if self.expires.latest() < start.earliest():
                raise ValidationError(
                    {
                        "expires": _("The expiry (%(expires)s) is before the start (%(start)s).")
                        % {"expires": self.expires.display(), "start": start.display()}
                    }
                )


def _upload_to(instance, filename):
    ext = uploads.extension(instance.content_type)  # of the checked type, not of the name it was sent with
    return f"documents/{instance.region_id}/{instance.document_id}/{uuid.uuid4().hex}{ext}"


class DocumentFile(TimeStamped):
    """One uploaded version of a document's file. Never overwritten: a new upload is a new row."""

    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="files")
    version = models.PositiveIntegerField(_("version"))
    file = models.FileField(_("file"), upload_to=_upload_to, max_length=300)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField("SHA-256", max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("uploaded by"),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["document", "-version"]
        verbose_name = _("document file")
        constraints = [models.UniqueConstraint(fields=["document", "version"], name="unique_file_version")]


class Event(Sourced):
    """A dated step of the procedure (correspondence, negotiation, signing, approval, renewal…)."""

    date = DateSpecField(_("date"), blank=True, help_text=_("Leave empty when the source gives no date."))
    date_sort = models.DateField(editable=False, db_index=True, null=True)
    end = DateSpecField(_("end"), blank=True)
    kind = models.CharField(_("kind"), max_length=40)
    title = long_text(_("title"))
    document = models.ForeignKey(
        Document,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
        verbose_name=_("document"),
    )

    class Meta(Sourced.Meta):
        verbose_name = _("event")

    def save(self, *args, **kwargs):
        self.date_sort = date_sort_of(self.date)
        super().save(*args, **kwargs)


class Obligation(Sourced):
    kind = models.CharField(_("kind"), max_length=60)
    text = long_text(_("text"))
    starts = DateSpecField(_("from"), blank=True)
    recurrence = models.CharField(_("recurrence"), max_length=30, blank=True)
    alternate_hosts = models.BooleanField(_("alternate hosts"), default=False)
    fulfilled = models.BooleanField(_("fulfilled"), null=True, blank=True)
    extra = models.JSONField(default=dict, blank=True, editable=False)

    class Meta(Sourced.Meta):
        verbose_name = _("obligation")


class Activity(Sourced):
    date = DateSpecField(_("date"), blank=True, help_text=_("Leave empty when the source gives no date."))
    date_sort = models.DateField(editable=False, db_index=True, null=True)
    end = DateSpecField(_("end"), blank=True)
    title = long_text(_("title"))
    kind = models.CharField(_("kind"), max_length=40, blank=True)
    field = models.CharField(_("field"), max_length=200, blank=True)
    host = models.CharField(_("host"), max_length=20, blank=True)
    initiated_by = models.CharField(_("initiated by"), max_length=20, blank=True)
    beneficiary = models.CharField(_("beneficiary"), max_length=20, blank=True)
    participants = models.JSONField(_("participants"), default=list, blank=True)
    community_in_planning = models.BooleanField(_("community in planning"), null=True, blank=True)
    outcomes = models.JSONField(_("outcomes"), default=list, blank=True)
    # Counts per sector of `participants` (activities.SECTORS), where the source gives them.
    participant_counts = models.JSONField(_("participants by sector"), default=dict, blank=True)
    budget_region = models.DecimalField(
        _("budget of the region"), max_digits=18, decimal_places=2, null=True, blank=True
    )
    budget_partner = models.DecimalField(
        _("budget of the partner"), max_digits=18, decimal_places=2, null=True, blank=True
    )
    currency = models.CharField(_("currency"), max_length=3, default="IDR", blank=True, help_text=_("ISO 4217"))
    extra = models.JSONField(default=dict, blank=True, editable=False)
    # Private unless published one by one or by the region's rule (kembar/public/selectors.py decides).
    public = models.BooleanField(_("public"), default=False, editable=False)

    class Meta(Sourced.Meta):
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        # A region's activities by date: its latest (the national dashboard), its years and beneficiaries (the
        # region dashboard). The last three columns let those reads skip the table: on SQLite a walk in date
        # order through the table's pages costs twice a read of the region in row order.
        # A cooperation's activities by date: its latest (the portal's rows), its timeline.
        indexes = [
            models.Index(
                fields=["region", "date_sort", "deleted_at", "cooperation", "beneficiary"], name="activity_region_date"
            ),
            models.Index(fields=["cooperation", "date_sort"], name="activity_cooperation_date"),
        ]

    def save(self, *args, **kwargs):
        self.set_derived_fields()
        super().save(*args, **kwargs)

    def set_derived_fields(self) -> None:
        """What saving derives from the other fields (the day it sorts by). Inserts that bypass save()
        (the spreadsheet import) call it themselves."""
        self.date_sort = date_sort_of(self.date)

    # Labels of the coded values (activities.py has the vocabularies); a value a source used that
    # is not in them is shown as it is.
    @property
    def kind_label(self) -> str:
        from .activities import KINDS

        return KINDS.get(self.kind, self.kind)

    @staticmethod
    def _side_label(side: str) -> str:
        from .activities import SIDE_LABELS

        return SIDE_LABELS.get(side, side)

    @property
    def host_label(self) -> str:
        return self._side_label(self.host)

    @property
    def initiated_by_label(self) -> str:
        return self._side_label(self.initiated_by)

    @property
    def beneficiary_label(self) -> str:
        return self._side_label(self.beneficiary)

    @property
    def sectors(self) -> list[tuple[str, str, int | None]]:
        """(code, label, count or None) of each sector that took part."""
        from .activities import SECTOR_LABELS

        counts = self.participant_counts or {}
        return [(s, SECTOR_LABELS.get(s, s), counts.get(s)) for s in self.participants or []]

    def clean(self):
        from kembar.core.dates import DateSpec

        from .activities import activity_problems

        super().clean()
        problems = activity_problems(
            # A date that did not parse has its own error from clean_fields.
            date=self.date if isinstance(self.date, DateSpec) else None,
            end=self.end if isinstance(self.end, DateSpec) else None,
            participants=self.participants,
            participant_counts=self.participant_counts,
            budget_region=self.budget_region,
            budget_partner=self.budget_partner,
            currency=self.currency,
        )
        if problems:
            raise ValidationError(problems)


def _activity_upload_to(instance, filename):
    ext = uploads.extension(instance.content_type)
    return f"activities/{instance.region_id}/{instance.activity_id}/{uuid.uuid4().hex}{ext}"


class ActivityFile(TimeStamped):
    """Evidence of an activity (a report, a list of participants, a photo). Never overwritten: each upload
    is a new row with its own stored file; the activity keeps them all."""

    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+")
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(_("file"), upload_to=_activity_upload_to, max_length=300)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField("SHA-256", max_length=64)
    caption = models.CharField(_("caption"), max_length=300, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("uploaded by"),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["activity", "created_at", "pk"]
        verbose_name = _("activity file")
        verbose_name_plural = _("activity files")

    @property
    def is_photo(self) -> bool:
        return self.content_type in ("image/jpeg", "image/png")


class Finding(Sourced):
    topic = models.CharField(_("topic"), max_length=60)
    text = long_text(_("text"))
    # Private unless published by hand (no rule publishes findings: kembar/public/selectors.py).
    public = models.BooleanField(_("public"), default=False, editable=False)

    class Meta(Sourced.Meta):
        verbose_name = _("finding")


class CooperationFacts(models.Model):
    """What a cooperation's records say that does not depend on the day it is judged (facts.py): derived,
    written with every change of its inputs, rebuilt from them by `kembar facts rebuild`."""

    cooperation = models.OneToOneField(Cooperation, on_delete=models.CASCADE, primary_key=True, related_name="facts")
    region = models.ForeignKey("regions.Region", on_delete=models.CASCADE, related_name="+")
    #: The latest day any input may begin: the facts hold for any day from this one on (None: any day).
    horizon = models.DateField(null=True)
    activities = models.PositiveIntegerField(default=0)
    data = models.JSONField(default=dict)
    #: What only some readers need, by name (facts.parts reads them): each LoI, MoU and PKS's validity, the
    #: obligations monitoring contributes.
    parts = models.JSONField(default=dict)
    #: The lifecycle status on the day the row was written (evaluation/lifecycle.py) and the days it holds for:
    #: from `status_from` up to the day before `status_until` (None: for good). No window ("", None): derive it.
    status = models.CharField(max_length=20, blank=True, default="")
    status_from = models.DateField(null=True)
    status_until = models.DateField(null=True)
    #: Drawn anew at every write of the row: what is worked out from it (kembar.dashboards' stored figures) holds
    #: only while the row keeps the version it was worked out from.
    version = models.BigIntegerField(default=0)

    class Meta:
        # The public directory's status filter reads the window of thousands of rows: from this index alone,
        # not from the rows with their JSON (kembar/public/selectors.py, _with_status).
        indexes = [
            models.Index(fields=["status", "status_from", "status_until", "cooperation"], name="facts_status_window")
        ]
        verbose_name = _("cooperation facts")
        verbose_name_plural = _("cooperation facts")

    def __str__(self):
        return str(self.cooperation_id)
