"""`make soak`: many logged-in users browsing and writing at once on gunicorn + PostgreSQL + a task worker,
optionally with PostgreSQL restarted in the middle; then every acknowledged write is looked up in the database.

    .venv/bin/python benchmarks/soak/run.py [--users 64] [--duration 300] [--restart-db-at 120] [--out F.json]

What it does (issue 17 §2):
1. A fresh PostgreSQL database `kembar_soak` with the demo (`kembar migrate`, `kembar demo`) and `--users`
   accounts of their own (bureau staff of Bandung and Bogor, leadership, DPRD, national overseers), each
   logging in through the login form: every user is a distinct browser session.
2. gunicorn (production settings, `--workers` sync workers) and `kembar db_worker` (django-tasks-db), as
   docs/deploy.md runs them.
3. Each user, after a think time (uniform `--think` seconds), does one thing: mostly opens a page (dashboard,
   list, dossier, activities, search, evaluation, alerts, deadlines, national pages), and as bureau staff adds
   an activity (sometimes submitting the same form twice, as a double click does), uploads a document,
   imports a small spreadsheet of activities (upload, map, check, import, as a task) or asks for a report
   (a task) and downloads it. Every write carries a unique marker, and the client logs whether the server
   acknowledged it.
4. With `--restart-db-at S`, PostgreSQL is stopped at S seconds for `--down-for` seconds and started again
   (`pg_ctlcluster`; needs root, and restarts every database of the cluster: run it on a machine of its own).
5. Afterwards: every acknowledged write is in the database exactly once (activities, documents, imported
   rows), nothing unacknowledged landed twice, imports are whole or absent, every import and report ended,
   the stored facts equal their records (`kembar facts rebuild --check`), and the server log holds no
   traceback other than the outage's.

The result is printed as JSON (and written to --out); benchmarks/results.md keeps the numbers.
"""

import argparse
import datetime as dt
import html.parser
import io
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from benchmarks.national.common import fresh_database  # noqa: E402

BIN = Path(sys.executable).parent
PASSWORD = "soak-pass-2026"
REGIONS = {"32.73": "bandung", "32.01": "bogor"}


