"""Build a national-scale portfolio in a fresh database: 548 regions, 5,000 cooperations, 500,000 activities.

Usage: .venv/bin/python benchmarks/national/generator.py --db sqlite|postgres|URL [--scale 1.0] [--seed 1]

The database is dropped and re-created (a SQLite file under /tmp/kembar-national/, or `kembar_national` on
the local PostgreSQL), migrated, loaded with the reference data (552 regions, countries, rule packs), then:

- cooperations spread over 548 of the 552 regions, skewed (Zipf): the big cities and provinces hold many,
  most regencies one to five, four regions none;
- one foreign partner per cooperation, in the countries Indonesian regions actually twin with (China, Japan,
  Korea, Australia, the Netherlands, … weighted), CJK partners with their name in local script;
- activities per cooperation log-normally spread, dated inside the cooperation's own active years, 75 % to
  the day and the rest to the month, the year or a range (as benchmarks/evaluation.py does); 30 % of the
  cooperations fall silent years before the evaluation day, so dormancy has something to find;
- documents (metadata only, no files: LoI, MoU with validity, approvals, agreements, plans, reports,
  correspondence) and one to three obligations per cooperation.

Rows are inserted with bulk_create in batches (history rows are not written: this is bulk reference data);
bulk_create sends no signals, so the stored cooperation facts and the search index are then rebuilt
(`facts.rebuild()`, `search.index.rebuild()`, timed).
Deterministic for a given --seed and --scale. Prints the time of each step.
"""

import argparse
import datetime as dt
import json
import math
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import SCRATCH, database_url, fresh_database, setup_django, vendor_label  # noqa: E402

AS_OF = dt.date(2025, 1, 1)  # the evaluation day the runner uses
REGIONS_WITH_COOPERATIONS = 548
COOPERATIONS = 5_000
ACTIVITIES = 500_000
DOCUMENTS = 50_000
BATCH = 5_000

#: Big cities and provinces first: they hold the most cooperations (the rest are shuffled behind them).
BIG = [
    "35.78", "32.73", "31", "34.71", "33.74", "51.71", "12.71", "73.71", "35", "32", "33", "51", "34",
    "33.72", "35.73", "16.71", "21.71", "14.71", "64.71", "71.71", "13.71", "11.71", "32.71", "36.71",
    "12", "73", "61.71", "18.71", "52.71", "31.71",
]  # fmt: skip
#: Partner countries and weights, after the spread of Indonesian sister-city ties.
COUNTRIES = {
    "CN": 16, "JP": 14, "KR": 12, "AU": 9, "NL": 7, "DE": 5, "US": 6, "MY": 6, "TH": 4, "VN": 3,
    "FR": 3, "TR": 3, "RU": 2, "IT": 2, "GB": 2, "PH": 2, "SG": 1, "IN": 1, "SA": 1, "EG": 1,
    "MA": 1, "ES": 1, "BE": 1, "TL": 1, "PG": 1, "NZ": 1, "CA": 1, "AE": 1, "PS": 1, "IR": 1,
}  # fmt: skip
LOCAL_NAMES = {
    "CN": ["广州", "杭州", "南宁", "昆明", "厦门", "福州", "西安", "成都"],
    "JP": ["大阪", "横浜", "北九州", "静岡", "岡山", "名古屋"],
    "KR": ["부산", "대구", "광주", "제주", "인천", "수원"],
}
CITY = ["Kota", "Provinsi", "Kabupaten", "Universitas", "Kamar Dagang"]
SIDES = ["region", "partner", "both", ""]
KINDS = ["meeting", "exchange", "training", "aid", "exhibition", "study_visit"]
SECTORS = ["government", "business", "education", "youth", "community", "ngo", "institution"]
FIELDS = ["Pendidikan", "Pariwisata", "Kebudayaan", "Ekonomi", "Kesehatan", "Lingkungan", "Pertanian"]
DOC_KINDS = ["loi", "mou", "dprd_approval", "central_approval", "pks", "plan"]
RECURRENCE = ["yearly", "yearly", "half-yearly", "once"]


