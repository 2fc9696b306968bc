"""Writes of spreadsheet imports: upload, choose columns, check every row, commit all or nothing.

Rows are created through the same services every other door uses (partner_create,
cooperation_create, activity_create), so history names the user and an import refuses what the
forms refuse. The commit reads the file again, a thousand rows at a time, inside one transaction:
memory stays flat for 100,000 rows, and any problem rolls everything back.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import time

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, connections, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kembar.cooperations import facts
from kembar.core import files, lease, queue
from kembar.core.services import record_change
from kembar.core.uploads import too_large
from kembar.regions.models import Region
from kembar.search import index as search_index

from . import columns as cols
from .models import ERRORS_KEPT, HEADER_CHARS, PREVIEW_CHARS, PREVIEW_COLUMNS, PREVIEW_ROWS, ImportJob
from .reading import CSV, EMPTY_STOP, XLSX, NotATable, open_table, sniff_format

#: Files with more rows than this commit as a background task with a progress bar.
LARGE_ROWS = 5000
PROGRESS_EVERY = 500
#: The check writes its progress (and the rows read so far) every this many rows.
CHECK_PROGRESS_EVERY = 2000
#: A problem's message as kept on the job (it may quote a cell).
MESSAGE_CHARS = 300
#: Rows the commit reads, checks and writes at a time.
CHUNK_ROWS = 1000
#: Indonesian names in use that ISO's list spells otherwise.
COUNTRY_ALIASES = {"tiongkok": "CN", "rrt": "CN", "republik rakyat tiongkok": "CN", "korsel": "KR"}


def import_max_bytes() -> int:
    return getattr(settings, "KEMBAR_IMPORT_MAX_MB", settings.KEMBAR_UPLOAD_MAX_MB) * 1024 * 1024


# --- Upload and mapping ---------------------------------------------------------------------


def _check_file(upload) -> tuple[str, str]:
    """(format, sha256) of an upload, or ValidationError saying why it is refused."""
    limit = import_max_bytes()
    if not upload.size:
        raise ValidationError(_("The file is empty."), code="empty")
    if upload.size > limit:
        raise too_large(upload.size, limit)
    upload.seek(0)
    head = upload.read(64 * 1024)
    try:
        fmt = sniff_format(head)
    except NotATable as exc:
        raise ValidationError(str(exc), code="bad_type") from None
    extension = (getattr(upload, "name", "") or "").rpartition(".")[2].lower()
    if fmt == CSV and extension in ("xlsx", "xlsm", "xls"):
        # Text read as a CSV table, though its name says workbook: a file renamed, or saved as something else.
        raise ValidationError(
            _(
                "This file is named .%(extension)s but is not an Excel workbook: it holds plain text. Save it "
                "again from the spreadsheet program as XLSX, or name it .csv if it is a CSV table."
            )
            % {"extension": extension},
            code="bad_type",
        )
    digest = hashlib.sha256(head)
    for chunk in iter(lambda: upload.read(1024 * 1024), b""):
        digest.update(chunk)
    upload.seek(0)
    return fmt, digest.hexdigest()


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _cell_text(value) -> str:
    """A cell as the preview shows it: dates as ISO text, numbers as written, cut to PREVIEW_CHARS."""
    import datetime as dt

    if value is None:
        return ""
    if isinstance(value, dt.datetime) and not (value.hour or value.minute or value.second):
        value = value.date()
    if isinstance(value, dt.date):
        return value.isoformat()
    return _cut(str(value).strip(), PREVIEW_CHARS)


def _preview(table) -> list[list[str]]:
    """The first PREVIEW_ROWS data rows, PREVIEW_COLUMNS columns, cells cut: what the job page shows."""
    return [
        [_cell_text(v) for v in row[:PREVIEW_COLUMNS]] for _number, row in itertools.islice(table.rows, PREVIEW_ROWS)
    ]


@files.atomic
def import_job_create(*, region: Region, by, kind: str, upload) -> ImportJob:
    """Store the file, read its header row and first rows, and guess the mapping. ValidationError (nothing
    stored) when it is not a table or is over a limit (reading.Limits)."""
    if kind not in cols.COLUMNS:
        raise ValidationError({"kind": _("Choose what the file holds.")})
    fmt, sha = _check_file(upload)
    name = (getattr(upload, "name", "") or f"import.{fmt}")[-255:]
    job = ImportJob(
        region=region,
        kind=kind,
        original_name=name,
        file_format=fmt,
        size=upload.size,
        sha256=sha,
        created_by=by if getattr(by, "is_authenticated", False) else None,
    )
    try:
        table = open_table(upload, fmt)
        preview = _preview(table)
    except NotATable as exc:
        raise ValidationError(str(exc), code="bad_type") from None
    finally:
        upload.seek(0)
    job.headers = [_cut(h, HEADER_CHARS) for h in table.headers]
    job.preview = preview
    job.mapping = cols.guess_mapping(kind, table.headers)
    files.save_file(job.file, f"import.{fmt}", upload)
    record_change(job, by=by, reason="uploaded")
    job.save()
    return job


@transaction.atomic
def import_job_map(*, job: ImportJob, by, mapping: dict) -> ImportJob:
    """Set which file column feeds each field. ValidationError listing what is missing or doubled, or when the file
    is being checked (unless that check stopped) or imported."""
    if job.status == ImportJob.Status.DONE or job.busy:
        raise ValidationError(_("The file is being checked or has been imported: its columns cannot change now."))
    clean = {}
    for col in cols.COLUMNS[job.kind]:
        value = mapping.get(col.key)
        clean[col.key] = None if value in (None, "") else int(value)
    problems = cols.mapping_problems(job.kind, clean, len(job.headers))
    if problems:
        raise ValidationError(problems)
    job.mapping = clean
    job.status = ImportJob.Status.MAPPED
    job.errors, job.error_count, job.valid_rows, job.total_rows = [], 0, 0, 0
    record_change(job, by=by, reason="mapped")
    job.save()
    return job


# --- Checking -------------------------------------------------------------------------------


def import_context(*, region: Region, kind: str) -> cols.Context:
    """What the rows are checked against: countries, and the region's cooperations (and activities)."""
    import pycountry

    from kembar.cooperations.models import Activity, Cooperation
    from kembar.partners.models import Country

    ctx = cols.Context(today=timezone.localdate())
    for code, *names in Country.objects.values_list("code", "name_en", "name_id", "name_ko", "name_ja"):
        ctx.countries[code.upper()] = code
        ctx.countries[normalise_country(code)] = code
        for name in names:
            if name:
                ctx.countries.setdefault(cols.normalise(name) or name.strip(), code)
        iso = pycountry.countries.get(alpha_2=code)
        if iso is not None:
            ctx.countries[iso.alpha_3] = code
            for name in (iso.name, getattr(iso, "official_name", ""), getattr(iso, "common_name", "")):
                if name:
                    ctx.countries.setdefault(cols.normalise(name), code)
    for alias, code in COUNTRY_ALIASES.items():
        if code in ctx.countries.values():
            ctx.countries.setdefault(alias, code)
    rows = Cooperation.all_objects.filter(region=region).values_list("pk", "ref", "title", "deleted_at")
    for pk, ref, title, deleted in rows:
        ctx.existing_refs.add(ref)
        if deleted is None:
            ctx.existing_titles.setdefault(cols.normalise(title), ref)
            ctx.cooperations[ref] = pk
            ctx.cooperations.setdefault(cols.normalise(title), pk)
    if kind == cols.ACTIVITIES:
        for coop, date, title in Activity.objects.filter(region=region).values_list("cooperation_id", "date", "title"):
            ctx.existing_activities.add((coop, str(date or ""), cols.normalise(title)))
    return ctx


