"""Every URL of imports × anonymous, each role of the region, national overseer, a user of another region.
Imports are for editors (bureau admin and staff); exports are read like the lists they come from."""

import pytest
from django.urls import reverse

from kembar.accounts.models import Role
from kembar.cooperations.models import Cooperation
from kembar.imports import services
from kembar.imports.models import ImportJob
from kembar.testing import REGION_ROLES, make_cooperation, make_member, matrix_users

from .helpers import csv_bytes, upload

COVERED = {"import_index", "import_job", "import_job_progress", "import_template", "export_list"}
EDIT = {"import_index", "import_job", "import_job_progress", "import_template"}
WHO = [*REGION_ROLES, "overseer", "other_region"]


@pytest.fixture
def world(bandung, bogor):
    owner = make_member("owner", bandung, Role.BUREAU_ADMIN)
    make_cooperation(bandung, by=owner, ref="bandung-liuzhou")
    content = csv_bytes([["Judul", "Mitra", "Negara", "Jenis"], ["Baru", "Mitra", "CN", "KSDPL"]])
    job = services.import_job_create(region=bandung, by=owner, kind="cooperations", upload=upload(content, "a.csv"))
    kwargs = {
        "import_index": {},
        "import_job": {"pk": job.pk},
        "import_job_progress": {"pk": job.pk},
        "import_template": {"kind": "cooperations"},
        "export_list": {"name": "cooperations", "fmt": "csv"},
    }
    users = matrix_users(bandung, bogor)
    return {"region": bandung, "kwargs": kwargs, "users": users, "job": job}


def _url(name, world):
    return reverse(name, kwargs={"code": world["region"].code, **world["kwargs"][name]})


@pytest.mark.parametrize("name", sorted(COVERED))
def test_anonymous_is_sent_to_login(client, world, name):
    response = client.get(_url(name, world))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize("name", sorted(COVERED))
def test_matrix(client, world, name, who):
    client.force_login(world["users"][who])
    response = client.get(_url(name, world))
    if who == "other_region":
        expected = 404
    elif name in EDIT and who not in (Role.BUREAU_ADMIN, Role.BUREAU_STAFF):
        expected = 403
    else:
        expected = 200
    assert response.status_code == expected, (name, who)


@pytest.mark.parametrize("who", ["other_region", Role.LEADERSHIP, Role.DPRD, "overseer"])
def test_others_cannot_upload_check_or_commit(client, world, who):
    client.force_login(world["users"][who])
    job = world["job"]
    content = csv_bytes([["Judul", "Mitra", "Negara", "Jenis"], ["X", "Y", "CN", "KSDPL"]])
    client.post(_url("import_index", world), {"kind": "cooperations", "file": upload(content, "b.csv")})
    data = {k: "" if v is None else str(v) for k, v in job.mapping.items()}
    client.post(_url("import_job", world), {**data, "action": "map"})
    client.post(_url("import_job", world), {"action": "commit"})
    job.refresh_from_db()
    assert job.status == "uploaded"
    assert ImportJob.objects.count() == 1
    assert Cooperation.objects.count() == 1


def test_other_region_export_shows_nothing_of_ours(client, world):
    client.force_login(world["users"]["other_region"])
    url = reverse("export_list", kwargs={"code": "32.01", "name": "cooperations", "fmt": "csv"})
    body = b"".join(client.get(url).streaming_content).decode("utf-8-sig")
    assert "bandung-liuzhou" not in body
