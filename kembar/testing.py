"""Helpers for tests and benchmarks (imported by conftest.py; no pytest dependency)."""

import datetime as dt
import socket
import threading
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kembar.accounts.models import Membership, Role, User
from kembar.core import once
from kembar.core.reference import reference_data  # noqa: F401 — tests and benchmarks import it from here

#: The smallest PDF that `filetype` and a PDF reader both accept.
TINY_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


class FormClient(Client):
    """The test client (conftest's `client`), posting as a browser does: with the one-time token a form that
    creates carries (kembar.core.once), a fresh one each POST unless the data gives one; `form_token=None`
    sends none."""

    def post(self, path, data=None, *args, **kwargs):
        if data is None or isinstance(data, dict):
            data = dict(data or {})
            if data.get(once.FIELD, "") is None:
                del data[once.FIELD]
            else:
                data.setdefault(once.FIELD, once.issue())
        return super().post(path, data, *args, **kwargs)


def make_member(username: str, region, role: str, *, password: str = "pass-1234") -> User:
    user = User.objects.create_user(username=username, password=password, first_name=username.title())
    Membership.objects.create(user=user, region=region, role=role)
    return user


#: The roles a region's own users can hold (national roles are added by matrix_users).
REGION_ROLES = [Role.BUREAU_ADMIN, Role.BUREAU_STAFF, Role.LEADERSHIP, Role.DPRD]


def matrix_users(region, other_region, *, other_key: str = "other_region", national_admin: bool = False) -> dict:
    """The users a permission matrix checks: one per region role, a national overseer (and, when asked, a
    national administrator), and the bureau admin of another region (under `other_key`)."""
    users = {role: make_member(f"u-{role}", region, role) for role in REGION_ROLES}
    users["overseer"] = make_member("u-overseer", None, Role.NATIONAL_OVERSEER)
    if national_admin:
        users["national_admin"] = make_member("u-national_admin", None, Role.NATIONAL_ADMIN)
    users[other_key] = make_member(f"u-{other_key}", other_region, Role.BUREAU_ADMIN)
    return users


def matrix_world(region, other_region, **fields) -> dict:
    """The world most permission matrices check: one cooperation of `region` ("bandung-liuzhou", with
    `fields`) made by its bureau admin ("owner"), and matrix_users with a national administrator."""
    owner = make_member("owner", region, Role.BUREAU_ADMIN)
    coop = make_cooperation(region, by=owner, ref="bandung-liuzhou", **fields)
    users = matrix_users(region, other_region, national_admin=True)
    return {"region": region, "owner": owner, "coop": coop, "users": users}


def coop_ref(world) -> dict:
    """The URL arguments of the world's cooperation."""
    return {"ref": world["coop"].ref}


# --- The permission matrix ------------------------------------------------------------------------
# Who may do what, named by matrix_users' keys.
EDITORS = frozenset({Role.BUREAU_ADMIN, Role.BUREAU_STAFF})
NATIONAL = frozenset({"overseer", "national_admin"})
#: Every role of the region and the national roles: who reads a region's pages.
READERS = frozenset(REGION_ROLES) | NATIONAL
#: Every logged-in user of the matrix, another region's included: pages that are no region's.
EVERYONE = READERS | {"other_region"}


def _no_kwargs(world: dict) -> dict:
    return {}


#: Query parameters an attacker or a mistyped link sends (issue 17: `?as_of=9999-12-31` was an OverflowError,
#: `?within_days=999999999` another): every page must answer them without a server error.
HOSTILE_QUERY = {
    "as_of": "9999-12-31",
    "within_days": "999999999",
    "year": "99999999999999999999",
    "page": "-99999999999999999999",
    "per_page": "100000000",
    "sort": "title;DROP TABLE x",
    "order": "-" * 200,
    "status": "<script>alert(1)</script>",
    "q": "x" * 5000,
    "cooperation": "../../etc/passwd",
    "framework": "\u0000",
    "date": "0000-00-00",
    "kind": "\u202eRTL",
    "ids": ["1", "99999999999999999999999", "abc"],
    "language": "xx",
}


#: Values an attacker, a copy-paste or a broken keyboard puts in a form field (issue 17, fuzzing): huge, empty,
#: control characters, a NUL byte, right-to-left marks, CJK, HTML, formulas, SQL, path traversal.
HOSTILE_VALUES = (
    "x" * 100_000,
    "",
    " \t\r\n ",
    "a\x00b",
    "\x01\x02\x1b[31m",
    "\u202e\u200f\u200bكيمبار",
    "柳州市 수원시 名古屋",
    "<script>alert(1)</script><img src=x onerror=alert(1)>",
    '=HYPERLINK("http://evil.example","x")',
    "'; DROP TABLE cooperations_cooperation; --",
    "../../../../etc/passwd",
    "9" * 400,
    "-1",
    "2024-02-30",
    "\U0001f600" * 50,
)