def say(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", flush=True)


def pct(values: list[float], p: float) -> float | None:
    if not values:
        return None
    values = sorted(values)
    k = (len(values) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return round(values[lo] + (values[hi] - values[lo]) * (k - lo), 1)


# ------------------------------------------------------------------------------------------- the server side


def server_env(url: str, scratch: Path) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "KEMBAR_DATABASE_URL": url,
        "KEMBAR_VAR_DIR": str(scratch / "var"),
        "KEMBAR_SECRET_KEY": "soak-test-only-not-a-secret",
        "KEMBAR_ALLOWED_HOSTS": "127.0.0.1",
        "KEMBAR_SECURE_COOKIES": "false",
        "KEMBAR_SSL_REDIRECT": "false",
        "KEMBAR_HSTS_SECONDS": "0",
        "KEMBAR_TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "KEMBAR_DB_CONN_MAX_AGE": "60",  # as docs/deploy.md sets it
        "KEMBAR_EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        "KEMBAR_SITE_URL": "http://127.0.0.1",
        "PYTHONPATH": str(ROOT),
    }


def kembar(env: dict, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run([str(BIN / "kembar"), *args], env=env, check=check, capture_output=True, text=True)


SETUP_USERS = r"""
import json, sys
from kembar.accounts.models import Membership, User
from kembar.cooperations.models import Cooperation
from kembar.regions.models import Region
spec = json.loads(sys.stdin.read())
for username, code, role in spec["users"]:
    user = User.objects.create_user(username=username, password=spec["password"], first_name=username)
    Membership.objects.create(user=user, region=Region.objects.get(code=code) if code else None, role=role)
refs = {}
for code in spec["regions"]:
    refs[code] = list(Cooperation.objects.filter(region__code=code).values_list("ref", flat=True))
print(json.dumps(refs))
"""


def plan_users(n: int) -> list[tuple[str, str | None, str]]:
    """Two in three are bureau staff (they write); the rest read: leadership, DPRD, national overseers."""
    users = []
    for i in range(n):
        code = "32.73" if i % 4 else "32.01"
        if i % 3 != 2:
            role = "bureau_staff"
        else:
            role = ("leadership", "dprd", "national_overseer")[(i // 3) % 3]
            code = None if role == "national_overseer" else code
        users.append((f"soak-{i + 1:02d}", code, role))
    return users


def prepare(url: str, scratch: Path, n_users: int) -> tuple[dict, list]:
    env = server_env(url, scratch)
    shutil.rmtree(scratch / "var", ignore_errors=True)
    fresh_database(url)
    say("migrate + demo")
    kembar(env, "migrate", "--no-input")
    kembar(env, "demo")
    kembar(env, "collectstatic", "--no-input")
    users = plan_users(n_users)
    spec = {"users": users, "password": PASSWORD, "regions": list(REGIONS)}
    out = subprocess.run(
        [str(BIN / "kembar"), "shell", "-c", SETUP_USERS],
        env=env,
        input=json.dumps(spec),
        capture_output=True,
        text=True,
        check=True,
    )
    refs = json.loads(out.stdout.strip().splitlines()[-1])
    return refs, users


def start_servers(url: str, scratch: Path, port: int, workers: int):
    env = server_env(url, scratch)
    log = open(scratch / "gunicorn.log", "w")  # noqa: SIM115 — closed by stop()
    cmd = [str(BIN / "gunicorn"), "config.wsgi:application", "--workers", str(workers), "--bind", f"127.0.0.1:{port}"]
    cmd += ["--chdir", str(ROOT), "--timeout", "60", "--backlog", "2048"]
    gunicorn = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    wlog = open(scratch / "worker.log", "w")  # noqa: SIM115
    worker = Supervised([str(BIN / "kembar"), "db_worker", "--interval", "0.5"], env, wlog)
    return gunicorn, worker, (log, wlog)


class Supervised:
    """The task worker as docs/deploy.md runs it: at a lower CPU priority (Nice=10), started again 5 s after it
    exits (Restart=always, RestartSec=5) — it exits when it finds the database gone."""

    def __init__(self, cmd: list[str], env: dict, log):
        self.cmd, self.env, self.log = cmd, env, log
        self.restarts = 0
        self.stopping = False
        self.proc = self._start()
        threading.Thread(target=self._watch, daemon=True).start()

    def _start(self) -> subprocess.Popen:
        return subprocess.Popen(
            self.cmd,
            env=self.env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            preexec_fn=lambda: os.nice(10),  # noqa: PLW1509 — only sets the priority
        )

    def _watch(self) -> None:
        while not self.stopping:
            if self.proc.poll() is not None and not self.stopping:
                time.sleep(5)
                if not self.stopping:
                    self.restarts += 1
                    self.proc = self._start()
            time.sleep(0.5)

    def stop(self) -> None:
        self.stopping = True
        stop(self.proc)


def stop(proc) -> None:
    if isinstance(proc, Supervised):
        return proc.stop()
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


# ------------------------------------------------------------------------------------------- the browser side


class _Forms(html.parser.HTMLParser):
    """Every <form method=post> of a page with the values a browser would send as they stand."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._form: dict | None = None
        self._select: str | None = None
        self._first_option: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._form = {"action": a.get("action") or "", "method": (a.get("method") or "get").lower(), "fields": {}}
            self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag == "input" and a.get("name"):
            kind = (a.get("type") or "text").lower()
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            if kind in ("submit", "button", "file", "image"):
                return
            self._form["fields"][a["name"]] = a.get("value") or ("on" if kind == "checkbox" else "")
        elif tag == "select" and a.get("name"):
            self._select, self._first_option = a["name"], None
        elif tag == "option" and self._select:
            value = a.get("value", "")
            if self._first_option is None:
                self._first_option = value
                self._form["fields"].setdefault(self._select, value)
            if "selected" in a:
                self._form["fields"][self._select] = value
        elif tag == "textarea" and a.get("name"):
            self._textarea = a["name"]
            self._form["fields"][a["name"]] = ""

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea and self._form is not None:
            self._form["fields"][self._textarea] += data


def form_with(page: str, field: str) -> dict:
    """The values of the page's first POST form that has `field`."""
    parser = _Forms()
    parser.feed(page)
    for form in parser.forms:
        if form["method"] == "post" and field in form["fields"]:
            return dict(form["fields"])
    raise LookupError(f"no form with {field}")


def tiny_pdf(marker: str) -> bytes:
    return (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
        b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
        + f"% {marker}\n".encode()
        + b"trailer<</Root 1 0 R>>\n%%EOF\n"
    )


class Log:
    """What every user saw, shared by the threads."""

    def __init__(self, t0: float):
        self.t0 = t0
        self.lock = threading.Lock()
        self.requests: list[dict] = []  # {t, what, status, ms, page}
        self.writes: list[dict] = []  # {kind, marker, acked, status, rows?}

    def request(self, what: str, status: int | str, ms: float, page: bool) -> None:
        with self.lock:
            self.requests.append(
                {"t": round(time.monotonic() - self.t0, 3), "what": what, "status": status, "ms": ms, "page": page}
            )

    def write(self, **row) -> None:
        with self.lock:
            self.writes.append(row)


class User(threading.Thread):
    def __init__(self, base: str, username: str, code: str | None, role: str, refs: dict, log: Log, args, stop_at):
        super().__init__(daemon=True)
        import requests

        self.session = requests.Session()
        self.base, self.username, self.code, self.role = base, username, code, role
        self.refs, self.log, self.args, self.stop_at = refs, log, args, stop_at
        self.rnd = random.Random(username)
        self.n = 0
        self.start_after = 0.0

    # --- one request, timed and logged
    def call(self, method: str, path: str, what: str, *, page: bool = True, **kw):
        started = time.monotonic()
        try:
            resp = self.session.request(method, self.base + path, timeout=60, allow_redirects=False, **kw)
            status = resp.status_code
        except Exception as exc:  # noqa: BLE001 — a refused or dropped connection is a result here
            resp, status = None, type(exc).__name__
        ms = round((time.monotonic() - started) * 1000, 1)
        self.log.request(what, status, ms, page)
        return resp

    def get(self, path: str, what: str, **kw):
        return self.call("GET", path, what, **kw)

    def login(self) -> bool:
        for _ in range(30):
            page = self.get("/login/", "login form", page=False)
            if page is not None and page.status_code == 200:
                fields = form_with(page.text, "username")
                fields.update(username=self.username, password=PASSWORD)
                done = self.call(
                    "POST", "/login/", "login", data=fields, page=False, headers={"Referer": self.base + "/login/"}
                )
                if done is not None and done.status_code == 302:
                    return True
            time.sleep(1)
        return False

    # --- what a user does
    def browse(self) -> None:
        r = self.rnd
        if self.code is None:
            path, what = r.choice([("/national/", "national list"), ("/national/dashboard/", "national dashboard")])
        else:
            c = self.code
            ref = r.choice(self.refs[c])
            path, what = r.choice(
                [
                    (f"/r/{c}/dashboard/", "region dashboard"),
                    (f"/r/{c}/", "cooperation list"),
                    (f"/r/{c}/cooperations/{ref}/", "dossier"),
                    (f"/r/{c}/cooperations/{ref}/activities/", "activities"),
                    (f"/r/{c}/activities/", "region activities"),
                    (f"/r/{c}/cooperations/{ref}/evaluation/", "evaluation"),
                    (f"/r/{c}/deadlines/", "deadlines"),
                    (
                        "/search/?q=" + r.choice(["seoul", "pendidikan", "masker", "braunschweig", "kerja sama"]),
                        "search",
                    ),
                    ("/alerts/", "alerts"),
                ]
            )
        self.get(path, what)

    def marker(self, kind: str) -> str:
        self.n += 1
        return f"soak {kind} {self.username} {self.n} {uuid.uuid4().hex[:8]}"

    def add_activity(self) -> None:
        c, ref = self.code, self.rnd.choice(self.refs[self.code])
        path = f"/r/{c}/cooperations/{ref}/activities/new/"
        page = self.get(path, "activity form")
        if page is None or page.status_code != 200:
            return
        fields = form_with(page.text, "title")
        marker = self.marker("activity")
        day = dt.date(2026, 1, 1) + dt.timedelta(days=self.rnd.randrange(300))
        fields.update(title=marker, date=day.isoformat())
        twice = self.rnd.random() < 0.1  # a double click: the same form (and its one-time token) sent twice
        sent = [self.call("POST", path, "add activity", data=fields, page=False) for _ in range(2 if twice else 1)]
        statuses = [s.status_code if s is not None else None for s in sent]
        acked = any(s in (302, 303) for s in statuses)
        self.log.write(kind="activity", marker=marker, acked=acked, status=statuses, twice=twice)

    def upload_document(self) -> None:
        c, ref = self.code, self.rnd.choice(self.refs[self.code])
        path = f"/r/{c}/cooperations/{ref}/documents/new/"
        page = self.get(path, "document form")
        if page is None or page.status_code != 200:
            return
        fields = form_with(page.text, "title")
        marker = self.marker("document")
        fields.update(title=marker, kind="report", date="2026-06-01", language="id")
        files = {"upload": ("laporan.pdf", tiny_pdf(marker), "application/pdf")}
        sent = self.call("POST", path, "upload document", data=fields, files=files, page=False)
        acked = sent is not None and sent.status_code in (302, 303)
        self.log.write(
            kind="document", marker=marker, acked=acked, status=sent.status_code if sent is not None else None
        )

    def _poll(self, path: str, what: str, done: re.Pattern, limit: float = 120) -> str | None:
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            time.sleep(1)
            resp = self.get(path, what)
            if resp is not None and resp.status_code == 200 and done.search(resp.text):
                return resp.text
        return None

    def import_activities(self) -> None:
        c = self.code
        refs = self.refs[c]
        markers = [self.marker("import") for _ in range(self.rnd.randint(5, 40))]
        rows = ["cooperation,date,title"] + [
            f"{self.rnd.choice(refs)},2026-0{self.rnd.randint(1, 9)}-1{self.rnd.randint(0, 9)},{m}" for m in markers
        ]
        page = self.get(f"/r/{c}/import/", "import page")
        if page is None or page.status_code != 200:
            return
        fields = form_with(page.text, "form_token")
        fields.update(kind="activities")
        files = {"file": ("kegiatan.csv", io.BytesIO("\n".join(rows).encode()), "text/csv")}
        up = self.call("POST", f"/r/{c}/import/", "import upload", data=fields, files=files, page=False)
        entry = {"kind": "import", "markers": markers, "acked": False, "stage": "upload"}
        if up is None or up.status_code != 302:
            entry["status"] = getattr(up, "status_code", None)
            return self.log.write(**entry)
        job = up.headers["Location"]
        page = self.get(job, "import job")
        fields = form_with(page.text, "cooperation")
        fields["action"] = "map"
        mapped = self.call("POST", job, "import map", data=fields, page=False)
        entry["stage"] = "map"
        if mapped is None or mapped.status_code != 302:
            return self.log.write(**entry)
        checked = self._poll(job, "import job", re.compile(r'name="action" value="commit"'))
        entry["stage"] = "check"
        if checked is None:
            return self.log.write(**entry)
        fields = form_with(checked, "form_token")
        fields["action"] = "commit"
        go = self.call("POST", job, "import commit", data=fields, page=False)
        entry["stage"] = "commit"
        entry["acked"] = go is not None and go.status_code == 302
        entry["job"] = job
        self.log.write(**entry)

    def report(self) -> None:
        c = self.code
        page = self.get(f"/r/{c}/reports/", "reports")
        if page is None or page.status_code != 200:
            return
        fields = form_with(page.text, "year")
        fields.update(year="2025", format=self.rnd.choice(["pdf", "xlsx"]))
        asked = self.call("POST", f"/r/{c}/reports/", "ask report", data=fields, page=False)
        if asked is None or asked.status_code != 302:
            return self.log.write(kind="report", acked=False, status=getattr(asked, "status_code", None))
        detail = asked.headers["Location"]
        ready = self._poll(detail, "report page", re.compile(r"/download/"), limit=180)
        entry = {"kind": "report", "acked": True, "format": fields["format"], "ready": ready is not None}
        if ready:
            got = self.get(detail.rstrip("/") + "/download/", "report download", page=False)
            body = got.content if got is not None else b""
            entry["valid"] = body[:4] == b"%PDF" if fields["format"] == "pdf" else body[:2] == b"PK"
        self.log.write(**entry)

    def run(self) -> None:
        time.sleep(self.start_after)  # users arrive over the ramp, as a working morning starts
        if not self.login():
            self.log.write(kind="login", acked=False, user=self.username)
            return
        writer = self.role == "bureau_staff"
        while time.monotonic() < self.stop_at:
            time.sleep(self.rnd.uniform(*self.args.think))
            if time.monotonic() >= self.stop_at:
                break
            roll = self.rnd.random()
            try:
                if not writer or roll < 0.70:
                    self.browse()
                elif roll < 0.88:
                    self.add_activity()
                elif roll < 0.96:
                    self.upload_document()
                elif roll < 0.985:
                    self.import_activities()
                else:
                    self.report()
            except (LookupError, AttributeError, KeyError) as exc:  # a page without its form (a 503 while the
                # database is down): recorded, and the user goes on
                self.log.request(f"step failed: {type(exc).__name__}: {exc}", "no-form", 0, False)


# ------------------------------------------------------------------------------------------- the outage


def outage(at: float, down_for: float, t0: float, events: dict) -> None:
    time.sleep(max(0, t0 + at - time.monotonic()))
    version = sorted(os.listdir("/etc/postgresql"))[-1]
    events["stop_at"] = round(time.monotonic() - t0, 2)
    subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "stop", "-m", "fast"], check=True)
    events["stopped_at"] = round(time.monotonic() - t0, 2)
    time.sleep(down_for)
    subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "start"], check=True)
    while subprocess.run(["pg_isready", "-h", "127.0.0.1", "-q"]).returncode != 0:
        time.sleep(0.1)
    events["up_at"] = round(time.monotonic() - t0, 2)


