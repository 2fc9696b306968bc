"""Background tasks (django-tasks; docs/adr/0012-tasks-and-feeds.md). Arguments are JSON: ids, not objects."""

from django.utils import timezone
from django_tasks import task

from kembar.accounts.models import User

from .models import ImportJob
from .services import import_job_preview, import_job_run


def _run(step, job_id: int, user_id: int | None) -> str:
    """Run `step` (a service taking the job and its user) on the job; a failure is recorded on the job (the page
    says so) and raised for the task's own record. Returns the job's status."""
    job = ImportJob.objects.select_related("region").get(pk=job_id)
    by = User.objects.filter(pk=user_id).first() if user_id else None
    try:
        return step(job=job, by=by).status
    except Exception as exc:
        job.refresh_from_db()
        if job.status == ImportJob.Status.RUNNING:
            # Nothing of the import stayed (its rows and outcome commit together): it may be imported again.
            job.finished_at = timezone.now()
        job.status = ImportJob.Status.FAILED
        job.message = str(exc)[:2000]
        job.save(update_fields=["status", "message", "finished_at", "updated_at"])
        raise


@task()
def import_commit(job_id: int, user_id: int | None = None) -> str:
    """Commit a checked import (large files run here, off the request); returns the job's final status."""
    return _run(import_job_run, job_id, user_id)


@task()
def import_check(job_id: int, user_id: int | None = None) -> str:
    """Check every row of a mapped import (off the request: a large file takes a while), writing the rows
    read so far for the page's progress; returns the job's status."""
    return _run(import_job_preview, job_id, user_id)
