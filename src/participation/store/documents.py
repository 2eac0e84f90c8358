"""Policies, activities and survey responses in the store, kept as JSON documents
(the tagged documents of :mod:`participation.serialization`) beside the columns
used to find them."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from participation.errors import InvalidDocumentError, Problem
from participation.model import Activity, Period, Policy
from participation.store.codec import utc_text
from participation.store.connection import batched
from participation.store.protocol import RECORD_KINDS, WriteOutcome, WriteResult

if TYPE_CHECKING:
    from participation.store.sqlite import SqliteStore

__all__ = [
    "differing_fields",
    "iter_activities",
    "iter_policies",
    "iter_survey_responses",
    "iter_surveys",
    "put_survey_responses",
    "record_revision",
    "survey_response_row",
    "upsert_activities",
    "upsert_policies",
    "write_records",
]

#: Fields holding personal data: a conflict names them but never shows their values.
PERSONAL_FIELDS = frozenset({"contact", "respondent"})



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


def _shown(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 60 else text[:57] + "…"


def differing_fields(stored: Mapping[str, Any], incoming: Mapping[str, Any],
                     only: Sequence[str] | None = None) -> tuple[list[str], str]:
    """The top-level fields whose values differ between two documents (of ``only``,
    when given), and a message showing both versions of each (personal fields by name
    only).

    >>> differing_fields({"id": "P-1", "title": "Old"}, {"id": "P-1", "title": "New"})
    (['title'], 'stored with other content: title: "Old" (stored) / "New" (this record)')
    """
    fields = sorted(k for k in ({*stored, *incoming} - {"schema"} if only is None else only)
                    if stored.get(k) != incoming.get(k))
    shown = [f"{k}: differs (personal data, not shown)" if k in PERSONAL_FIELDS
             else f"{k}: {_shown(stored.get(k))} (stored) / {_shown(incoming.get(k))} (this record)"
             for k in fields]
    return fields, "stored with other content: " + "; ".join(shown)


def record_revision(conn: sqlite3.Connection, kind: str, record_id: str, source: str,
                    fields: Sequence[str]) -> None:
    """Log that ``record_id`` (of ``kind``) was replaced on purpose, from ``source``:
    when and which fields (their names only)."""
    conn.execute("INSERT INTO revisions (kind, record_id, at_utc, source, fields) "
                 "VALUES (?, ?, ?, ?, ?)",
                 (kind, record_id, utc_text(datetime.now(UTC)), source, json.dumps(list(fields))))


# kind -> (SELECT of the stored document by key, INSERT-or-replace of a whole row)
_SQL = {
    "policy": ("SELECT document FROM policies WHERE id = ?",
               "INSERT OR REPLACE INTO policies (id, document) VALUES (?, ?)"),
    "activity": ("SELECT document FROM activities WHERE id = ?",
                 "INSERT OR REPLACE INTO activities (id, document, policy_id, window_start) "
                 "VALUES (?, ?, ?, ?)"),
    "survey": ("SELECT document FROM surveys WHERE key = ? AND version = ?",
               "INSERT OR REPLACE INTO surveys (key, version, document) VALUES (?, ?, ?)"),
    "survey_response": ("SELECT document FROM survey_responses WHERE id = ?",
                        "INSERT OR REPLACE INTO survey_responses (id, survey, submitted_at, "
                        "submitted_utc, document) VALUES (?, ?, ?, ?, ?)"),
}


def _record_row(store: SqliteStore, kind: str, item: Any
                ) -> tuple[str, tuple[Any, ...], tuple[Any, ...], str]:
    """(record id, key parameters, row, document) of one item."""
    if kind == "survey_response":
        row = survey_response_row(item if isinstance(item, Mapping) else store.serializer.dump(item))
        return row[0], (row[0],), row, row[-1]
    document = store.serializer.dumps(item)
    if kind == "policy":
        return item.id, (item.id,), (item.id, document), document
    if kind == "activity":
        return item.id, (item.id,), (item.id, document, item.policy_id,
                                     item.window.start.isoformat()), document
    key = (item.key, item.version)
    return f"{item.key}/{item.version}", key, (*key, document), document


def write_records(store: SqliteStore, kind: str, batch: Sequence[Any], *, replace: bool = False,
                  source: str = "") -> list[WriteResult]:
    """Write ``batch`` (of ``kind``, see :data:`RECORD_KINDS`) in one transaction.

    A new id is inserted; the same document again changes nothing; another document
    under a stored id is a ``CONFLICT`` naming the differing fields, and is not
    written, unless ``replace``: then it is written and the change is logged in the
    ``revisions`` table.

    :raises UnknownKeyError: ``kind`` is not a record kind.
    """
    if kind not in RECORD_KINDS:
        from participation.errors import UnknownKeyError

        raise UnknownKeyError("record kind", kind, list(RECORD_KINDS))
    select, insert = _SQL[kind]
    rows = [_record_row(store, kind, item) for item in batch]

    def work(conn: sqlite3.Connection) -> list[WriteResult]:
        results = []
        for record_id, key, row, document in rows:
            found = conn.execute(select, key).fetchone()
            if found is not None and found[0] == document:
                results.append(WriteResult(record_id, WriteOutcome.UNCHANGED))
                continue
            if found is None:
                conn.execute(insert, row)
                results.append(WriteResult(record_id, WriteOutcome.INSERTED))
                continue
            fields, message = differing_fields(json.loads(found[0]), json.loads(document))
            if not fields:
                results.append(WriteResult(record_id, WriteOutcome.UNCHANGED))
            elif not replace:
                results.append(WriteResult(record_id, WriteOutcome.CONFLICT, message,
                                           tuple(fields)))
            else:
                conn.execute(insert, row)
                record_revision(conn, kind, record_id, source, fields)
                results.append(WriteResult(record_id, WriteOutcome.UPDATED, message, tuple(fields)))
        return results

    return store.write(work)  # type: ignore[no-any-return]


def iter_surveys(store: SqliteStore) -> Iterator[Any]:
    """Stream the survey instruments kept in the store (by key, then version)."""
    from participation.surveys.model import Survey

    cursor = store.connection.execute("SELECT document FROM surveys ORDER BY key, version")
    try:
        for (document,) in cursor:
            yield store.serializer.loads(document, Survey)
    finally:
        cursor.close()
