"""Who may see, generate and download reports: anonymous, every role, the national roles, another region."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from kembar.accounts.models import Role
from kembar.reports.models import GeneratedReport
from kembar.testing import READERS, TINY_PDF, Case, PermissionMatrix, matrix_users

GENERATORS = frozenset({Role.BUREAU_ADMIN, Role.BUREAU_STAFF, Role.LEADERSHIP})


def _report(world):
    return {"pk": world["report"].pk}


def _downloaded(response, who, world):
    if response.status_code == 200:
        assert b"".join(response.streaming_content) == TINY_PDF


def _generated(response, who, world):
    if response.status_code == 302:
        assert GeneratedReport.objects.count() == 2


CASES = (
    Case("report_list", READERS),
    Case("report_detail", READERS, _report),
    Case("report_progress", READERS, _report),
    Case("report_download", READERS, _report, check=_downloaded),
    Case(
        "report_list",
        GENERATORS,
        method="post",
        ok=302,
        data=lambda w: {"year": 2022, "format": "xlsx"},
        state=lambda w: GeneratedReport.objects.count(),
        check=_generated,
        creates=lambda w: GeneratedReport.objects.count(),
    ),
)
COVERED = {case.name for case in CASES}


@pytest.fixture
def world(bandung, bogor):
    report = GeneratedReport(region=bandung, year=2022, format="pdf", status="done", progress=100)
    report.file.save("r.pdf", ContentFile(TINY_PDF), save=False)
    report.save()
    users = matrix_users(bandung, bogor, national_admin=True)
    return {"region": bandung, "report": report, "users": users}


class TestPermissions(PermissionMatrix):
    cases = CASES


def test_the_form_is_shown_only_to_who_may_generate(client, world):
    for who in READERS:
        client.force_login(world["users"][who])
        html = client.get(reverse("report_list", args=[world["region"].code])).content.decode()
        assert ('name="year"' in html) is (who in GENERATORS), who


def test_a_report_of_another_region_is_404_even_by_its_pk(client, world, bogor):
    other = GeneratedReport.objects.create(region=bogor, year=2022, format="pdf", status="done", progress=100)
    client.force_login(world["users"][Role.BUREAU_ADMIN])
    for name in ("report_detail", "report_progress", "report_download"):
        url = reverse(name, kwargs={"code": "32.73", "pk": other.pk})
        assert client.get(url).status_code == 404, name
