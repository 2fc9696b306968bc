"""A backup of everything Kembar keeps — every table (records and their history) and every uploaded file — in
one archive with a checksum for each part, and its restore into an empty database and media folder.

The tables are written with Django's own serialisation (`dumpdata`, JSON lines, gzip), not a database's dump
tool: a backup of the embedded SQLite database restores into PostgreSQL and back, with no client program of
a matching version. What the database makes again by itself is left out: content types and permissions
(`migrate`), sessions, rate-limit counts, the search index (rebuilt from the records after a restore) and task results.

The archive (a tar file) holds `manifest.json` (format, release, database, when, each part's SHA-256 and size,
rows per model), `data.kjsonl.gz` (times to the microsecond) and `media/<path>` for each file under
MEDIA_ROOT. A restore checks every checksum before it changes anything, refuses a database that already
holds users, partners or cooperations and a media file that already exists with other content, writes the
files, then replaces the tables' reference rows (regions and countries that `migrate` loads) and loads the
rows in one transaction: all or nothing (the files it wrote are removed again if the load fails).
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import io
import json
import shutil
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

FORMAT = 1
DATA = "data.kjsonl.gz"  # kembar/core/serializers.py: JSON lines, times to the microsecond
MANIFEST = "manifest.json"
MEDIA = "media/"
#: What the database makes again by itself, or what is not worth keeping (see the module's notes).
LEFT_OUT = (
    "contenttypes",
    "auth.permission",
    "sessions",
    "search",
    "core.ratecount",
    "django_tasks_database",
    "django_tasks_db",
)
CHUNK = 1024 * 1024
#: What a database in use holds (a restore refuses it): anything besides what `migrate` loads.
IN_USE = ("accounts.User", "partners.Partner", "cooperations.Cooperation")


def left_out() -> list[str]:
    """LEFT_OUT, of the apps installed here (the task workers' app: in production, and in the tests)."""
    return [label for label in LEFT_OUT if "." in label or label in apps.app_configs]


class BackupError(Exception):
    """A backup that cannot be made or restored; the message says why, in the user's language."""


@dataclass(frozen=True)
class Summary:
    path: Path
    rows: int
    files: int
    size: int


def _digest(f) -> tuple[str, int]:
    """The SHA-256 and size of what a file object holds, read a chunk at a time."""
    digest, size = hashlib.sha256(), 0
    while chunk := f.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
    return digest.hexdigest(), size


def _sha256(path: Path) -> str:
    with open(path, "rb") as f:
        return _digest(f)[0]


def _media_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    if not root.exists():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file())


def _release() -> str:
    from kembar.core.pages import RELEASE

    return RELEASE


def _counts(data: Path) -> dict[str, int]:
    counts: dict[str, int] = {}
    with gzip.open(data, "rt", encoding="utf-8") as f:
        for line in f:
            if line.strip():
                model = json.loads(line)["model"]
                counts[model] = counts.get(model, 0) + 1
    return counts


def backup(destination: Path, *, using: str = DEFAULT_DB_ALIAS) -> Summary:
    """Write the archive to `destination` (a file that must not exist yet)."""
    destination = Path(destination)
    if destination.exists():
        raise BackupError(_("%(path)s already exists: choose a new file name.") % {"path": destination})
    with tempfile.TemporaryDirectory(prefix="kembar-backup-") as tmp:
        data = Path(tmp) / DATA
        call_command(
            "dumpdata",
            exclude=left_out(),
            natural_foreign=True,
            format="kjsonl",
            output=str(data),
            database=using,
            verbosity=0,
        )
        root = Path(settings.MEDIA_ROOT)
        files = _media_files()
        parts = {DATA: (_sha256(data), data.stat().st_size)}
        for path in files:
            parts[MEDIA + path.relative_to(root).as_posix()] = (_sha256(path), path.stat().st_size)
        counts = _counts(data)
        manifest = {
            "format": FORMAT,
            "release": _release(),
            "database": connections[using].vendor,
            "created": timezone.now().isoformat(),
            "parts": {name: {"sha256": sha, "size": size} for name, (sha, size) in parts.items()},
            "rows": counts,
        }
        partial = destination.with_name(destination.name + ".partial")
        with tarfile.open(partial, "w") as tar:
            body = json.dumps(manifest, indent=1, sort_keys=True).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime = len(body), int(dt.datetime.now().timestamp())
            tar.addfile(info, io.BytesIO(body))
            tar.add(data, arcname=DATA)
            for path in files:
                tar.add(path, arcname=MEDIA + path.relative_to(root).as_posix())
        partial.rename(destination)  # complete, or not there at all
    return Summary(destination, sum(counts.values()), len(files), destination.stat().st_size)