def hostile_strategy():
    """Hypothesis: a hostile value, or any text (any code points but surrogates), of any length to 2,000."""
    from hypothesis import strategies as st

    return st.sampled_from(HOSTILE_VALUES) | st.text(st.characters(exclude_categories=("Cs",)), max_size=2000)


@dataclass(frozen=True)
class Case:
    """One request of a permission matrix. The users in `allowed` get `ok`; the region's other users and the
    national ones get `denied`; a user of another region gets 404 when the URL is a region's (`regional`:
    its code comes from world["region"]). Anonymous users are sent to the login page.

    `kwargs(world)` gives the URL's other arguments, `data(world)` a POST's body (built anew for each request:
    uploads are read once). A refused request must leave `state(world)` as it was; `check(response, who,
    world)` asserts anything more about an answer.

    A POST that creates names what it creates in `creates(world)` (e.g. a count of rows): the matrix then also
    sends it three times with one form token, as three quick clicks do, and expects one creation and the
    repeats led to what the first made (kembar.core.once)."""

    name: str
    allowed: frozenset
    kwargs: Callable[[dict], dict] = _no_kwargs
    method: str = "get"
    ok: int = 200
    denied: int = 403
    data: Callable[[dict], dict] | None = None
    regional: bool = True
    state: Callable[[dict], object] | None = None
    check: Callable[..., None] | None = None
    creates: Callable[[dict], object] | None = None

    def __str__(self) -> str:
        return self.name if self.method == "get" else f"{self.name}-{self.method}"

    def url(self, world: dict) -> str:
        kwargs = self.kwargs(world)
        return reverse(self.name, kwargs={"code": world["region"].code, **kwargs} if self.regional else kwargs)

    def request(self, client, world: dict, *, token: str | None = None):
        data = self.data(world) if self.data else {}
        if token is not None:
            data = {**data, once.FIELD: token}
        return getattr(client, self.method)(self.url(world), data)


def _asks(case: Case) -> bool:
    return case.method == "get" and bool(case.allowed)


def _posts(case: Case) -> bool:
    return case.method == "post" and case.data is not None and bool(case.allowed)


