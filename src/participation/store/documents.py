"""Policies, activities and survey responses in the store, kept as JSON documents
(the tagged documents of :mod:`participation.serialization`) beside the columns
used to find them."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any

from participation.errors import InvalidDocumentError, Problem
from participation.model import Activity, Period, Policy
from participation.store.codec import utc_text
from participation.store.connection import batched

if TYPE_CHECKING:
    from participation.store.sqlite import SqliteStore

__all__ = [
    "iter_activities",
    "iter_policies",
    "iter_survey_responses",
    "put_survey_responses",
    "survey_response_row",
    "upsert_activities",
    "upsert_policies",
]



def _write_rows(store: SqliteStore, sql: str, rows: list[tuple[Any, ...]]) -> int:
    def work(conn: sqlite3.Connection) -> int:
        before = conn.total_changes
        conn.executemany(sql, rows)
        return conn.total_changes - before
    return int(store.write(work))


def upsert_policies(store: SqliteStore, policies: Iterable[Policy], batch_size: int) -> int:
    """Upsert policies by id; returns how many rows changed (an identical policy: none)."""
    sql = ("INSERT INTO policies (id, document) VALUES (?, ?) ON CONFLICT (id) DO UPDATE "
           "SET document = excluded.document WHERE document IS NOT excluded.document")
    total = 0
    for batch in batched(policies, batch_size):
        total += _write_rows(store, sql, [(p.id, store.serializer.dumps(p)) for p in batch])
    return total


def iter_policies(store: SqliteStore) -> Iterator[Policy]:
    """Stream the stored policies by id."""
    cursor = store.connection.execute("SELECT document FROM policies ORDER BY id")
    try:
        for (document,) in cursor:
            yield store.serializer.loads(document, Policy)
    finally:
        cursor.close()


def upsert_activities(store: SqliteStore, activities: Iterable[Activity], batch_size: int) -> int:
    """Upsert activities by id; returns how many rows changed."""
    sql = ("INSERT INTO activities (id, document, policy_id, window_start) VALUES (?, ?, ?, ?) "
           "ON CONFLICT (id) DO UPDATE SET document = excluded.document, "
           "policy_id = excluded.policy_id, window_start = excluded.window_start "
           "WHERE document IS NOT excluded.document")
    total = 0
    for batch in batched(activities, batch_size):
        rows = [(a.id, store.serializer.dumps(a), a.policy_id, a.window.start.isoformat())
                for a in batch]
        total += _write_rows(store, sql, rows)
    return total


def iter_activities(store: SqliteStore, period: Period | None = None) -> Iterator[Activity]:
    """Stream the activities by start day; with ``period``, those whose window overlaps it."""
    sql, params = "SELECT document FROM activities", []
    if period is not None:
        sql += " WHERE window_start <= ?"
        params.append(period.end.isoformat())
    cursor = store.connection.execute(sql + " ORDER BY window_start, id", params)
    try:
        for (document,) in cursor:
            activity = store.serializer.loads(document, Activity)
            if period is None or activity.window.overlaps(period.start, period.end):
                yield activity
    finally:
        cursor.close()


def survey_response_row(document: Mapping[str, Any]) -> tuple[str, str, str, str, str]:
    """The row of a survey response document: it needs a non-empty ``id`` and ``survey``
    (the survey's key) and an ISO 8601 ``submitted_at`` with an offset.

    >>> survey_response_row({"id": "R-1", "survey": "satisfaction",
    ...                      "submitted_at": "2025-05-01T10:00:00+03:00", "answers": {}})[:4]
    ('R-1', 'satisfaction', '2025-05-01T10:00:00+03:00', '2025-05-01T07:00:00.000000')
    >>> survey_response_row({"survey": "s", "submitted_at": "2025-05-01"})
    Traceback (most recent call last):
    ...
    participation.errors.InvalidDocumentError: 2 problems:
      $.id: required, a non-empty string
      $.submitted_at: '2025-05-01' has no timezone offset
    """
    problems = []
    for key in ("id", "survey"):
        value = document.get(key)
        if not isinstance(value, str) or not value.strip():
            problems.append(Problem(f"$.{key}", "required, a non-empty string"))
    when = document.get("submitted_at")
    moment = None
    try:
        moment = datetime.fromisoformat(when) if isinstance(when, str) else None
    except ValueError:
        problems.append(Problem("$.submitted_at", f"{when!r} is not an ISO 8601 date-time"))
    else:
        if moment is None:
            problems.append(Problem("$.submitted_at", "required, an ISO 8601 date-time"))
        elif moment.tzinfo is None:
            problems.append(Problem("$.submitted_at", f"{when!r} has no timezone offset"))
    if problems or moment is None:
        raise InvalidDocumentError(problems)
    try:
        text = json.dumps(dict(document), ensure_ascii=False)
    except (TypeError, ValueError) as exc:
        raise InvalidDocumentError([Problem("$", f"not JSON-serialisable: {exc}")]) from None
    return (str(document["id"]), str(document["survey"]), str(when), utc_text(moment), text)


def put_survey_responses(store: SqliteStore, responses: Iterable[Mapping[str, Any]],
                         batch_size: int) -> int:
    """Upsert survey response documents by id; returns how many rows changed.

    :raises InvalidDocumentError: a document lacks ``id``, ``survey`` or ``submitted_at``
        (nothing of its batch is written).
    """
    sql = ("INSERT INTO survey_responses (id, survey, submitted_at, submitted_utc, document) "
           "VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET survey = excluded.survey, "
           "submitted_at = excluded.submitted_at, submitted_utc = excluded.submitted_utc, "
           "document = excluded.document WHERE document IS NOT excluded.document")
    total = 0
    for batch in batched(responses, batch_size):
        total += _write_rows(store, sql, [survey_response_row(d) for d in batch])
    return total


def iter_survey_responses(store: SqliteStore,
                          survey: str | None = None) -> Iterator[dict[str, Any]]:
    """Stream survey response documents (of ``survey``) as dicts, oldest first."""
    sql, params = "SELECT document FROM survey_responses", []
    if survey is not None:
        sql += " WHERE survey = ?"
        params.append(survey)
    cursor = store.connection.execute(sql + " ORDER BY submitted_utc, id", params)
    try:
        for (document,) in cursor:
            yield json.loads(document)
    finally:
        cursor.close()
