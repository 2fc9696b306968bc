"""Evaluate 5,000 cooperations holding 500,000 activities: seconds and queries, against one raw SQL aggregate.

Usage: .venv/bin/python benchmarks/evaluation.py [--runs 3] [--n 5000] [--per 100]
Builds the data in bulk in a throw-away SQLite database (or KEMBAR_DATABASE_URL: give it an empty one), then
times `evaluate_many` (UNDP framework, every element, dormancy, reciprocity, overdue obligations) over the
whole region, and a single raw GROUP BY over the same activity rows (counts, min, max and the conditional
counts the evaluation needs) for comparison. Target: under 3 s.
"""

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
tmp = tempfile.mkdtemp(prefix="kembar-bench-")
os.environ.setdefault("KEMBAR_DATABASE_URL", f"sqlite:///{tmp}/bench.sqlite3")
os.environ["KEMBAR_VAR_DIR"] = tmp
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
os.environ["KEMBAR_DEBUG"] = "false"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

AS_OF = dt.date(2025, 1, 1)
SIDES = ["region", "partner", "both", ""]
KINDS = ["meeting", "exchange", "training", "aid", "exhibition", "study_visit"]
SECTORS = ["government", "business", "education", "youth", "community", "ngo", "institution"]


def _date(rnd: random.Random) -> tuple[str, dt.date]:
    day = dt.date(2005, 1, 1) + dt.timedelta(days=rnd.randrange(7300))
    r = rnd.random()
    if r < 0.75:
        return day.isoformat(), day
    if r < 0.88:
        return f"{day.year:04d}-{day.month:02d}", day.replace(day=1)
    if r < 0.95:
        return str(day.year), day.replace(month=1, day=1)
    end = day + dt.timedelta(days=rnd.randrange(30, 900))
    return f"{day.isoformat()}/{end.isoformat()}", day


def build(n: int, per: int):
    from kembar.cooperations.models import Activity, Cooperation, Obligation
    from kembar.regions.models import Region
    from kembar.regions.services import region_profile_update
    from kembar.testing import make_cooperation, reference_data

    reference_data()
    region = Region.objects.get(code="32.01")
    region_profile_update(region=region, by=None, bureau_staff=12, portfolio_counts={"sister_city": n})
    first = make_cooperation(region, ref="b-0", title="Kerja sama 0", started="2005-01-01", status="active")
    Cooperation.objects.bulk_create(
        [
            Cooperation(
                region=region,
                ref=f"b-{i}",
                title=f"Kerja sama {i}",
                partner=first.partner,
                type="KSDPL",
                form="sister_city",
                started="2005-01-01",
                status="active",
                fields=["Pendidikan", "Pariwisata"],
                goals="Saling menguntungkan",
                terms={"funding": "shared"},
            )
            for i in range(1, n)
        ],
        batch_size=1000,
    )
    ids = list(Cooperation.objects.filter(region=region).values_list("pk", flat=True))
    rnd = random.Random(2001)
    Obligation.objects.bulk_create(
        [
            Obligation(
                region=region,
                cooperation_id=cid,
                kind="joint_working_group",
                text="Kelompok kerja bersama bertemu setiap tahun",
                starts=(dt.date(2005, 1, 1) + dt.timedelta(days=rnd.randrange(5000))).isoformat(),
                recurrence=rnd.choice(["yearly", "yearly", "half-yearly", "once"]),
                fulfilled=None,
            )
            for cid in ids
        ],
        batch_size=1000,
    )
    batch = []
    for cid in ids:
        for i in range(per):
            text, sort = _date(rnd)
            participants = rnd.sample(SECTORS, rnd.randrange(0, 3))
            budget = rnd.random() < 0.2
            batch.append(
                Activity(
                    region=region,
                    cooperation_id=cid,
                    date=text,
                    date_sort=sort,
                    title=f"Kegiatan {i}",
                    kind=rnd.choice(KINDS),
                    beneficiary=rnd.choice(SIDES),
                    initiated_by=rnd.choice(SIDES),
                    participants=participants,
                    community_in_planning=rnd.choice([None, None, True, False]),
                    outcomes=[{"text": "hasil", "tangible": rnd.choice(["direct", "indirect"])}]
                    if rnd.random() < 0.3
                    else [],
                    budget_region=Decimal(rnd.randrange(1000, 90000)) if budget else None,
                    budget_partner=Decimal(rnd.randrange(1000, 90000)) if budget else None,
                    currency="IDR",
                )
            )
            if len(batch) >= 10000:
                Activity.objects.bulk_create(batch)
                batch = []
    if batch:
        Activity.objects.bulk_create(batch)
    return region


