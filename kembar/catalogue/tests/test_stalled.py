"""A print PDF whose worker died is not "running" for ever: the daily job (alerts_daily) records it as failed,
as it does the annual reports and imports."""

import datetime as dt

import pytest
from django.utils import timezone

from kembar.alerts.tasks import alerts_daily
from kembar.catalogue import services
from kembar.catalogue.models import EditionPdf

pytestmark = pytest.mark.django_db


def test_the_daily_job_records_a_stalled_print_pdf_as_failed(published, trade, settings):
    settings.KEMBAR_TASK_LEASE_SECONDS = 600
    stuck = services.pdf_request(edition=published, by=trade, enqueue=False)
    alive = services.pdf_request(edition=published, by=trade, enqueue=False)
    EditionPdf.objects.filter(pk=stuck.pk).update(
        status=EditionPdf.Status.RUNNING, progress=40, updated_at=timezone.now() - dt.timedelta(minutes=11)
    )
    EditionPdf.objects.filter(pk=alive.pk).update(status=EditionPdf.Status.RUNNING, updated_at=timezone.now())
    alerts_daily.enqueue()
    stuck.refresh_from_db()
    alive.refresh_from_db()
    assert stuck.status == EditionPdf.Status.FAILED and stuck.finished_at is not None
    assert stuck.history.first().history_change_reason == "pdf stalled"
    assert alive.status == EditionPdf.Status.RUNNING  # within its lease: a slow worker keeps its row
