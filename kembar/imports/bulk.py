"""Inserting many new rows of one model and their history rows, fast.

Django's bulk_create (and simple-history's bulk_create_with_history on top of it) spends most of
its time assembling SQL in Python: per value it resolves a placeholder and checks for expressions.
Here the statement is built once per batch size and every value goes through the same conversion
Django uses (`field.pre_save(obj, add=True)`, then `field.get_db_prep_save`), so what is stored is
what bulk_create stores. History rows are those simple-history's `bulk_history_create` writes
(type "+", the user, the reason, the row's tracked fields), built from the values already
converted for the row itself.

How the rows travel depends on the database. SQLite: one INSERT … RETURNING per batch for the rows
(their ids come back) and one executemany for the history. PostgreSQL (psycopg 3): the batch's ids
are taken from the table's sequence first, then rows and history rows go by COPY, as psycopg's
client-side binding would otherwise re-parse a 25,000-parameter statement for every batch.

Only plain values are supported (no expressions, no fields with their own placeholder SQL); a
model or database that needs more goes through Django's bulk_create_with_history.
"""

from __future__ import annotations

from django.conf import settings
from django.db import connections, router, transaction
from django.db.models import Field
from django.utils import timezone

from kembar.core import pages

#: Rows per INSERT … RETURNING statement at most (fewer when the database limits parameters).
BATCH_ROWS = 1000
#: Distinct converted values remembered per column; a column with more (titles, timestamps) is
#: converted value by value.
_MEMO_LIMIT = 512
_MEMO_TYPES = frozenset((type(None), bool, int, str))
_EMPTY_TYPES = frozenset((list, dict))


class _Converter:
    """field.get_db_prep_save for one column, remembering the result for repeated plain values
    (region, kind, currency, empty texts and lists, NULLs). The conversion of such a value depends on
    the field and the value only, so a remembered result is the one the field would return."""

    __slots__ = ("field", "connection", "memo")

    def __init__(self, field: Field, connection):
        self.field, self.connection, self.memo = field, connection, {}

    def many(self, values: list) -> list:
        prep, connection, memo = self.field.get_db_prep_save, self.connection, self.memo
        if memo is None:
            return [prep(value, connection) for value in values]
        out = []
        for value in values:
            kind = type(value)
            if kind in _MEMO_TYPES:
                key = (kind, value)
            elif kind in _EMPTY_TYPES and not value:
                key = (kind, None)
            else:
                out.append(prep(value, connection))
                continue
            converted = memo.get(key, memo)
            if converted is memo:
                converted = prep(value, connection)
                if len(memo) < _MEMO_LIMIT:
                    memo[key] = converted
                else:
                    self.memo = memo = None
                    out.append(converted)
                    out.extend(prep(value, connection) for value in values[len(out) :])
                    return out
            out.append(converted)
        return out


def _max_params(connection) -> int:
    """Parameters one statement may carry. Django assumes 999 for SQLite (its limit before 3.32); the
    library in use states its own, far higher, and batches of 1,000 rows instead of 39 save about a
    fifth of the insert's time."""
    if connection.vendor == "sqlite":
        import sqlite3

        connection.ensure_connection()
        getlimit = getattr(connection.connection, "getlimit", None)  # Python 3.11+
        if getlimit is not None:
            return getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    return connection.features.max_query_params or 2**16 - 1


