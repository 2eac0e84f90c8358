"""Errors of the store, each a :class:`~participation.errors.ParticipationError`.

No :mod:`sqlite3` exception leaves the store: :func:`translate` turns each into one of
these, saying what to do.
"""

from __future__ import annotations

import sqlite3

from participation.errors import ParticipationError

__all__ = ["StoreBusyError", "StoreConflictError", "StoreCorruptError", "StoreError",
           "StoreFullError", "StoreReadOnlyError", "translate"]


class StoreError(ParticipationError, RuntimeError):
    """The store cannot be opened or used (missing file, newer schema, not a database)."""


class StoreBusyError(StoreError):
    """Another process kept the store locked longer than the busy timeout and the retries.

    Nothing was written by the batch that gave up; run the operation again (an HTTP
    service answers 503 with ``Retry-After``).
    """


class StoreConflictError(StoreError, ValueError):
    """A write would rewrite history: the events of a submission are append-only, so a
    new version must extend the stored history (or be a prefix of it), never change it."""


class StoreReadOnlyError(StoreError):
    """The store was opened read-only (the file, or its folder, cannot be written):
    reading works, writing does not."""


class StoreCorruptError(StoreError):
    """The store file is damaged (or is not an SQLite file): restore it from a backup."""


class StoreFullError(StoreError):
    """The disk (or a file size limit) is full: the write was rolled back."""


def translate(exc: sqlite3.Error, where: str) -> StoreError:
    """The store error for an :mod:`sqlite3` exception raised while working on ``where``.

    >>> str(translate(sqlite3.OperationalError("database is locked"), "s.db"))
    's.db: the store is busy (another connection is writing to it); nothing was written, try again'
    """
    name = str(getattr(exc, "sqlite_errorname", "") or "")
    text = str(exc)
    lowered = text.lower()
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or (
            not name and ("locked" in lowered or "busy" in lowered)):
        return StoreBusyError(f"{where}: the store is busy (another connection is writing to "
                              "it); nothing was written, try again")
    if name.startswith("SQLITE_READONLY") or "readonly database" in lowered:
        return StoreReadOnlyError(f"{where}: the store cannot be written (read-only file or "
                                  f"folder: {text}); open it where it can be written")
    if name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB")) or "malformed" in lowered:
        return StoreCorruptError(f"{where}: the store is damaged ({text}); restore it from a "
                                 "backup")
    if name.startswith("SQLITE_FULL") or "disk is full" in lowered:
        return StoreFullError(f"{where}: the disk is full; nothing of this write was kept, "
                              "free some space and try again")
    if name.startswith("SQLITE_IOERR"):
        return StoreError(f"{where}: the store file could not be read or written ({text}); "
                          "check the disk and try again")
    return StoreError(f"{where}: {text}")
