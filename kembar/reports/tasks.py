"""Background tasks of reports (django-tasks; docs/adr/0013-reports.md). Arguments are JSON."""

from django_tasks import task

from .models import GeneratedReport
from .services import report_run


@task()
def report_generate(report_id: int) -> dict:
    """Build a requested report, updating its progress as each section is built."""
    report = GeneratedReport.objects.select_related("region").filter(pk=report_id).first()
    if report is None:
        return {"report": report_id, "status": "missing"}
    report = report_run(report=report)
    return {"report": report.pk, "status": report.status, "sha256": report.sha256}
