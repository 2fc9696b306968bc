"""A task worker killed mid-report (issue 17): a real `kembar db_worker` on the test's PostgreSQL database builds
the annual PDF and dies by SIGKILL once its progress has moved; after the lease the report shows as failed, the
daily job records it, and "Minta lagi" makes a whole PDF."""

import pytest
from django.db import connection
from django.test import override_settings
from django.urls import reverse

from kembar.reports.models import GeneratedReport
from kembar.reports.services import report_fail_stalled
from kembar.testing import Worker, row_locked, wait_until, waiting_on_a_lock

from .conftest import pdf_text


@pytest.mark.django_db(transaction=True)
def test_a_report_whose_worker_is_killed_is_failed_and_requested_again_makes_the_pdf(
    client, demo, staff, settings, tmp_path
):
    if connection.vendor != "postgresql":
        pytest.skip("a worker process needs the test's database to be a server's: PostgreSQL only")
    client.force_login(staff)  # the page in Indonesian, the default
    ask = reverse("report_list", args=[demo.code])

    with Worker(tmp_path / "worker.log") as worker:
        with override_settings(TASKS=Worker.DB_TASKS):
            client.post(ask, {"year": 2022, "format": "pdf"})
        report = GeneratedReport.objects.get(region=demo)
        wait_until(lambda: GeneratedReport.objects.get(pk=report.pk).progress > 0, what="the worker building it")
        # Its next sign of life (or its end) waits for the report's row, which this test now holds: killed there.
        with row_locked(GeneratedReport, report.pk):
            worker.kill_when(waiting_on_a_lock, what="the worker waiting to write the report")
    report.refresh_from_db()
    assert report.status == GeneratedReport.Status.RUNNING and 0 < report.progress < 100  # killed half-way
    assert not report.file

    page = reverse("report_detail", args=[demo.code, report.pk])
    assert 'data-status="running"' in client.get(page).content.decode()  # within the lease
    settings.KEMBAR_TASK_LEASE_SECONDS = 1

    def failed_page():
        html = client.get(page).content.decode()
        return html if 'data-status="failed"' in html else ""

    html = wait_until(failed_page, what="the page showing the report failed")
    assert "Terhenti" in html and "Minta lagi" in html and "hx-trigger" not in html
    assert report_fail_stalled() == 1
    report.refresh_from_db()
    assert report.status == GeneratedReport.Status.FAILED
    assert report.history.first().history_change_reason == "report stalled"

    # "Minta lagi" (in this process this time) makes the whole PDF.
    response = client.post(ask, {"year": 2022, "format": "pdf"})
    again = GeneratedReport.objects.exclude(pk=report.pk).get(region=demo)
    assert response.status_code == 302 and again.status == GeneratedReport.Status.DONE, again.message
    content = b"".join(client.get(reverse("report_download", args=[demo.code, again.pk])).streaming_content)
    assert content.startswith(b"%PDF")
    text = pdf_text(content)
    assert "Kota Bandung" in text and "柳州市" in text
