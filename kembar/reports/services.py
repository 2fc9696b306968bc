"""Writes for reports: ask for a report (queued as a background task) and build it, keeping the file with
its checksum. The page, the task and the `kembar report` command all go through these."""

from __future__ import annotations

import hashlib
import logging

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kembar.core import files, lease, queue
from kembar.core.services import record_change
from kembar.regions.models import Region

from .models import GeneratedReport

log = logging.getLogger(__name__)

#: The report is a formal Indonesian paper whatever language its reader uses on screen.
REPORT_LANGUAGE = "id"


def check_year(year: int) -> None:
    this_year = timezone.localdate().year
    if not 1945 <= year <= this_year:
        raise ValidationError(
            {
                "year": _("Choose a year from 1945 to %(year)s: a report covers a year that has begun.")
                % {"year": this_year}
            }
        )


def build_bytes(*, region: Region, year: int, format: str, progress=None) -> bytes:
    """The report file's bytes (the builders of pdf.py and xlsx.py over annual_report_data)."""
    from .pdf import annual_pdf
    from .selectors import annual_report_data
    from .xlsx import annual_xlsx

    def step(percent: int, message: str) -> None:
        if progress is not None:
            progress(percent, message)

    if format not in GeneratedReport.Format.values:
        raise ValidationError({"format": _("Choose PDF or XLSX.")})
    with translation.override(REPORT_LANGUAGE):
        step(5, _("Gathering the data"))
        data = annual_report_data(region=region, year=year, lang=REPORT_LANGUAGE)
        step(30, _("Data gathered"))
        build = annual_pdf if format == GeneratedReport.Format.PDF else annual_xlsx
        return build(data, progress=step)


@transaction.atomic
def report_request(
    *, region: Region, by, year: int, format: str, message: str = "", enqueue: bool = True
) -> GeneratedReport:
    """Record a report to generate and queue its task once the transaction commits (`enqueue=False`: the
    caller runs it itself, as the command line does)."""
    check_year(year)
    report = GeneratedReport(
        region=region,
        year=year,
        format=format,
        message=message,
        generated_by=by if getattr(by, "is_authenticated", False) else None,
    )
    report.full_clean()
    record_change(report, by=by, reason="report requested")
    report.save()
    if enqueue:
        transaction.on_commit(lambda: queue.enqueue("kembar.reports.tasks.report_generate", report_id=report.pk))
    return report


def _progress(report: GeneratedReport):
    def update(percent: int, message: str) -> None:
        # A plain UPDATE (no history row per step), committed at once so the page sees it.
        GeneratedReport.objects.filter(pk=report.pk).update(progress=min(percent, 99), updated_at=timezone.now())
        report.progress = min(percent, 99)

    return update


def report_fail_stalled(*, region: Region | None = None) -> int:
    """Record as failed the reports whose worker died while building them (GeneratedReport.stalled): the
    daily job, for every region. How many there were; each can be requested again."""
    reports = GeneratedReport.objects.all() if region is None else GeneratedReport.objects.filter(region=region)
    running, failed = GeneratedReport.Status.RUNNING, GeneratedReport.Status.FAILED
    return lease.fail_lapsed(reports, busy=running, failed=failed, message=STALLED_MESSAGE, reason="report stalled")


#: What a report whose worker died says (the page shows it at once; the daily job records it).
STALLED_MESSAGE = gettext_lazy("Stopped: the work building it ended before it was done. Request it again.")


def report_run(*, report: GeneratedReport) -> GeneratedReport:
    """Build the report's file and keep it with its SHA-256 and size; a failure is recorded, not raised."""
    report.status = GeneratedReport.Status.RUNNING
    report.started_at = timezone.now()
    report.progress = 1
    record_change(report, by=None, reason="report started")
    report.save(update_fields=["status", "started_at", "progress", "updated_at"])
    try:
        content = build_bytes(region=report.region, year=report.year, format=report.format, progress=_progress(report))
    except Exception as exc:  # the page must say it failed rather than spin for ever
        log.exception("report %s failed", report.pk)
        report.status = GeneratedReport.Status.FAILED
        report.message = (_("Failed: %(error)s") % {"error": exc})[:500]
        report.finished_at = timezone.now()
        record_change(report, by=None, reason="report failed")
        report.save()
        return report
    report.sha256 = hashlib.sha256(content).hexdigest()
    report.size = len(content)
    report.status = GeneratedReport.Status.DONE
    report.progress = 100
    report.finished_at = timezone.now()
    with files.atomic():  # the file goes again if its row cannot be saved
        files.save_file(report.file, report.filename, ContentFile(content))
        record_change(report, by=None, reason="report done")
        report.save()
    return report