# ------------------------------------------------------------------------------------------- the check


CHECK = r"""
import json, sys
from django.db.models import Count
from kembar.cooperations.models import Activity, Document
from kembar.imports.models import ImportJob
from kembar.reports.models import GeneratedReport
from django_tasks_db.models import DBTaskResult
def counts(model, field):
    rows = model._base_manager.filter(**{field + "__startswith": "soak "}).values(field).annotate(n=Count("pk"))
    return {r[field]: r["n"] for r in rows}
history = {}
for model, field in ((Activity, "title"), (Document, "title")):
    ids = model._base_manager.filter(**{field + "__startswith": "soak "}).values_list("pk", flat=True)
    kept = set(model.history.model.objects.filter(id__in=list(ids)).values_list("id", flat=True))
    history[model.__name__] = len(set(ids) - kept)
print(json.dumps({
    "activity": counts(Activity, "title"),
    "document": counts(Document, "title"),
    "imports": dict(ImportJob.objects.values_list("status").annotate(n=Count("pk")).values_list("status", "n")),
    "reports": dict(GeneratedReport.objects.values_list("status").annotate(n=Count("pk")).values_list("status", "n")),
    "tasks": dict(DBTaskResult.objects.values_list("status").annotate(n=Count("pk")).values_list("status", "n")),
    "without_history": history,
}))
"""


