"""Ranking every place in the world for one profile (issue 20, "Speed"): numpy against the plain Python loop.

Usage: .venv/bin/python benchmarks/discovery/run.py [--db URL] [--runs 30] [--python-runs 20]

The database (default: SQLite at /tmp/kembar-discovery/db.sqlite3, migrated when new) gets the whole set of
places (`kembar places load`: ~170,000 GeoNames cities and ~3,600 ISO 3166-2 divisions; skipped when loaded),
the load's time is reported when it ran. Kota Bandung's profile (its place, population, fields wanted,
preferred countries and world regions) is ranked against every place:
  - numpy: kembar.discovery.ranking.rank_indexes over the process's arrays (the engine alone), and rank()
    as a page calls it (the engine, the country table, the registry's fields, the 20 places and their ties);
  - python: ranking.rank_reference, the same criteria one row at a time over the same arrays.
Reported: p50/p95 of each over the runs, the ratio of the p50s, and that both gave the same ranking.
Goal: numpy ≤ 200 ms on 2 cores.
"""

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
DEFAULT_DB = "sqlite:////tmp/kembar-discovery/db.sqlite3"
GOAL_MS = 200


def pct(values, p):
    values = sorted(values)
    k = (len(values) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def timed(fn, runs):
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - start) * 1000)
    return times, result


def summary(times):
    return {"runs": len(times), "p50_ms": round(pct(times, 50), 1), "p95_ms": round(pct(times, 95), 1)}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default=os.environ.get("KEMBAR_DATABASE_URL", DEFAULT_DB))
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--python-runs", type=int, default=20)
    parser.add_argument("--out", default="")
    args = parser.parse_args()
    os.environ["KEMBAR_DATABASE_URL"] = args.db
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    if args.db.startswith("sqlite:///"):
        Path(args.db.split("sqlite:///", 1)[1]).parent.mkdir(parents=True, exist_ok=True)
    subprocess.run([str(ROOT / ".venv/bin/kembar"), "migrate", "-v0"], check=True, env=os.environ)

    import django

    django.setup()
    from kembar.discovery import ranking
    from kembar.discovery.models import Place, RegionProfile
    from kembar.discovery.services import places_load
    from kembar.regions.models import Region

    cpu, wall = time.process_time(), time.perf_counter()
    load = places_load()
    load_info = {
        "skipped": load.skipped,
        "wall_s": round(time.perf_counter() - wall, 1),
        "cpu_s_of_this_process": round(time.process_time() - cpu, 1),
        "cities": load.cities,
        "divisions": load.divisions,
        "names": load.names,
    }
    print("load:", load_info)

    profile = RegionProfile(
        region=Region.objects.get(code="32.73"),
        place=Place.objects.get(geonames_id=1650357),
        population=2_500_000,
        climate="tropical",
        fields=["Pendidikan", "Ekonomi kreatif", "Kebudayaan"],
        preferred_countries=["JP", "KR"],
        preferred_world_regions=["AS"],
    )
    start = time.perf_counter()
    a = ranking.arrays()
    build_ms = (time.perf_counter() - start) * 1000
    s = ranking.search_for(profile)
    print(f"arrays: {len(a)} places built in {build_ms:.0f} ms (once per process)")

    engine_times, (top, _points, scores) = timed(lambda: ranking.rank_indexes(a, s, 20), args.runs)
    page_times, _ = timed(lambda: ranking.rank(profile, limit=20), args.runs)
    python_times, reference = timed(lambda: ranking.rank_reference(a, s, 20), args.python_runs)
    vectorised = [(int(a.pk[i]), int(score)) for i, score in zip(top, scores, strict=True)]
    result = {
        "database": args.db.split(":", 1)[0],
        "places": len(a),
        "candidates": int(len(ranking.candidates(a, s))),
        "cores": os.cpu_count(),
        "load": load_info,
        "arrays_build_ms": round(build_ms),
        "numpy_engine": summary(engine_times),
        "numpy_rank_with_queries": summary(page_times),
        "python_loop": summary(python_times),
        "ratio_python_to_numpy_p50": round(pct(python_times, 50) / pct(engine_times, 50), 1),
        "same_ranking": vectorised == reference,
        "goal_ms": GOAL_MS,
        "goal_met": pct(page_times, 95) <= GOAL_MS,
    }
    print(json.dumps(result, indent=2))
    out = Path(args.out or ROOT / "benchmarks" / "discovery" / f"result-{result['database']}.json")
    out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    if not result["same_ranking"]:
        sys.exit("the numpy and Python rankings differ")


if __name__ == "__main__":
    main()