def normalise_country(code: str) -> str:
    return cols.normalise(code)


def _error(number: int, column: str, message: str, kind: str) -> dict:
    label = next((str(c.label) for c in cols.COLUMNS[kind] if c.key == column), "")
    return {"row": number, "column": label, "message": _cut(str(message), MESSAGE_CHARS)}


def _reading_notes(table) -> list[str]:
    notes = []
    if table.stopped_at:
        notes.append(
            _("Reading stopped at row %(row)s after %(n)s empty rows; anything below them was ignored.")
            % {"row": table.stopped_at, "n": EMPTY_STOP}
        )
    if table.empty_skipped:
        notes.append(_("%(n)s empty rows between the data were skipped.") % {"n": table.empty_skipped})
    return notes


def import_job_check(*, job: ImportJob, by) -> ImportJob:
    """Queue the check of every row (a task: a large file takes a while; the page shows its progress). A check
    that stopped moving (ImportJob.check_stalled) may be queued again."""
    if not job.check_stalled and job.status not in (
        ImportJob.Status.MAPPED,
        ImportJob.Status.PREVIEWED,
        ImportJob.Status.FAILED,
    ):
        raise ValidationError(_("Choose the columns first."))
    with transaction.atomic():
        job.status, job.progress, job.total_rows, job.finished_at = ImportJob.Status.CHECKING, 0, 0, None
        record_change(job, by=by, reason="check queued")
        job.save()
    queue.enqueue("kembar.imports.tasks.import_check", job_id=job.pk, user_id=getattr(by, "pk", None))
    job.refresh_from_db()
    return job