def _read_manifest(tar: tarfile.TarFile) -> dict:
    try:
        manifest = json.load(tar.extractfile(MANIFEST))
    except (KeyError, ValueError, TypeError) as exc:
        raise BackupError(_("This is not a Kembar backup: it has no readable manifest.")) from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(_("This backup's format (%(format)s) is not one this Kembar reads.") % manifest)
    return manifest


def verify(archive: Path) -> dict:
    """The archive's manifest, once every part's checksum and size is checked (BackupError otherwise)."""
    try:
        tar = tarfile.open(archive, "r")
    except (OSError, tarfile.TarError) as exc:
        raise BackupError(
            _("%(path)s cannot be read as a backup: %(error)s") % {"path": archive, "error": exc}
        ) from exc
    with tar:
        manifest = _read_manifest(tar)
        members = {m.name: m for m in tar.getmembers() if m.isfile()}
        expected = manifest["parts"]
        missing = sorted(set(expected) - set(members))
        extra = sorted(set(members) - set(expected) - {MANIFEST})
        if missing or extra:
            raise BackupError(
                _("The backup is incomplete or altered: %(names)s.") % {"names": ", ".join(missing + extra)}
            )
        for name, part in expected.items():
            if _digest(tar.extractfile(members[name])) != (part["sha256"], part["size"]):
                raise BackupError(_("The backup is damaged: %(name)s does not match its checksum.") % {"name": name})
    return manifest


def _in_use(using: str) -> list[str]:
    """What already holds data in the target database (a restore only fills an empty one). The models are named,
    not imported: a backup covers every app without depending on any."""
    held = []
    for label in IN_USE:
        model = apps.get_model(label)
        if model._base_manager.using(using).exists():
            held.append(str(model._meta.verbose_name_plural))
    return held


def restore(archive: Path, *, using: str = DEFAULT_DB_ALIAS) -> Summary:
    """Restore the archive into this database and media folder, which must be empty (after `migrate`)."""
    archive = Path(archive)
    manifest = verify(archive)
    held = _in_use(using)
    if held:
        raise BackupError(
            _(
                "The database already holds %(what)s: restore into an empty database "
                "(run `kembar migrate` on a new one)."
            )
            % {"what": ", ".join(held)}
        )
    root = Path(settings.MEDIA_ROOT)
    written: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="kembar-restore-") as tmp, tarfile.open(archive, "r") as tar:
        for member in tar.getmembers():
            if not member.isfile() or not member.name.startswith(MEDIA):
                continue
            relative = Path(member.name[len(MEDIA) :])
            target = (root / relative).resolve()
            if root.resolve() not in target.parents or ".." in relative.parts:
                raise BackupError(
                    _("The backup names a file outside the media folder: %(name)s.") % {"name": member.name}
                )
            if target.exists():
                if _sha256(target) != manifest["parts"][member.name]["sha256"]:
                    _remove(written)
                    raise BackupError(
                        _("%(path)s already exists with other content: restore into an empty media folder.")
                        % {"path": target}
                    )
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            with tar.extractfile(member) as src, open(target, "wb") as dst:
                shutil.copyfileobj(src, dst, CHUNK)
            written.append(target)
        data = Path(tmp) / DATA
        with tar.extractfile(DATA) as src, open(data, "wb") as dst:
            shutil.copyfileobj(src, dst, CHUNK)
        try:
            _load(data, manifest, using)
        except Exception:
            _remove(written)
            raise
    return Summary(archive, sum(manifest["rows"].values()), len(written), archive.stat().st_size)


def _load(data: Path, manifest: dict, using: str) -> None:
    connection = connections[using]
    models = [apps.get_model(label) for label in manifest["rows"]]
    tables = {m._meta.db_table for m in models}
    tables |= {f.remote_field.through._meta.db_table for m in models for f in m._meta.local_many_to_many}
    with transaction.atomic(using=using):
        # The reference rows `migrate` loaded (regions, countries) give way to the backup's, ids and all.
        flush = connection.ops.sql_flush(no_style(), sorted(tables), reset_sequences=False, allow_cascade=True)
        connection.ops.execute_sql_flush(flush)
        call_command("loaddata", str(data), database=using, verbosity=0)
        call_command("search", "rebuild", verbosity=0, stdout=io.StringIO())  # the index, from the records


def _remove(paths: list[Path]) -> None:
    for path in paths:
        path.unlink(missing_ok=True)
