"""A background task's lease (core/lease.py) is judged once for a row as it was read: a page that asks several
times while the lease runs out gets one answer (CI once saw a report page say "failed" and keep polling)."""

import datetime as dt

import pytest
from django.utils import timezone

from kembar.core import lease
from kembar.reports.models import GeneratedReport
from kembar.reports.services import report_request

pytestmark = pytest.mark.django_db


@pytest.fixture
def running(bandung, staff, settings):
    settings.KEMBAR_TASK_LEASE_SECONDS = 600
    report = report_request(region=bandung, by=staff, year=2022, format="pdf", enqueue=False)
    ago = timezone.now() - dt.timedelta(minutes=5)
    GeneratedReport.objects.filter(pk=report.pk).update(status=GeneratedReport.Status.RUNNING, updated_at=ago)
    return GeneratedReport.objects.get(pk=report.pk)


def test_a_row_gets_one_answer_while_the_lease_runs_out(running, settings):
    assert not running.stalled and not running.finished  # within its lease: the page polls
    settings.KEMBAR_TASK_LEASE_SECONDS = 60  # the lease runs out while the page is rendered
    assert not running.stalled and not running.failed and not running.finished  # the same answer throughout
    # The next request reads the row again: now it has lapsed.
    again = GeneratedReport.objects.get(pk=running.pk)
    assert again.stalled and again.failed and again.finished


def test_a_sign_of_life_or_a_new_status_is_judged_anew(running, settings):
    settings.KEMBAR_TASK_LEASE_SECONDS = 60
    assert running.stalled
    running.updated_at = timezone.now()  # the worker wrote its progress
    assert not running.stalled
    running.status = GeneratedReport.Status.DONE
    assert not lease.lapsed(running, GeneratedReport.Status.RUNNING) and running.finished
