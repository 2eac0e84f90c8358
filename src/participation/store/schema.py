"""The store's schema and its migrations.

Each migration is a list of SQL statements that brings the schema from version
``n - 1`` to ``n``; they run in order, each in its own transaction, and each
records itself in the ``schema_version`` table. A store made by an older release
is upgraded in place; one made by a newer release is refused.

Version history:

1. settings, submissions, contacts (personal data apart), the append-only events
   table, policies and activities.
2. survey responses (stored generically: id, survey key, when, the JSON document).
3. indexes for streaming by period, status and channel; the ``erasures`` log (so an
   erased person's details never come back through a re-import); activities gain
   ``policy_id`` and ``window_start`` columns, filled from their documents.
4. ``submissions.occurred_on`` (when the reported facts happened).
5. ``submissions.extra``: values with no field of their own, kept verbatim (JSON).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import UTC, datetime

__all__ = ["MIGRATIONS", "SCHEMA_VERSION", "apply_migrations", "schema_version"]

_V1 = [
    """CREATE TABLE schema_version (
        version INTEGER PRIMARY KEY,
        applied_at TEXT NOT NULL
    )""",
    """CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    )""",
    """CREATE TABLE submissions (
        id TEXT PRIMARY KEY,
        channel TEXT NOT NULL,
        kind TEXT NOT NULL,
        received_at TEXT NOT NULL,
        received_utc TEXT NOT NULL,
        subject TEXT NOT NULL DEFAULT '',
        text TEXT NOT NULL DEFAULT '',
        policy_id TEXT,
        topic TEXT,
        anonymous INTEGER NOT NULL DEFAULT 0,
        deadline_rule TEXT,
        status TEXT NOT NULL,
        answered_at TEXT,
        outcome TEXT,
        reasoned INTEGER,
        published INTEGER,
        legal_basis TEXT,
        response_text TEXT
    )""",
    """CREATE TABLE contacts (
        submission_id TEXT PRIMARY KEY REFERENCES submissions(id),
        name TEXT,
        email TEXT,
        phone TEXT,
        address TEXT,
        consent INTEGER NOT NULL DEFAULT 0
    )""",
    """CREATE TABLE events (
        submission_id TEXT NOT NULL REFERENCES submissions(id),
        position INTEGER NOT NULL,
        at TEXT NOT NULL,
        at_utc TEXT NOT NULL,
        status TEXT NOT NULL,
        note TEXT NOT NULL DEFAULT '',
        actor TEXT,
        extension TEXT,
        adjustment INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (submission_id, position)
    )""",
    """CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events
       BEGIN SELECT RAISE(ABORT, 'events are append-only'); END""",
    """CREATE TRIGGER events_append_only_delete BEFORE DELETE ON events
       BEGIN SELECT RAISE(ABORT, 'events are append-only'); END""",
    """CREATE TABLE policies (
        id TEXT PRIMARY KEY,
        document TEXT NOT NULL
    )""",
    """CREATE TABLE activities (
        id TEXT PRIMARY KEY,
        document TEXT NOT NULL
    )""",
]

_V2 = [
    """CREATE TABLE survey_responses (
        id TEXT PRIMARY KEY,
        survey TEXT NOT NULL,
        submitted_at TEXT NOT NULL,
        submitted_utc TEXT NOT NULL,
        document TEXT NOT NULL
    )""",
    "CREATE INDEX survey_responses_by_survey ON survey_responses (survey, submitted_utc)",
]

_V3 = [
    "CREATE INDEX submissions_by_received ON submissions (received_utc, id)",
    "CREATE INDEX submissions_by_status ON submissions (status)",
    "CREATE INDEX submissions_by_channel ON submissions (channel)",
    "CREATE INDEX contacts_by_email ON contacts (email)",
    """CREATE TABLE erasures (
        submission_id TEXT PRIMARY KEY REFERENCES submissions(id),
        erased_at TEXT NOT NULL,
        reason TEXT NOT NULL
    )""",
    "ALTER TABLE activities ADD COLUMN policy_id TEXT",
    "ALTER TABLE activities ADD COLUMN window_start TEXT",
    """UPDATE activities SET policy_id = json_extract(document, '$.policy_id'),
                             window_start = json_extract(document, '$.window.start')""",
    "CREATE INDEX activities_by_start ON activities (window_start, id)",
]

_V4 = [
    # when the reported facts happened (Submission.occurred_on), for admissibility rules
    "ALTER TABLE submissions ADD COLUMN occurred_on TEXT",
]

_V5 = [
    # values with no field of their own, kept verbatim (Submission.extra), as a JSON object
    "ALTER TABLE submissions ADD COLUMN extra TEXT",
]

_V6 = [
    # survey instruments an administration defines itself (key and version name one)
    """CREATE TABLE surveys (
        key TEXT NOT NULL,
        version INTEGER NOT NULL,
        document TEXT NOT NULL,
        PRIMARY KEY (key, version)
    )""",
    # what an import replaced on purpose (``--update``): which record, when, from where,
    # and the names of the fields that changed (never their values: they may be personal)
    """CREATE TABLE revisions (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,
        record_id TEXT NOT NULL,
        at_utc TEXT NOT NULL,
        source TEXT NOT NULL,
        fields TEXT NOT NULL
    )""",
    "CREATE INDEX revisions_by_record ON revisions (kind, record_id)",
]

#: ``MIGRATIONS[n - 1]`` brings the schema from version ``n - 1`` to ``n``.
MIGRATIONS: tuple[Sequence[str], ...] = (_V1, _V2, _V3, _V4, _V5, _V6)

#: The schema version this release writes.
SCHEMA_VERSION = len(MIGRATIONS)


def schema_version(conn: sqlite3.Connection) -> int:
    """The version of the schema in ``conn`` (0 for an empty database)."""
    exists = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' "
                          "AND name = 'schema_version'").fetchone()
    if exists is None:
        return 0
    row = conn.execute("SELECT MAX(version) FROM schema_version").fetchone()
    return int(row[0] or 0)


def apply_migrations(conn: sqlite3.Connection, target: int = SCHEMA_VERSION) -> list[int]:
    """Upgrade ``conn`` (opened with ``isolation_level=None``) to ``target``, one
    transaction per version; returns the versions applied.

    >>> conn = sqlite3.connect(":memory:", isolation_level=None)
    >>> apply_migrations(conn, 2), apply_migrations(conn)[0], schema_version(conn) == SCHEMA_VERSION
    ([1, 2], 3, True)
    """
    applied = []
    current = schema_version(conn)
    for version in range(current + 1, target + 1):
        conn.execute("BEGIN IMMEDIATE")
        try:
            # Re-read inside the write lock: another process may have migrated meanwhile.
            if schema_version(conn) >= version:
                conn.execute("ROLLBACK")
                continue
            for statement in MIGRATIONS[version - 1]:
                conn.execute(statement)
            conn.execute("INSERT INTO schema_version (version, applied_at) VALUES (?, ?)",
                         (version, datetime.now(UTC).isoformat(timespec="seconds")))
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        applied.append(version)
    return applied