def _check_progress(job: ImportJob, estimated: int | None):
    """Write the rows read so far (and a percentage when the file states its size) where the page sees them:
    a plain UPDATE, no history row per step, committed at once outside a transaction."""

    def update(rows: int) -> None:
        percent = min(99, rows * 100 // estimated) if estimated else 0
        ImportJob.objects.filter(pk=job.pk).update(progress=percent, total_rows=rows, updated_at=timezone.now())

    return update


def import_job_preview(*, job: ImportJob, by) -> ImportJob:
    """Check every row against the rules; keep the problems (row, column, reason) on the job. Writes nothing else.

    A file over a limit (too many rows, a cell too long…) stops the check with that one problem."""
    if job.status not in (
        ImportJob.Status.MAPPED,
        ImportJob.Status.CHECKING,
        ImportJob.Status.PREVIEWED,
        ImportJob.Status.FAILED,
    ):
        raise ValidationError(_("Choose the columns first."))
    ctx = import_context(region=job.region, kind=job.kind)
    check = cols.CHECKS[job.kind]
    errors, total, valid, n_errors, seen, notes = [], 0, 0, 0, {}, []
    with job.file.open("rb") as f:
        try:
            table = open_table(f, job.file_format)
            progress = _check_progress(job, table.estimated_rows)
            for number, row in table.rows:
                total += 1
                result = check(number, row, job.mapping, ctx, seen)
                if result.errors:
                    n_errors += len(result.errors)
                    for column, message in result.errors:
                        if len(errors) < ERRORS_KEPT:
                            errors.append(_error(number, column, message, job.kind))
                else:
                    valid += 1
                if total % CHECK_PROGRESS_EVERY == 0:
                    progress(total)
            notes = _reading_notes(table)
        except NotATable as exc:
            # The file itself is refused: that is the one problem worth reading, shown first.
            n_errors += 1
            errors.insert(0, {"row": None, "column": "", "message": _cut(str(exc), MESSAGE_CHARS)})
            del errors[ERRORS_KEPT:]
    if total == 0 and not n_errors:
        n_errors += 1
        errors.append({"row": None, "column": "", "message": _("The file has a header row but no data rows.")})
    with transaction.atomic():
        job.total_rows, job.valid_rows, job.error_count, job.errors, job.notes = total, valid, n_errors, errors, notes
        job.status = ImportJob.Status.PREVIEWED
        job.progress = 0
        record_change(job, by=by, reason="checked")
        job.save()
    return job


# --- Commit ---------------------------------------------------------------------------------


class _Rollback(Exception):
    pass


@contextlib.contextmanager
def _progress_writer(job: ImportJob):
    """Write progress where a polling page can see it while the import's transaction is open.

    PostgreSQL: a second connection in autocommit. SQLite has one writer at a time (and the demo
    runs tasks in the request), so there the page shows the result when it is done.
    """
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        # Inside a caller's transaction the job row may be locked by it: a side write would wait forever.
        yield lambda pct: None
        return
    side = connections.create_connection("default")
    table = ImportJob._meta.db_table

    def write(pct: int) -> None:
        # updated_at too: each write renews the job's lease (ImportJob.run_stalled).
        with side.cursor() as cursor:
            sql = f"UPDATE {table} SET progress = %s, updated_at = %s WHERE id = %s"  # noqa: S608
            cursor.execute(sql, [pct, timezone.now(), job.pk])

    try:
        yield write
    finally:
        side.close()


def import_job_commit(*, job: ImportJob, by) -> ImportJob:
    """Import a checked file without problems: now, or as a background task when it is large."""
    return import_job_go(job=import_job_start(job=job, by=by), by=by)


#: What an import whose worker died says (its page at once after the lease; the daily job records it).
STALLED_MESSAGE = gettext_lazy("The import stopped before it finished; nothing was imported. Import the file again.")
#: The first key of the PostgreSQL advisory lock a worker holds while it writes a job's rows (the second: the job).
WRITING_LOCK = 0x6B6D_6A6F


@contextlib.contextmanager
def _writing(job: ImportJob):
    """Hold the job's advisory lock while its rows are written; yields False if another connection holds it.

    A session lock on PostgreSQL: a worker that dies loses its connection and with it the lock, so a job
    whose lease lapsed can be told from one whose worker is alive but slow. SQLite runs one writer at a time.
    """
    if connection.vendor != "postgresql":
        yield True
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [WRITING_LOCK, job.pk])
        mine = cursor.fetchone()[0]
    try:
        yield mine
    finally:
        if mine:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [WRITING_LOCK, job.pk])


