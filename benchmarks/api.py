"""API v1 under load on the national portfolio (issue 18, "Speed"): its list endpoints against bare django-ninja
endpoints on the same server and authentication.

Usage: .venv/bin/python benchmarks/api.py --db sqlite|postgres|URL [--publish 0.6] [--duration 30] [--users 64]

The portfolio is benchmarks/national's (generate it with benchmarks/national/runner.py --generate). With
--publish SHARE the script first publishes that share of the cooperations (benchmarks/public.py's way). It makes
`--users` bureau staff of the largest region, each with a personal API token of their own (the tokens of an
earlier run are revoked first), starts gunicorn (2 sync workers, benchmarks.national.settings: production
settings with the rate limits still counted on every request but never refusing) and runs wrk (64 connections,
2 threads, --latency) against, in turn:

- `bare`:          /bench/api/bare — a django-ninja endpoint, no authentication (the anonymous floor);
- `bare_wrapped`:  /bench/api-wrapped/bare — the same behind the API's wrapper of every operation (language,
                   the rate limit counted by address, ETag): shown beside the floor, not instead of it;
- `public_list`:   /api/v1/public/cooperations — the directory's first page, anonymous;
- `bare_token`:    /bench/api/bare-token — a django-ninja endpoint behind the API's own token authentication, each
                   request with the next of the users' tokens (the authenticated floor);
- `private_list`:  /api/v1/regions/<code>/cooperations — the region's first page, each request with the next token;
- the two floors again at the end (the machine's speed drifts; each list is held to the mean of its floor's runs).

Goal: each list ≥ 50 % of its floor's throughput, p99 ≤ 200 ms, no errors (non-2xx or socket errors). The
results go to benchmarks/results/api-<db>-<date>[-<label>].json and are printed; the note and
benchmarks/results.md carry the numbers.
"""

import argparse
import datetime as dt
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "national"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import ROOT, SCRATCH, database_url, setup_django, vendor_label  # noqa: E402
from runner import free_port, parse_wrk, rotate_lua  # noqa: E402

GOAL_SHARE, GOAL_P99_MS = 0.5, 200
PREFIX = "bench-api-"


def users_with_tokens(n: int) -> tuple[str, list[str]]:
    """`n` bureau staff of the largest region with a fresh token each: (the region's code, the tokens)."""
    from django.db.models import Count

    from kembar.accounts.models import Membership, Role, User
    from kembar.api.models import ApiToken
    from kembar.api.tokens import token_create
    from kembar.cooperations.models import Cooperation
    from kembar.regions.models import Region

    top = Cooperation.objects.values("region").annotate(n=Count("pk")).order_by("-n")[0]
    region = Region.objects.get(pk=top["region"])
    ApiToken.objects.filter(user__username__startswith=PREFIX).delete()
    secrets = []
    for i in range(n):
        user, _ = User.objects.get_or_create(username=f"{PREFIX}{i:02d}", defaults={"first_name": f"API {i}"})
        Membership.objects.get_or_create(user=user, region=region, defaults={"role": Role.BUREAU_STAFF})
        _token, secret = token_create(user=user, name="benchmark", scope="read")
        secrets.append(f"Bearer {secret}")
    return region.code, secrets


def get(url: str, header: str = "", timeout: float = 30) -> int:
    req = urllib.request.Request(url, headers={"Authorization": header} if header else {})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            resp.read()
            return resp.status
    except urllib.error.HTTPError as e:
        return e.code


