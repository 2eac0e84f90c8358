"""Errors of the store, each a :class:`~participation.errors.ParticipationError`."""

from __future__ import annotations

from participation.errors import ParticipationError

__all__ = ["StoreBusyError", "StoreConflictError", "StoreError"]


class StoreError(ParticipationError, RuntimeError):
    """The store cannot be opened or used (missing file, newer schema, not a database)."""


class StoreBusyError(StoreError):
    """Another process kept the store locked longer than the busy timeout and the retries.

    Nothing was written by the batch that gave up; run the operation again.
    """


class StoreConflictError(StoreError, ValueError):
    """A write would rewrite history: the events of a submission are append-only, so a
    new version must extend the stored history (or be a prefix of it), never change it."""
