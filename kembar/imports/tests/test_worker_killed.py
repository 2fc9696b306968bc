"""A task worker killed mid-import (issue 17): a real `kembar db_worker` on the test's PostgreSQL database takes
the import, dies by SIGKILL once the rows are moving, and then — nothing of the file is in, the page says the
import stopped once the lease has passed, and importing again writes every row exactly once. The daily job
records such an import as failed; that runs on both databases."""

import datetime as dt

import pytest
from django.db import connection
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from kembar.alerts.tasks import alerts_daily
from kembar.cooperations.models import Activity, CooperationFacts
from kembar.imports import services
from kembar.imports.models import ImportJob
from kembar.testing import Worker, make_cooperation, row_locked, wait_until, waiting_on_a_lock

from .helpers import csv_bytes, upload

#: Rows enough to run as a task (services.LARGE_ROWS), and to show progress before the last is written.
ROWS = 12_000
STOPPED = "Impor berhenti sebelum selesai; tidak ada data yang diimpor."


def _job_url(job):
    return reverse("import_job", kwargs={"code": job.region.code, "pk": job.pk})


def _checked_job(client, region, rows: int) -> ImportJob:
    """Upload a file of `rows` activities of cooperation "k" and check it (in the test's process)."""
    content = csv_bytes([["Kerja sama", "Tanggal", "Judul"]] + [["k", "2019", f"Kegiatan {i}"] for i in range(rows)])
    client.post(
        reverse("import_index", kwargs={"code": region.code}),
        {"kind": "activities", "file": upload(content, "kegiatan.csv")},
    )
    job = ImportJob.objects.latest("pk")
    mapping = {k: "" if v is None else str(v) for k, v in job.mapping.items()}
    client.post(_job_url(job), {**mapping, "action": "map"})
    job.refresh_from_db()
    assert job.status == ImportJob.Status.PREVIEWED and job.valid_rows == rows, job.errors
    return job


def _progress(job) -> int:
    return ImportJob.objects.get(pk=job.pk).progress


def _writing_lock_held(job) -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND classid = %s AND objid = %s",
            [services.WRITING_LOCK, job.pk],
        )
        return cursor.fetchone()[0] > 0


@pytest.mark.django_db(transaction=True)
def test_an_import_whose_worker_is_killed_leaves_nothing_and_imports_each_row_once_again(
    client, bandung, staff, settings, tmp_path
):
    if connection.vendor != "postgresql":
        pytest.skip("a worker process needs the test's database to be a server's: PostgreSQL only")
    coop = make_cooperation(bandung, by=staff, ref="k")
    client.force_login(staff)  # the page in Indonesian, the default
    job = _checked_job(client, bandung, ROWS)

    # The worker writes every row, then waits for the cooperation's stored facts, which this test holds: it is
    # killed there, its transaction open, whatever the machine's speed.
    with Worker(tmp_path / "worker.log") as worker, row_locked(CooperationFacts, coop.pk):
        with override_settings(TASKS=Worker.DB_TASKS):
            client.post(_job_url(job), {"action": "commit"})
        worker.kill_when(lambda: _progress(job) > 0 and waiting_on_a_lock(), what="the rows written, then a wait")
    job.refresh_from_db()
    assert job.status == ImportJob.Status.RUNNING and 0 < job.progress < 100  # killed before its end
    assert Activity.objects.filter(cooperation=coop).count() == 0  # nothing half-imported

    # Within the lease the page still shows the import going on; once it has passed, that it stopped.
    assert "hx-trigger" in client.get(_job_url(job)).content.decode()
    settings.KEMBAR_TASK_LEASE_SECONDS = 1

    def stopped_page():
        page = client.get(_job_url(job)).content.decode()
        return page if STOPPED in page else ""

    html = wait_until(stopped_page, what="the page saying the import stopped")
    assert "Gagal" in html and "hx-trigger" not in html and 'value="commit"' in html
    # The daily job records it as failed, with a history row; the page still offers to import the file again.
    wait_until(lambda: not _writing_lock_held(job), what="the database noticing the killed worker is gone")
    alerts_daily.enqueue()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED and job.history.first().history_change_reason == "import stalled"
    assert job.created_count == 0 and Activity.objects.filter(cooperation=coop).count() == 0
    html = client.get(_job_url(job)).content.decode()
    assert STOPPED in html and 'value="commit"' in html

    # Importing again (in this process this time) writes every row, each once.
    client.post(_job_url(job), {"action": "commit"})
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE and job.created_count == ROWS, job.message
    titles = Activity.objects.filter(cooperation=coop).values_list("title", flat=True)
    assert len(titles) == ROWS and len(set(titles)) == ROWS


@pytest.fixture
def stalled_import(client, bandung, staff, monkeypatch):
    """A checked file whose import was claimed, then its worker went silent eleven minutes ago."""
    monkeypatch.setattr(services, "LARGE_ROWS", 2)
    make_cooperation(bandung, by=staff, ref="k")
    client.force_login(staff)
    job = _checked_job(client, bandung, 5)
    services.import_job_start(job=job, by=staff)
    ImportJob.objects.filter(pk=job.pk).update(progress=40, updated_at=timezone.now() - dt.timedelta(minutes=11))
    return ImportJob.objects.get(pk=job.pk)


@pytest.mark.django_db
def test_a_silent_import_shows_failed_and_the_daily_job_records_it(client, bandung, staff, settings, stalled_import):
    settings.KEMBAR_TASK_LEASE_SECONDS = 600
    job = stalled_import
    html = client.get(_job_url(job)).content.decode()
    assert STOPPED in html and "hx-trigger" not in html and 'value="commit"' in html
    listing = client.get(reverse("import_index", kwargs={"code": bandung.code})).content.decode()
    assert "Gagal" in listing and "Sedang diimpor" not in listing
    # A worker that is only slow keeps its job: a sign of life within the lease and it is not touched.
    ImportJob.objects.filter(pk=job.pk).update(updated_at=timezone.now())
    assert services.import_fail_stalled() == 0
    assert "hx-trigger" in client.get(_job_url(job)).content.decode()
    ImportJob.objects.filter(pk=job.pk).update(updated_at=timezone.now() - dt.timedelta(minutes=11))
    alerts_daily.enqueue()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED and job.finished_at is not None
    assert job.history.first().history_change_reason == "import stalled"
    assert services.import_fail_stalled() == 0  # once
    client.post(_job_url(job), {"action": "commit"})
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE and job.created_count == 5
    assert Activity.objects.filter(cooperation__ref="k").count() == 5


@pytest.mark.django_db
def test_a_file_with_problems_is_not_offered_again_after_a_failed_import(client, bandung, staff, stalled_import):
    ImportJob.objects.filter(pk=stalled_import.pk).update(status=ImportJob.Status.FAILED, error_count=1)
    html = client.get(_job_url(stalled_import)).content.decode()
    assert 'value="commit"' not in html
    response = client.post(_job_url(stalled_import), {"action": "commit"})
    assert response.status_code == 302
    assert Activity.objects.filter(cooperation__ref="k").count() == 0
