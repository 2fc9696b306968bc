"""Procedure status of 5,000 cooperations on one rule pack: queries and seconds.

Usage: .venv/bin/python benchmarks/procedure_status.py [--runs 5] [--n 5000]
Builds the data in bulk in a throw-away SQLite database (or KEMBAR_DATABASE_URL: give it an empty one), then
times `procedure_status_many` — the batched form of `kembar procedure status` — over the whole region.
Target: under 2 s.
"""

import argparse
import os
import random
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

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

PACK = "permendagri-25-2020"


def build(n: int) -> "Region":  # noqa: F821
    from kembar.accounts.models import Role
    from kembar.cooperations.models import Cooperation, Document
    from kembar.procedure.models import CooperationProcedure, RulePack, StageRecord
    from kembar.regions.models import Region
    from kembar.testing import make_cooperation, make_member, reference_data

    reference_data()
    region = Region.objects.get(code="32.01")
    user = make_member("bench", region, Role.BUREAU_STAFF)
    first = make_cooperation(region, ref="b-0", title="Kerja sama 0", rule_pack=PACK)
    Cooperation.objects.bulk_create(
        [
            Cooperation(
                region=region,
                ref=f"b-{i}",
                title=f"Kerja sama {i}",
                partner=first.partner,
                type="KSDPL",
                form="sister_city",
                rule_pack=PACK,
            )
            for i in range(1, n)
        ],
        batch_size=1000,
    )
    pack = RulePack.objects.get(pack_id=PACK, version=1)
    stages = pack.data["stages"]
    coops = list(Cooperation.objects.filter(region=region).order_by("pk"))
    rng = random.Random(7)
    now = timezone.now()
    # Three in four have started; each holds some documents and has moved some stages (with send-backs).
    started = [c for c in coops if rng.random() < 0.75]
    CooperationProcedure.objects.bulk_create(
        [CooperationProcedure(region=region, cooperation=c, pack=pack, started_at=now) for c in started],
        batch_size=1000,
    )
    kinds = ["loi", "plan", "dprd_approval", "mou", "central_approval", "kemlu_consideration", "correspondence"]
    docs, records, plan = [], [], []
    for c in started:
        held = rng.sample(kinds, rng.randint(0, len(kinds)))
        for kind in held:
            docs.append(Document(region=region, cooperation=c, kind=kind, title=f"{kind} {c.ref}"))
        depth = rng.randint(0, len(stages))
        for i, stage in enumerate(stages[:depth]):
            plan.append((c, stage))
            records.append(
                StageRecord(region=region, cooperation=c, stage_id=stage["id"], action="complete", by=user, at=now)
            )
            if i == depth - 1 and rng.random() < 0.2:
                records.append(
                    StageRecord(
                        region=region,
                        cooperation=c,
                        stage_id=stage["id"],
                        action="send_back",
                        by=user,
                        at=now,
                        justification="DPRD asked for changes",
                    )
                )
    Document.objects.bulk_create(docs, batch_size=1000)
    StageRecord.objects.bulk_create(records, batch_size=1000)
    # Evidence: each completed record that requires a kind the cooperation holds gets that document.
    by_coop = {}
    for d in Document.objects.filter(region=region).values_list("pk", "cooperation_id", "kind"):
        by_coop.setdefault(d[1], {})[d[2]] = d[0]
    requires = {s["id"]: s.get("requires") or [] for s in stages}
    through = StageRecord.documents.through
    links = [
        through(stagerecord_id=r.pk, document_id=by_coop[r.cooperation_id][k])
        for r in StageRecord.objects.filter(region=region, action="complete")
        for k in requires[r.stage_id]
        if k in by_coop.get(r.cooperation_id, {})
    ]
    through.objects.bulk_create(links, batch_size=1000)
    print(
        f"{len(coops)} cooperations ({len(started)} started), {len(docs)} documents, "
        f"{len(records)} stage records, {len(links)} evidence links"
    )
    return region


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--n", type=int, default=5000)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    t0 = time.perf_counter()
    region = build(args.n)
    print(f"database: {connection.vendor}; data built in {time.perf_counter() - t0:.1f} s")

    from kembar.procedure.selectors import procedure_status_many

    executed = []
    with connection.execute_wrapper(
        lambda execute, sql, params, many, context: (executed.append(sql), execute(sql, params, many, context))[1]
    ):
        states = procedure_status_many(region=region)
        rows = [s.as_json() for s in states]
    signed = sum(r["signed"] for r in rows)
    del states, rows  # each run starts like a fresh command: no earlier results held in memory
    times, json_times = [], []
    for _ in range(args.runs):
        states = rows = None
        t0 = time.perf_counter()
        states = procedure_status_many(region=region)
        t1 = time.perf_counter()
        rows = [s.as_json() for s in states]  # what `kembar procedure status --json` prints, for every one
        t2 = time.perf_counter()
        times.append(t1 - t0)
        json_times.append(t2 - t0)
    print(f"status of {len(rows)} cooperations ({signed} signed): {len(executed)} queries")
    print(f"seconds, status: median {statistics.median(times):.2f}, max {max(times):.2f} over {args.runs} runs")
    print(
        f"seconds, status + JSON rows: median {statistics.median(json_times):.2f}, max {max(json_times):.2f} "
        "(target < 2)"
    )


if __name__ == "__main__":
    main()