def spread(total: int, weights: list[float], minimum: int = 0) -> list[int]:
    """Split `total` over `weights` (largest remainders), each share at least `minimum`."""
    rest = total - minimum * len(weights)
    s = sum(weights)
    raw = [rest * w / s for w in weights]
    counts = [math.floor(x) for x in raw]
    for i in sorted(range(len(raw)), key=lambda i: raw[i] - counts[i], reverse=True)[: rest - sum(counts)]:
        counts[i] += 1
    return [c + minimum for c in counts]


def date_in(rnd: random.Random, first: dt.date, last: dt.date) -> tuple[str, dt.date]:
    """A date between first and last at a mixed precision (the approach of benchmarks/evaluation.py)."""
    day = first + dt.timedelta(days=rnd.randrange(max(1, (last - first).days)))
    r = rnd.random()
    if r < 0.75:
        return day.isoformat(), day
    if r < 0.88:
        return f"{day.year:04d}-{day.month:02d}", day.replace(day=1)
    if r < 0.95:
        return str(day.year), day.replace(month=1, day=1)
    end = day + dt.timedelta(days=rnd.randrange(30, 900))
    return f"{day.isoformat()}/{end.isoformat()}", day


class Clock:
    def __init__(self):
        self.t0 = self.last = time.perf_counter()
        self.steps: dict[str, float] = {}

    def step(self, name: str, rows: int | None = None) -> None:
        now = time.perf_counter()
        self.steps[name] = round(now - self.last, 2)
        extra = f" ({rows:,} rows, {rows / max(now - self.last, 1e-9):,.0f}/s)" if rows else ""
        print(f"  {name:<34} {now - self.last:7.1f} s{extra}", flush=True)
        self.last = now

    @property
    def total(self) -> float:
        return time.perf_counter() - self.t0


def insert(model, rows: list) -> None:
    from django.db import transaction

    with transaction.atomic():
        for i in range(0, len(rows), BATCH):
            model.objects.bulk_create(rows[i : i + BATCH])


