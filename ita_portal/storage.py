"""Media storage that leaves no file without the record that names it.

Django's FileSystemStorage writes an upload before the row naming it is inserted, and keeps
whatever it wrote when something fails:

- a write that fails half way (a full disk, a failing volume) leaves the bytes written so far
  under the new name;
- a transaction that rolls back after the write (a later inline row's file fails, the
  database goes away) drops the row but not the file.

This storage removes a partial file at once, and remembers each file written inside a
transaction until that transaction commits. `discard_rolled_back_files()` (run after every
request by ita_portal.middleware, and before each later write) deletes the files whose
transaction rolled back and that no row names.
"""

from __future__ import annotations

import logging
import threading

from django.apps import apps
from django.core.files.storage import FileSystemStorage, Storage
from django.db import DatabaseError, models, transaction

logger = logging.getLogger("ita_portal.faults")
_local = threading.local()  # database connections are per thread, so is what waits on them


class _Written:
    """A file written inside a transaction; called by Django when that transaction commits."""

    def __init__(self, storage: Storage, name: str) -> None:
        self.storage = storage
        self.name = name

    def __call__(self) -> None:
        pending = _pending()
        if self in pending:
            pending.remove(self)


def _pending() -> list[_Written]:
    if not hasattr(_local, "files"):
        _local.files = []
    return _local.files


def _awaiting_commit(entry: _Written) -> bool:
    """Whether the entry's transaction is still open (its commit callback still queued).

    Django drops the callbacks of a transaction or savepoint that rolls back.
    """
    return any(func is entry for _sids, func, *_ in transaction.get_connection().run_on_commit)


def _named_by_a_row(names: set[str]) -> set[str]:
    """The names that some row's file field holds: never delete those, whatever happened."""
    named: set[str] = set()
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.FileField):
                rows = model._base_manager.filter(**{f"{field.attname}__in": names})
                named.update(rows.values_list(field.attname, flat=True))
    return named


def discard_rolled_back_files() -> None:
    """Delete the files written in this thread by transactions that have rolled back."""
    pending = _pending()
    candidates = [entry for entry in pending if not _awaiting_commit(entry)]
    if not candidates:
        return
    try:
        named = _named_by_a_row({entry.name for entry in candidates})
    except DatabaseError:
        # Cannot tell while the database is away: keep them for the next request.
        logger.warning("Could not check %d rolled-back uploads; will retry", len(candidates))
        return
    for entry in candidates:
        pending.remove(entry)
        if entry.name not in named:
            _delete_quietly(entry.storage, entry.name)
            logger.warning("Removed %s: its transaction rolled back", entry.name)


def _delete_quietly(storage: Storage, name: str) -> None:
    """Delete a file; a failing disk may refuse that too, which must not hide the first error."""
    try:
        storage.delete(name)
    except OSError:
        logger.exception("Could not remove %s", name)


class TransactionalFileSystemStorage(FileSystemStorage):
    """FileSystemStorage whose writes are undone with the transaction that made them."""

    def _save(self, name, content) -> str:
        discard_rolled_back_files()
        existed = self.exists(name)
        try:
            name = super()._save(name, content)
        except OSError:
            if not existed:  # never remove a file this call did not create
                _delete_quietly(self, name)
            raise
        self._remember(name)
        return name

    def _remember(self, name: str) -> None:
        if not transaction.get_connection().in_atomic_block:
            return  # autocommit: the row is written, or not, on its own
        entry = _Written(self, name)
        _pending().append(entry)
        transaction.on_commit(entry)
