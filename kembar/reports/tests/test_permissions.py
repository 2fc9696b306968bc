"""Who may see, generate and download reports: anonymous, every role, national overseer, another region."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from kembar.accounts.models import Role
from kembar.reports.models import GeneratedReport
from kembar.testing import REGION_ROLES, TINY_PDF, matrix_users

COVERED = {"report_list", "report_detail", "report_progress", "report_download"}

WHO = [*REGION_ROLES, "overseer", "other_region"]
GENERATORS = {Role.BUREAU_ADMIN, Role.BUREAU_STAFF, Role.LEADERSHIP}


@pytest.fixture
def world(bandung, bogor):
    report = GeneratedReport(region=bandung, year=2022, format="pdf", status="done", progress=100)
    report.file.save("r.pdf", ContentFile(TINY_PDF), save=False)
    report.save()
    users = matrix_users(bandung, bogor)
    return {"report": report, "users": users}


def _url(name, report):
    kwargs = {"code": report.region.code}
    if name != "report_list":
        kwargs["pk"] = report.pk
    return reverse(name, kwargs=kwargs)


@pytest.mark.parametrize("name", sorted(COVERED))
def test_anonymous_is_sent_to_login(client, world, name):
    response = client.get(_url(name, world["report"]))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize("name", sorted(COVERED))
def test_every_role_of_the_region_and_national_read_another_region_gets_404(client, world, name, who):
    client.force_login(world["users"][who])
    response = client.get(_url(name, world["report"]))
    assert response.status_code == (404 if who == "other_region" else 200), (name, who)
    if name == "report_download" and who != "other_region":
        assert b"".join(response.streaming_content) == TINY_PDF


@pytest.mark.parametrize("who", WHO)
def test_bureau_and_leadership_generate_others_are_refused(client, world, who):
    client.force_login(world["users"][who])
    before = GeneratedReport.objects.count()
    response = client.post(_url("report_list", world["report"]), {"year": 2022, "format": "xlsx"})
    expected = 302 if who in GENERATORS else 404 if who == "other_region" else 403
    assert response.status_code == expected
    assert GeneratedReport.objects.count() == before + (1 if who in GENERATORS else 0)


def test_the_form_is_shown_only_to_who_may_generate(client, world):
    for who in WHO[:-1]:
        client.force_login(world["users"][who])
        html = client.get(_url("report_list", world["report"])).content.decode()
        assert ('name="year"' in html) is (who in GENERATORS), who


def test_a_report_of_another_region_is_404_even_by_its_pk(client, world, bogor):
    other = GeneratedReport.objects.create(region=bogor, year=2022, format="pdf", status="done", progress=100)
    client.force_login(world["users"][Role.BUREAU_ADMIN])
    for name in ("report_detail", "report_progress", "report_download"):
        url = reverse(name, kwargs={"code": "32.73", "pk": other.pk})
        assert client.get(url).status_code == 404, name