@transaction.atomic
def import_job_start(*, job: ImportJob, by) -> ImportJob:
    """Claim a checked file without problems for importing: it is running from now on, and a second claim
    (a second click, another editor) is refused. An import that stopped before it finished (ImportJob.may_import)
    may be claimed again, unless its worker turns out to be alive. Commits before the rows are written
    (import_job_go)."""
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    if not job.may_import:
        raise ValidationError(_("Only a checked file without problems can be imported."))
    if job.status != ImportJob.Status.PREVIEWED:  # stopped: unless a slow worker still holds it
        with _writing(job) as free:
            if not free:
                raise ValidationError(_("The file is still being imported."))
    job.status, job.progress, job.message, job.finished_at = ImportJob.Status.RUNNING, 0, "", None
    record_change(job, by=by, reason="import started")
    job.save()
    return job


def import_job_go(*, job: ImportJob, by) -> ImportJob:
    """Write the rows of a claimed job (import_job_start): now, or as a background task when it is large."""
    if job.total_rows > LARGE_ROWS:
        queue.enqueue("kembar.imports.tasks.import_commit", job_id=job.pk, user_id=getattr(by, "pk", None))
        job.refresh_from_db()
        return job
    return import_job_run(job=job, by=by)


def import_job_run(*, job: ImportJob, by) -> ImportJob:
    """The commit itself: every row through the services, and the job's outcome, in one transaction; nothing
    stays if any row fails or the worker dies. A job no longer running (a second task for one claim, or one
    recorded as stalled before its task started) or written by another worker is left as it is."""
    started = time.monotonic()
    with _writing(job) as mine:
        job.refresh_from_db()
        if not mine or job.status != ImportJob.Status.RUNNING:
            return job
        with job.file.open("rb") as f, _progress_writer(job) as progress, transaction.atomic():
            result = import_rows(
                region=job.region,
                by=by,
                kind=job.kind,
                fileobj=f,
                fmt=job.file_format,
                mapping=job.mapping,
                total=job.total_rows,
                progress=progress,
            )
            _record_outcome(job, result, by=by, seconds=time.monotonic() - started)
    return job


