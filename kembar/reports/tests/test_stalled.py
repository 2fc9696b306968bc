"""A report whose worker died (gunicorn's timeout, a restart) is not "running 75 %" for ever (issue 17): after
the lease it shows as failed with a way to request it again, and the daily job records it as failed."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from kembar.reports import pdf
from kembar.reports.models import GeneratedReport
from kembar.reports.services import report_fail_stalled, report_request

pytestmark = pytest.mark.django_db


@pytest.fixture
def stuck(bandung, staff, settings):
    settings.KEMBAR_TASK_LEASE_SECONDS = 600
    report = report_request(region=bandung, by=staff, year=2022, format="pdf", enqueue=False)
    GeneratedReport.objects.filter(pk=report.pk).update(
        status=GeneratedReport.Status.RUNNING, progress=75, updated_at=timezone.now() - dt.timedelta(minutes=11)
    )
    return GeneratedReport.objects.get(pk=report.pk)


def test_a_report_silent_past_its_lease_shows_failed_with_a_new_request(client, staff, bandung, stuck):
    client.force_login(staff)
    html = client.get(reverse("report_detail", args=[bandung.code, stuck.pk])).content.decode()
    assert 'data-status="failed"' in html and "hx-trigger" not in html  # no polling for ever
    assert "Minta lagi" in html or "Request it again" in html
    # Requesting it again makes a new report of the same year and format.
    response = client.post(reverse("report_list", args=[bandung.code]), {"year": 2022, "format": "pdf"})
    assert response.status_code == 302
    assert GeneratedReport.objects.filter(region=bandung, year=2022, format="pdf").count() == 2


def test_a_running_report_within_its_lease_keeps_polling(client, staff, bandung, stuck):
    GeneratedReport.objects.filter(pk=stuck.pk).update(updated_at=timezone.now())
    client.force_login(staff)
    html = client.get(reverse("report_detail", args=[bandung.code, stuck.pk])).content.decode()
    assert 'data-status="running"' in html and "hx-trigger" in html


def test_the_daily_job_records_it_as_failed_with_its_history(stuck):
    assert report_fail_stalled() == 1
    stuck.refresh_from_db()
    assert stuck.status == GeneratedReport.Status.FAILED and stuck.finished_at is not None
    assert stuck.history.first().history_change_reason == "report stalled"
    assert report_fail_stalled() == 0


def test_progress_moves_while_the_pages_are_laid_out(monkeypatch):
    """The layout is one call of WeasyPrint: a thread moves the progress on (and renews the lease) meanwhile."""
    import threading

    monkeypatch.setattr(pdf, "TICK_SECONDS", 0.01)
    monkeypatch.setattr(pdf.connections["default"], "in_atomic_block", False)
    seen = []
    finished = threading.Event()
    with pdf._ticking(lambda p, m: seen.append(p), first=76, last=78, message="Laying out"):
        finished.wait(0.2)
    assert seen[:3] == [76, 77, 78] and set(seen) <= {76, 77, 78}
