"""List and dossier with 5,000 cooperations and a 2,000-item timeline: queries and render time.

Usage: .venv/bin/python benchmarks/list_and_dossier.py [--runs 30]
Uses a throw-away SQLite database unless KEMBAR_DATABASE_URL is set (then that database is used: give it
an empty one).
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
tmp = tempfile.mkdtemp(prefix="kembar-bench-")
os.environ.setdefault("KEMBAR_DATABASE_URL", f"sqlite:///{tmp}/bench.sqlite3")
os.environ["KEMBAR_VAR_DIR"] = tmp
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
os.environ["KEMBAR_DEBUG"] = "false"
os.environ["KEMBAR_ALLOWED_HOSTS"] = "testserver"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402


def measure(client, path, runs):
    executed = []
    with connection.execute_wrapper(
        lambda execute, sql, params, many, context: (executed.append(sql), execute(sql, params, many, context))[1]
    ):
        response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        client.get(path)
        times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    return len(executed), statistics.median(times), times[int(len(times) * 0.95) - 1], len(response.content)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)

    from kembar.accounts.models import Role
    from kembar.cooperations.models import Cooperation
    from kembar.regions.models import Region
    from kembar.testing import fill_dossier, make_cooperation, make_member, reference_data

    reference_data()
    small, big = Region.objects.get(code="32.73"), Region.objects.get(code="32.01")
    user = make_member("bench", small, Role.BUREAU_STAFF)
    make_member("bench2", big, Role.BUREAU_STAFF)
    from kembar.accounts.models import Membership

    Membership.objects.create(user=user, region=big, role=Role.BUREAU_STAFF)

    t0 = time.perf_counter()
    few = make_cooperation(small, ref="c-0", title="Kerja sama 0")
    for i in range(1, 5):
        make_cooperation(small, ref=f"c-{i}", title=f"Kerja sama {i}", partner=few.partner)
    fill_dossier(few, n=1)  # 5 timeline items: event, activity, document, obligation (+1 finding, undated)
    first = make_cooperation(big, ref="b-0", title="Kerja sama besar 0")
    Cooperation.objects.bulk_create(
        [
            Cooperation(
                region=big,
                ref=f"b-{i}",
                title=f"Kerja sama besar {i}",
                partner=first.partner,
                type="KSDPL",
                form="sister_city",
                fields=["Pendidikan", "Pariwisata"],
            )
            for i in range(1, 5000)
        ],
        batch_size=1000,
    )
    fill_dossier(first, n=500)  # 4 dated kinds × 500 = 2,000 timeline items
    build = time.perf_counter() - t0

    client = Client()
    client.force_login(user)
    rows = [
        ("list, 5 cooperations", f"/r/{small.code}/"),
        ("list, 5,000 cooperations", f"/r/{big.code}/"),
        ("list, 5,000, search 'besar 49'", f"/r/{big.code}/?q=besar+49&sort=-title"),
        ("dossier, 5 items", f"/r/{small.code}/cooperations/c-0/"),
        ("dossier, 2,000 timeline items", f"/r/{big.code}/cooperations/b-0/"),
    ]
    print(f"database: {connection.vendor}; data built in {build:.1f} s; {args.runs} runs each")
    print(f"{'page':<34} {'queries':>7} {'p50 ms':>8} {'p95 ms':>8} {'KB':>7}")
    if os.environ.get("KEMBAR_PROFILE"):
        import cProfile
        import pstats

        cProfile.runctx("client.get(rows[-1][1])", globals(), {"client": client, "rows": rows}, "/tmp/kembar.prof")
        pstats.Stats("/tmp/kembar.prof").sort_stats("cumulative").print_stats(35)
        return
    for label, path in rows:
        q, p50, p95, size = measure(client, path, args.runs)
        print(f"{label:<34} {q:>7} {p50:>8.1f} {p95:>8.1f} {size / 1024:>7.0f}")


if __name__ == "__main__":
    main()