class PermissionMatrix:
    """Every case × anonymous and every user of the matrix, as one parametrised test class (after NetBox's
    ViewTestCases, in pytest): a test module subclasses it as `class TestPermissions(PermissionMatrix)` with
    its `cases`, and defines a `world` fixture giving at least {"region": …, "users": matrix_users(…)}.

    `who` names the users checked (keys of world["users"]); `strangers` those belonging to another region
    (404 on a region's URL: never a hint that it exists)."""

    cases: tuple[Case, ...] = ()
    who: tuple[str, ...] = (*REGION_ROLES, "overseer", "national_admin", "other_region")
    strangers: frozenset[str] = frozenset({"other_region"})

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if not any(c.creates for c in cls.cases):
            cls.test_three_quick_posts_create_once = None  # no form that creates: no test (not a skipped one)
        if not any(_asks(c) for c in cls.cases):
            cls.test_hostile_query_answers_without_failing = None
        if not any(_posts(c) for c in cls.cases):
            cls.test_hostile_form_values_never_fail = None

    def pytest_generate_tests(self, metafunc):
        if "case" in metafunc.fixturenames:
            metafunc.parametrize("case", self.cases, ids=str)
        if "creating" in metafunc.fixturenames:
            metafunc.parametrize("creating", [c for c in self.cases if c.creates], ids=str)
        if "asking" in metafunc.fixturenames:
            metafunc.parametrize("asking", [c for c in self.cases if _asks(c)], ids=str)
        if "posting" in metafunc.fixturenames:
            metafunc.parametrize("posting", [c for c in self.cases if _posts(c)], ids=str)
        if "who" in metafunc.fixturenames:
            metafunc.parametrize("who", self.who)

    def expected(self, case: Case, who: str) -> int:
        if case.regional and who in self.strangers:
            return 404
        return case.ok if who in case.allowed else case.denied

    def _refused_changes_nothing(self, case: Case, world: dict, send, refused: bool):
        before = case.state(world) if case.state and refused else None
        response = send()
        if case.state and refused:
            assert case.state(world) == before, f"{case} changed what it refused to change"
        return response

    def test_anonymous_is_sent_to_login(self, client, world, case):
        response = self._refused_changes_nothing(case, world, lambda: case.request(client, world), True)
        assert response.status_code == 302, (str(case), response.status_code)
        assert response["Location"].startswith(reverse("login"))

    def test_matrix(self, client, world, case, who):
        client.force_login(world["users"][who])
        expected = self.expected(case, who)
        refused = expected != case.ok or who not in case.allowed
        response = self._refused_changes_nothing(case, world, lambda: case.request(client, world), refused)
        assert response.status_code == expected, (str(case), who, response.status_code)
        if case.check:
            case.check(response, who, world)

    def test_hostile_query_answers_without_failing(self, client, world, asking):
        """A page asked with out-of-range, oversized and hostile query parameters answers without failing: the
        page (the bad value ignored or refused with its message, 400), never a server error."""
        case = asking
        who = next(w for w in self.who if w in case.allowed)
        client.force_login(world["users"][who])
        response = client.get(case.url(world), HOSTILE_QUERY)
        assert response.status_code < 500, (str(case), response.status_code)
        if response.status_code == 400:
            assert b'role="alert"' in response.content or b"errorlist" in response.content, str(case)

    def test_hostile_form_values_never_fail(self, client, world, posting):
        """Every form of the matrix posted with hostile values in every field (hypothesis: a sampled hostile value
        or any text, the same in each field of one post): a page or a redirect, never a server error; and a
        refused post (not a redirect) changes nothing."""
        from hypothesis import HealthCheck, given
        from hypothesis import settings as hsettings

        case = posting
        who = next(w for w in self.who if w in case.allowed)
        client.force_login(world["users"][who])

        @hsettings(max_examples=12, deadline=None, database=None, suppress_health_check=list(HealthCheck))
        @given(value=hostile_strategy())
        def post(value):
            data = {
                k: ([value] if isinstance(v, list | tuple) else value) if isinstance(v, str | int | list | tuple) else v
                for k, v in case.data(world).items()
            }
            before = case.state(world) if case.state else None
            response = client.post(case.url(world), data)
            assert response.status_code < 500, (str(case), response.status_code, value[:40])
            if case.state and response.status_code != 302:
                assert case.state(world) == before, f"{case} changed what it refused (value {value[:40]!r})"

        post()

    def test_three_quick_posts_create_once(self, client, world, creating):
        """The same form sent three times (one token): one creation; the repeats lead to it, with a message."""
        from django.contrib.messages import get_messages

        case = creating
        who = next(w for w in self.who if w in case.allowed)
        client.force_login(world["users"][who])
        token, before = once.issue(), case.creates(world)
        first = case.request(client, world, token=token)
        assert first.status_code == 302, (str(case), first.status_code)
        made = case.creates(world)
        assert made != before, f"{case} created nothing"
        for _repeat in range(2):
            again = case.request(client, world, token=token)
            assert (again.status_code, again["Location"]) == (302, first["Location"]), str(case)
            assert case.creates(world) == made, f"{case} created again"
            shown = [str(m) for m in get_messages(again.wsgi_request)]
            assert any("sudah terkirim" in m or "already been sent" in m for m in shown), shown


def queries_in(fn: Callable[[], object]) -> int:
    """How many queries one call of `fn` costs."""
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx)


def queries_of(client, url: str, *, status: int = 200) -> int:
    """How many queries one GET of `url` costs, the response having `status` (a page that failed would cost
    fewer and prove nothing)."""
    responses = []
    count = queries_in(lambda: responses.append(client.get(url)))
    assert responses[0].status_code == status, (url, responses[0].status_code)
    return count