RAW = """
SELECT a.cooperation_id, COUNT(*), MIN(a.date_sort), MAX(a.date_sort),
       SUM(CASE WHEN a.beneficiary = 'region' THEN 1 ELSE 0 END),
       SUM(CASE WHEN a.beneficiary = 'partner' THEN 1 ELSE 0 END),
       SUM(CASE WHEN a.beneficiary = 'both' THEN 1 ELSE 0 END),
       SUM(CASE WHEN a.kind = 'aid' THEN 1 ELSE 0 END),
       SUM(CASE WHEN a.community_in_planning THEN 1 ELSE 0 END),
       SUM(a.budget_region), SUM(a.budget_partner)
FROM cooperations_activity a JOIN cooperations_cooperation c ON c.id = a.cooperation_id
WHERE c.region_id = %s AND c.deleted_at IS NULL AND a.deleted_at IS NULL AND a.date_sort <= %s
GROUP BY a.cooperation_id
"""


def timed(fn, runs):
    times, result = [], None
    for _ in range(runs):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), min(times), result


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--n", type=int, default=5000)
    parser.add_argument("--per", type=int, default=100)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    t0 = time.perf_counter()
    with transaction.atomic():
        region = build(args.n, args.per)
    build_s = time.perf_counter() - t0
    if connection.vendor == "postgresql":
        with connection.cursor() as cur:
            cur.execute("ANALYZE")

    from kembar.cooperations.models import Activity
    from kembar.evaluation.selectors import evaluate_many

    acts = Activity.objects.filter(region=region).count()

    def raw():
        with connection.cursor() as cur:
            cur.execute(RAW, [region.pk, AS_OF])
            return cur.fetchall()

    def ours():
        return evaluate_many(region=region, as_of=AS_OF, framework="undp")

    executed = []
    with connection.execute_wrapper(lambda ex, sql, p, many, ctx: (executed.append(sql), ex(sql, p, many, ctx))[1]):
        results = ours()
    raw_med, raw_min, rows = timed(raw, args.runs)
    med, best, results = timed(ours, args.runs)
    dormant = sum(1 for r in results if r.dormancy and r.dormancy.state == "dormant")
    verdicts = {}
    for r in results:
        for e in r.elements:
            verdicts[(e.id, e.verdict)] = verdicts.get((e.id, e.verdict), 0) + 1
    print(
        f"database: {connection.vendor}; {len(results):,} cooperations, {acts:,} activities; built in {build_s:.0f} s"
    )
    print(
        f"evaluate_many (UNDP, all elements, dormancy, obligations): {med:.2f} s median, {best:.2f} s best, "
        f"{len(executed)} queries"
    )
    print(f"raw SQL GROUP BY (counts/min/max/sums, {len(rows):,} rows):   {raw_med:.2f} s median, {raw_min:.2f} s best")
    print(f"ratio evaluate_many / raw aggregate: {med / raw_med:.1f}×")
    print(
        f"dormant now: {dormant:,}; verdicts: " + ", ".join(f"{k[0]}={k[1]}:{v}" for k, v in sorted(verdicts.items()))
    )
    if os.environ.get("KEMBAR_PROFILE"):
        import cProfile
        import pstats

        cProfile.runctx("ours()", globals(), {"ours": ours}, "/tmp/kembar-eval.prof")
        order = os.environ.get("KEMBAR_PROFILE_SORT", "cumulative")
        pstats.Stats("/tmp/kembar-eval.prof").sort_stats(order).print_stats(30)


if __name__ == "__main__":
    main()
