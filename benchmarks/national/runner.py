"""Measure Kembar on a national-scale portfolio; write JSON and a Markdown summary to benchmarks/results/.

Usage: .venv/bin/python benchmarks/national/runner.py --db sqlite|postgres|URL [--generate] [--quick]

With --generate it first builds the portfolio (benchmarks/national/generator.py, same --db, --scale, --seed;
it ends by writing every cooperation's stored facts, `facts.rebuild()`). Then, on that database (see
README.md next to this file for what each figure means and the goals):

1. evaluation of every cooperation (`evaluate_many(region=None, …, framework="undp")`) against a raw SQL
   aggregate over the same activity rows;
2. the region dashboard (largest region), the national dashboard and the cooperation list through Django's
   test client, each visit by another logged-in user (a first visit: nothing cached, no warm job run), also
   right after a write: p50/p95 and queries; the region dashboard's first visit at four region sizes;
3. the cost of a write: `activity_create` in a transaction, in the largest region;
4. HTTP under load: gunicorn (2 workers) on 127.0.0.1 and wrk (64 connections, 30 s, 64 distinct logged-in
   users in turn) on the bare view, the logged-in floor (`login_required`), the cooperation list and both
   dashboards;
5. the annual PDF report of the largest region (`kembar report annual`);
6. XLSX import of 100,000 activities beside openpyxl's read-only load of the same file.

A piece that does not exist yet (URL not routed, service or command missing) is reported as
"not available yet" and skipped. Every external process is bounded in time and stopped at the end.
"""

import argparse
import datetime as dt
import itertools
import json
import os
import platform
import re
import signal
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import ROOT, SCRATCH, database_url, setup_django, vendor_label  # noqa: E402

AS_OF = dt.date(2025, 1, 1)
RESULTS = ROOT / "benchmarks" / "results"
GOALS = {
    "evaluation_s": 1.0,
    "evaluation_raw_ratio": 2.0,
    "region_dashboard_p95_ms": 100,
    "national_dashboard_p95_ms": 300,
    "http_p99_ms": 200,
    "http_errors": 0,
    "http_floor_ratio": 0.5,
    "write_ratio_to_before": 2.0,
    "import_s": 60,
    "search_p95_ms": 50,
}
NA = "not available yet"

RAW = """
SELECT a.cooperation_id, COUNT(*), MIN(a.date_sort), MAX(a.date_sort),
       SUM(CASE WHEN a.beneficiary = 'region' THEN 1 ELSE 0 END),
       SUM(CASE WHEN a.beneficiary = 'partner' THEN 1 ELSE 0 END),
       SUM(CASE WHEN a.beneficiary = 'both' THEN 1 ELSE 0 END),
       SUM(CASE WHEN a.kind = 'aid' THEN 1 ELSE 0 END),
       SUM(CASE WHEN a.community_in_planning THEN 1 ELSE 0 END),
       SUM(a.budget_region), SUM(a.budget_partner)
FROM cooperations_activity a JOIN cooperations_cooperation c ON c.id = a.cooperation_id
WHERE c.deleted_at IS NULL AND a.deleted_at IS NULL AND a.date_sort <= %s
GROUP BY a.cooperation_id
"""


def say(msg: str) -> None:
    print(msg, flush=True)


class QueryCounter:
    def __init__(self):
        self.n = 0

    def __call__(self, execute, sql, params, many, context):
        self.n += 1
        return execute(sql, params, many, context)


