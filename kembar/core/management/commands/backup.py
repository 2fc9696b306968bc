"""`kembar backup FILE`: every table and every uploaded file in one checksummed archive (kembar/core/backup.py)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kembar.core import backup


class Command(BaseCommand):
    help = "Write every table and uploaded file to one archive, with a checksum for each part."

    def add_arguments(self, parser):
        parser.add_argument("file", help="the archive to write (a new file, e.g. kembar-2026-12-06.tar)")

    def handle(self, *args, file, **options):
        try:
            done = backup.backup(Path(file))
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"{done.path}: {done.rows:,} rows, {done.files:,} files, {done.size:,} bytes.")
