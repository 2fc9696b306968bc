"""A spreadsheet import: the uploaded file, the column mapping, what the preview found, what the commit did."""

import os
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kembar.core import lease
from kembar.core.models import TenantModel

#: Problems kept on the job for display; the count says how many there were in all.
ERRORS_KEPT = 1000
#: The preview kept on the job: the first rows, the first columns, each cell cut to this many characters.
PREVIEW_ROWS, PREVIEW_COLUMNS, PREVIEW_CHARS = 20, 50, 80
#: A header name as kept (the column choices and the preview show it).
HEADER_CHARS = 100


def _upload_to(instance, filename):
    ext = os.path.splitext(filename)[1].lower()[:10]
    return f"imports/{instance.region_id}/{uuid.uuid4().hex}{ext}"


class ImportJob(TenantModel):
    class Kind(models.TextChoices):
        COOPERATIONS = "cooperations", _("Cooperations")
        ACTIVITIES = "activities", _("Activities")

    class Status(models.TextChoices):
        UPLOADED = "uploaded", _("Uploaded")
        MAPPED = "mapped", _("Columns chosen")
        CHECKING = "checking", _("Checking")
        PREVIEWED = "previewed", _("Checked")
        RUNNING = "running", _("Importing")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    file = models.FileField(_("file"), upload_to=_upload_to, max_length=300)
    original_name = models.CharField(_("file name"), max_length=255)
    file_format = models.CharField(_("format"), max_length=4)
    size = models.PositiveBigIntegerField(_("size"), default=0)
    sha256 = models.CharField("SHA-256", max_length=64)
    headers = models.JSONField(_("headers"), default=list, blank=True)  # each cut to HEADER_CHARS
    preview = models.JSONField(_("preview"), default=list, blank=True)  # [[cell text]], PREVIEW_* bounded
    mapping = models.JSONField(_("column mapping"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.UPLOADED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    valid_rows = models.PositiveIntegerField(_("valid rows"), default=0)
    error_count = models.PositiveIntegerField(_("problems"), default=0)
    created_count = models.PositiveIntegerField(_("created"), default=0)
    partners_created = models.PositiveIntegerField(_("partners created"), default=0)
    errors = models.JSONField(_("problems"), default=list, blank=True)  # [{"row", "column", "message"}], capped
    notes = models.JSONField(_("notes"), default=list, blank=True)  # what reading skipped, said to the user
    message = models.TextField(_("message"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    #: Not copied into the history rows (TenantHistory): what the file says, kept once on the job.
    history_excluded_fields = ("headers", "preview", "errors", "notes")

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self):
        return self.original_name

    @property
    def check_stalled(self) -> bool:
        """Checking, but no progress written within the lease (kembar/core/lease.py): its worker died, and the
        user may start the check again."""
        return lease.lapsed(self, self.Status.CHECKING)

    @property
    def run_stalled(self) -> bool:
        """Importing, but no progress written within the lease: its worker died. Nothing of it stayed (the rows
        and the job's outcome commit together), so it shows as failed and may be imported again; the daily job
        records it as failed (services.import_fail_stalled)."""
        return lease.lapsed(self, self.Status.RUNNING)

    @property
    def busy(self) -> bool:
        """A worker is checking or importing the file (and has shown a sign of life within the lease)."""
        return self.status in (self.Status.CHECKING, self.Status.RUNNING) and not lease.lapsed(self, self.status)

    @property
    def may_import(self) -> bool:
        """A checked file without problems whose rows are not in: checked, or an import that stopped before it
        finished — its worker died (run_stalled, or so recorded) or it failed for a reason other than the rows
        (the task's runner sets `finished_at` then; a check's failure leaves it empty)."""
        if self.error_count or not self.total_rows or self.valid_rows != self.total_rows:
            return False
        stopped = self.status == self.Status.FAILED and self.finished_at is not None
        return self.status == self.Status.PREVIEWED or self.run_stalled or stopped

    @property
    def errors_hidden(self) -> int:
        return max(0, self.error_count - len(self.errors or []))