def verify(url: str, scratch: Path, log: Log) -> dict:
    env = server_env(url, scratch)
    found = json.loads(kembar(env, "shell", "-c", CHECK).stdout.strip().splitlines()[-1])
    out = {"acknowledged": {}, "missing": [], "doubled": [], "unacknowledged_landed": 0}
    for kind in ("activity", "document"):
        rows = [w for w in log.writes if w["kind"] == kind]
        acked = [w for w in rows if w["acked"]]
        out["acknowledged"][kind] = len(acked)
        for w in rows:
            n = found[kind].get(w["marker"], 0)
            if n > 1:
                out["doubled"].append(w["marker"])
            elif w["acked"] and n == 0:
                out["missing"].append(w["marker"])
            elif not w["acked"] and n == 1:
                out["unacknowledged_landed"] += 1
        out[f"{kind}_sent_twice"] = sum(1 for w in rows if w.get("twice"))
    imports = [w for w in log.writes if w["kind"] == "import"]
    out["acknowledged"]["import"] = sum(1 for w in imports if w["acked"])
    out["acknowledged"]["imported_rows"] = sum(len(w["markers"]) for w in imports if w["acked"])
    partial = 0
    for w in imports:
        n = [found["activity"].get(m, 0) for m in w["markers"]]
        if any(x > 1 for x in n):
            out["doubled"].extend(m for m, x in zip(w["markers"], n, strict=True) if x > 1)
        if w["acked"] and not all(x == 1 for x in n):
            out["missing"].extend(m for m, x in zip(w["markers"], n, strict=True) if x == 0)
        if 0 < sum(1 for x in n if x) < len(n):
            partial += 1
    out["imports_partly_present"] = partial
    reports = [w for w in log.writes if w["kind"] == "report"]
    out["reports"] = {
        "asked": len(reports),
        "acknowledged": sum(1 for w in reports if w["acked"]),
        "ready_and_valid": sum(1 for w in reports if w.get("valid")),
    }
    out["database"] = {k: found[k] for k in ("imports", "reports", "tasks", "without_history")}
    facts = kembar(env, "facts", "rebuild", "--check", check=False)
    out["facts_check"] = {"exit": facts.returncode, "output": (facts.stdout + facts.stderr).strip()[-300:]}
    return out