def _record_outcome(job: ImportJob, result: dict, *, by, seconds: float) -> None:
    job.refresh_from_db()
    job.finished_at = timezone.now()
    job.errors = result["errors"][:ERRORS_KEPT]
    job.error_count = result["error_count"]
    if result["error_count"]:
        job.status, job.created_count, job.partners_created = ImportJob.Status.FAILED, 0, 0
        job.message = _("Nothing was imported: %(n)s problems were found.") % {"n": result["error_count"]}
    else:
        job.status, job.progress = ImportJob.Status.DONE, 100
        job.created_count, job.partners_created = result["created"], result["partners_created"]
        job.message = _("%(n)s rows imported in %(s)s s.") % {"n": result["created"], "s": round(seconds, 1)}
    record_change(job, by=by, reason=job.status)
    job.save()


def import_fail_stalled() -> int:
    """Record as failed the imports whose worker died while writing them (ImportJob.run_stalled): the daily job,
    for every region. How many; each may be imported again."""
    running, failed = ImportJob.Status.RUNNING, ImportJob.Status.FAILED
    jobs = ImportJob.objects.all()
    return lease.fail_lapsed(jobs, busy=running, failed=failed, message=STALLED_MESSAGE, reason="import stalled")


def import_rows(
    *, region: Region, by, kind: str, fileobj, fmt: str, mapping: dict | None = None, total: int = 0, progress=None
) -> dict:
    """Check and write every row of an open file in one transaction (rolled back on any problem).

    Returns {"rows", "created", "partners_created", "error_count", "errors", "notes", "read_seconds"}
    (the last: time spent reading the file). `mapping` defaults to the guess from the header row. This is
    the whole import path, so benchmarks time it directly.
    """
    try:
        table = open_table(fileobj, fmt)
    except NotATable as exc:
        return _failed(_cut(str(exc), MESSAGE_CHARS))
    mapping = mapping if mapping is not None else cols.guess_mapping(kind, table.headers)
    problems = cols.mapping_problems(kind, mapping, len(table.headers))
    if problems:
        return {**_failed(problems[0]), "errors": [{"row": 1, "column": "", "message": p} for p in problems]}
    ctx = import_context(region=region, kind=kind)
    writer = _CooperationWriter(region, by) if kind == cols.COOPERATIONS else _ActivityWriter(region, by)
    check = cols.CHECKS[kind]
    out = {"rows": 0, "created": 0, "partners_created": 0, "error_count": 0, "errors": [], "notes": []}
    seen: dict = {}
    try:
        with transaction.atomic():
            for chunk in _chunks(table.rows, CHUNK_ROWS):
                # Read a chunk, check it, then write it: each stage's code stays warm in the CPU's
                # caches (about 15 % faster than row by row for 100,000 rows) and memory stays flat.
                # A row's check never depends on what was written before it.
                checked = [(number, check(number, row, mapping, ctx, seen)) for number, row in chunk]
                for number, result in checked:
                    out["rows"] += 1
                    if not result.errors and not out["error_count"]:
                        try:
                            writer.write(result.values)
                        except ValidationError as exc:
                            result.errors = [(k, m) for k, msgs in _by_field(exc).items() for m in msgs]
                    for column, message in result.errors:
                        out["error_count"] += 1
                        if len(out["errors"]) < ERRORS_KEPT:
                            out["errors"].append(_error(number, column, message, kind))
                    if progress and total and out["rows"] % PROGRESS_EVERY == 0:
                        progress(min(99, out["rows"] * 100 // total))
            if not out["error_count"] and hasattr(writer, "finish"):
                writer.finish()
            if out["rows"] == 0:
                out["error_count"] += 1
                out["errors"].append({"row": None, "column": "", "message": _("The file has no data rows.")})
            if out["error_count"]:
                raise _Rollback
    except NotATable as exc:  # over a limit part-way (limits lowered since the check): nothing stays
        out["error_count"] += 1
        out["errors"].insert(0, {"row": None, "column": "", "message": _cut(str(exc), MESSAGE_CHARS)})
        del out["errors"][ERRORS_KEPT:]
    except _Rollback:
        pass
    else:
        out["created"], out["partners_created"] = writer.created, writer.partners_created
    out["notes"] = _reading_notes(table)
    out["read_seconds"] = table.read_seconds
    return out


def _chunks(rows, size: int):
    """Lists of up to `size` items of an iterator, read as they are needed."""
    while chunk := list(itertools.islice(rows, size)):
        yield chunk


def _failed(message: str) -> dict:
    return {
        "rows": 0,
        "created": 0,
        "partners_created": 0,
        "error_count": 1,
        "errors": [{"row": None, "column": "", "message": message}],
        "notes": [],
    }


def _by_field(exc: ValidationError) -> dict[str, list[str]]:
    if hasattr(exc, "error_dict"):
        return {k: [str(m) for m in ValidationError(v).messages] for k, v in exc.error_dict.items()}
    return {"": list(exc.messages)}


class _CooperationWriter:
    def __init__(self, region: Region, by):
        from kembar.cooperations.models import Cooperation
        from kembar.partners.models import Partner

        self.region, self.by = region, by
        self.created = self.partners_created = 0
        self.partners = {
            (cols.normalise(p.name), p.country_id): p for p in Partner.objects.filter(region=region).order_by("pk")
        }
        self.refs = set(Cooperation.all_objects.filter(region=region).values_list("ref", flat=True))

    def _ref(self, values: dict) -> str:
        if values["ref"]:
            return values["ref"]
        base = (slugify(values["title"]) or "kerja-sama")[:72].strip("-")
        ref, n = base, 1
        while ref in self.refs:
            n += 1
            ref = f"{base}-{n}"
        return ref

    def write(self, values: dict) -> None:
        from kembar.cooperations.services import cooperation_create
        from kembar.partners.services import partner_create

        key = (cols.normalise(values["partner_name"]), values["country"])
        partner = self.partners.get(key)
        if partner is None:
            partner = partner_create(
                region=self.region,
                by=self.by,
                name=values["partner_name"],
                name_local=values["partner_local"],
                country_id=values["country"],
                kind=values["partner_kind"],
                level=values["partner_level"],
            )
            self.partners[key] = partner
            self.partners_created += 1
        ref = self._ref(values)
        cooperation_create(
            region=self.region,
            by=self.by,
            ref=ref,
            partner=partner,
            **{k: values[k] or ("" if k not in ("fields",) else []) for k in _COOPERATION_KEYS},
        )
        self.refs.add(ref)
        self.created += 1


_COOPERATION_KEYS = (
    "title",
    "type",
    "form",
    "status",
    "started",
    "ends",
    "fields",
    "person_in_charge",
    "goals",
    "legal_basis",
)


_NOT_FROM_THE_FILE = ["region", "cooperation", "source", "position", "created_at", "date_sort"]


class _ActivityWriter:
    """Activities in batches: each is checked by the model's own rules (Activity.clean calls
    activities.activity_problems, as activity_create does) and its fields validated, numbered and given
    its sort day as the model does (DossierItem.position_after, Activity.set_derived_fields), then a
    batch is inserted with its history rows (user and reason as activity_create records them).
    One row at a time through activity_create costs five queries per activity; 100,000 of them must
    fit a minute, so the batch goes through bulk.HistoryInserter (one INSERT … RETURNING per batch
    and one for the history rows)."""

    BATCH = 1000

    def __init__(self, region: Region, by):
        from django.db.models import Max

        from kembar.cooperations.models import Activity, Cooperation

        from .bulk import HistoryInserter

        self.by = by if getattr(by, "is_authenticated", False) else None
        self.created = self.partners_created = 0
        self.cooperations = Cooperation.objects.filter(region=region).in_bulk()
        self.positions = dict(
            Activity.all_objects.filter(region=region)
            .values_list("cooperation_id")
            .annotate(p=Max("position"))
            .order_by()
        )
        self.inserter = HistoryInserter(Activity)
        self.pending: list = []
        self.touched: set[int] = set()
        self.unindexed: set[int] = set()

    def write(self, values: dict) -> None:
        from kembar.cooperations.models import Activity
        from kembar.cooperations.services import ACTIVITY_FIELDS

        coop = self.cooperations[values["cooperation_id"]]
        fields = {k: v for k, v in values.items() if k in ACTIVITY_FIELDS}
        for key in ("date", "end"):
            fields[key] = fields[key] or ""
        position = Activity.position_after(self.positions.get(coop.pk))
        activity = Activity(region_id=coop.region_id, cooperation_id=coop.pk, position=position, **fields)
        # Relations are set here from the region's own rows (validating them would cost a query each),
        # and the position, creation time and sort day are computed here, not read from the file.
        activity.full_clean(exclude=_NOT_FROM_THE_FILE, validate_unique=False)
        activity.set_derived_fields()  # what Activity.save() would derive; the insert bypasses save()
        self.positions[coop.pk] = position
        self.pending.append(activity)
        if len(self.pending) >= self.BATCH:
            self.flush()

    def flush(self) -> None:
        """Insert what is pending (with their search entries); called last, also store the facts of every
        cooperation it added to (the insert bypasses save(), whose signal would)."""
        if self.pending:
            self.inserter.insert(self.pending, user=self.by, reason="created")
            if all(a.pk is not None for a in self.pending):
                search_index.write_records(self.pending)  # the insert bypasses save(), whose signal would
            else:  # inserted without their ids (a database that returns none): indexed by cooperation at the end
                self.unindexed.update(a.cooperation_id for a in self.pending)
            self.created += len(self.pending)
            self.touched.update(a.cooperation_id for a in self.pending)
            self.pending = []

    def finish(self) -> None:
        from kembar.cooperations.models import Activity

        self.flush()
        facts.refresh(list(self.touched))
        if self.unindexed:
            search_index.write_records(Activity.objects.filter(cooperation_id__in=self.unindexed))


def import_activities_bench(path, *, region: Region, by) -> dict:
    """Import an XLSX or CSV of activities from a path, timed, for benchmarks (no ImportJob, no upload).

    Returns import_rows()'s dict plus "seconds" (the whole import) and "read_seconds" (the part of it
    spent opening the file and reading its rows: openpyxl's read-only pass, the floor), measured
    during the import rather than by reading the file a second time.
    """
    with open(path, "rb") as f:
        fmt = sniff_format(f.read(64 * 1024))
    started = time.monotonic()
    with open(path, "rb") as f:
        result = import_rows(region=region, by=by, kind=cols.ACTIVITIES, fileobj=f, fmt=fmt)
    return {
        **result,
        "seconds": round(time.monotonic() - started, 3),
        "read_seconds": round(result.get("read_seconds", 0.0), 3),
    }


__all__ = [
    "CSV",
    "XLSX",
    "import_activities_bench",
    "import_job_check",
    "import_job_commit",
    "import_job_create",
    "import_job_map",
    "import_job_preview",
    "import_job_run",
    "import_rows",
]
