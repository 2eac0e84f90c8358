"""Opening a store and bulk-loading it (what ``participation demo`` needs)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import attrs

from participation.model import Activity, Administration, Policy, Submission
from participation.serialization import Serializer
from participation.store.protocol import UpsertCounts
from participation.store.sqlite import SqliteStore

__all__ = ["LoadReport", "load", "open_store"]


def open_store(path: str | Path, *, create: bool = True,
               serializer: Serializer | None = None) -> SqliteStore:
    """Open (and, with ``create``, make) the SQLite store at ``path``, migrated to the
    current schema.

    :raises StoreError: missing file (without ``create``), not a store, or newer schema.
    """
    return SqliteStore(path, create=create, serializer=serializer)


@attrs.frozen
class LoadReport:
    """What :func:`load` wrote."""

    submissions: UpsertCounts
    policies: int
    activities: int
    survey_responses: int


def load(store: SqliteStore, *, administration: Administration | None = None,
         submissions: Iterable[Submission] = (),
         policies: Iterable[Policy] = (), activities: Iterable[Activity] = (),
         survey_responses: Iterable[Mapping[str, Any]] = (), batch_size: int = 1000) -> LoadReport:
    """Bulk-load iterables into ``store``, one transaction per ``batch_size`` items, in a
    single pass over each (generators are fine). Loading the same data again changes
    nothing. An ``administration`` is kept in the settings (its jurisdiction and time
    zone are then the desk's and the periods').

    >>> from datetime import datetime, timezone
    >>> from participation.model import SubmissionKind
    >>> store = open_store(":memory:")
    >>> subs = (Submission(f"S-{i}", "web_form", SubmissionKind.QUESTION,
    ...                    datetime(2025, 1, 1 + i, tzinfo=timezone.utc)) for i in range(3))
    >>> load(store, submissions=subs, batch_size=2).submissions
    UpsertCounts(inserted=3, updated=0, unchanged=0, conflicts=())
    """
    if administration is not None:
        store.set_administration(administration)
    counts = store.upsert_submissions(submissions, batch_size)
    return LoadReport(counts, store.upsert_policies(policies, batch_size),
                      store.upsert_activities(activities, batch_size),
                      store.put_survey_responses(survey_responses, batch_size))
