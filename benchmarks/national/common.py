"""Shared set-up for the national benchmark: which database, where scratch files go, Django set-up.

`--db sqlite` → a SQLite file under /tmp/kembar-national/; `--db postgres` → the database `kembar_national`
on 127.0.0.1 (KEMBAR_DATABASE_URL, when set to a postgres:// URL, names another one); anything else is taken
as a database URL.
"""

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[2]
SCRATCH = Path(os.environ.get("KEMBAR_BENCH_DIR", "/tmp/kembar-national"))
DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/kembar_national"

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def database_url(db: str) -> str:
    if db == "sqlite":
        return f"sqlite:///{SCRATCH / 'national.sqlite3'}"
    if db in {"postgres", "postgresql", "pg"}:
        env = os.environ.get("KEMBAR_DATABASE_URL", "")
        return env if env.startswith("postgres") else DEFAULT_PG
    return db


def vendor_label(url: str) -> str:
    return "postgresql" if url.startswith("postgres") else "sqlite"


def fresh_database(url: str) -> None:
    """Drop and re-create the benchmark database (only ever a file under /tmp or a local PostgreSQL one)."""
    if url.startswith("sqlite"):
        path = Path(url.split("sqlite:///", 1)[1])  # sqlite:////tmp/x → /tmp/x
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        path.parent.mkdir(parents=True, exist_ok=True)
        return
    parts = urlparse(url)
    host = parts.hostname or "127.0.0.1"
    if host not in {"127.0.0.1", "localhost"}:
        raise SystemExit(f"refusing to drop a database on {host}: the benchmark only uses 127.0.0.1")
    name = parts.path.lstrip("/")
    if not name.startswith("kembar_"):
        raise SystemExit(f"refusing to drop {name!r}: benchmark databases are named kembar_*")
    base = ["psql", "-q", "-h", host, "-p", str(parts.port or 5432), "-U", parts.username or "postgres"]
    base += ["-d", "postgres"]
    subprocess.run([*base, "-c", f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'], check=True)
    subprocess.run([*base, "-c", f'CREATE DATABASE "{name}"'], check=True)


def setup_django(url: str, settings: str = "benchmarks.national.settings") -> None:
    SCRATCH.mkdir(parents=True, exist_ok=True)
    os.environ["KEMBAR_DATABASE_URL"] = url
    os.environ.setdefault("KEMBAR_VAR_DIR", str(SCRATCH / "var"))
    os.environ.setdefault("KEMBAR_SECRET_KEY", "national-benchmark-only-not-a-secret")
    os.environ.setdefault("KEMBAR_ALLOWED_HOSTS", "127.0.0.1,testserver")
    os.environ.setdefault("KEMBAR_SECURE_COOKIES", "false")
    os.environ.setdefault("KEMBAR_SSL_REDIRECT", "false")  # plain HTTP on 127.0.0.1
    os.environ.setdefault("KEMBAR_HSTS_SECONDS", "0")
    os.environ.setdefault("KEMBAR_TASKS_IN_PROCESS", "true")  # the report is measured in the process
    os.environ["KEMBAR_DEBUG"] = "false"
    os.environ["DJANGO_SETTINGS_MODULE"] = settings
    import django

    django.setup()
