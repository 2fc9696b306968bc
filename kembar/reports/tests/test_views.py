"""Generating a report from the page: it is kept with its checksum; progress polls until done; bad input."""

import hashlib

import pytest
from django.urls import reverse

from kembar.accounts.models import Role
from kembar.reports.models import GeneratedReport
from kembar.reports.services import report_request
from kembar.testing import make_member, queries_of


@pytest.fixture
def en(client):
    client.cookies["django_language"] = "en"
    return client


def test_generating_completes_within_the_post_and_the_page_shows_it_done(
    en, demo, staff, django_capture_on_commit_callbacks
):
    en.force_login(staff)
    # The task is queued on commit; with the immediate backend it then runs within the request.
    with django_capture_on_commit_callbacks(execute=True):
        response = en.post(reverse("report_list", args=["32.73"]), {"year": 2022, "format": "pdf"})
    report = GeneratedReport.objects.get()
    assert response["Location"] == reverse("report_detail", args=["32.73", report.pk])
    assert report.status == "done" and report.progress == 100
    assert report.generated_by == staff and report.started_at and report.finished_at
    html = en.get(response["Location"]).content.decode()
    assert 'data-status="done"' in html and 'value="100"' in html
    assert "hx-trigger" not in html  # polling stops once done
    assert report.sha256 in html
    download = en.get(reverse("report_download", args=["32.73", report.pk]))
    content = b"".join(download.streaming_content)
    assert content.startswith(b"%PDF")
    assert hashlib.sha256(content).hexdigest() == report.sha256 and len(content) == report.size
    assert download["Content-Disposition"].startswith('attachment; filename="laporan-ksdpl-ksdll-3273-2022.pdf"')
    listing = en.get(reverse("report_list", args=["32.73"])).content.decode()
    assert report.sha256[:12] in listing and staff.get_full_name() in listing
    assert report.history.count() >= 3  # requested, started, done


def test_a_queued_report_polls_its_progress(en, bandung, staff):
    report = report_request(region=bandung, by=staff, year=2022, format="xlsx", enqueue=False)
    en.force_login(staff)
    html = en.get(reverse("report_progress", args=["32.73", report.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in html and 'data-status="queued"' in html
    assert "report-download" not in html
    assert en.get(reverse("report_download", args=["32.73", report.pk])).status_code == 404


@pytest.mark.parametrize(
    "data, field",
    [
        ({"year": 1800, "format": "pdf"}, "year"),
        ({"year": 2999, "format": "pdf"}, "year"),
        ({"year": "dua ribu", "format": "pdf"}, "year"),
        ({"year": 2022, "format": "docx"}, "format"),
    ],
)
def test_bad_input_says_what_is_wrong_and_changes_nothing(en, bandung, staff, data, field):
    en.force_login(staff)
    response = en.post(reverse("report_list", args=["32.73"]), data)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert 'role="alert"' in response.content.decode() or "error" in response.content.decode()
    assert not GeneratedReport.objects.exists()


def test_a_failure_is_recorded_and_shown(en, bandung, staff, monkeypatch, django_capture_on_commit_callbacks):
    def boom(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("kembar.reports.services.build_bytes", boom)
    en.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        en.post(reverse("report_list", args=["32.73"]), {"year": 2022, "format": "pdf"})
    report = GeneratedReport.objects.get()
    assert report.status == "failed" and "disk full" in report.message
    html = en.get(reverse("report_detail", args=["32.73", report.pk])).content.decode()
    assert "disk full" in html and "hx-trigger" not in html


def test_the_list_costs_the_same_queries_for_1_or_30_reports(client, bandung, staff):
    client.force_login(staff)
    other = make_member("lain", bandung, Role.LEADERSHIP)

    def count():
        return queries_of(client, reverse("report_list", args=["32.73"]))

    GeneratedReport.objects.create(region=bandung, year=2021, format="pdf", generated_by=staff)
    small = count()
    for i in range(29):
        GeneratedReport.objects.create(
            region=bandung, year=2000 + i, format="xlsx", generated_by=other if i % 2 else None, message="CLI"
        )
    assert count() == small
