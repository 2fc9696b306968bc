"""Files written to storage inside a transaction, and deleted again when that transaction rolls back.

A FileField's file is written to storage before its row is saved, and storage does not take part in the
database transaction: when the transaction (or savepoint) that saved the row rolls back, the file would stay
with no row. `save_file` writes the file and gives it a `transaction.on_commit` marker. Django runs the marker
when the transaction commits and drops it when the savepoint or transaction it was registered in rolls back
(so an inner savepoint rolled back and recovered from drops only what was written inside it).

When a `files_removed_on_failure()` block ends (or `atomic()`, which is that block around
`transaction.atomic`), it settles the files written inside it: a committed one is kept; one whose marker was
dropped is deleted, unless its row is in the database after all; one whose transaction is still open is
handed to the enclosing block. `middleware` puts a block around every request, so a view's transaction that
rolls back takes its files with it; a command or task opens its transaction with `atomic()`.
"""

from __future__ import annotations

import contextvars
import logging
from contextlib import contextmanager

from django.db import DatabaseError, connections, router, transaction

log = logging.getLogger(__name__)


class _Written:
    """One file written inside a transaction, and whether that transaction has committed."""

    def __init__(self, fieldfile):
        self.storage, self.name = fieldfile.storage, fieldfile.name
        self.instance, self.attname = fieldfile.instance, fieldfile.field.attname
        self.using = router.db_for_write(type(self.instance), instance=self.instance)
        self.committed = False
        connection = transaction.get_connection(self.using)
        self.in_transaction = connection.in_atomic_block
        # One bound method kept, so that it can be found again in the connection's list by identity.
        self.hook = self._commit
        if self.in_transaction:
            transaction.on_commit(self.hook, using=self.using, robust=True)

    def _commit(self) -> None:
        self.committed = True

    def _queued(self) -> bool:
        """Its transaction is still open and the savepoint it was written in has not been rolled back."""
        connection = transaction.get_connection(self.using)
        return any(entry[1] is self.hook for entry in connection.run_on_commit)

    def _row_kept(self) -> bool | None:
        """Whether the database holds the row with this file; None when it cannot be asked now."""
        pk = self.instance.pk
        if pk is None:
            return False
        connection = connections[self.using]
        if connection.needs_rollback:
            return None
        try:
            rows = type(self.instance)._base_manager.using(self.using)
            return rows.filter(pk=pk, **{self.attname: self.name}).exists()
        except DatabaseError:
            return None

    def settle(self) -> bool:
        """Keep or delete the file if its fate is known; True when it is still undecided."""
        if self.committed:
            return False
        if self.in_transaction and self._queued():
            return True
        # The marker was dropped: the row was rolled back. It is also lost when an on_commit callback
        # registered before it raised during a commit, so the row is looked for before the file is deleted.
        kept = self._row_kept()
        if kept is None:
            return True
        if not kept:
            try:
                self.storage.delete(self.name)
            except OSError:
                log.exception("could not delete %s, written by a transaction that rolled back", self.name)
        return False


#: The files written inside the innermost `files_removed_on_failure` block (None outside any).
_written: contextvars.ContextVar[list[_Written] | None] = contextvars.ContextVar("kembar_files", default=None)


@contextmanager
def files_removed_on_failure():
    """Around work that writes files in a transaction: when the block ends, the files whose transaction rolled
    back are deleted, those committed kept, and those whose transaction is still open handed to the enclosing
    block. Blocks nest; a file written outside any block is not followed."""
    outer = _written.get()
    mine: list[_Written] = []
    token = _written.set(mine)
    try:
        yield
    finally:
        _written.reset(token)
        undecided = [w for w in mine if w.settle()]
        if outer is not None:
            outer.extend(undecided)


def atomic(using=None, savepoint: bool = True, durable: bool = False):
    """`transaction.atomic` inside a `files_removed_on_failure` block; a decorator too (with or without
    arguments). The way to open a transaction in which files are written."""
    if callable(using):
        return _atomic(None, savepoint, durable)(using)
    return _atomic(using, savepoint, durable)


@contextmanager
def _atomic(using, savepoint, durable):
    with files_removed_on_failure(), transaction.atomic(using, savepoint=savepoint, durable=durable):
        yield


def written(*fieldfiles) -> None:
    """Tell the enclosing block that these files (FieldFiles, empty ones skipped) were written to storage."""
    mine = _written.get()
    if mine is not None:
        mine.extend(_Written(f) for f in fieldfiles if f)


def save_file(fieldfile, name: str, content) -> None:
    """Write `content` to storage as the FieldFile's file (the row is not saved) and follow it (`written`)."""
    fieldfile.save(name, content, save=False)
    written(fieldfile)


def middleware(get_response):
    """A `files_removed_on_failure` block around each request (the last of settings.MIDDLEWARE)."""

    def files_of_the_request(request):
        with files_removed_on_failure():
            return get_response(request)

    return files_of_the_request
