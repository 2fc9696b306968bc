"""The catalogue's search over 100,000 products × 4 languages, and the 100-product print PDF (issue 19, "Speed").

Usage: .venv/bin/python benchmarks/catalogue/run.py --db sqlite|postgres [--products 100000] [--runs 100] [--pdf]

A fresh database (SQLite under /tmp/kembar-catalogue/, or PostgreSQL `kembar_catalogue_bench` on 127.0.0.1) is
migrated, Kota Bandung gets N sample products (kembar.smes.demo.demo_products: texts reviewed in id/en/ko/ja)
and the search entries are built (kembar.catalogue.index.rebuild). Then each query of QUERIES is searched
`--runs` times as the staff search page does (kembar.catalogue.search.search: ranked, 20 results, facet
counts) and, as the floor, as the bare full-text query (search.raw_match: the trigram match alone, 20 ids).
Reported: p50/p95 per query, the p95 over every query of three characters or more (goal ≤ 50 ms), the ratio
to the floor, and the two-character CJK queries (LIKE, a scan of the region's entries) apart.
With --pdf: 100 products with photos, one edition published, its print PDF built and timed (goal ≤ 15 s).
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
SCRATCH = Path("/tmp/kembar-catalogue")
PG = "postgres://postgres@127.0.0.1:5432/kembar_catalogue_bench"

#: (query, language or "") — Korean and Japanese substrings, Indonesian and English words, rare and common.
QUERIES = [
    ("バッグ", ""),
    ("スカーフ", "ja"),
    ("織りの", ""),
    ("アラビカ", ""),
    ("니트", ""),  # two Hangul syllables: LIKE
    ("스카프", "ko"),
    ("아라비카 커피", ""),
    ("batik", ""),
    ("tenun", "id"),
    ("Woven Bag", "en"),
    ("kopi", ""),
    ("99917", ""),
    ("バティック スカーフ 12", ""),
    ("가방", ""),  # two syllables: LIKE
    # Two-character Korean and Japanese words (the CJK pairs since issue 19's second round): common, rare, absent.
    ("바틱", ""),
    ("커피", "ko"),
    ("お茶", "ja"),
    ("중소", ""),  # in every product's description
    ("珈琲", ""),
    ("茶色", "ja"),
    ("바틱 스카프", ""),
    ("가죽 가방", "ko"),
    ("お茶 12", ""),
]
GOAL_MS = 50


def pct(values, p):
    values = sorted(values)
    k = (len(values) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def fresh(url: str) -> None:
    if url.startswith("sqlite"):
        path = Path(url.split("sqlite:///", 1)[1])
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        path.parent.mkdir(parents=True, exist_ok=True)
        return
    parts = urlparse(url)
    name = parts.path.lstrip("/")
    assert parts.hostname in {"127.0.0.1", "localhost"} and name.startswith("kembar_")
    base = ["psql", "-q", "-h", parts.hostname, "-U", parts.username or "postgres", "-d", "postgres"]
    subprocess.run([*base, "-c", f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'], check=True)
    subprocess.run([*base, "-c", f'CREATE DATABASE "{name}"'], check=True)


def setup(url: str) -> None:
    SCRATCH.mkdir(parents=True, exist_ok=True)
    os.environ["KEMBAR_DATABASE_URL"] = url
    os.environ["KEMBAR_VAR_DIR"] = str(SCRATCH / "var")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    import django

    django.setup()


def build(n: int) -> dict:
    from django.core.management import call_command
    from django.db import connection, transaction

    from kembar.catalogue import index, storage
    from kembar.regions.models import Region
    from kembar.smes.demo import demo_products

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    region = Region.objects.get(code="32.73")
    t0 = time.perf_counter()
    with transaction.atomic():
        for done in range(0, n, 20_000):
            demo_products(region, min(20_000, n - done))
    t1 = time.perf_counter()
    with transaction.atomic():
        entries = index.rebuild()
    storage.optimize(connection)
    t2 = time.perf_counter()
    return {
        "products": n,
        "texts": n * 4,
        "entries": entries,
        "insert_s": round(t1 - t0, 1),
        "index_s": round(t2 - t1, 1),
        "total_s": round(t2 - started, 1),
        "region": region.pk,
    }


def dump(region_id: int, path: str) -> None:
    """Every query's results (first two pages, with a category filter, for each kind) to compare two versions."""
    from kembar.catalogue import index, search

    out = {}
    for text, lang in QUERIES:
        q = search.parse(text, lang)
        for kind in (index.PRODUCT, index.ITEM):
            for filters in (search.Filters(), search.Filters(category="fesyen")):
                for offset in (0, 20):
                    r = search.search(region_id=region_id, kind=kind, query=q, filters=filters, offset=offset)
                    key = f"{text} [{lang or 'all'}] kind={kind} category={filters.category} offset={offset}"
                    out[key] = {
                        "hits": [[h.id, h.score] for h in r.hits],
                        "total": r.total,
                        "capped": r.capped,
                        "facets": r.facets,
                    }
    Path(path).write_text(json.dumps(out, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def measure(region_id: int, runs: int) -> dict:
    from kembar.catalogue import index, search

    out = {}
    for text, lang in QUERIES:
        q = search.parse(text, lang)
        ours, floor, cpu = [], [], []
        result = None
        for _ in range(runs):
            t, c = time.perf_counter(), time.process_time()
            result = search.search(region_id=region_id, kind=index.PRODUCT, query=q, limit=20)
            ours.append((time.perf_counter() - t) * 1000)
            cpu.append((time.process_time() - c) * 1000)
            t = time.perf_counter()
            search.raw_match(region_id=region_id, kind=index.PRODUCT, word=(q.words or q.short)[0], limit=20)
            floor.append((time.perf_counter() - t) * 1000)
        out[f"{text} [{lang or 'all'}]"] = {
            "matches": f"more than {result.total}" if result.capped else result.total,
            "cpu_p95_ms": round(pct(cpu, 95), 2),
            "p50_ms": round(statistics.median(ours), 2),
            "p95_ms": round(pct(ours, 95), 2),
            "raw_p95_ms": round(pct(floor, 95), 2),
            "short": bool(q.short) and not q.words,
        }
    return out


def pdf_time() -> dict:
    import datetime as dt
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image, ImageDraw

    from kembar.catalogue import services
    from kembar.regions.models import Region
    from kembar.smes import services as smes
    from kembar.smes.models import Product

    region = Region.objects.get(code="32.73")
    services.settings_update(region=region, by=None, enabled=True, max_products=100)
    products = list(Product.objects.filter(region=region).order_by("pk")[:100])
    for i, product in enumerate(products):
        img = Image.new("RGB", (1200, 900), ((i * 37) % 255, 120, (i * 91) % 255))
        ImageDraw.Draw(img).ellipse((300, 200, 900, 700), fill=(240, 230, 200))
        buf = io.BytesIO()
        img.save(buf, "JPEG", quality=85)
        smes.photo_add(product=product, by=None, upload=SimpleUploadedFile("p.jpg", buf.getvalue(), "image/jpeg"))
    edition = services.edition_create(region=region, by=None, title="Benchmark", date=dt.date.today())
    services.edition_choose(edition=edition, by=None, product_ids=[p.pk for p in products])
    t = time.perf_counter()
    edition = services.edition_publish(edition=edition, by=None)
    publish_s = time.perf_counter() - t
    runs, cpu = [], []
    for _ in range(3):
        started = time.process_time()
        pdf = services.pdf_run(pdf=services.pdf_request(edition=edition, by=None, enqueue=False))
        cpu.append(round(time.process_time() - started, 1))
        assert pdf.status == "done", pdf.message
        runs.append(pdf.seconds)
    return {
        "products": len(products),
        "pages": pdf.pages,
        "bytes": pdf.size,
        "publish_s": round(publish_s, 1),
        "pdf_s_runs": runs,
        "pdf_s_max": max(runs),
        # CPU seconds of this process: what the build costs, whatever else the machine runs meanwhile.
        "pdf_cpu_s_runs": cpu,
        "load_average": os.getloadavg(),
        "goal_s": 15,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default="sqlite")
    parser.add_argument("--products", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=100)
    parser.add_argument("--pdf", action="store_true")
    parser.add_argument("--reuse", action="store_true", help="measure the database a previous run built")
    parser.add_argument("--reindex", action="store_true", help="with --reuse: migrate and rebuild the entries first")
    parser.add_argument("--dump", help="write every query's results to this JSON file (to compare versions)")
    args = parser.parse_args()
    url = (
        f"sqlite:///{SCRATCH / 'catalogue.sqlite3'}"
        if args.db == "sqlite"
        else PG
        if args.db == "postgres"
        else args.db
    )
    if not args.reuse:
        fresh(url)
    setup(url)
    from django.db import connection

    from kembar.catalogue import storage

    report = {"database": connection.vendor, "load_average_at_start": os.getloadavg()}
    if args.reuse:
        from kembar.regions.models import Region

        if args.reindex:
            from django.core.management import call_command
            from django.db import transaction

            from kembar.catalogue import index

            t = time.perf_counter()
            call_command("migrate", verbosity=0)
            report["migrate_s"] = round(time.perf_counter() - t, 1)
            t = time.perf_counter()
            with transaction.atomic():
                index.rebuild()
            storage.optimize(connection)
            report["reindex_s"] = round(time.perf_counter() - t, 1)
        storage.ensure(connection)
        report["build"] = {"reused": True, "region": Region.objects.get(code="32.73").pk, "products": args.products}
    else:
        report["build"] = build(args.products)
    if args.dump:
        dump(report["build"]["region"], args.dump)
    per = measure(report["build"]["region"], args.runs)
    report["queries"] = per
    long_ = [v for v in per.values() if not v["short"]]
    report["summary"] = {
        "p95_ms_worst_query": max(v["p95_ms"] for v in long_),
        "p95_ms_median_query": round(statistics.median(v["p95_ms"] for v in long_), 2),
        "raw_p95_ms_worst_query": max(v["raw_p95_ms"] for v in long_),
        "ratio_worst": round(max(v["p95_ms"] / max(v["raw_p95_ms"], 0.01) for v in long_), 1),
        "ratio_median": round(statistics.median(v["p95_ms"] / max(v["raw_p95_ms"], 0.01) for v in long_), 1),
        "short_cjk_p95_ms": max((v["p95_ms"] for v in per.values() if v["short"]), default=None),
        "goal_ms": GOAL_MS,
    }
    if args.pdf:
        report["pdf"] = pdf_time()
    print(json.dumps(report, ensure_ascii=False, indent=2))
    out = ROOT / "benchmarks" / "catalogue" / f"result-{connection.vendor}.json"
    out.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