def pdf_upload(name: str = "mou.pdf", content: bytes = TINY_PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def make_cooperation(
    region,
    *,
    ref: str = "test-coop",
    title: str = "Kerja Sama Uji",
    country: str = "CN",
    by=None,
    partner=None,
    **fields,
):
    """A cooperation with its partner, through the services (as every door does)."""
    from kembar.cooperations.services import cooperation_create
    from kembar.partners.services import partner_create

    if partner is None:
        partner = partner_create(
            region=region, by=by, name=f"Mitra {ref}", country_id=country, kind="local_government", level="city"
        )
    fields.setdefault("type", "KSDPL")
    fields.setdefault("form", "sister_city")
    return cooperation_create(region=region, by=by, ref=ref, title=title, partner=partner, **fields)


def make_obligation(coop, *, starts="2006-09-21", recurrence="yearly", fulfilled=None, text="Pertemuan tahunan"):
    """An obligation of the cooperation (a yearly meeting from the Liuzhou MoU's signing, unless told)."""
    from kembar.cooperations.models import Obligation

    obj = Obligation(
        region_id=coop.region_id,
        cooperation=coop,
        kind="meeting",
        text=text,
        starts=starts,
        recurrence=recurrence,
        fulfilled=fulfilled,
    )
    obj.save()
    return obj


def fill_dossier(coop, *, n: int, by=None) -> None:
    """Add n items of each dated kind (events, activities, documents) to a dossier, in bulk."""
    from kembar.cooperations import facts
    from kembar.cooperations.models import Activity, Document, Event, Finding, Obligation, Source
    from kembar.core.dates import DateSpec
    from kembar.search import index as search_index

    src = Source.objects.create(region_id=coop.region_id, cooperation=coop, key=f"s{coop.pk}", cite="Uji")
    base = dt.date(2000, 1, 1)
    common = {"region_id": coop.region_id, "cooperation": coop, "source": src}
    events, acts, docs, obls, finds = [], [], [], [], []
    for i in range(n):
        day = DateSpec.parse(base + dt.timedelta(days=i))
        events.append(
            Event(date=day, date_sort=day.sort_key(), kind="correspondence", title=f"Surat {i}", position=i, **common)
        )
        acts.append(Activity(date=day, date_sort=day.sort_key(), title=f"Kegiatan {i}", position=i, **common))
        docs.append(Document(kind="correspondence", title=f"Dokumen {i}", date=day, position=i, **common))
        obls.append(Obligation(kind="meeting", text=f"Kewajiban {i}", starts=day, position=i, **common))
        finds.append(Finding(topic="uji", text=f"Temuan {i}", position=i, **common))
    for model, rows in ((Event, events), (Activity, acts), (Document, docs), (Obligation, obls), (Finding, finds)):
        model.objects.bulk_create(rows, batch_size=500)
    facts.refresh([coop.pk])  # bulk writes skip save(): their writer refreshes the stored facts
    for rows in (acts, docs, obls, finds):
        search_index.write_records(rows)  # and the search entries


class Worker:
    """A real task worker (`kembar db_worker`, django-tasks-db) on the test's own PostgreSQL database, as
    production runs one: started, then killed without warning (SIGKILL) or left to finish (issue 17). Needs a
    committed database (a transactional test) and the tasks queued through DB_TASKS. A context manager: the
    worker ends with the block."""

    #: The task backend a test queues through so the worker sees its tasks (override_settings(TASKS=…)).
    DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

    def __init__(self, log_path):
        import os
        import subprocess
        import sys
        from pathlib import Path

        from django.conf import settings

        db = connection.settings_dict
        url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
        env = {
            **os.environ,
            "KEMBAR_DATABASE_URL": url,
            "KEMBAR_TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
            "KEMBAR_TEST_MEDIA_ROOT": str(settings.MEDIA_ROOT),
            "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "config.settings.test"),
        }
        if db.get("PASSWORD"):
            env["PGPASSWORD"] = db["PASSWORD"]
        kembar = Path(sys.executable).with_name("kembar")
        self.log = open(log_path, "wb")  # noqa: SIM115 — closed by stop()
        self.process = subprocess.Popen(
            [str(kembar), "db_worker", "--no-startup-delay", "--interval", "0.05", "--no-reload"],
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def kill_when(self, condition: Callable[[], object], *, what: str) -> None:
        """SIGKILL as soon as `condition` holds (polled): the worker dies mid-task, with no chance to record
        anything."""
        import signal

        wait_until(condition, what=what)
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=30)

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=30)
        self.log.close()


def wait_until(condition: Callable[[], object], *, timeout: float = 120, every: float = 0.02, what: str = ""):
    """Poll `condition` until it returns something true (returned); AssertionError after `timeout` seconds (a
    bound so a broken test ends, not a limit it asserts)."""
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if value := condition():
            return value
        time.sleep(every)
    raise AssertionError(f"not reached in {timeout} s: {what}")


def sideways_scroll(page) -> int:
    """How many pixels a browser page (Playwright) scrolls sideways at its width: 0 when it fits."""
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


def live_server_requests() -> list[threading.Thread]:
    """The live server's threads still answering a request (Django's threaded WSGI server names them so)."""
    return [t for t in threading.enumerate() if "process_request_thread" in t.name and t.is_alive()]


