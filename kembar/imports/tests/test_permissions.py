"""Every URL of imports × anonymous, each role of the region, the national roles, a user of another region.
Imports are for editors (bureau admin and staff); exports are read like the lists they come from."""

import pytest
from django.urls import reverse

from kembar.cooperations.models import Cooperation
from kembar.imports import services
from kembar.imports.models import ImportJob
from kembar.testing import EDITORS, READERS, Case, PermissionMatrix, matrix_world

from .helpers import csv_bytes, upload


def _job(world):
    return {"pk": world["job"].pk}


def _state(world):
    """What an import changes: its jobs (status, mapping) and the cooperations."""
    jobs = list(ImportJob.objects.order_by("pk").values_list("pk", "status", "mapping"))
    return jobs, Cooperation.objects.count()


def _upload(world):
    content = csv_bytes([["Judul", "Mitra", "Negara", "Jenis"], ["X", "Y", "CN", "KSDPL"]])
    return {"kind": "cooperations", "file": upload(content, "b.csv")}


def _mapping(world):
    return {**{k: "" if v is None else str(v) for k, v in world["job"].mapping.items()}, "action": "map"}


CASES = (
    Case("import_index", EDITORS),
    Case("import_job", EDITORS, _job),
    Case("import_job_progress", EDITORS, _job),
    Case("import_template", EDITORS, lambda w: {"kind": "cooperations"}),
    Case("export_list", READERS, lambda w: {"name": "cooperations", "fmt": "csv"}),
    Case("import_index", EDITORS, method="post", ok=302, data=_upload, state=_state, creates=_state),
    Case("import_job", EDITORS, _job, method="post", ok=302, data=_mapping, state=_state),
    # Committing a file not yet checked: the bureau is told so (and redirected); nobody else gets that far.
    Case("import_job", EDITORS, _job, method="post", ok=302, data=lambda w: {"action": "commit"}, state=_state),
    # Importing a checked file: once, however often its button is pressed.
    Case(
        "import_job",
        EDITORS,
        lambda w: {"pk": w["checked"].pk},
        method="post",
        ok=302,
        data=lambda w: {"action": "commit"},
        state=_state,
        creates=lambda w: Cooperation.objects.count(),
    ),
)
COVERED = {case.name for case in CASES}


@pytest.fixture
def world(bandung, bogor):
    world = matrix_world(bandung, bogor)
    content = csv_bytes([["Judul", "Mitra", "Negara", "Jenis"], ["Baru", "Mitra", "CN", "KSDPL"]])
    world["job"] = services.import_job_create(
        region=bandung, by=world["owner"], kind="cooperations", upload=upload(content, "a.csv")
    )
    complete = csv_bytes(
        [["Judul", "Mitra", "Negara", "Jenis", "Tingkat mitra"], ["Baru", "Mitra", "CN", "KSDPL", "city"]]
    )
    checked = services.import_job_create(
        region=bandung, by=world["owner"], kind="cooperations", upload=upload(complete, "c.csv")
    )
    checked = services.import_job_map(job=checked, by=world["owner"], mapping=checked.mapping)
    world["checked"] = services.import_job_preview(job=checked, by=world["owner"])
    return world


class TestPermissions(PermissionMatrix):
    cases = CASES


def test_other_region_export_shows_nothing_of_ours(client, world):
    client.force_login(world["users"]["other_region"])
    url = reverse("export_list", kwargs={"code": "32.01", "name": "cooperations", "fmt": "csv"})
    body = b"".join(client.get(url).streaming_content).decode("utf-8-sig")
    assert "bandung-liuzhou" not in body
