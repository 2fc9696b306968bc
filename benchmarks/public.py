"""The public portal on the national portfolio: first visits of the directory, a large region and a cooperation.

Usage: .venv/bin/python benchmarks/public.py --db URL [--publish 0.6] [--runs 40]

The portfolio is benchmarks/national's (generate it with benchmarks/national/generator.py, or copy one already
made and run `kembar migrate` on the copy). With --publish SHARE the script first publishes that share of the
cooperations (every n-th, by pk) and sets every region's rule to "all activities of published cooperations",
as a bureau would; without it, it measures what is published already.

Each page is visited `--runs` times by anonymous visitors (a new Client each, no cookie), each visit a distinct
request (another page of the directory, another filter, another region or cooperation of the few largest), the
shared cache emptied before each: the first visit of the day. Reported: p50/p95/max and queries; the goal is
p95 <= 50 ms for the directory and the region page (issue 18, "Speed"). Also the process's CPU time per visit
(cpu_p50/cpu_p95), which another process's load on a shared machine disturbs far less than the wall clock.
"""

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "national"))

from common import setup_django  # noqa: E402
from runner import QueryCounter, pct  # noqa: E402

GOAL_MS = 50


def publish(share: float) -> dict:
    from django.db import transaction

    from kembar.cooperations.models import Cooperation
    from kembar.regions.models import Region, RegionProfile

    pks = list(Cooperation.objects.order_by("pk").values_list("pk", flat=True))
    step = 1 / share if share else 0
    chosen = {pks[int(i * step)] for i in range(int(len(pks) * share))} if share else set()
    with transaction.atomic():
        Cooperation.all_objects.update(published=False)
        Cooperation.objects.filter(pk__in=chosen).update(published=True)
        for region in Region.objects.filter(pk__in=Cooperation.objects.values("region_id")):
            RegionProfile.objects.update_or_create(
                region=region, defaults={"publish_activities": True, "publish_documents": False}
            )
        # update() bypasses the signals that keep the directory's entries (kembar/public/entries.py).
        from kembar.public import entries

        entries.rebuild()
    return {"cooperations": len(pks), "published": len(chosen)}


def visit(paths: list[str]) -> dict:
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client

    Client().get(paths[0])  # the process's first request (imports, templates): a running server has long served it
    times, cpu, queries, statuses = [], [], [], []
    for path in paths:
        cache.clear()
        counter = QueryCounter()
        client = Client()
        with connection.execute_wrapper(counter):
            started, started_cpu = time.perf_counter(), time.process_time()
            response = client.get(path)
            times.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
        queries.append(counter.n)
        statuses.append(response.status_code)
    return {
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(pct(times, 95), 1),
        "max_ms": round(max(times), 1),
        "cpu_p50_ms": round(statistics.median(cpu), 1),
        "cpu_p95_ms": round(pct(cpu, 95), 1),
        "queries_max": max(queries),
        "runs": len(paths),
        "not_200": sum(1 for s in statuses if s != 200),
    }


def targets(runs: int) -> dict[str, list[str]]:
    from django.db.models import Count
    from django.urls import reverse

    from kembar.evaluation.lifecycle import ORDER
    from kembar.public import selectors

    coops = selectors.published_cooperations()
    largest = list(coops.values("region__code").annotate(n=Count("pk")).order_by("-n", "region__code")[:5])
    codes = [r["region__code"] for r in largest]
    options = selectors.directory_options()
    filters = (
        [{}]
        + [{"page": str(p)} for p in range(2, 12)]
        + [{"status": s} for s in ORDER]
        + [{"field": f} for f in options.fields[:8]]
        + [{"country": c} for c, _n in options.countries[:8]]
        + [{"q": "kota"}, {"province": options.provinces[0][0]}, {"form": "sister_city", "page": "2"}]
    )
    from urllib.parse import urlencode

    directory = ["/" + ("?" + urlencode(f) if f else "") for f in filters]
    refs = list(coops.filter(region__code__in=codes).order_by("?").values_list("region__code", "ref")[:runs])
    return {
        "directory": [directory[i % len(directory)] for i in range(runs)],
        "region": [reverse("public_region", args=[codes[i % len(codes)]]) for i in range(runs)],
        "cooperation": [reverse("public_cooperation", args=refs[i % len(refs)]) for i in range(runs)],
        "largest_regions": [f"{r['region__code']} ({r['n']})" for r in largest],
    }


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="a database URL (sqlite:////path or postgres://…)")
    parser.add_argument("--publish", type=float, default=None, help="publish this share of the cooperations first")
    parser.add_argument("--runs", type=int, default=40)
    args = parser.parse_args(argv)
    setup_django(args.db)
    out = {"database": args.db.split(":", 1)[0]}
    if args.publish is not None:
        out["publish"] = publish(args.publish)
    paths = targets(args.runs)
    out["largest_regions"] = paths.pop("largest_regions")
    for name, urls in paths.items():
        out[name] = visit(urls)
        m = out[name]
        goal = "" if name == "cooperation" else f" (goal {GOAL_MS} ms: {'met' if m['p95_ms'] <= GOAL_MS else 'MISSED'})"
        print(
            f"{name}: p50 {m['p50_ms']} ms, p95 {m['p95_ms']} ms, max {m['max_ms']} ms, "
            f"CPU p50 {m['cpu_p50_ms']} ms, p95 {m['cpu_p95_ms']} ms, "
            f"<= {m['queries_max']} queries, {m['not_200']} not 200{goal}"
        )
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
