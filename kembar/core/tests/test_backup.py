"""`kembar backup` / `kembar restore` (issue 17): restoring into an empty database and media folder gives the same
data and files — every table compared row by row, every file by its hash — and a damaged archive or a
database in use is refused with nothing changed."""

import hashlib
import io
import json
import shutil
import tarfile
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from kembar.cooperations.models import Cooperation, Document
from kembar.cooperations.services import document_file_add
from kembar.core import backup

pytestmark = pytest.mark.django_db(transaction=True)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _tables() -> dict[str, list]:
    """Every row the backup keeps, by model, in a comparable form (natural keys for content types)."""
    out = StringIO()
    call_command("dumpdata", exclude=backup.left_out(), natural_foreign=True, format="kjsonl", stdout=out)
    rows: dict[str, list] = {}
    for line in out.getvalue().splitlines():
        if line.strip():
            obj = json.loads(line)
            rows.setdefault(obj["model"], []).append(json.dumps(obj, sort_keys=True))
    return {model: sorted(r) for model, r in rows.items()}


def _files() -> dict[str, str]:
    root = Path(settings.MEDIA_ROOT)
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in root.rglob("*")
        if p.is_file()
    }


@pytest.fixture
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    return settings.MEDIA_ROOT


@pytest.fixture
def kept(media, ref_data):
    """The demo (users, six dossiers, their history) and a document file uploaded to Bandung–Liuzhou."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    call_command("demo", stdout=StringIO())
    doc = Document.objects.filter(cooperation__ref="bandung-liuzhou").first()
    document_file_add(document=doc, by=None, upload=SimpleUploadedFile("mou.pdf", PDF, content_type="application/pdf"))
    return media


def _empty_again(media: Path):
    call_command("flush", interactive=False, verbosity=0)  # as a new database after `migrate`
    shutil.rmtree(media)
    media.mkdir()


def test_a_restore_into_an_empty_database_gives_every_row_and_file_back(kept, tmp_path):
    before_tables, before_files = _tables(), _files()
    assert before_files and sum(len(r) for r in before_tables.values()) > 500
    archive = tmp_path / "kembar.tar"
    call_command("backup", str(archive), stdout=StringIO())
    _empty_again(kept)
    assert not Cooperation.objects.exists() and _files() == {}

    out = StringIO()
    call_command("restore", str(archive), stdout=out)
    assert "restored" in out.getvalue()
    assert _tables() == before_tables
    assert _files() == before_files
    # The search index is built again from the records.
    from kembar.search.models import SearchEntry

    assert SearchEntry.objects.filter(title__contains="Liuzhou").exists()


def test_a_damaged_archive_is_refused_before_anything_changes(kept, tmp_path):
    archive = tmp_path / "kembar.tar"
    call_command("backup", str(archive), stdout=StringIO())
    damaged = tmp_path / "damaged.tar"
    with tarfile.open(archive) as src, tarfile.open(damaged, "w") as dst:
        for member in src.getmembers():
            body = src.extractfile(member).read()
            if member.name.startswith("media/"):
                body = body.replace(b"%%EOF", b"%%EOX")  # one byte of the uploaded PDF
            member.size = len(body)
            dst.addfile(member, io.BytesIO(body))
    _empty_again(kept)
    with pytest.raises(CommandError, match="checksum"):
        call_command("restore", str(damaged), stdout=StringIO())
    assert not Cooperation.objects.exists() and _files() == {}
    with pytest.raises(CommandError, match="checksum"):
        call_command("restore", str(damaged), "--check", stdout=StringIO())


def test_a_database_in_use_is_not_restored_over(kept, tmp_path):
    archive = tmp_path / "kembar.tar"
    call_command("backup", str(archive), stdout=StringIO())
    before = _tables()
    with pytest.raises(CommandError, match="basis data kosong"):
        call_command("restore", str(archive), stdout=StringIO())
    assert _tables() == before


def test_a_backup_never_overwrites_a_file(kept, tmp_path):
    archive = tmp_path / "kembar.tar"
    archive.write_bytes(b"older backup")
    with pytest.raises(CommandError, match="sudah ada: pilih nama berkas baru"):
        call_command("backup", str(archive), stdout=StringIO())
    assert archive.read_bytes() == b"older backup"


def test_rate_limit_counts_are_not_kept(kept, tmp_path):
    """What the public forms and the API counted a minute ago is no record: a backup leaves it out."""
    import tarfile

    from kembar.core import ratelimit

    ratelimit.hit("proposal", "10.0.0.1", limit=5, per=60)
    archive = tmp_path / "kembar.tar"
    call_command("backup", str(archive), stdout=StringIO())
    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile(backup.MANIFEST))
    assert "core.ratecount" not in manifest["rows"]
    assert manifest["rows"]["cooperations.cooperation"] == Cooperation.objects.count()
