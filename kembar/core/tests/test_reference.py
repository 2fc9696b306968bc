"""A newcomer's first commands: `kembar migrate` on an empty database, then a case import, works at once."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

CASE = Path(__file__).resolve().parents[2] / "demo" / "cases" / "bandung-liuzhou.yaml"


def _kembar(*args: str, env: dict) -> subprocess.CompletedProcess:
    exe = shutil.which("kembar", path=str(Path(sys.executable).parent)) or "kembar"
    return subprocess.run([exe, *args], env=env, capture_output=True, text=True, timeout=300)


def test_a_case_imports_right_after_migrate(tmp_path):
    # Its own SQLite file and settings (not the test database): what a new user's machine has.
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "KEMBAR_VAR_DIR": str(tmp_path),
        "KEMBAR_DATABASE_URL": f"sqlite:///{tmp_path / 'new.sqlite3'}",
    }
    migrated = _kembar("migrate", "-v0", env=env)
    assert migrated.returncode == 0, migrated.stderr
    imported = _kembar("cases", "import", str(CASE), env=env)
    assert imported.returncode == 0, imported.stdout + imported.stderr
    assert "32.73/bandung-liuzhou" in imported.stdout
    listed = _kembar("cases", "list", "--region", "32.73", "--json", env=env)
    assert "bandung-liuzhou" in listed.stdout
