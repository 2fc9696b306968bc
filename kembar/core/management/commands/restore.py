"""`kembar restore FILE`: a backup into an empty database and media folder (kembar/core/backup.py)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kembar.core import backup


class Command(BaseCommand):
    help = "Restore a backup made by `kembar backup` into an empty database (after `kembar migrate`) and media folder."

    def add_arguments(self, parser):
        parser.add_argument("file", help="the archive `kembar backup` wrote")
        parser.add_argument("--check", action="store_true", help="only verify the archive's checksums")

    def handle(self, *args, file, check=False, **options):
        try:
            if check:
                manifest = backup.verify(Path(file))
                rows = sum(manifest["rows"].values())
                self.stdout.write(f"{file}: intact ({rows:,} rows, {len(manifest['parts']) - 1:,} files).")
                return
            done = backup.restore(Path(file))
        except backup.BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"{done.path}: {done.rows:,} rows and {done.files:,} files restored.")