def insert_rows(connection, table: str, columns, objects: list, *, replace=(), most: int = BATCH_ROWS) -> None:
    """INSERT the `columns` (attributes of the same name) of the objects into `table`, as many rows a statement
    as the database takes and at most `most`. With `replace`, a row whose id is there already has those
    columns replaced (ON CONFLICT … DO UPDATE); without, every id must be new."""
    if not objects:
        return
    upsert = " ON CONFLICT (id) DO UPDATE SET " + ", ".join(f"{c} = excluded.{c}" for c in replace) if replace else ""
    per = max(1, min(most, _max_params(connection) // len(columns)))
    row = "(" + ", ".join(["%s"] * len(columns)) + ")"
    with connection.cursor() as cursor:
        for i in range(0, len(objects), per):
            part = objects[i : i + per]
            cursor.execute(
                f"INSERT INTO {table} ({', '.join(columns)}) VALUES {', '.join([row] * len(part))}{upsert}",
                [getattr(o, c) for o in part for c in columns],
            )


def _psycopg3() -> bool:
    try:
        from django.db.backends.postgresql.psycopg_any import is_psycopg3
    except ImportError:
        return False
    return is_psycopg3


def _plain(fields) -> bool:
    return not any(hasattr(f, "get_placeholder") for f in fields)


class HistoryInserter:
    """Insert new `model` instances (no primary key yet) and one "+" history row each.

    `insert(objs, user=, reason=)` sets each object's primary key, like bulk_create.
    """

    def __init__(self, model):
        self.model = model
        self.connection = connections[router.db_for_write(model)]
        opts = model._meta
        self.pk = opts.pk
        self.fields = [f for f in opts.concrete_fields if f is not self.pk and not f.generated]
        self.history = getattr(model, "history", None) and model.history.model
        features = self.connection.features
        self.supported = bool(
            features.can_return_rows_from_bulk_insert
            and getattr(self.pk, "db_returning", False)
            and _plain(self.fields)
            and (self.history is None or _plain(self.history._meta.concrete_fields))
        )
        if not self.supported:
            return
        self.converters = [_Converter(f, self.connection) for f in self.fields]
        # pre_save only does more than read the attribute for some fields (auto_now timestamps).
        self.pre_save = [type(f).pre_save is not Field.pre_save for f in self.fields]
        self.batch = max(1, min(BATCH_ROWS, _max_params(self.connection) // len(self.fields)))
        self._statements: dict[int, str] = {}
        # PostgreSQL through psycopg 3: COPY, with ids from the sequence (looked up on first use).
        self.copy = self.connection.vendor == "postgresql" and _psycopg3()
        self._sequence: str | None = None
        if self.history is not None:
            self._prepare_history()

    # --- statements ---

    def _insert_sql(self, n: int) -> str:
        sql = self._statements.get(n)
        if sql is None:
            qn = self.connection.ops.quote_name
            columns = ", ".join(qn(f.column) for f in self.fields)
            row = "(" + ", ".join(["%s"] * len(self.fields)) + ")"
            table = qn(self.model._meta.db_table)
            returning = f"{table}.{qn(self.pk.column)}"
            sql = f"INSERT INTO {table} ({columns}) VALUES {', '.join([row] * n)} RETURNING {returning}"
            self._statements[n] = sql
        return sql

    def _prepare_history(self) -> None:
        """Where each history column's value comes from: the row's converted value of the same
        field (same field class, so the same conversion), the new primary key, or the history's own."""
        hopts = self.history._meta
        own = {f.attname: i for i, f in enumerate(self.fields)}
        tracked = {f.attname for f in self.history.tracked_fields}
        self.history_fields = [f for f in hopts.concrete_fields if f is not hopts.pk and not f.generated]
        self.history_sources: list[tuple[str, object]] = []
        for f in self.history_fields:
            if f.attname == self.pk.attname:
                self.history_sources.append(("pk", _Converter(f, self.connection)))
            elif f.attname in tracked and f.attname in own and type(f) is type(self.fields[own[f.attname]]):
                self.history_sources.append(("row", own[f.attname]))
            elif f.attname in tracked:
                self.history_sources.append(("convert", _Converter(f, self.connection)))
            elif f.attname in ("history_date", "history_change_reason", "history_type", "history_user_id"):
                self.history_sources.append(("history", (f.attname, _Converter(f, self.connection))))
            else:
                # A history column this code does not know (a custom one): let simple-history write it.
                self.supported = False
                return
        qn = self.connection.ops.quote_name
        columns = ", ".join(qn(f.column) for f in self.history_fields)
        placeholders = ", ".join(["%s"] * len(self.history_fields))
        self.history_sql = f"INSERT INTO {qn(hopts.db_table)} ({columns}) VALUES ({placeholders})"
        self.history_copy = f"COPY {qn(hopts.db_table)} ({columns}) FROM STDIN"

    # --- inserting ---

    def insert(self, objs: list, *, user, reason: str) -> None:
        if not objs:
            return
        with transaction.atomic(using=self.connection.alias, savepoint=False):
            # A bulk insert sends no signal: the regions' kept pages are told here.
            pages.bump({getattr(obj, "region_id", None) for obj in objs})
            if not self.supported or any(obj.pk is not None for obj in objs):
                self._fallback(objs, user=user, reason=reason)
                return
            for start in range(0, len(objs), self.batch):
                self._insert_batch(objs[start : start + self.batch], user=user, reason=reason)

    def _rows(self, objs: list) -> list[tuple]:
        """Each object's converted values, column by column (pre_save first, as bulk_create does)."""
        columns = []
        for field, converter, pre_save in zip(self.fields, self.converters, self.pre_save, strict=True):
            if pre_save:
                values = [field.pre_save(obj, True) for obj in objs]
            else:
                attname = field.attname
                values = [getattr(obj, attname) for obj in objs]
            columns.append(converter.many(values))
        return list(zip(*columns, strict=True))

    def _insert_batch(self, objs: list, *, user, reason: str) -> None:
        rows = self._rows(objs)
        ids = self._copy_rows(rows) if self.copy else self._insert_returning(rows)
        if len(ids) != len(objs):  # pragma: no cover - the database returns one id per row
            raise RuntimeError("the database did not give one id per row")
        for obj, pk in zip(objs, ids, strict=True):
            setattr(obj, self.pk.attname, pk)
            obj._state.adding = False
            obj._state.db = self.connection.alias
        if self.history is None or not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
            return
        self._insert_history(objs, rows, user=user, reason=reason)

    def _insert_returning(self, rows: list[tuple]) -> list:
        params = [value for row in rows for value in row]
        with self.connection.cursor() as cursor:
            cursor.execute(self._insert_sql(len(rows)), params)
            return [pk for (pk,) in cursor.fetchall()]

    def _copy_rows(self, rows: list[tuple]) -> list:
        """PostgreSQL: take the ids from the table's sequence (as the column default would), then COPY
        the rows with them. Without a sequence to take them from, INSERT … RETURNING."""
        qn = self.connection.ops.quote_name
        table = self.model._meta.db_table
        with self.connection.cursor() as cursor:
            if self._sequence is None:
                cursor.execute("SELECT pg_get_serial_sequence(%s, %s)", [qn(table), self.pk.column])
                self._sequence = cursor.fetchone()[0] or ""
            if not self._sequence:
                self.copy = False
                return self._insert_returning(rows)
            cursor.execute("SELECT nextval(%s) FROM generate_series(1, %s)", [self._sequence, len(rows)])
            ids = [pk for (pk,) in cursor.fetchall()]
        pk_values = _Converter(self.pk, self.connection).many(ids)
        columns = ", ".join(qn(f.column) for f in (self.pk, *self.fields))
        copied = [(pk, *row) for pk, row in zip(pk_values, rows, strict=True)]
        self._copy(f"COPY {qn(table)} ({columns}) FROM STDIN", copied)
        return ids

    def _copy(self, statement: str, rows: list) -> None:
        with self.connection.cursor() as cursor, self.connection.wrap_database_errors:
            with cursor.cursor.copy(statement) as copy:
                for row in rows:
                    copy.write_row(row)

    def _insert_history(self, objs: list, rows: list, *, user, reason: str) -> None:
        from simple_history.utils import get_change_reason_from_object

        # As bulk_history_create: the object's own date, user and reason when it carries them, else
        # now, the given user (else simple-history's default, the request's) and the given reason.
        default_user = user or self.history.get_default_history_user(objs[0])
        extra = {
            "history_date": [getattr(obj, "_history_date", timezone.now()) for obj in objs],
            "history_type": ["+"] * len(objs),
            "history_change_reason": [get_change_reason_from_object(obj) or reason for obj in objs],
            "history_user_id": [getattr(getattr(obj, "_history_user", default_user), "pk", None) for obj in objs],
        }
        columns = []
        for kind, source in self.history_sources:
            if kind == "row":
                columns.append([row[source] for row in rows])
            elif kind == "pk":
                columns.append(source.many([obj.pk for obj in objs]))
            elif kind == "history":
                name, converter = source
                columns.append(converter.many(extra[name]))
            else:
                converter = source
                attname = converter.field.attname
                columns.append(converter.many([getattr(obj, attname) for obj in objs]))
        history_rows = list(zip(*columns, strict=True))
        if self.copy:
            self._copy(self.history_copy, history_rows)
            return
        with self.connection.cursor() as cursor:
            cursor.executemany(self.history_sql, history_rows)

    def _fallback(self, objs: list, *, user, reason: str) -> None:
        from simple_history.utils import bulk_create_with_history

        if self.history is None:
            self.model._default_manager.bulk_create(objs)
            return
        bulk_create_with_history(objs, self.model, default_user=user, default_change_reason=reason)