def _latency(rows: list[dict]) -> dict:
    ms = [r["ms"] for r in rows]
    return {
        "count": len(ms),
        "p50_ms": pct(ms, 50),
        "p95_ms": pct(ms, 95),
        "p99_ms": pct(ms, 99),
        "max_ms": max(ms, default=None),
    }


def summarise(log: Log, events: dict, duration: float, ramp: float = 0) -> dict:
    pages = [r for r in log.requests if r["page"]]
    ok = [r for r in pages if isinstance(r["status"], int) and r["status"] < 400]
    outage = (events["stop_at"] - 1, events["up_at"] + 30) if events.get("up_at") is not None else None
    by_status: dict = {}
    for r in log.requests:
        by_status[str(r["status"])] = by_status.get(str(r["status"]), 0) + 1
    out = {
        "requests": len(log.requests),
        "per_second": round(len(log.requests) / duration, 1),
        "by_status": by_status,
        "pages": _latency(ok),
        # every user logged in, and (with a restart) not the minute around the outage
        "pages_after_ramp": _latency(
            [r for r in ok if r["t"] >= ramp and not (outage and outage[0] <= r["t"] <= outage[1])]
        ),
        "pages_per_minute": {
            int(m): _latency([r for r in ok if m * 60 <= r["t"] < (m + 1) * 60])["p99_ms"]
            for m in range(int(duration // 60) + 1)
        },
        "all_requests_p99_ms": pct([r["ms"] for r in log.requests if isinstance(r["status"], int)], 99),
    }
    slow: dict = {}
    for r in ok:
        slow.setdefault(r["what"], []).append(r["ms"])
    out["pages_by_kind"] = {k: {"n": len(v), "p50": pct(v, 50), "p99": pct(v, 99)} for k, v in sorted(slow.items())}
    bad = [r for r in log.requests if not (isinstance(r["status"], int) and r["status"] < 400)]
    if events.get("up_at") is not None:
        start, up = events["stop_at"], events["up_at"]
        during = [r for r in bad if start <= r["t"] <= up + 30]
        outside = [r for r in bad if not start <= r["t"] <= up + 30]
        after = [r for r in bad if r["t"] > up]
        last_bad = max((r["t"] for r in after), default=up)
        out["outage"] = {
            **events,
            "failed_during": len(during),
            "failed_during_by_status": {
                s: sum(1 for r in during if str(r["status"]) == s) for s in {str(r["status"]) for r in during}
            },
            "recovered_s_after_up": round(last_bad - up, 2),
        }
        out["errors_outside_outage"] = len(outside)
        out["error_samples"] = outside[:10]
    else:
        out["errors"] = len(bad)
        out["error_samples"] = bad[:10]
    return out


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=64)
    parser.add_argument("--duration", type=int, default=300, help="seconds of load")
    parser.add_argument("--think", type=float, nargs=2, default=(1.0, 5.0), metavar=("MIN", "MAX"))
    parser.add_argument("--workers", type=int, default=4, help="gunicorn sync workers")
    parser.add_argument("--ramp", type=float, default=60, help="seconds over which the users log in, one by one")
    parser.add_argument("--restart-db-at", type=float, default=0, help="stop PostgreSQL after this many seconds")
    parser.add_argument("--down-for", type=float, default=5, help="seconds PostgreSQL stays stopped")
    parser.add_argument("--db", default="postgres://postgres@127.0.0.1:5432/kembar_soak")
    parser.add_argument("--scratch", default=os.environ.get("KEMBAR_SOAK_DIR", "/tmp/kembar-soak"))
    parser.add_argument("--out", default=None, help="write the result as JSON here")
    args = parser.parse_args(argv)
    scratch = Path(args.scratch)
    scratch.mkdir(parents=True, exist_ok=True)
    if not (BIN / "gunicorn").exists():
        raise SystemExit("gunicorn is missing: make venv installs it (the production extra)")

    refs, users = prepare(args.db, scratch, args.users)
    port = 18000 + os.getpid() % 1000
    base = f"http://127.0.0.1:{port}"
    gunicorn, worker, logs = start_servers(args.db, scratch, port, args.workers)
    result: dict = {
        "when": dt.datetime.now().isoformat(timespec="seconds"),
        "settings": vars(args) | {"think": list(args.think)},
    }
    try:
        import requests

        for _ in range(100):
            try:
                if requests.get(base + "/login/", timeout=2).status_code == 200:
                    break
            except requests.RequestException:
                pass
            time.sleep(0.3)
        say(f"{len(users)} users for {args.duration} s against {base}")
        t0 = time.monotonic()
        log = Log(t0)
        stop_at = t0 + args.ramp + args.duration  # five minutes with every user in
        threads = [User(base, u, code, role, refs, log, args, stop_at) for u, code, role in users]
        for i, t in enumerate(threads):
            t.start_after = args.ramp * i / len(threads)
            t.start()
        events: dict = {}
        if args.restart_db_at:
            threading.Thread(target=outage, args=(args.restart_db_at, args.down_for, t0, events), daemon=True).start()
        for t in threads:
            t.join(args.ramp + args.duration + 300)
        elapsed = time.monotonic() - t0
        say("load over; waiting for queued tasks")
        result["load"] = summarise(log, events, elapsed, ramp=args.ramp)
        with open(scratch / "requests.jsonl", "w") as f:  # every request, for a closer look
            f.writelines(json.dumps(r) + "\n" for r in log.requests)
        time.sleep(5)
    finally:
        stop(gunicorn)
        stop(worker)
        for f in logs:
            f.close()
    server_log = (scratch / "gunicorn.log").read_text(errors="replace")
    result["server_log"] = {
        "tracebacks": server_log.count("Traceback"),
        "worker_timeouts": server_log.count("WORKER TIMEOUT"),
    }
    result["worker"] = {
        "restarts": worker.restarts,
        "tracebacks": (scratch / "worker.log").read_text(errors="replace").count("Traceback"),
    }
    result["check"] = verify(args.db, scratch, log)
    text = json.dumps(result, indent=2, default=str)
    print(text)
    if args.out:
        Path(args.out).write_text(text)
    return result


if __name__ == "__main__":
    main()