def generate(scale: float, seed: int) -> dict:
    from django.core.management import call_command
    from django.db import connection

    from kembar.cooperations.models import Activity, Cooperation, Document, Obligation
    from kembar.partners.models import Partner
    from kembar.regions.models import Region
    from kembar.testing import reference_data

    rnd = random.Random(seed)
    clock = Clock()
    call_command("migrate", verbosity=0)
    clock.step("migrate")
    reference_data()
    clock.step("reference data (regions, countries)")

    n_coops = max(1, round(COOPERATIONS * scale))
    n_acts = round(ACTIVITIES * scale)
    n_docs = round(DOCUMENTS * scale)
    regions = {r.code: r for r in Region.objects.all()}
    big = [c for c in BIG if c in regions]
    others = sorted(set(regions) - set(big))
    rnd.shuffle(others)
    ranked = [regions[c] for c in big + others][: min(REGIONS_WITH_COOPERATIONS, n_coops)]
    per_region = spread(n_coops, [1 / (rank + 2) for rank in range(len(ranked))], minimum=1)

    codes, weights = list(COUNTRIES), list(COUNTRIES.values())
    partners, coops, plans = [], [], []
    for region, count in zip(ranked, per_region, strict=True):
        for i in range(count):
            country = rnd.choices(codes, weights)[0]
            ksdpl = rnd.random() < 0.8
            local = rnd.choice(LOCAL_NAMES[country]) if country in LOCAL_NAMES and rnd.random() < 0.7 else ""
            partners.append(
                Partner(
                    region=region,
                    name=f"{rnd.choice(CITY[:3] if ksdpl else CITY[3:])} Mitra {country}-{i}",
                    name_local=local,
                    country_id=country,
                    kind="local_government" if ksdpl else "institution",
                    level=rnd.choice(["city", "province", "regency"]) if ksdpl else "institution",
                )
            )
            start = dt.date(rnd.randrange(2005, 2023), rnd.randrange(1, 13), 1)
            silent = rnd.random() < 0.3  # falls silent well before the evaluation day
            last = start + dt.timedelta(days=rnd.randrange(365, 2200)) if silent else AS_OF
            last = min(max(last, start + dt.timedelta(days=200)), AS_OF)
            status = rnd.choices(
                ["active", "dormant", "in_preparation", "idea", "ended", "expired", "unknown"],
                [60, 12, 8, 5, 5, 5, 5] if not silent else [35, 40, 0, 0, 10, 10, 5],
            )[0]
            plans.append((start, last))
            coops.append(
                Cooperation(
                    region=region,
                    ref=f"n-{i}",
                    title=f"Kerja sama {region.name} – {country} {i}",
                    type="KSDPL" if ksdpl else "KSDLL",
                    form=rnd.choice(["sister_city", "sister_city", "sister_province", "other"])
                    if ksdpl
                    else "institution",
                    started=start.isoformat()[:7] if rnd.random() < 0.3 else start.isoformat(),
                    status=status,
                    fields=rnd.sample(FIELDS, rnd.randrange(1, 4)),
                    goals="Saling menguntungkan",
                )
            )
    insert(Partner, partners)
    if not all(p.pk for p in partners):  # backends that return no primary keys
        by_key = {(p.region_id, p.name): p.pk for p in Partner.objects.all()}
        for p in partners:
            p.pk = by_key[(p.region_id, p.name)]
    for c, p in zip(coops, partners, strict=True):
        c.partner_id = p.pk
    clock.step("partners", len(partners))
    insert(Cooperation, coops)
    if not all(c.pk for c in coops):
        by_key = {(c.region_id, c.ref): c.pk for c in Cooperation.objects.all()}
        for c in coops:
            c.pk = by_key[(c.region_id, c.ref)]
    clock.step("cooperations", len(coops))

    # Activities: log-normal share per cooperation, dated inside its active years.
    acts_per = spread(n_acts, [rnd.lognormvariate(0, 0.8) for _ in coops])
    from django.db import transaction

    with transaction.atomic():
        batch = []
        for coop, (first, last), n in zip(coops, plans, acts_per, strict=True):
            for i in range(n):
                text, sort = date_in(rnd, first, last)
                budget = rnd.random() < 0.2
                batch.append(
                    Activity(
                        region_id=coop.region_id,
                        cooperation_id=coop.pk,
                        date=text,
                        date_sort=sort,
                        title=f"Kegiatan {i}",
                        kind=rnd.choice(KINDS),
                        beneficiary=rnd.choice(SIDES),
                        initiated_by=rnd.choice(SIDES),
                        participants=rnd.sample(SECTORS, rnd.randrange(0, 3)),
                        community_in_planning=rnd.choice([None, None, True, False]),
                        outcomes=[{"text": "hasil", "tangible": rnd.choice(["direct", "indirect"])}]
                        if rnd.random() < 0.3
                        else [],
                        budget_region=Decimal(rnd.randrange(1000, 90000)) if budget else None,
                        budget_partner=Decimal(rnd.randrange(1000, 90000)) if budget else None,
                        currency="IDR",
                        position=i,
                    )
                )
                if len(batch) >= BATCH:
                    Activity.objects.bulk_create(batch)
                    batch = []
        if batch:
            Activity.objects.bulk_create(batch)
    clock.step("activities", n_acts)

    # Documents (metadata only): the procedure's papers in order, then reports and correspondence.
    docs_per = spread(n_docs, [0.5 + rnd.random() for _ in coops])
    docs = []
    for coop, (first, last), n in zip(coops, plans, docs_per, strict=True):
        for i in range(n):
            kind = DOC_KINDS[i] if i < len(DOC_KINDS) else rnd.choice(["report", "correspondence", "other"])
            text, day = date_in(rnd, first - dt.timedelta(days=200), last) if i >= 2 else (first.isoformat(), first)
            mou = kind in {"mou", "pks"}
            docs.append(
                Document(
                    region_id=coop.region_id,
                    cooperation_id=coop.pk,
                    kind=kind,
                    title=f"{kind.upper()} {coop.title}"[:300],
                    date=text,
                    language=rnd.choice(["Indonesia, Inggris", "Indonesia", "Inggris, Mandarin"]),
                    duration_months=60 if mou else None,
                    expires=day.replace(year=day.year + 5, day=min(day.day, 28)).isoformat() if mou else "",
                    position=i,
                )
            )
    insert(Document, docs)
    clock.step("documents", len(docs))

    obligations = []
    for coop, (first, _last) in zip(coops, plans, strict=True):
        for i in range(rnd.randrange(1, 4)):
            obligations.append(
                Obligation(
                    region_id=coop.region_id,
                    cooperation_id=coop.pk,
                    kind=rnd.choice(["joint_working_group", "meeting", "report"]),
                    text="Kelompok kerja bersama bertemu setiap tahun",
                    starts=(first + dt.timedelta(days=rnd.randrange(0, 700))).isoformat(),
                    recurrence=rnd.choice(RECURRENCE),
                    fulfilled=rnd.choice([None, None, True, False]),
                    position=i,
                )
            )
    insert(Obligation, obligations)
    clock.step("obligations", len(obligations))

    # bulk_create sends no signals: the stored cooperation facts (kembar/cooperations/facts.py) are written
    # from scratch, as `kembar facts rebuild` does.
    from kembar.cooperations import facts
    from kembar.cooperations.models import CooperationFacts

    with transaction.atomic():
        rebuilt = facts.rebuild()
    clock.step("facts rebuild", rebuilt)
    facts_s = clock.steps["facts rebuild"]
    # Facts hold from their horizon on (the latest day any input begins); a cooperation whose horizon is
    # after the runner's evaluation day is evaluated from its records there.
    after_as_of = CooperationFacts.objects.filter(horizon__gt=AS_OF).count()

    # The search index too (kembar/search/index.py), as `kembar search rebuild` does.
    from kembar.search import index as search_index
    from kembar.search import storage as search_storage

    with transaction.atomic():
        indexed = search_index.rebuild()
    search_storage.optimize(connection)
    clock.step("search rebuild", indexed)

    with connection.cursor() as cur:  # fresh statistics for the planner (both backends)
        cur.execute("ANALYZE")
    clock.step("ANALYZE")

    largest = max(zip(ranked, per_region, strict=True), key=lambda rc: rc[1])
    summary = {
        "scale": scale,
        "seed": seed,
        "regions": Region.objects.count(),
        "regions_with_cooperations": len(ranked),
        "cooperations": len(coops),
        "partners": len(partners),
        "activities": n_acts,
        "documents": len(docs),
        "obligations": len(obligations),
        "largest_region": {"code": largest[0].code, "name": largest[0].name, "cooperations": largest[1]},
        "top_regions": [
            {"code": r.code, "name": r.name, "cooperations": n}
            for r, n in list(zip(ranked, per_region, strict=True))[:5]
        ],
        "facts_rebuild": {"rows": rebuilt, "seconds": facts_s, "horizon_after_as_of": after_as_of},
        "search_rebuild": {"rows": indexed, "seconds": clock.steps["search rebuild"]},
        "steps_s": clock.steps,
        "total_s": round(clock.total, 1),
    }
    return summary


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="sqlite", help="sqlite, postgres or a database URL (default sqlite)")
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of the national sizes (default 1.0)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    url = database_url(args.db)
    print(f"fresh database: {url}", flush=True)
    fresh_database(url)
    setup_django(url)
    summary = generate(args.scale, args.seed)
    summary["database"] = vendor_label(url)
    (SCRATCH / f"generated-{vendor_label(url)}.json").write_text(json.dumps(summary, indent=1))
    top = ", ".join(f"{t['name']} {t['cooperations']}" for t in summary["top_regions"])
    print(
        f"built in {summary['total_s']:.0f} s: {summary['regions']} regions ({summary['regions_with_cooperations']} "
        f"with cooperations), {summary['cooperations']:,} cooperations, {summary['activities']:,} activities, "
        f"{summary['documents']:,} documents, {summary['obligations']:,} obligations; largest: {top}; "
        f"facts rebuilt for {summary['facts_rebuild']['rows']:,} cooperations in "
        f"{summary['facts_rebuild']['seconds']} s ({summary['facts_rebuild']['horizon_after_as_of']} with a "
        f"horizon after {AS_OF})"
    )
    return summary


if __name__ == "__main__":
    main()