def settle_live_server(browser=None, *, timeout: float = 15) -> None:
    """Close every context of `browser` (ending its connections) and wait until the live server has finished
    every request it was answering: what a browser test does before its database is emptied (conftest)."""
    for context in list(browser.contexts if browser else ()):
        context.close()
    wait_until(lambda: not live_server_requests(), timeout=timeout, every=0.05, what="the live server's requests")


# --- A database that goes away (issue 17: a restart mid-load) -------------------------------------


class CuttableProxy:
    """A TCP proxy on 127.0.0.1 between an app server and its database that a test cuts and restores.

    `cut()` closes every connection and the listening socket (new connections are refused, as while a
    database restarts); `restore()` listens again on the same port. `cut_on(marker)` cuts when the app sends
    `marker` (e.g. `b'INSERT INTO "cooperations_activity"'`): the statement is never delivered, or, with
    `deliver=True`, it is delivered and the cut comes as the database answers, which the app never sees (a
    COMMIT done but not acknowledged). The SQL is read on the wire, so the URL needs `sslmode=disable`."""

    def __init__(self, host: str, port: int):
        self.target = (host, port)
        self._lock = threading.Lock()
        self._sockets: set = set()
        self._listener = None
        self._marker: bytes | None = None
        self._deliver = False
        self._tripped = None  # the database end of the connection whose answer is the cut
        probe = socket.create_server(("127.0.0.1", 0))
        self.port = probe.getsockname()[1]
        probe.close()
        self.restore()

    def restore(self) -> None:
        with self._lock:
            self._tripped = None
            self._listener = socket.create_server(("127.0.0.1", self.port))
            self._listener.settimeout(0.1)
            self._accepting = threading.Thread(target=self._accept, args=(self._listener,), daemon=True)
        self._accepting.start()

    def cut(self) -> None:
        with self._lock:
            listener, self._listener = self._listener, None
            sockets, self._sockets = self._sockets, set()
            self._marker = None
        if listener is not None:
            listener.close()
            self._accepting.join()  # the port is free once its accept() has returned
        for sock in sockets:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            sock.close()

    def cut_on(self, marker: bytes, *, deliver: bool = False) -> None:
        with self._lock:
            self._marker, self._deliver = marker, deliver

    @property
    def is_cut(self) -> bool:
        return self._listener is None

    def _accept(self, listener) -> None:
        while self._listener is listener:
            try:
                app, _address = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            try:
                db = socket.create_connection(self.target)
            except OSError:
                app.close()
                continue
            with self._lock:
                if self._listener is not listener:
                    app.close()
                    db.close()
                    return
                self._sockets |= {app, db}
            threading.Thread(target=self._pump, args=(app, db, True), daemon=True).start()
            threading.Thread(target=self._pump, args=(db, app, False), daemon=True).start()

    def _pump(self, source, sink, from_app: bool) -> None:
        while True:
            try:
                data = source.recv(65536)
            except OSError:
                return
            if not data:
                self._end_pair(source, sink)
                return
            if not from_app and self._tripped is source:
                self.cut()  # the database answered what was delivered: the app never hears it
                return
            marker = self._marker
            if from_app and marker is not None and marker in data:
                if not self._deliver:
                    self.cut()
                    return
                self._tripped = sink
            try:
                sink.sendall(data)
            except OSError:
                return

    def _end_pair(self, *sockets) -> None:
        """One connection ended by either side: close both of its ends."""
        with self._lock:
            self._sockets -= set(sockets)
        for sock in sockets:
            sock.close()


@contextmanager
def row_locked(model, pk):
    """Hold one row locked (FOR UPDATE) from a connection of its own until the block ends: a worker that comes to
    write it waits there, mid-task and mid-transaction, so a test kills it at a known point (PostgreSQL)."""
    from django.db import connections

    holder = connections.create_connection("default")
    holder.ensure_connection()
    holder.set_autocommit(False)
    table, key = model._meta.db_table, model._meta.pk.column
    try:
        with holder.cursor() as cursor:
            cursor.execute(f"SELECT 1 FROM {table} WHERE {key} = %s FOR UPDATE", [pk])  # noqa: S608
        yield
    finally:
        holder.rollback()
        holder.close()


def waiting_on_a_lock() -> bool:
    """Is a connection to the test's database (PostgreSQL) waiting for a lock another one holds?"""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0] > 0


@contextmanager
def rolled_back():
    """A block whose writes are undone at its end, also when it returns early: one hypothesis example's writes
    (the test's database fixtures are made once per test, not once per example)."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)