def load(base: str, path: str, headers: list[str], *, duration: int, connections: int) -> dict:
    script = SCRATCH / "rotate-header.lua"
    script.write_text(rotate_lua("Authorization"))
    values = SCRATCH / "headers.txt"
    values.write_text("\n".join(headers) + "\n")
    statuses = {get(base + path, h) for h in (headers[:2] or [""])}
    if statuses != {200}:
        return {"path": path, "status_before": sorted(statuses), "note": "not 200 before the run"}
    args = [shutil.which("wrk"), "-t2", f"-c{connections}", f"-d{duration}s", "--latency", "--timeout", "10s"]
    args += ["-s", str(script), base + path, "--", str(values)]
    run = subprocess.run(args, capture_output=True, text=True, timeout=duration + 60)
    out = {"path": path, "tokens": len(set(headers)), **parse_wrk(run.stdout)}
    if run.returncode != 0 or not out["requests"]:
        out["note"] = f"wrk failed ({run.returncode}): {run.stderr.strip()[-300:]}"
    time.sleep(2)  # the requests wrk left queued
    out["status_after"] = get(base + path, headers[0] if headers else "")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", default="sqlite")
    parser.add_argument("--publish", type=float, help="publish this share of the cooperations first")
    parser.add_argument("--duration", type=int, default=30)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--users", type=int, default=64)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--label", default="", help="appended to the file name: each run of a day keeps its own")
    args = parser.parse_args()
    url = database_url(args.db)
    setup_django(url)
    if args.publish is not None:
        from public import publish

        print("published", publish(args.publish), flush=True)
    code, tokens = users_with_tokens(args.users)
    gunicorn = Path(sys.executable).parent / "gunicorn"
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "benchmarks.national.settings",
        "KEMBAR_ALLOWED_HOSTS": "127.0.0.1",
        "KEMBAR_DB_CONN_MAX_AGE": os.environ.get("KEMBAR_DB_CONN_MAX_AGE", "60"),
        "PYTHONPATH": str(ROOT),
    }
    log = open(SCRATCH / "gunicorn-api.log", "w")  # noqa: SIM115 — closed in finally
    cmd = [str(gunicorn), "config.wsgi:application", "--workers", str(args.workers), "--bind", f"127.0.0.1:{port}"]
    cmd += ["--chdir", str(ROOT), "--timeout", "60", "--backlog", "2048"]
    server = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    targets = {
        "bare": ("/bench/api/bare", []),
        "bare_wrapped": ("/bench/api-wrapped/bare", []),
        "public_list": ("/api/v1/public/cooperations", []),
        "bare_token": ("/bench/api/bare-token", tokens),
        "private_list": (f"/api/v1/regions/{code}/cooperations", tokens),
        "bare_again": ("/bench/api/bare", []),
        "bare_wrapped_again": ("/bench/api-wrapped/bare", []),
        "bare_token_again": ("/bench/api/bare-token", tokens),
    }
    results = {}
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if get(base + "/bench/api/bare", timeout=2) == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline or server.poll() is not None:
                raise SystemExit(f"gunicorn did not start; see {SCRATCH / 'gunicorn-api.log'}")
            time.sleep(0.3)
        for path, headers in targets.values():  # every worker's first requests before anything is measured
            load(base, path, headers, duration=3, connections=args.connections)
        for name, (path, headers) in targets.items():
            results[name] = r = load(base, path, headers, duration=args.duration, connections=args.connections)
            print(
                f"{name:<17} {path:<42} {r.get('requests_per_s', 0):8.1f} req/s, p50 {r.get('p50_ms')} ms, "
                f"p99 {r.get('p99_ms')} ms, errors {r.get('errors')}, after {r.get('status_after')}",
                flush=True,
            )
    finally:
        try:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=15)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            os.killpg(server.pid, signal.SIGKILL)
        log.close()
    for floor, lists in (("bare", ("public_list",)), ("bare_token", ("private_list",))):
        rates = [results[k].get("requests_per_s") for k in (floor, f"{floor}_again")]
        rates = [rate for rate in rates if rate]
        mean = statistics.mean(rates) if rates else None
        for name in lists:
            r = results[name]
            r["floor"], r["floor_requests_per_s"] = floor, round(mean, 1) if mean else None
            if mean and r.get("requests_per_s"):
                r["share_of_floor"] = round(r["requests_per_s"] / mean, 3)
                r["meets_goal"] = (
                    r["share_of_floor"] >= GOAL_SHARE
                    and (r["p99_ms"] or 1e9) <= GOAL_P99_MS
                    and r["errors"] == 0
                    and r["status_after"] == 200
                )
            verdict = "met" if r.get("meets_goal") else "NOT met"
            print(
                f"{name}: {r.get('share_of_floor')} of {floor} ({r['floor_requests_per_s']} req/s), "
                f"p99 {r.get('p99_ms')} ms, errors {r.get('errors')}: goal {verdict}",
                flush=True,
            )
    # The public list against the bare endpoint wrapped as every API operation is (counted by address): shown
    # beside the goal's floor above, not instead of it.
    rates = [results[k].get("requests_per_s") for k in ("bare_wrapped", "bare_wrapped_again")]
    if all(rates) and results["public_list"].get("requests_per_s"):
        wrapped = statistics.mean(rates)
        results["public_list"]["share_of_wrapped"] = round(results["public_list"]["requests_per_s"] / wrapped, 3)
        print(f"public_list: {results['public_list']['share_of_wrapped']} of bare_wrapped ({wrapped:.1f} req/s)")
    label = f"-{args.label}" if args.label else ""
    out = ROOT / "benchmarks" / "results" / f"api-{vendor_label(url)}-{dt.date.today().isoformat()}{label}.json"
    meta = {"region": code, "users": args.users, "workers": args.workers, "connections": args.connections}
    out.write_text(json.dumps({"meta": meta, "targets": results}, indent=2) + "\n")
    print("wrote", out.relative_to(ROOT))


if __name__ == "__main__":
    main()