def timed(fn, runs: int, warmup: int = 1):
    for _ in range(warmup):
        fn()
    times, result = [], None
    for _ in range(runs):
        result = None  # the run before is not alive during this one, as no request's result outlives it
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return times, result


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    k = (len(values) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


# --------------------------------------------------------------------------------------------- fixtures


def _user(username: str, role: str, region):
    """A user with one membership (created once, no password)."""
    from kembar.accounts.models import Membership, User

    user, created = User.objects.get_or_create(username=username, defaults={"first_name": username})
    if created:
        user.set_unusable_password()
        user.save()
    Membership.objects.get_or_create(user=user, region=region, role=role)
    return user


def bench_users(largest_code: str):
    """A leadership user of the largest region (the untimed first visit), a bureau officer (the writes, the
    import) and a national overseer."""
    from kembar.regions.models import Region

    region = Region.objects.get(code=largest_code)
    users = {}
    for username, role, reg in (
        ("bench-leader", "leadership", region),
        ("bench-staff", "bureau_staff", region),
        ("bench-national", "national_overseer", None),
    ):
        users[role] = _user(username, role, reg)
    return region, users


def many_users(prefix: str, role: str, region, n: int) -> list:
    """`n` users of one role (and region), `<prefix>-01` …: each visit, and each session under load, is
    another user's."""
    return [_user(f"{prefix}-{i:02d}", role, region) for i in range(1, n + 1)]


def session_cookie(user) -> str:
    """A logged-in session made directly in the session store (what Client.force_login does)."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.utils.crypto import get_random_string

    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]  # the model backend
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.save()
    # A browser that has seen a page also holds the CSRF cookie.
    csrf = get_random_string(32)
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}; {settings.CSRF_COOKIE_NAME}={csrf}"


def routed(path: str) -> bool:
    from django.urls import Resolver404, resolve

    try:
        resolve(path)
    except Resolver404:
        return False
    return True


# ------------------------------------------------------------------------------------------ measurements


def measure_evaluation(runs: int) -> dict:
    from django.db import connection

    from kembar.cooperations.models import Activity, CooperationFacts
    from kembar.evaluation.selectors import evaluate_many

    def ours():
        return evaluate_many(region=None, as_of=AS_OF, framework="undp")

    def raw():
        with connection.cursor() as cur:
            cur.execute(RAW, [AS_OF])
            return cur.fetchall()

    counter = QueryCounter()
    with connection.execute_wrapper(counter):
        ours()
    times, results = timed(ours, runs, warmup=0)
    raw_times, rows = timed(raw, runs, warmup=0)
    med, raw_med = statistics.median(times), statistics.median(raw_times)
    ratio = med / raw_med if raw_med else None
    dormant = sum(1 for r in results if r.dormancy and r.dormancy.state == "dormant")
    # Stored facts hold from their horizon on: a cooperation whose horizon is after as_of is read from its
    # records (kembar/evaluation/selectors.gather_facts).
    after = CooperationFacts.objects.filter(horizon__gt=AS_OF).count()
    out = {
        "cooperations": len(results),
        "activities": Activity.objects.count(),
        "median_s": round(med, 3),
        "best_s": round(min(times), 3),
        "queries": counter.n,
        "raw_median_s": round(raw_med, 3),
        "raw_rows": len(rows),
        "ratio": round(ratio, 2) if ratio else None,
        "facts_rows": CooperationFacts.objects.count(),
        "facts_horizon_after_as_of": after,
        "dormant": dormant,
        "runs": runs,
        "goal_s": GOALS["evaluation_s"],
        "goal_ratio": GOALS["evaluation_raw_ratio"],
        "meets_goal": med <= GOALS["evaluation_s"],
        "ratio_meets_goal": ratio is not None and ratio <= GOALS["evaluation_raw_ratio"],
    }
    say(
        f"evaluate_many, all {out['cooperations']:,} cooperations ({out['activities']:,} activities): "
        f"{med:.3f} s median, {min(times):.3f} s best, {counter.n} queries; raw GROUP BY {raw_med:.3f} s; "
        f"ratio {out['ratio']}×; {dormant:,} dormant; {after} of {out['facts_rows']:,} facts rows with a "
        f"horizon after {AS_OF} (read from their records)"
    )
    return out


def _page_stats(times: list[float]) -> dict:
    ms = [t * 1000 for t in times]
    return {"p50_ms": round(pct(ms, 50), 1), "p95_ms": round(pct(ms, 95), 1), "max_ms": round(max(ms), 1)}


#: The page measurements, as the summary names them.
MODES = {
    "first_visit": "first visit",
    "after_write": "after a write",
    "kept": "body kept by another user's visit",
    "nothing_stored": "first visit, no figures stored",
}


def _forget_figures() -> None:
    """Delete every stored dashboard figure (kembar/dashboards/figures.py): as after an upgrade that changes
    them, or a change of the region's settings."""
    try:
        from kembar.dashboards.models import CooperationFigures
    except ImportError:
        return
    CooperationFigures.objects.all().delete()


def _first_visits(
    path: str, users: list, before=None, *, cold: bool = True
) -> tuple[list[float], list[int], list[int]]:
    """Each user's first visit of `path`: a new Client and a new session (force_login) per user, after an
    untimed `before()` and, when `cold`, with the shared cache emptied (nothing kept: the first visit of the
    day); the time, queries and status of each."""
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client

    times, queries, statuses = [], [], []
    for user in users:
        client = Client()
        client.force_login(user)
        if before is not None:
            before()
        if cold:
            cache.clear()
        counter = QueryCounter()
        with connection.execute_wrapper(counter):
            started = time.perf_counter()
            response = client.get(path)
            times.append(time.perf_counter() - started)
        queries.append(counter.n)
        statuses.append(response.status_code)
    return times, queries, statuses


def measure_page(path: str, users: list, warmup_user, goal_ms: float, write=None) -> dict:
    """p50/p95 of the page three ways, each visit by another logged-in user of the right role (its own Client
    and session), no warm job run:
    - *first visit*: one visit per user, the shared cache emptied before each (the first visit of a day);
    - *after a write*: one visit per user, each after a real `activity_create` of an activity of another
      cooperation of the region (untimed, committed), which sends the visit to build the body again;
    - *kept*: one visit per user, the body kept by the visit before (docs/adr/0023);
    - *nothing stored*: one visit per user, the shared cache emptied and every stored dashboard figure deleted
      before each (untimed): the first visit after an upgrade or a change of the region's settings.
    One untimed visit by `warmup_user` comes first: the process's first request (imports, templates, URL
    resolvers), which a running server has long served."""
    from django.test import Client

    if not routed(path):
        say(f"{path}: {NA} (URL not routed)")
        return {"path": path, "available": False, "note": NA}
    client = Client()
    client.force_login(warmup_user)
    first = client.get(path)
    if first.status_code != 200:
        say(f"{path}: HTTP {first.status_code} — not measured")
        return {"path": path, "available": True, "status": first.status_code, "note": f"HTTP {first.status_code}"}

    stats = {}
    for mode, before in (
        ("first_visit", None),
        ("after_write", write),
        ("kept", None),
        ("nothing_stored", _forget_figures),
    ):
        if mode == "after_write" and write is None:
            continue
        # After a write the body is built again (the write moved the region's changed_at): nothing is emptied.
        times, queries, statuses = _first_visits(path, users, before, cold=mode in ("first_visit", "nothing_stored"))
        bad = [s for s in statuses if s != 200]
        stats[mode] = {
            **_page_stats(times),
            "queries": queries[0],
            "queries_max": max(queries),
            "runs": len(times),
            "users": len(users),
            "non_200": len(bad),
            "meets_goal": pct([t * 1000 for t in times], 95) <= goal_ms and not bad,
        }
    out = {"path": path, "available": True, "status": 200, "bytes": len(first.content), "goal_p95_ms": goal_ms}
    out.update(stats)
    say(
        f"{path} ({out['bytes']:,} bytes): "
        + "; ".join(
            f"{MODES[mode]} p50 {m['p50_ms']} ms, p95 {m['p95_ms']} ms, {m['queries']} queries"
            + (f" ({m['non_200']} not 200)" if m["non_200"] else "")
            for mode, m in stats.items()
        )
    )
    return out


#: Region sizes the region dashboard's first visit is also measured at (measure_cold_by_size): Bandung's
#: real portfolio (31 cooperations, seed 001), a small regency, and the sizes between it and the largest.
COLD_SIZES = (9, 31, 60, 127)


def measure_cold_by_size(users_per_region: int) -> list[dict]:
    """The region dashboard's first visit for the region nearest each of COLD_SIZES, each visit by another
    leadership user of that region: how large a region must be before a first visit misses the goal."""
    from django.db.models import Count

    from kembar.cooperations.models import Cooperation
    from kembar.regions.models import Region

    sizes = list(Cooperation.objects.values("region_id").annotate(n=Count("pk")).order_by("region__code"))
    out = []
    for size in COLD_SIZES:
        row = min(sizes, key=lambda r: (abs(r["n"] - size), r["region_id"]))
        region = Region.objects.get(pk=row["region_id"])
        users = many_users(f"bench-leader-{region.code}", "leadership", region, users_per_region)
        times, queries, statuses = _first_visits(f"/r/{region.code}/dashboard/", users, cold=True)
        stats = _page_stats(times)
        bad = sum(1 for s in statuses if s != 200)
        out.append(
            {"region": region.name, "cooperations": row["n"], **stats, "queries": queries[0], "runs": len(times)}
        )
        out[-1]["non_200"] = bad
        out[-1]["meets_goal"] = stats["p95_ms"] <= GOALS["region_dashboard_p95_ms"] and not bad
        say(
            f"region dashboard first visit, {region.name} ({row['n']}): p50 {stats['p50_ms']} ms, "
            f"p95 {stats['p95_ms']} ms, {queries[0]} queries"
        )
    return out


def measure_new_days(region, users: list, days: int) -> dict:
    """The region dashboard's first visit on each of `days` days in turn from tomorrow, once a day, each by
    another leadership user with the shared cache emptied: the first visit of a new day, which works out again the
    stored figures whose days have run out (kembar/dashboards/figures.py) and stores them. The day is moved by
    replacing `django.utils.timezone.localdate` for the visit (the page, its kept body and the figures all read
    it). Reported: p50/p95 and how many cooperations were worked out a day."""
    from unittest import mock

    from django.core.cache import cache
    from django.test import Client
    from django.utils import timezone

    from kembar.dashboards.models import CooperationFigures

    path = f"/r/{region.code}/dashboard/"
    today = timezone.localdate()
    times, worked, statuses = [], [], []
    for k in range(days + 1):
        client = Client()
        client.force_login(users[k % len(users)])
        cache.clear()
        before = set(CooperationFigures.objects.filter(facts__region=region).values_list("pk", "since"))
        with mock.patch("django.utils.timezone.localdate", return_value=today + dt.timedelta(days=k)):
            started = time.perf_counter()
            response = client.get(path)
            elapsed = time.perf_counter() - started
        after = set(CooperationFigures.objects.filter(facts__region=region).values_list("pk", "since"))
        if k:  # today's visit only makes sure today's figures are stored, as a visit has long done
            times.append(elapsed)
            worked.append(len(after - before))
            statuses.append(response.status_code)
    stats = _page_stats(times)
    out = {
        **stats,
        "days": days,
        "worked_out_p50": statistics.median(worked),
        "worked_out_max": max(worked),
        "non_200": sum(1 for s in statuses if s != 200),
    }
    say(
        f"region dashboard first visit on {days} new days in turn: p50 {stats['p50_ms']} ms, p95 {stats['p95_ms']} "
        f"ms; cooperations worked out a day: median {out['worked_out_p50']}, most {out['worked_out_max']}"
    )
    return out


#: The activity every write of the benchmark records (an ordinary, fully filled one, dated before AS_OF so
#: the facts' horizons stay at or before the evaluation day).
WRITTEN = {
    "date": "2024-11-15",
    "title": "Kunjungan kerja (benchmark)",
    "kind": "meeting",
    "beneficiary": "both",
    "initiated_by": "region",
    "participants": ["government", "business"],
}


def one_write_at_a_time(region, by):
    """A function that records one activity (`activity_create`, in its own transaction, committed) in another
    cooperation of the region each call, as a bureau officer editing the dossiers would."""
    from django.db import transaction

    from kembar.cooperations.models import Cooperation
    from kembar.cooperations.services import activity_create

    turn = itertools.cycle(list(Cooperation.objects.filter(region=region).order_by("pk")))

    def write():
        with transaction.atomic():
            activity_create(cooperation=next(turn), by=by, **WRITTEN)

    return write


def measure_writes(region, by, n: int, before_ms: float | None) -> dict:
    """`n` timed calls of `activity_create` in a transaction (commit included), each in another cooperation
    of the region (one untimed first), with the queries of each; against `before_ms` (the median of the same
    measurement at the commit before the stored facts, --write-before-ms) when given."""
    from django.db import connection
    from django.db.models import Count

    from kembar.cooperations.models import Activity, Cooperation

    write = one_write_at_a_time(region, by)
    counts = dict(
        Activity.objects.filter(region=region).values_list("cooperation_id").annotate(n=Count("pk")).order_by()
    )
    per = [counts.get(pk, 0) for pk in Cooperation.objects.filter(region=region).values_list("pk", flat=True)]
    write()
    times, queries = [], []
    for _ in range(n):
        counter = QueryCounter()
        with connection.execute_wrapper(counter):
            started = time.perf_counter()
            write()
            times.append(time.perf_counter() - started)
        queries.append(counter.n)
    ms = [t * 1000 for t in times]
    med = statistics.median(ms)
    out = {
        "writes": n,
        "region": region.code,
        "cooperations": len(per),
        "activities_per_cooperation_mean": round(statistics.mean(per), 1) if per else None,
        "activities_per_cooperation_max": max(per) if per else None,
        "median_ms": round(med, 2),
        "p95_ms": round(pct(ms, 95), 2),
        "mean_ms": round(statistics.mean(ms), 2),
        "queries_median": statistics.median(queries),
        "queries_max": max(queries),
    }
    if before_ms:
        out["before_median_ms"] = before_ms
        out["ratio_to_before"] = round(med / before_ms, 2)
        out["meets_goal"] = med / before_ms <= GOALS["write_ratio_to_before"]
    ratio = f"; {out['ratio_to_before']}× the {before_ms} ms before" if before_ms else ""
    say(
        f"activity_create ×{n} in {region.name} ({len(per)} cooperations, "
        f"mean {out['activities_per_cooperation_mean']} activities): median {out['median_ms']} ms, "
        f"p95 {out['p95_ms']} ms, {out['queries_median']} queries per write{ratio}"
    )
    return out


#: wrk script: each request carries the next of the session cookies listed in the file named after `--`, so
#: consecutive requests on a connection (and on a thread) come from different logged-in users. Each thread
#: starts at another offset.
def rotate_lua(header: str) -> str:
    """A wrk script: each request carries the next line of the file given after `--` as the `header`, each
    thread starting at another line."""
    return """
local values = {}
local counter = 0

local next_id = 0
function setup(thread)
  thread:set("offset", next_id * 7)
  next_id = next_id + 1
end

function init(args)
  for line in io.lines(args[1]) do
    if #line > 0 then values[#values + 1] = line end
  end
  counter = offset or 0
end

function request()
  counter = counter + 1
  if #values > 0 then wrk.headers["HEADER"] = values[(counter % #values) + 1] end
  return wrk.format()
end
""".replace("HEADER", header)


ROTATE_LUA = rotate_lua("Cookie")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http_get(url: str, cookie: str, timeout: float = 10) -> int:
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    req = urllib.request.Request(url, headers={"Cookie": cookie})
    try:
        with opener.open(req, timeout=timeout) as resp:
            resp.read()
            return resp.status
    except urllib.error.HTTPError as e:
        return e.code


def checked_status(url: str, cookies: list[str], *, within: float) -> int | str:
    """The status of one GET with each cookie (the first that is not 200, else 200), retried until `within`
    seconds have passed when the server does not answer (it may still be busy)."""
    deadline = time.monotonic() + within
    for cookie in cookies:
        while True:
            try:
                status = http_get(url, cookie, timeout=max(1.0, deadline - time.monotonic()))
                break
            except OSError as e:
                if time.monotonic() >= deadline:
                    return f"no answer ({e.__class__.__name__})"
                time.sleep(1)
        if status != 200:
            return status
    return 200


def drained(base: str, within: float = 180) -> float:
    """Wait until the server answers the bare view within 50 ms three times in a row: after a heavy target
    the requests wrk left queued (up to one per connection) are still being served, and the next target
    would be measured behind them. The seconds waited."""
    started = deadline = time.monotonic()
    deadline += within
    fast = 0
    while fast < 3 and time.monotonic() < deadline:
        t0 = time.monotonic()
        try:
            ok = http_get(base + "/bench/bare/", "", timeout=max(1.0, deadline - t0)) == 200
        except OSError:
            ok = False
        fast = fast + 1 if ok and time.monotonic() - t0 < 0.05 else 0
        if fast < 3:
            time.sleep(0.2)
    return round(time.monotonic() - started, 1)


def parse_wrk(text: str) -> dict:
    def num(pattern, default=0.0):
        m = re.search(pattern, text)
        return float(m.group(1)) if m else default

    def latency_ms(label):
        m = re.search(rf"^\s*{label}%\s+([\d.]+)(us|ms|s)\s*$", text, re.M)
        if not m:
            return None
        value, unit = float(m.group(1)), m.group(2)
        return round(value / 1000 if unit == "us" else value * 1000 if unit == "s" else value, 2)

    socket_errors = 0
    m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    if m:
        socket_errors = sum(int(g) for g in m.groups())
    non2xx = int(num(r"Non-2xx or 3xx responses: (\d+)"))
    return {
        "requests_per_s": num(r"Requests/sec:\s+([\d.]+)"),
        "requests": int(num(r"(\d+) requests in")),
        "p50_ms": latency_ms("50"),
        "p99_ms": latency_ms("99"),
        "non_2xx_3xx": non2xx,
        "socket_errors": socket_errors,
        "errors": non2xx + socket_errors,
    }


#: The logged-in floor, measured first and last (measure_http): the pages are held to the mean of the two.
FLOORS = ("floor_logged_in", "floor_logged_in_again")
#: Measured for reference, held to no goal.
REFERENCE = ("floor",)


def measure_http(targets: dict[str, tuple[str, list[str]]], duration: int, connections: int, workers: int) -> dict:
    """gunicorn on 127.0.0.1 + wrk against each target, each request with the next of the target's session
    cookies (ROTATE_LUA); the server is always stopped at the end."""
    import shutil

    gunicorn = Path(sys.executable).parent / "gunicorn"
    wrk = shutil.which("wrk")
    if not gunicorn.exists() or not wrk:
        missing = "gunicorn (pip install gunicorn)" if not gunicorn.exists() else "wrk (apt-get install wrk)"
        say(f"HTTP under load: skipped, {missing} missing")
        return {"available": False, "note": f"{missing} missing"}
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "benchmarks.national.settings",
        "KEMBAR_ALLOWED_HOSTS": "127.0.0.1",
        "KEMBAR_SECURE_COOKIES": "false",
        "KEMBAR_DEBUG": "false",
        "KEMBAR_DB_CONN_MAX_AGE": os.environ.get("KEMBAR_DB_CONN_MAX_AGE", "60"),  # as docs/deploy.md sets it
        "PYTHONPATH": str(ROOT),
    }
    script = SCRATCH / "rotate-cookies.lua"
    script.write_text(ROTATE_LUA)
    log = open(SCRATCH / "gunicorn.log", "w")  # noqa: SIM115 — closed in finally
    cmd = [str(gunicorn), "config.wsgi:application", "--workers", str(workers), "--bind", f"127.0.0.1:{port}"]
    cmd += ["--chdir", str(ROOT), "--timeout", "60", "--backlog", "2048"]
    server = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    out = {
        "available": True,
        "server": f"gunicorn {workers} sync workers, 127.0.0.1",
        "settings": "benchmarks.national.settings (config.settings.production + /bench/bare/, /bench/bare-auth/)",
        "conn_max_age": env["KEMBAR_DB_CONN_MAX_AGE"],
        "wrk": f"{connections} connections, 2 threads, {duration} s, --latency, -s rotate-cookies.lua",
        "sessions": {name: len(set(cookies)) for name, (_path, cookies) in targets.items()},
        "drained_s": {},  # waited before each target for the previous one's queued requests
        "targets": {},
    }
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if http_get(base + "/bench/bare/", "", timeout=2) == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline or server.poll() is not None:
                raise RuntimeError(f"gunicorn did not start; see {SCRATCH / 'gunicorn.log'}")
            time.sleep(0.3)
        # Both workers' first requests (imports, templates, URL patterns) before anything is measured.
        first = next(iter(targets.values()))
        warm = [wrk, "-t2", f"-c{connections}", "-d5s", "--timeout", "10s", "-s", str(script), base + first[0]]
        cookie_file = SCRATCH / "cookies-warm-up.txt"
        cookie_file.write_text("\n".join(first[1]) + "\n")
        subprocess.run([*warm, "--", str(cookie_file)], capture_output=True, timeout=60)
        for name, (path, cookies) in targets.items():
            out["drained_s"][name] = drained(base)
            # Every session is checked on the cheap logged-in floor; a page with its first sessions.
            checked = cookies if path == "/bench/bare-auth/" else cookies[:2]
            status = checked_status(base + path, checked, within=120)
            if status != 200:
                say(f"load {name} {path}: HTTP {status} before the run — skipped")
                out["targets"][name] = {"path": path, "status": status, "note": f"HTTP {status}"}
                continue
            cookie_file = SCRATCH / f"cookies-{name}.txt"
            cookie_file.write_text("\n".join(cookies) + "\n")
            args = [wrk, "-t2", f"-c{connections}", f"-d{duration}s", "--latency", "--timeout", "10s"]
            # Headers every browser sends: its cookies (the script sets them), and that it takes gzip.
            args += ["-s", str(script), "-H", "Accept-Encoding: gzip, deflate, br", base + path, "--", str(cookie_file)]
            run = subprocess.run(args, capture_output=True, text=True, timeout=duration + 60)
            result = {"path": path, "sessions": len(set(cookies)), **parse_wrk(run.stdout)}
            if run.returncode != 0 or not result["requests"]:
                result["note"] = f"wrk failed ({run.returncode}): {run.stderr.strip()[-300:]}"
            # wrk counts 3xx as success: check the page still answers 200 (once the queue behind it drained).
            result["status_after"] = checked_status(base + path, cookies[:2], within=180)
            out["targets"][name] = result
            say(
                f"load {name:<22} {path:<28} {result['requests_per_s']:8.1f} req/s, p50 {result['p50_ms']} ms, "
                f"p99 {result['p99_ms']} ms, errors {result['errors']}, {result['sessions']} sessions"
            )
    finally:
        try:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=15)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            try:
                os.killpg(server.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        log.close()
    # The logged-in floor is measured first and again last: on a shared machine the speed drifts during the
    # run, and the pages are held to the mean of the two.
    floors = [out["targets"].get(name, {}).get("requests_per_s") for name in FLOORS]
    floors = [f for f in floors if f]
    floor = statistics.mean(floors) if floors else None
    out["floor_logged_in_requests_per_s"] = round(floor, 1) if floor else None
    for name, r in out["targets"].items():
        if name in FLOORS or not floor or r.get("requests_per_s") is None:
            continue
        r["ratio_to_floor"] = round(r["requests_per_s"] / floor, 3)
        if name in REFERENCE:
            continue
        r["meets_goal"] = (
            r["ratio_to_floor"] >= GOALS["http_floor_ratio"]
            and (r["p99_ms"] or 1e9) <= GOALS["http_p99_ms"]
            and r["errors"] == 0
            and r["status_after"] == 200
        )
    return out


def measure_import(rows: int, region, user) -> dict:
    """XLSX import of `rows` activities through the import service, beside openpyxl's read-only load."""
    try:
        import openpyxl
    except ImportError:
        say("XLSX import: openpyxl missing — skipped")
        return {"available": False, "note": "openpyxl missing"}
    entry = import_entry_point()
    path = SCRATCH / f"activities-{region.code}-{rows}.xlsx"
    from kembar.cooperations.models import Cooperation

    coops = list(Cooperation.objects.filter(region=region).order_by("ref").values_list("ref", "title")[:200])
    write_activities_xlsx(path, rows, coops)
    t0 = time.perf_counter()
    wb = openpyxl.load_workbook(path, read_only=True)
    n = sum(1 for _ in wb.active.iter_rows(values_only=True))
    wb.close()
    load_s = time.perf_counter() - t0
    out = {"rows": rows, "file_mb": round(path.stat().st_size / 1e6, 2), "openpyxl_read_only_s": round(load_s, 2)}
    say(f"openpyxl read-only load of {rows:,} rows ({out['file_mb']} MB): {load_s:.2f} s ({n:,} rows read)")
    if entry is None:
        say(f"XLSX import of {rows:,} activities: {NA} (no import service in kembar/imports/services.py)")
        return {**out, "available": False, "note": NA}
    t0 = time.perf_counter()
    detail = entry(path, region, user)
    import_s = time.perf_counter() - t0
    out.update(available=True, import_s=round(import_s, 2), detail=detail, goal_s=GOALS["import_s"])
    out["meets_goal"] = import_s <= GOALS["import_s"]
    out["ratio_to_openpyxl"] = round(import_s / load_s, 1) if load_s else None
    if detail.get("error_count"):
        out["meets_goal"] = False
    say(
        f"XLSX import of {rows:,} activities: {import_s:.1f} s, {detail['created']:,} created, "
        f"{detail['error_count']} problems {detail['errors'][:1]} (rolled back afterwards)"
    )
    return out


ACTIVITY_COLUMNS = ["cooperation", "date", "title", "kind", "beneficiary", "initiated_by", "budget_region"]


def write_activities_xlsx(path: Path, rows: int, coops: list[tuple[str, str]]) -> None:
    import openpyxl

    if path.exists():
        return
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("activities")
    ws.append(ACTIVITY_COLUMNS)
    kinds = ["meeting", "exchange", "training", "aid", "exhibition", "study_visit"]
    sides = ["region", "partner", "both"]
    for i in range(rows):
        day = dt.date(2015, 1, 1) + dt.timedelta(days=i % 3600)
        ref = coops[i % len(coops)][0]
        ws.append([ref, day, f"Kegiatan impor {i}", kinds[i % 6], sides[i % 3], sides[(i + 1) % 3], 1000 + i % 9000])
    wb.save(path)


def import_entry_point():
    """The import engineer's documented entry point, adapted to (path, region, user) → short summary."""
    try:
        from kembar.imports.services import import_activities_bench
    except ImportError:
        return None

    def run(path: Path, region, user) -> dict:
        from django.db import transaction

        # Timed as the service times itself, then rolled back: the benchmark database stays as generated.
        with transaction.atomic():
            result = import_activities_bench(path, region=region, by=user)
            transaction.set_rollback(True)
        return {
            "created": result.get("created"),
            "error_count": result.get("error_count"),
            "errors": result.get("errors", [])[:3],
            "service_seconds": result.get("seconds"),
            "service_read_seconds": result.get("read_seconds"),
        }

    return run


def measure_report(region, year: int) -> dict:
    from django.core.management import get_commands

    if "report" not in get_commands():
        say(f"annual PDF report: {NA} (no `kembar report` command)")
        return {"available": False, "note": NA}
    out_file = SCRATCH / f"annual-{region.code}-{year}.pdf"
    out_file.unlink(missing_ok=True)
    cmd = [str(Path(sys.executable).parent / "kembar"), "report", "annual", "--region", region.code]
    cmd += ["--year", str(year), "--format", "pdf", "--out", str(out_file)]
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.dev", "KEMBAR_DEBUG": "false"}
    t0 = time.perf_counter()
    try:
        run = subprocess.run(cmd, capture_output=True, text=True, timeout=600, env=env, cwd=ROOT)
    except subprocess.TimeoutExpired:
        say("annual PDF report: over 600 s — stopped")
        return {"available": True, "note": "timeout after 600 s"}
    seconds = time.perf_counter() - t0
    if run.returncode != 0 or not out_file.exists():
        tail = (run.stderr or run.stdout).strip().splitlines()[-3:]
        say(f"annual PDF report: failed ({run.returncode}): {' | '.join(tail)}")
        return {"available": True, "note": f"failed: {' | '.join(tail)}"}
    pages = None
    info = subprocess.run(["pdfinfo", str(out_file)], capture_output=True, text=True, timeout=30)
    m = re.search(r"^Pages:\s+(\d+)", info.stdout, re.M)
    if m:
        pages = int(m.group(1))
    out = {
        "available": True,
        "region": region.code,
        "year": year,
        "seconds": round(seconds, 1),
        "pages": pages,
        "bytes": out_file.stat().st_size,
    }
    say(f"annual PDF report {region.name} {year}: {seconds:.1f} s (process included), {pages} pages")
    return out


# --------------------------------------------------------------------------------------------- reporting


#: What the search measurement asks for: common and rare words, words in every record of a kind ("Kegiatan"),
#: two words whose pair is rare, CJK of two and three characters, words found nowhere.
SEARCH_QUERIES = (
    "Kegiatan",
    "Pendidikan",
    "Pariwisata Kebudayaan",
    "hasil",
    "Kerja sama",
    "MOU",
    "Mandarin",
    "Jepang",
    "Korea Selatan",
    "Mitra",
    "Universitas",
    "Kamar Dagang",
    "广州",
    "杭州",
    "北九州",
    "名古屋",
    "부산",
    "수원",
    "제주",
    "大阪",
    "Kegiatan 1234",
    "Kegiatan 77",
    "Kesehatan Lingkungan",
    "Surabaya",
    "Bandung",
    "zzqx",
    "tidakada",
    "Kota Mitra CN",
    "Inggris",
    "yearly",
    "Pertanian",
    "Cina",
    "LOI Kerja sama",
    "Kegiatan 1",
)


def measure_search(n_queries: int, n_users: int) -> dict:
    """The search page (`/search/?q=…`, docs/adr/0025): `n_queries` searches of SEARCH_QUERIES in turn, each by
    another logged-in user (its own Client and session): leadership users of the regions with the most
    cooperations and national overseers (every region's records), one in four. p50/p95 of the page and of
    the selector alone (every kind), with its query count."""
    from django.db import connection
    from django.db.models import Count
    from django.test import Client

    from kembar.cooperations.models import Cooperation
    from kembar.regions.models import Region
    from kembar.search import index, selectors
    from kembar.search.models import SearchEntry

    if not routed("/search/"):
        say(f"search: {NA} (URL not routed)")
        return {"available": False, "note": NA}
    codes = [
        r["region__code"]
        for r in Cooperation.objects.values("region__code").annotate(n=Count("pk")).order_by("-n")[:n_users]
    ]
    regions = {r.code: r for r in Region.objects.filter(code__in=codes)}
    people = []
    for i, code in enumerate(codes):
        if i % 4 == 3:
            people.append(("national", _user(f"bench-search-national-{i:02d}", "national_overseer", None)))
        else:
            people.append(("region", _user(f"bench-search-{i:02d}", "leadership", regions[code])))
    clients = []
    for scope, user in people:
        client = Client()
        client.force_login(user)
        clients.append((scope, user, client))
    clients[0][2].get("/search/?q=warmup")  # the process's first request (imports, templates), untimed

    times = {"region": [], "national": []}
    selector_ms, queries, statuses, found, each, floor = [], [], [], 0, [], []
    for i in range(n_queries):
        q = SEARCH_QUERIES[i % len(SEARCH_QUERIES)]
        scope, user, client = clients[i % len(clients)]
        counter = QueryCounter()
        with connection.execute_wrapper(counter):
            started = time.perf_counter()
            response = client.get("/search/", {"q": q})
            times[scope].append(time.perf_counter() - started)
        each.append((round(times[scope][-1] * 1000, 1), q, scope, i))
        queries.append(counter.n)
        statuses.append(response.status_code)
        found += b"<mark>" in response.content
        # The logged-in floor right after (the same user): what the machine gives any page at that moment.
        started = time.perf_counter()
        client.get("/bench/bare-auth/")
        floor.append(time.perf_counter() - started)
        # The selector alone: every kind of the user's regions, as the page asks for them.
        region_ids = None if scope == "national" else [m.region_id for m in user.memberships.all()]
        query = selectors.parse(q)
        started = time.perf_counter()
        for kind in index.KINDS:
            selectors.search(query=query, region_ids=region_ids, kind=kind, limit=6)
        selector_ms.append((time.perf_counter() - started) * 1000)
    everything = times["region"] + times["national"]
    out = {
        "available": True,
        "queries_asked": n_queries,
        "users": len(clients),
        "with_results": found,
        "page": _page_stats(everything),
        "page_region": _page_stats(times["region"]),
        "page_national": _page_stats(times["national"]),
        "floor_logged_in": _page_stats(floor),
        "selector": {
            "p50_ms": round(pct(selector_ms, 50), 1),
            "p95_ms": round(pct(selector_ms, 95), 1),
            "max_ms": round(max(selector_ms), 1),
        },
        "db_queries": max(queries),
        "non_200": sum(s != 200 for s in statuses),
        "entries": SearchEntry.objects.count(),
        "slowest": sorted(each, reverse=True)[:8],
    }
    out["meets_goal"] = out["page"]["p95_ms"] <= GOALS["search_p95_ms"] and not out["non_200"]
    say(
        f"search: {n_queries} queries by {len(clients)} users over {out['entries']:,} entries ({found} with results): "
        f"page p50 {out['page']['p50_ms']} ms, p95 {out['page']['p95_ms']} ms (region p95 "
        f"{out['page_region']['p95_ms']}, national p95 {out['page_national']['p95_ms']}), max "
        f"{out['page']['max_ms']} ms, {out['db_queries']} queries; selector p95 {out['selector']['p95_ms']} ms; "
        f"logged-in floor p50 {out['floor_logged_in']['p50_ms']} ms, p95 {out['floor_logged_in']['p95_ms']} ms"
    )
    return out


def fmt(v, unit=""):
    return "—" if v is None else f"{v:,}{unit}" if isinstance(v, int) else f"{v:,.2f}{unit}"


def goal_mark(ok) -> str:
    return "" if ok is None else " ✅" if ok else " ❌"


def markdown(data: dict) -> str:
    g, e = data["portfolio"], data["evaluation"]
    if "median_s" not in e:
        e = {"median_s": None, "queries": "—", "meets_goal": None, "raw_median_s": None, "ratio": None}
    f = g.get("facts_rebuild") or {}
    lines = [
        f"# National benchmark — {data['database']} — {data['date']}",
        "",
        f"Machine: {data['machine']}; load average at start "
        f"{', '.join(f'{x:.2f}' for x in data['load_average_at_start'])}. Command: `{data['command']}`"
        f" at {data.get('commit', '?')}.",
        f"Portfolio: {g.get('regions_with_cooperations', '?')} regions with cooperations, "
        f"{g.get('cooperations', 0):,} cooperations, {g.get('activities', 0):,} activities, "
        f"{g.get('documents', 0):,} documents (metadata), {g.get('obligations', 0):,} obligations; "
        f"largest region {data['largest_region']['name']} ({data['largest_region']['cooperations']:,} cooperations).",
        "",
        "| measurement | figure | goal |",
        "|---|---|---|",
    ]
    if f:
        lines.append(
            f"| stored facts rebuilt by the generator (`facts.rebuild()`) | {fmt(f.get('seconds'), ' s')} for "
            f"{fmt(f.get('rows'))} cooperations | — |"
        )
    built = g.get("search_rebuild") or {}
    if built:
        lines.append(
            f"| search index written by the generator (`search.index.rebuild()`) | {fmt(built.get('seconds'), ' s')} "
            f"for {fmt(built.get('rows'))} entries | — |"
        )
    search = data.get("search") or {}
    if search.get("available"):
        lines.append(
            f"| search page, {search['queries_asked']} mixed queries by {search['users']} users (test client) | "
            f"p50 {search['page']['p50_ms']} ms, p95 {search['page']['p95_ms']} ms (region "
            f"{search['page_region']['p95_ms']}, national {search['page_national']['p95_ms']}), "
            f"{search['db_queries']} queries; selector p95 {search['selector']['p95_ms']} ms; logged-in floor p95 "
            f"{search['floor_logged_in']['p95_ms']} ms{goal_mark(search['meets_goal'])} | p95 ≤ 50 ms |"
        )
    lines += [
        f"| evaluate_many, all cooperations (UNDP, as of {data['as_of']}) | {fmt(e['median_s'], ' s')} median, "
        f"{e['queries']} queries{goal_mark(e['meets_goal'])} | ≤ 1 s |",
        f"| raw SQL GROUP BY, same activity rows | {fmt(e['raw_median_s'], ' s')}; evaluation at "
        f"{fmt(e['ratio'], '×')} of it{goal_mark(e.get('ratio_meets_goal'))} | ≤ 2× |",
    ]
    if e.get("facts_rows") is not None:
        lines.append(
            f"| cooperations whose stored facts begin after {data['as_of']} (read from their records) | "
            f"{e['facts_horizon_after_as_of']:,} of {e['facts_rows']:,} | — |"
        )
    for key, label, goal in (
        ("region_dashboard", "region dashboard, largest region (test client)", "p95 ≤ 100 ms"),
        ("national_dashboard", "national dashboard (test client)", "p95 ≤ 300 ms"),
        ("cooperation_list", "cooperation list, largest region (test client)", "—"),
    ):
        p = data["pages"].get(key, {"note": "skipped"})
        if not any(p.get(mode) for mode in MODES):
            lines.append(f"| {label} | {p.get('note', NA)} | {goal} |")
            continue
        shown = []
        for mode, text in MODES.items():
            m = p.get(mode)
            if m:
                mark = goal_mark(m.get("meets_goal")) if goal != "—" else ""
                shown.append(
                    f"{text} ({m['runs']} users): p50 {m['p50_ms']} ms, p95 {m['p95_ms']} ms, {m['queries']} queries"
                    + (f", {m['non_200']} not 200" if m.get("non_200") else "")
                    + mark
                )
        lines.append(f"| {label} | {'; '.join(shown)} | {goal} |")
    for c in data["pages"].get("cold_by_size", []):
        lines.append(
            f"| region dashboard first visit, {c['region']} ({c['cooperations']} cooperations, {c['runs']} users) | "
            f"p50 {c['p50_ms']} ms, p95 {c['p95_ms']} ms, {c['queries']} queries{goal_mark(c['meets_goal'])} | "
            "p95 ≤ 100 ms |"
        )
    d = data["pages"].get("new_days")
    if d:
        lines.append(
            f"| region dashboard first visit, {d['days']} new days in turn | p50 {d['p50_ms']} ms, "
            f"p95 {d['p95_ms']} ms; cooperations worked out a day: median {d['worked_out_p50']}, "
            f"most {d['worked_out_max']} | — |"
        )
    w = data.get("writes") or {}
    if w.get("median_ms") is not None:
        before = (
            f"; before the stored facts {w['before_median_ms']} ms: {w['ratio_to_before']}×"
            if w.get("before_median_ms")
            else ""
        )
        lines.append(
            f"| `activity_create` in a transaction, largest region ({w['writes']} writes over {w['cooperations']} "
            f"cooperations, mean {w['activities_per_cooperation_mean']} activities each) | median {w['median_ms']} ms, "
            f"p95 {w['p95_ms']} ms, {w['queries_median']:g} queries{before}{goal_mark(w.get('meets_goal'))}"
            f"{' (' + w['note'] + ')' if w.get('note') else ''} | ≤ 2× before |"
        )
    h = data["http"]
    if not h.get("available"):
        lines.append(f"| HTTP under load | {h.get('note')} | — |")
    else:
        for name, r in h["targets"].items():
            if not r.get("requests_per_s"):
                lines.append(f"| HTTP {name} `{r['path']}` | {r.get('note')} | — |")
                continue
            ratio = f", {r['ratio_to_floor']:.1%} of the logged-in floor" if r.get("ratio_to_floor") is not None else ""
            goal = {
                "floor_logged_in": "the logged-in floor (first)",
                "floor_logged_in_again": "the logged-in floor (again, last); pages are held to the mean of the two",
                "floor": "for reference: the bare view, no session read",
            }.get(name, "≥ 50 % of the logged-in floor, p99 ≤ 200 ms, 0 errors")
            lines.append(
                f"| HTTP {name} `{r['path']}`, {r.get('sessions', 1)} sessions | {r['requests_per_s']:,.1f} req/s "
                f"({r['requests']:,} requests), p50 {r['p50_ms']} ms, p99 {r['p99_ms']} ms, {r['errors']} errors"
                f"{ratio}{goal_mark(r.get('meets_goal'))} | {goal} |"
            )
    i = data["import"]
    if i.get("openpyxl_read_only_s") is not None:
        lines.append(f"| openpyxl read-only load, {i['rows']:,} rows | {fmt(i['openpyxl_read_only_s'], ' s')} | — |")
    if i.get("import_s") is not None:
        lines.append(
            f"| XLSX import, {i['rows']:,} activities (through the services, rolled back after) | "
            f"{fmt(i['import_s'], ' s')}, {i['detail']['created']:,} created, {i['detail']['error_count']} problems, "
            f"{i['ratio_to_openpyxl']}× the openpyxl read{goal_mark(i['meets_goal'])} | ≤ 60 s |"
        )
    elif i:
        lines.append(f"| XLSX import, {i.get('rows', 100_000):,} activities | {i.get('note', NA)} | ≤ 60 s |")
    r = data["report"]
    if r.get("seconds") is not None:
        lines.append(f"| annual PDF report, {r['region']} {r['year']} | {r['seconds']} s, {r['pages']} pages | — |")
    else:
        lines.append(f"| annual PDF report, largest region | {r.get('note', NA)} | — |")
    if h.get("available"):
        lines += [
            "",
            f"Load: {h['server']}, {h['wrk']}, CONN_MAX_AGE={h['conn_max_age']}; each request carries the next of "
            "the target's session cookies (64 distinct logged-in users; consecutive requests on a connection "
            "come from different sessions); wrk shares the 2 cores.",
        ]
    return "\n".join(lines) + "\n"


def commit_measured() -> str:
    """HEAD's short hash, with `+changes` when the work tree differs from it (kembar/ or config/)."""
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--", "kembar", "config"], cwd=ROOT, capture_output=True, text=True
        )
    except OSError:
        return "?"
    return head.stdout.strip() + (" + uncommitted changes in kembar/ or config/" if dirty.stdout.strip() else "")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default="sqlite", help="sqlite, postgres or a database URL (default sqlite)")
    parser.add_argument("--generate", action="store_true", help="build the portfolio first (fresh database)")
    parser.add_argument("--scale", type=float, default=1.0, help="with --generate: fraction of national sizes")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--quick", action="store_true", help="fewer users and runs, 5 s load, 10,000-row import")
    parser.add_argument("--users", type=int, help="users (first visits) per page (default 20; quick 10)")
    parser.add_argument("--duration", type=int, help="seconds of load per target (default 30; quick 5)")
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--sessions", type=int, default=64, help="distinct logged-in users under load (default 64)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--writes", type=int, help="timed activity_create calls (default 200; quick 50)")
    parser.add_argument(
        "--write-before-ms", type=float, help="median activity_create ms before the stored facts (for the ratio)"
    )
    parser.add_argument("--import-rows", type=int, help="rows of the XLSX import (default 100,000; quick 10,000)")
    parser.add_argument("--label", default="", help="appended to the results' file names (a partial run)")
    parser.add_argument("--skip", default="", help="comma-separated: evaluation,pages,search,writes,http,import,report")
    args = parser.parse_args(argv)
    n_users = args.users or (10 if args.quick else 20)
    duration = args.duration or (5 if args.quick else 30)
    n_writes = args.writes or (50 if args.quick else 200)
    import_rows = args.import_rows or (10_000 if args.quick else 100_000)
    skip = set(filter(None, args.skip.split(",")))

    url = database_url(args.db)
    label = vendor_label(url)
    today = dt.date.today()  # the machine's day (Django's set-up moves the process to TIME_ZONE)
    if args.generate:
        gen = [sys.executable, str(Path(__file__).with_name("generator.py")), "--db", url]
        subprocess.run([*gen, "--scale", str(args.scale), "--seed", str(args.seed)], check=True)
    setup_django(url)

    from django.db import connection

    from kembar.cooperations.models import Activity, Cooperation, Document, Obligation

    generated = SCRATCH / f"generated-{label}.json"
    portfolio = json.loads(generated.read_text()) if generated.exists() else {}
    if not Cooperation.objects.exists():
        raise SystemExit("empty database: run with --generate (or benchmarks/national/generator.py) first")
    from django.db.models import Count

    counts = Cooperation.objects.values("region__code").annotate(n=Count("pk")).order_by("-n", "region__code")
    largest_code, largest_n = counts[0]["region__code"], counts[0]["n"]
    portfolio.update(
        regions_with_cooperations=counts.count(),
        cooperations=Cooperation.objects.count(),
        activities=Activity.objects.count(),
        documents=Document.objects.count(),
        obligations=Obligation.objects.count(),
    )
    region, users = bench_users(largest_code)
    say(
        f"database {label} ({connection.vendor}); {portfolio['cooperations']:,} cooperations in "
        f"{portfolio['regions_with_cooperations']} regions, {portfolio['activities']:,} activities; "
        f"largest region {region.name} ({largest_n})"
    )
    data = {
        "database": label,
        "date": today.isoformat(),
        "commit": commit_measured(),
        "machine": f"{platform.node()} ({os.cpu_count()} cores, Python {platform.python_version()})",
        "command": "benchmarks/national/runner.py " + " ".join(argv if argv is not None else sys.argv[1:]),
        "quick": args.quick,
        "load_average_at_start": os.getloadavg(),
        "as_of": AS_OF.isoformat(),
        "portfolio": portfolio,
        "largest_region": {"code": region.code, "name": region.name, "cooperations": largest_n},
        "goals": GOALS,
    }
    data["evaluation"] = measure_evaluation(2 if args.quick else 3) if "evaluation" not in skip else {"note": "skipped"}

    # Users of each role, each visit (and each session under load) another one: nothing kept for a session
    # helps. The leadership users of the largest region see its pages; the national overseers the nation's.
    leaders = many_users("bench-leader", "leadership", region, max(n_users, args.sessions))
    overseers = many_users("bench-national", "national_overseer", None, max(n_users, args.sessions))
    pages = {}
    if "pages" not in skip:
        write = one_write_at_a_time(region, users["bureau_staff"])
        pages["region_dashboard"] = measure_page(
            f"/r/{region.code}/dashboard/",
            leaders[:n_users],
            users["leadership"],
            GOALS["region_dashboard_p95_ms"],
            write,
        )
        pages["national_dashboard"] = measure_page(
            "/national/dashboard/",
            overseers[:n_users],
            users["national_overseer"],
            GOALS["national_dashboard_p95_ms"],
            write,
        )
        pages["cooperation_list"] = measure_page(
            f"/r/{region.code}/", leaders[:n_users], users["leadership"], 10**9, write
        )
        for mode in MODES:
            pages["cooperation_list"].get(mode, {}).pop("meets_goal", None)
        if routed(f"/r/{region.code}/dashboard/"):
            pages["cold_by_size"] = measure_cold_by_size(max(5, n_users // 2))
            pages["new_days"] = measure_new_days(region, leaders[:n_users], 60)
    data["pages"] = pages
    data["search"] = measure_search(200, 40) if "search" not in skip else {"note": "skipped"}

    if "writes" not in skip:
        data["writes"] = measure_writes(region, users["bureau_staff"], n_writes, args.write_before_ms)

    if "http" not in skip:
        leader_cookies = [session_cookie(u) for u in leaders[: args.sessions]]
        overseer_cookies = [session_cookie(u) for u in overseers[: args.sessions]]
        targets = {
            "floor_logged_in": ("/bench/bare-auth/", leader_cookies),
            "floor": ("/bench/bare/", leader_cookies),
            "cooperation_list": (f"/r/{region.code}/", leader_cookies),
        }
        for name, path, cookies in (
            ("region_dashboard", f"/r/{region.code}/dashboard/", leader_cookies),
            ("national_dashboard", "/national/dashboard/", overseer_cookies),
        ):
            if routed(path):
                targets[name] = (path, cookies)
            else:
                say(f"load {name}: {NA} (URL not routed)")
        targets["floor_logged_in_again"] = ("/bench/bare-auth/", leader_cookies)
        connection.close()  # the server's workers open their own
        data["http"] = measure_http(targets, duration, args.connections, args.workers)
    else:
        data["http"] = {"available": False, "note": "skipped"}

    data["report"] = measure_report(region, AS_OF.year - 1) if "report" not in skip else {"note": "skipped"}
    data["import"] = measure_import(import_rows, region, users["bureau_staff"]) if "import" not in skip else {}

    RESULTS.mkdir(parents=True, exist_ok=True)
    stem = RESULTS / f"national-{label}-{data['date']}{'-quick' if args.quick else ''}"
    stem = stem.with_name(stem.name + (f"-{args.label}" if args.label else ""))
    stem.with_suffix(".json").write_text(json.dumps(data, indent=1, default=str) + "\n")
    stem.with_suffix(".md").write_text(markdown(data))
    say(f"wrote {stem.with_suffix('.json').relative_to(ROOT)} and {stem.with_suffix('.md').relative_to(ROOT)}")


if __name__ == "__main__":
    main()
