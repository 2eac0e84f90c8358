"""The SQLite store (standard library :mod:`sqlite3`): nothing to install or start.

>>> from datetime import datetime, timezone
>>> from participation.model import Submission, SubmissionKind, Contact
>>> store = SqliteStore(":memory:")
>>> s = Submission("S-1", "web_form", SubmissionKind.PROPOSAL,
...                datetime(2025, 3, 3, 9, tzinfo=timezone.utc), "Benches",
...                contact=Contact(email="ana@example.org"))
>>> store.upsert_submissions([s, s])
UpsertCounts(inserted=1, updated=0, unchanged=1, conflicts=())
>>> next(store.iter_submissions()).contact is None  # personal data only when asked
True
>>> store.get_submission("S-1") == s
True
"""

from __future__ import annotations

import collections
import contextlib
import functools
import itertools
import sqlite3
import threading
import zoneinfo
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import UTC, datetime, tzinfo
from pathlib import Path
from typing import Any, TypeVar, cast

import attrs

from participation.errors import FieldError, UnknownKeyError
from participation.model import (
    Activity,
    Administration,
    Event,
    Period,
    Policy,
    Response,
    Status,
    Submission,
)
from participation.serialization import Serializer
from participation.store import bulk, codec, documents, lines, privacy
from participation.store.connection import batched, connect, read_only_wanted, write_transaction
from participation.store.errors import (
    StoreBusyError,
    StoreConflictError,
    StoreError,
    StoreReadOnlyError,
    translate,
)
from participation.store.protocol import UpsertCounts, WriteOutcome, WriteResult
from participation.store.schema import SCHEMA_VERSION, apply_migrations, schema_version

__all__ = ["Erased", "SqliteStore"]

F = TypeVar("F", bound=Callable[..., Any])


def _sqlite_errors(method: F) -> F:
    """Turn any :mod:`sqlite3` exception raised by ``method`` (a generator's too) into a
    :class:`StoreError` naming the store."""
    import inspect

    if inspect.isgeneratorfunction(method):
        @functools.wraps(method)
        def generator(self: SqliteStore, *args: Any, **kwargs: Any) -> Iterator[Any]:
            try:
                yield from method(self, *args, **kwargs)
            except sqlite3.Error as exc:
                if self._closed and isinstance(exc, sqlite3.ProgrammingError):
                    return  # a stream left unfinished until after the store was closed
                raise translate(exc, self.path) from exc
        return cast("F", generator)

    @functools.wraps(method)
    def wrapper(self: SqliteStore, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except sqlite3.Error as exc:
            raise translate(exc, self.path) from exc
    return cast("F", wrapper)


class Erased(list[str]):
    """The ids of the submissions whose contact details were erased, and ``remains``:
    ``None`` when no trace of them is left in the store's files, else what remains and
    why (a connection still reading an older state keeps the write-ahead log from being
    emptied)."""

    remains: str | None = None

_SUB = ", ".join(f"s.{c}" for c in codec.SUBMISSION_COLUMNS)
_CON = ", ".join(f"c.{c}" for c in codec.CONTACT_COLUMNS)
_NO_CON = ", ".join("NULL" for _ in codec.CONTACT_COLUMNS)
_EVT = ", ".join(f"e.{c}" for c in codec.EVENT_COLUMNS)
# Column names below come from fixed tuples in codec, never from input.
_UPSERT = (f"INSERT INTO submissions ({', '.join(codec.SUBMISSION_COLUMNS)}) VALUES "  # noqa: S608
           f"({', '.join('?' for _ in codec.SUBMISSION_COLUMNS)}) ON CONFLICT (id) DO UPDATE SET "
           + ", ".join(f"{c} = excluded.{c}" for c in codec.SUBMISSION_COLUMNS[1:]))
_INSERT = (f"INSERT INTO submissions ({', '.join(codec.SUBMISSION_COLUMNS)}) VALUES "  # noqa: S608
           f"({', '.join('?' for _ in codec.SUBMISSION_COLUMNS)})")
#: :data:`_INSERT` of rows whose id may be stored already: those are left out.
_INSERT_NEW = _INSERT + " ON CONFLICT (id) DO NOTHING"
_CONTACT = ("INSERT INTO contacts (submission_id, name, email, phone, address, consent) "
            "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (submission_id) DO UPDATE SET "
            "name = excluded.name, email = excluded.email, phone = excluded.phone, "
            "address = excluded.address, consent = excluded.consent")
_EVENT = ("INSERT INTO events (submission_id, position, at, at_utc, status, note, actor, "
          "extension, adjustment) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")

#: Tables counted by :meth:`SqliteStore.info`.
TABLES = ("submissions", "events", "contacts", "erasures", "policies", "activities",
          "survey_responses", "surveys", "revisions", "settings")

#: The fields of a submission's receipt: stored once, never changed by a later copy
#: (a different value is a conflict unless replaced on purpose). ``extra`` is not one:
#: it holds the source system's current values (its status, a count of supports),
#: which a later copy brings up to date.
RECEIPT_FIELDS = ("channel", "kind", "received_at", "subject", "text", "policy_id", "topic",
                  "anonymous", "deadline_rule", "occurred_on")


#: The submissions with (or without) their contact columns, and their events in the
#: same order (``CROSS JOIN``: driven by the submissions, through their indexes).
_COLUMNS_FROM = {
    True: (f"{_SUB}, {_CON}", "FROM submissions s LEFT JOIN contacts c ON c.submission_id = s.id"),
    False: (f"{_SUB}, {_NO_CON}", "FROM submissions s"),
}
_SELECT_SUBMISSIONS = {contact: f"SELECT {columns} {source}"
                       for contact, (columns, source) in _COLUMNS_FROM.items()}
_SELECT_EVENTS = (f"SELECT e.submission_id, {_EVT} FROM submissions s "  # noqa: S608
                  "CROSS JOIN events e ON e.submission_id = s.id")
_SELECT_ALL_EVENTS = (f"SELECT e.submission_id, {_EVT} FROM events e{{where}} "  # noqa: S608
                      "ORDER BY e.submission_id, e.position")
#: The page cache of a whole-store read oldest first (exports), in KiB: at a million
#: submissions it saves about a fifth of the CPU time, for 32 MB more memory.
_READ_CACHE_KIB = 32768

#: The orders :meth:`SqliteStore.iter_submissions` streams in.
_ORDERS = ("received", "id")


def _select(with_contact: bool) -> str:
    if with_contact:
        return (f"SELECT {_SUB}, {_CON}, {_EVT} FROM submissions s "  # noqa: S608
                "LEFT JOIN contacts c ON c.submission_id = s.id "
                "LEFT JOIN events e ON e.submission_id = s.id")
    return (f"SELECT {_SUB}, {_NO_CON}, {_EVT} FROM submissions s "  # noqa: S608
            "LEFT JOIN events e ON e.submission_id = s.id")


def _many(value: Any, convert: Any) -> list[Any] | None:
    if value is None:
        return None
    if isinstance(value, str | Status):
        return [convert(value)]
    return [convert(v) for v in value]


class SqliteStore:
    """A :class:`~participation.store.Store` in one SQLite file.

    :param path: the database file (``":memory:"`` for a throw-away store).
    :param create: create the file when it does not exist (else :class:`StoreError`).
    :param migrate: bring an older schema up to date on opening; without it an older
        store can only be inspected (:meth:`info`) or migrated (:meth:`migrate`).
    :param busy_timeout: seconds to wait for another writer before retrying.
    :param retries: how many times a locked write is retried before
        :class:`~participation.store.StoreBusyError`.
    :param serializer: reads and writes the policy and activity documents.
    :param read_only: open for reading only (``None``: when the file, or its folder, cannot
        be written). Writing then raises :class:`StoreReadOnlyError`.

    **Threads and processes.** One store object may be shared by the threads of a
    process: each thread gets its own connection (made on its first use, closed by
    :meth:`close` or when a later connection finds its thread gone), so reads run in
    parallel, each seeing the last committed state; write transactions of the object's
    threads queue on one lock, then take SQLite's write lock, which several processes
    share through the busy timeout and the retries. A ``":memory:"`` store is one
    connection: its threads are serialised (for tests). See ``docs/store.md``.
    """

    def __init__(self, path: str | Path, *, create: bool = True, migrate: bool = True,
                 busy_timeout: float = 5.0, retries: int = 5,
                 serializer: Serializer | None = None, read_only: bool | None = None) -> None:
        self.path = str(path)
        self.retries = retries
        self.busy_timeout = busy_timeout
        self.serializer = serializer if serializer is not None else Serializer()
        memory = self.path == ":memory:"
        if read_only is None:
            read_only = not memory and read_only_wanted(Path(path))
        self.read_only = read_only
        self._shared = memory
        self._write_lock = threading.RLock()
        self._local = threading.local()
        self._connections: dict[int, sqlite3.Connection] = {}
        self._connections_lock = threading.Lock()
        self._closed = False
        first = connect(path, create=create, busy_timeout=busy_timeout, read_only=read_only)
        self._adopt(first)
        try:
            version = schema_version(first)
        except sqlite3.DatabaseError as exc:
            self.close()
            raise StoreError(f"{self.path}: not a participation store ({exc})") from exc
        if read_only:
            if version < SCHEMA_VERSION and migrate:
                self.close()
                raise StoreError(f"{self.path}: schema version {version} needs migrating to "
                                 f"{SCHEMA_VERSION}, but the store is read-only; migrate it "
                                 "where it can be written ('participation db migrate')")
            return
        if migrate or version == 0:
            self.migrate()
            # an import killed during a bulk load leaves the secondary indexes to build
            with contextlib.suppress(sqlite3.OperationalError), self._write_lock:
                bulk.restore_indexes(first)  # busy: left to the next opening

    # connections -------------------------------------------------------------------
    def _adopt(self, conn: sqlite3.Connection) -> None:
        with self._connections_lock:
            self._connections[threading.get_ident()] = conn
        self._local.conn = conn

    @property
    def _conn(self) -> sqlite3.Connection:
        """This thread's connection (the one shared connection of a memory store)."""
        if self._closed:
            raise StoreError(f"{self.path}: the store is closed")
        if self._shared:
            return next(iter(self._connections.values()))
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            self._forget_dead_threads()
            conn = connect(self.path, create=False, busy_timeout=self.busy_timeout,
                           read_only=self.read_only, checked=True)
            self._adopt(conn)
        return conn

    def _forget_dead_threads(self) -> None:
        """Close the connections of threads that have ended (a thread pool's turnover)."""
        alive = {t.ident for t in threading.enumerate()}
        with self._connections_lock:
            dead = [ident for ident in self._connections if ident not in alive]
            stale = [self._connections.pop(ident) for ident in dead]
        for conn in stale:
            conn.close()

    # housekeeping ------------------------------------------------------------------
    def __enter__(self) -> SqliteStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close every connection of every thread (uncommitted work is rolled back by
        SQLite). Call it once no thread uses the store any more."""
        self._closed = True
        with self._connections_lock:
            connections = list(self._connections.values())
            self._connections.clear()
        for conn in connections:
            conn.close()

    @property
    def connection(self) -> sqlite3.Connection:
        """This thread's connection (autocommit; use with care, parameters only)."""
        return self._conn

    @property
    @_sqlite_errors
    def schema_version(self) -> int:
        """The schema version of the file."""
        return schema_version(self._conn)

    def migrate(self) -> list[int]:
        """Apply the pending migrations in order; returns the versions applied."""
        self._refuse_read_only()
        try:
            with self._write_lock:
                return apply_migrations(self._conn)
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: migration failed ({translate(exc, self.path)})") from exc

    def _refuse_read_only(self) -> None:
        if self.read_only:
            raise StoreReadOnlyError(f"{self.path}: the store is open read-only (the file or "
                                     "its folder cannot be written); nothing was written")

    def write(self, work: Callable[[sqlite3.Connection], Any]) -> Any:
        """Run ``work(connection)`` in one write transaction, with busy retries.

        Write transactions of this object's threads take turns (one lock); a write made
        inside ``work`` by the same thread joins the transaction under way.

        :raises StoreBusyError: the store stayed locked (nothing was written).
        :raises StoreReadOnlyError: the store was opened read-only.
        """
        self._refuse_read_only()
        depth = getattr(self._local, "depth", 0)
        if depth:
            return work(self._conn)
        wait = self.busy_timeout * (self.retries + 1)
        if not self._write_lock.acquire(timeout=wait):
            raise StoreBusyError(f"{self.path}: other threads kept the store busy for {wait:g} "
                                 "seconds; nothing was written, try again")
        self._local.depth = 1
        try:
            return write_transaction(self._conn, work, retries=self.retries, where=self.path)
        finally:
            self._local.depth = 0
            self._write_lock.release()

    def bulk_load(self) -> contextlib.AbstractContextManager[None]:
        """Settings for loading many records at once, restored on the way out; see
        :mod:`participation.store.bulk` (``participation import`` uses it)."""
        self._refuse_read_only()
        return bulk.bulk_load(self._conn, self.write)

    def checkpoint(self) -> str | None:
        """Copy the write-ahead log into the main file and empty it (``TRUNCATE``), waiting
        up to the busy timeout for connections still reading an older state.

        :returns: ``None`` when the log is empty now, else why it is not.
        """
        if self._shared or self.read_only:
            return None
        try:
            busy, log, done = self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        except sqlite3.Error as exc:
            return f"the write-ahead log could not be emptied ({translate(exc, self.path)})"
        if busy or (log not in (0, -1) and done != log):
            return (f"{self.path}-wal still holds the previous state: another connection was "
                    "reading the store; it is emptied when every connection has closed (or "
                    "by 'participation db checkpoint')")
        return None

    @_sqlite_errors
    def integrity(self) -> str:
        """``"ok"`` when ``PRAGMA integrity_check`` finds nothing wrong, else its findings."""
        rows = self._conn.execute("PRAGMA integrity_check").fetchall()
        return "; ".join(str(r[0]) for r in rows)

    @_sqlite_errors
    def counts(self) -> dict[str, int]:
        """Rows per table (tables the schema version does not have yet are left out)."""
        present = {r[0] for r in self._conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}
        # Table names come from the fixed TABLES tuple, never from input.
        return {t: int(self._conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0])  # noqa: S608
                for t in TABLES if t in present}

    @_sqlite_errors
    def info(self) -> dict[str, Any]:
        """Path, schema version (and the latest), counts per table and integrity."""
        return {"path": self.path, "schema_version": self.schema_version,
                "latest_schema_version": SCHEMA_VERSION, "counts": self.counts(),
                "integrity": self.integrity()}

    # settings ----------------------------------------------------------------------
    @_sqlite_errors
    def get_setting(self, key: str, default: str | None = None) -> str | None:
        """A value of the ``settings`` table."""
        row = self._conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return default if row is None else str(row[0])

    @_sqlite_errors
    def set_settings(self, values: Mapping[str, str]) -> None:
        """Store settings (e.g. ``jurisdiction``, ``timezone``) in one transaction."""
        if "timezone" in values:
            try:
                zoneinfo.ZoneInfo(values["timezone"])
            except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
                raise FieldError("timezone", f"unknown time zone {values['timezone']!r}") from exc

        def work(conn: sqlite3.Connection) -> None:
            conn.executemany("INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) "
                             "DO UPDATE SET value = excluded.value", list(values.items()))
        self.write(work)

    def set_administration(self, administration: Administration) -> None:
        """Keep the administration (its document under the ``administration`` setting) and
        take its ``jurisdiction`` and ``timezone`` as the store's settings."""
        self.set_settings({"administration": self.serializer.dumps(administration),
                           "jurisdiction": administration.jurisdiction,
                           "timezone": administration.timezone})

    @_sqlite_errors
    def write_administration(self, administration: Administration, *, replace: bool = False,
                             source: str = "") -> WriteResult:
        """Keep ``administration`` unless another one is kept: that is a ``CONFLICT``
        naming the differing fields, unless ``replace`` (then the change is logged in
        the ``revisions`` table)."""
        stored = self.administration()
        ident = administration.name
        if stored == administration:
            return WriteResult(ident, WriteOutcome.UNCHANGED)
        if stored is None:
            self.set_administration(administration)
            return WriteResult(ident, WriteOutcome.INSERTED)
        fields, message = documents.differing_fields(self.serializer.dump(stored),
                                                     self.serializer.dump(administration))
        if not replace:
            return WriteResult(ident, WriteOutcome.CONFLICT, message, tuple(fields))
        self.set_administration(administration)
        self.write(lambda conn: documents.record_revision(conn, "administration", ident,
                                                          source, fields))
        return WriteResult(ident, WriteOutcome.UPDATED, message, tuple(fields))

    def administration(self) -> Administration | None:
        """The administration kept by :meth:`set_administration`, or ``None``."""
        document = self.get_setting("administration")
        return None if document is None else self.serializer.loads(document, Administration)

    @property
    def jurisdiction(self) -> str:
        """The administration's jurisdiction (picks the holiday calendar); ``default``."""
        return self.get_setting("jurisdiction") or "default"

    @property
    def timezone(self) -> tzinfo:
        """The administration's time zone (periods and due days are read in it); UTC."""
        name = self.get_setting("timezone")
        return zoneinfo.ZoneInfo(name) if name else UTC

    # submissions -------------------------------------------------------------------
    @_sqlite_errors
    def _fetch(self, submission_id: str, with_contact: bool) -> Submission | None:
        rows = self._conn.execute(f"{_select(with_contact)} WHERE s.id = ? ORDER BY e.position",
                                  (submission_id,)).fetchall()
        return codec.submission_from_rows(rows, with_contact) if rows else None

    def get_submission(self, submission_id: str, *, with_contact: bool = True) -> Submission:
        """One submission by id.

        :raises UnknownKeyError: no submission has that id.
        """
        found = self._fetch(submission_id, with_contact)
        if found is None:
            raise UnknownKeyError("submission", submission_id)
        return found

    @_sqlite_errors
    def has_submission(self, submission_id: str) -> bool:
        """Whether a submission with this id is stored."""
        return self._conn.execute("SELECT 1 FROM submissions WHERE id = ?",
                                  (submission_id,)).fetchone() is not None

    def _write_one(self, conn: sqlite3.Connection, s: Submission, replace: bool = False,
                   source: str = "") -> WriteResult:
        stored = self._fetch(s.id, with_contact=True)
        erased = s.contact is not None and conn.execute(
            "SELECT 1 FROM erasures WHERE submission_id = ?", (s.id,)).fetchone() is not None
        contact = None if erased else s.contact
        fields: list[str] = []
        if stored is None:
            new_events: Sequence[Event] = s.events
            merged = attrs.evolve(s, contact=contact) if erased else s
            outcome = WriteOutcome.INSERTED
        else:
            fields = _differences(stored, s, contact)
            known, incoming = stored.events, s.events
            if incoming[:len(known)] == known:
                new_events = incoming[len(known):]
            elif known[:len(incoming)] == incoming:
                # An older copy of what is stored: the store already knows more.
                if not fields:
                    return WriteResult(s.id, WriteOutcome.UNCHANGED)
                new_events = ()
            else:
                return WriteResult(s.id, WriteOutcome.CONFLICT,
                                   f"its history differs from the stored one at step "
                                   f"{_first_difference(known, incoming) + 1}; events are "
                                   "append-only", ("events",))
            if fields and not replace:
                _f, message = documents.differing_fields(
                    self.serializer.dump(stored), self.serializer.dump(s), fields)
                return WriteResult(s.id, WriteOutcome.CONFLICT, message, tuple(fields))
            try:
                merged = attrs.evolve(s, contact=contact or stored.contact,
                                      events=(*known, *new_events),
                                      response=s.response or stored.response)
            except FieldError as exc:
                return WriteResult(s.id, WriteOutcome.CONFLICT, str(exc))
            if merged == stored and not fields:
                return WriteResult(s.id, WriteOutcome.UNCHANGED)
            outcome = WriteOutcome.UPDATED
        conn.execute(_UPSERT, codec.submission_row(merged))
        if contact is not None:
            conn.execute(_CONTACT, codec.contact_row(s.id, contact))
        start = len(merged.events) - len(new_events)
        conn.executemany(_EVENT, [codec.event_row(s.id, start + i, e)
                                  for i, e in enumerate(new_events)])
        if fields:
            documents.record_revision(conn, "submission", s.id, source, fields)
        return WriteResult(s.id, outcome, fields=tuple(fields))

    @_sqlite_errors
    def write_submissions(self, batch: Sequence[Submission], *, replace: bool = False,
                          source: str = "") -> list[WriteResult]:
        """Upsert ``batch`` by id in one transaction; one :class:`WriteResult` per item.

        A later copy of a stored submission may add steps to its history, a response
        and contact details. One whose receipt (:data:`RECEIPT_FIELDS`), response or
        contact differs from the stored one is a ``CONFLICT`` naming those fields, and
        is not written, unless ``replace``: then it is, and the change is logged in the
        ``revisions`` table (with ``source``). One whose history contradicts the stored
        one is always a ``CONFLICT`` (events are append-only). The rest of the batch is
        written. An item that brings no contact keeps the stored contact; contact
        details of an erased submission are never written again.
        """
        items = [codec.encode_submission(s) for s in batch]
        return self.write(lambda conn: self._write_batch(conn, items, replace, source))  # type: ignore[no-any-return]

    @_sqlite_errors
    def write_encoded_submissions(self, batch: Sequence[codec.EncodedSubmission], *,
                                  replace: bool = False, source: str = "") -> list[WriteResult]:
        """:meth:`write_submissions` of submissions whose rows were made beforehand
        (:func:`~participation.store.codec.encode_submission`, where they were read:
        ``participation import``); the same outcomes."""
        items = list(batch)
        return self.write(lambda conn: self._write_batch(conn, items, replace, source))  # type: ignore[no-any-return]

    def _write_batch(self, conn: sqlite3.Connection, items: list[codec.EncodedSubmission],
                     replace: bool, source: str) -> list[WriteResult]:
        """Write ``items`` inside the transaction under way, as :meth:`_write_one` would one
        after the other, with a few statements per batch: the ids the store already holds
        (or whose contact was erased) are found with one query per chunk; those items, and
        the ones whose id comes twice in the batch, go through :meth:`_write_one` in
        order; the rest, new ids all, are inserted with one ``executemany`` per table."""
        ids = [e.id for e in items]
        if _insert_all_new(conn, items, ids):
            inserted = WriteOutcome.INSERTED
            return [WriteResult(i, inserted) for i in ids]
        careful = _known_ids(conn, "SELECT id FROM submissions WHERE id IN ({})", ids)
        careful |= _known_ids(conn, "SELECT submission_id FROM erasures WHERE submission_id "
                              "IN ({})", [e.id for e in items if e.contact is not None])
        if len(set(ids)) != len(ids):
            careful |= {i for i, n in collections.Counter(ids).items() if n > 1}
        fresh = [e for e in items if e.id not in careful] if careful else items
        if fresh:
            conn.executemany(_INSERT, [e.row for e in fresh])
            conn.executemany(_CONTACT, [e.contact for e in fresh if e.contact is not None])
            conn.executemany(_EVENT, [row for e in fresh for row in e.events])
        if not careful:
            inserted = WriteOutcome.INSERTED
            return [WriteResult(i, inserted) for i in ids]
        return [WriteResult(e.id, WriteOutcome.INSERTED) if e.id not in careful
                else self._write_one(conn, e.submission(), replace, source) for e in items]

    @_sqlite_errors
    def iter_surveys(self) -> Iterator[Any]:
        """Stream the survey instruments kept in the store (imported ones)."""
        return documents.iter_surveys(self)

    @_sqlite_errors
    def write_records(self, kind: str, batch: Sequence[Any], *, replace: bool = False,
                      source: str = "") -> list[WriteResult]:
        """Write policies, activities, surveys or survey responses by id in one
        transaction; see :func:`documents.write_records` for the conflict rule."""
        return documents.write_records(self, kind, batch, replace=replace, source=source)

    def upsert_submissions(self, submissions: Iterable[Submission],
                           batch_size: int = 1000) -> UpsertCounts:
        """Upsert many submissions, one transaction per ``batch_size`` items."""
        total = UpsertCounts()
        for batch in batched(submissions, batch_size):
            total = total + UpsertCounts.of(self.write_submissions(batch))
        return total

    @_sqlite_errors
    def insert_submission(self, submission: Submission) -> None:
        """Store a new submission.

        :raises StoreConflictError: a submission with this id is already stored (it is
            left as it was).
        """
        def work(conn: sqlite3.Connection) -> WriteResult:
            if conn.execute("SELECT 1 FROM submissions WHERE id = ?",
                            (submission.id,)).fetchone() is not None:
                raise StoreConflictError(f"submission {submission.id!r} is already stored")
            return self._write_one(conn, submission)
        self.write(work)

    def upsert_submission(self, submission: Submission) -> WriteOutcome:
        """Upsert one submission.

        :raises StoreConflictError: its history contradicts the stored one.
        """
        result = self.write_submissions([submission])[0]
        if result.outcome is WriteOutcome.CONFLICT:
            raise StoreConflictError(f"submission {submission.id!r}: {result.message}")
        return result.outcome

    @_sqlite_errors
    def append_event(self, submission_id: str, event: Event, *, expected_position: int,
                     response: Response | None = None) -> None:
        """Append ``event`` as step ``expected_position`` (0-based) of the history and set
        the current status (and the response, when given), in one transaction.

        :raises StoreConflictError: the history has changed since it was read (another
            clerk or process moved the submission meanwhile).
        :raises UnknownKeyError: no such submission.
        """
        def work(conn: sqlite3.Connection) -> None:
            if conn.execute("SELECT 1 FROM submissions WHERE id = ?",
                            (submission_id,)).fetchone() is None:
                raise UnknownKeyError("submission", submission_id)
            count = conn.execute("SELECT COUNT(*) FROM events WHERE submission_id = ?",
                                 (submission_id,)).fetchone()[0]
            if count != expected_position:
                raise StoreConflictError(
                    f"submission {submission_id!r} changed meanwhile (it has {count} steps, "
                    f"expected {expected_position}); reload it and try again")
            conn.execute(_EVENT, codec.event_row(submission_id, count, event))
            conn.execute("UPDATE submissions SET status = ? WHERE id = ?",
                         (event.status.value, submission_id))
            if response is not None:
                r = response
                conn.execute("UPDATE submissions SET answered_at = ?, outcome = ?, reasoned = ?, "
                             "published = ?, legal_basis = ?, response_text = ? WHERE id = ?",
                             (r.answered_at.isoformat(), r.outcome.value, int(r.reasoned),
                              int(r.published), r.legal_basis, r.text, submission_id))
        self.write(work)

    @_sqlite_errors
    def iter_submissions(self, period: Period | None = None,
                         status: Status | Iterable[Status] | None = None,
                         channel: str | Iterable[str] | None = None,
                         tz: tzinfo | None = None, *,
                         with_contact: bool = False,
                         order: str = "received",
                         ids: tuple[str | None, str | None] | None = None) -> Iterator[Submission]:
        """Stream submissions oldest first, in constant memory.

        :param period: received within these days, read in ``tz`` (default: the stored
            ``timezone`` setting, else UTC).
        :param status: current status (one or several).
        :param channel: channel key (one or several).
        :param with_contact: include personal data.
        :param order: ``"received"`` (oldest first), or ``"id"``: by id, the order the
            store keeps them in, for a caller that takes them in any order (an
            evaluation). Over a large store ``"id"`` is several times faster: the tables
            are read front to back instead of jumping to each next-oldest row (see
            ``docs/performance.md``).
        :param ids: only the ids from the first (included) up to the second (excluded);
            ``None`` leaves that end open (a part from :meth:`split_ids`).
        """
        if order not in _ORDERS:
            raise ValueError(f"order must be one of {', '.join(_ORDERS)}, not {order!r}")
        where, params = [], []
        # In id order, "+" keeps SQLite from reading by the received or status indexes
        # (and then sorting): the filters are checked on the rows as they come by id.
        column = "+s." if order == "id" else "s."
        if period is not None:
            zone = tz if tz is not None else self.timezone
            where.append(f"{column}received_utc >= ? AND {column}received_utc < ?")
            params += [codec.utc_text(period.start_at(zone)), codec.utc_text(period.end_at(zone))]
        for name, values in (("status", _many(status, lambda v: Status(v).value)),
                             ("channel", _many(channel, str))):
            if values is not None:
                where.append(f"{column}{name} IN ({', '.join('?' for _ in values)})")
                params += values
        low, high = ids if ids is not None else (None, None)
        for bound, test in ((low, ">="), (high, "<")):
            if bound is not None:
                where.append(f"s.id {test} ?")
                params.append(bound)
        condition = (" WHERE " + " AND ".join(where)) if where else ""
        decode = codec.submission_decoder(with_contact)
        for row, events in self._with_events(_SELECT_SUBMISSIONS[with_contact], condition,
                                             params, order=order, ids=(low, high)):
            yield decode(row, events)

    @_sqlite_errors
    def split_ids(self, parts: int) -> list[tuple[str | None, str | None]]:
        """Ranges of ids that share the submissions about evenly among ``parts`` (fewer
        when there are fewer submissions), for ``iter_submissions(ids=...)``: the first
        range starts open, the last ends open, each ends where the next starts.

        >>> store = SqliteStore(":memory:")
        >>> store.split_ids(3)
        [(None, None)]
        """
        count = self.count_submissions()
        parts = max(1, min(parts, count))
        bounds: list[str | None] = [None]
        for k in range(1, parts):
            row = self._conn.execute("SELECT id FROM submissions ORDER BY id LIMIT 1 OFFSET ?",
                                     (count * k // parts,)).fetchone()
            if row is not None and (bounds[-1] is None or row[0] > bounds[-1]):
                bounds.append(row[0])
        bounds.append(None)
        return list(itertools.pairwise(bounds))

    def _with_events(self, select: str, condition: str, params: Sequence[Any], *,
                     order: str = "received",
                     ids: tuple[str | None, str | None] = (None, None)
                     ) -> Iterator[tuple[Sequence[Any], list[Sequence[Any]]]]:
        """Each row of ``select`` (from ``submissions s``) with ``condition``, in
        ``order`` (oldest first, or by id), and the rows of its events in order
        (:data:`~codec.EVENT_COLUMNS`).

        Two cursors in the same order, merged here, rather than one joined row per event
        repeating every column of the submission (which takes twice as long). Opened
        together, they read one state of the store. By id, the events are read whole
        through their primary key (submission id, position), and those of submissions
        left out by ``condition`` are skipped here (within ``ids``, the range of
        submission ids ``condition`` also holds)."""
        if order == "id":
            submissions = self._conn.execute(f"{select}{condition} ORDER BY s.id", params)
            within = [(f"e.submission_id {test} ?", bound)
                      for bound, test in zip(ids, (">=", "<"), strict=True) if bound is not None]
            where = (" WHERE " + " AND ".join(w for w, _ in within)) if within else ""
            events = self._conn.execute(_SELECT_ALL_EVENTS.format(where=where),
                                        [bound for _, bound in within])
        else:
            submissions = self._conn.execute(
                f"{select}{condition} ORDER BY s.received_utc, s.id", params)
            events = self._conn.execute(
                f"{_SELECT_EVENTS}{condition} ORDER BY s.received_utc, s.id, e.position", params)
        try:
            pending = next(events, None)
            by_id = order == "id"
            for row in submissions:
                sid, own = row[0], []
                if by_id:
                    # ids compare in Python as in SQLite (code points, UTF-8 bytes)
                    while pending is not None and pending[0] < sid:
                        pending = next(events, None)
                while pending is not None and pending[0] == sid:
                    own.append(pending[1:])
                    pending = next(events, None)
                yield row, own
        finally:
            # a stream left unfinished may be closed after the store was
            with contextlib.suppress(sqlite3.ProgrammingError):
                submissions.close()
            with contextlib.suppress(sqlite3.ProgrammingError):
                events.close()

    @_sqlite_errors
    def iter_submission_fields(self, *, with_contact: bool = False,
                               events: bool = False) -> Iterator[dict[str, Any]]:
        """Stream the stored columns of each submission, in the order of
        :meth:`iter_submissions`, without building model objects (exports): the
        :data:`~participation.store.codec.SUBMISSION_COLUMNS` as stored (moments as
        written, flags as 0/1), the contact columns (all ``None`` unless
        ``with_contact``), ``answered``, when it was answered (the response's
        ``answered_at``, else when its first ``answered`` step was taken, else ``None``),
        and with ``events`` the rows of its history in order (``events``: tuples of
        :data:`~participation.store.codec.EVENT_COLUMNS`)."""
        keys = (*codec.SUBMISSION_COLUMNS, *codec.CONTACT_COLUMNS)
        answered_at = codec.SUBMISSION_COLUMNS.index("answered_at")
        with self._page_cache(_READ_CACHE_KIB):
            if events:
                for row, own in self._with_events(_SELECT_SUBMISSIONS[with_contact], "", ()):
                    fields = dict(zip(keys, row, strict=True))
                    fields["answered"] = row[answered_at] or next(
                        (e[1] for e in own if e[2] == Status.ANSWERED.value), None)
                    fields["events"] = own
                    yield fields
                return
            columns, source = _COLUMNS_FROM[with_contact]
            # the steps are looked up only for a submission without a response (coalesce
            # evaluates its second argument only when the first is NULL)
            cursor = self._conn.execute(
                f"SELECT {columns}, coalesce(s.answered_at, (SELECT e.at FROM events e "  # noqa: S608
                "WHERE e.submission_id = s.id AND e.status = 'answered' ORDER BY e.position "
                f"LIMIT 1)) {source} ORDER BY s.received_utc, s.id")
            try:
                names = (*keys, "answered")
                for row in cursor:
                    yield dict(zip(names, row, strict=True))
            finally:
                cursor.close()

    @_sqlite_errors
    def iter_submission_lines(self, tag: str, *, with_contact: bool = False) -> Iterator[str]:
        """Stream each submission as the JSON line (no newline) the library writes for it,
        put together by SQLite (:mod:`participation.store.lines`), in the order of
        :meth:`iter_submission_fields`; ``tag`` is the schema tag written, contact details
        only ``with_contact``. Exports use it when
        :func:`~participation.exporters.submissions.sql_lines_agree`."""
        with self._page_cache(_READ_CACHE_KIB):
            yield from lines.iter_lines(self._conn, tag, with_contact=with_contact)

    @contextlib.contextmanager
    def _page_cache(self, kib: int) -> Iterator[None]:
        """This thread's connection with a page cache of ``kib`` KiB while the
        block runs (read oldest first, a large store jumps about a month's worth of its
        rows; a bigger cache reads each page from the file once), then as it was."""
        conn = self._conn
        before = int(conn.execute("PRAGMA cache_size").fetchone()[0])
        # a negative size is in KiB, a positive one in pages; both are whole numbers
        conn.execute(f"PRAGMA cache_size = {-abs(int(kib))}")
        try:
            yield
        finally:
            with contextlib.suppress(sqlite3.ProgrammingError):  # closed meanwhile
                conn.execute(f"PRAGMA cache_size = {before}")

    @_sqlite_errors
    def count_submissions(self) -> int:
        """How many submissions are stored."""
        return int(self._conn.execute("SELECT COUNT(*) FROM submissions").fetchone()[0])

    # policies, activities, survey responses ---------------------------------------------
    @_sqlite_errors
    def upsert_policies(self, policies: Iterable[Policy], batch_size: int = 1000) -> int:
        """Upsert policies by id (one transaction per batch); returns how many changed."""
        return documents.upsert_policies(self, policies, batch_size)

    @_sqlite_errors
    def iter_policies(self) -> Iterator[Policy]:
        """Stream the policies, by id."""
        yield from documents.iter_policies(self)

    @_sqlite_errors
    def has_policy(self, policy_id: str) -> bool:
        """Whether a policy with this id is stored."""
        return self._conn.execute("SELECT 1 FROM policies WHERE id = ?",
                                  (policy_id,)).fetchone() is not None

    @_sqlite_errors
    def upsert_activities(self, activities: Iterable[Activity], batch_size: int = 1000) -> int:
        """Upsert activities by id (one transaction per batch); returns how many changed."""
        return documents.upsert_activities(self, activities, batch_size)

    @_sqlite_errors
    def iter_activities(self, period: Period | None = None) -> Iterator[Activity]:
        """Stream the activities by start day (those whose window overlaps ``period``)."""
        yield from documents.iter_activities(self, period)

    @_sqlite_errors
    def put_survey_responses(self, responses: Iterable[Mapping[str, Any]],
                             batch_size: int = 1000) -> int:
        """Upsert survey response documents (``id``, ``survey``, ``submitted_at``, …)."""
        return documents.put_survey_responses(self, responses, batch_size)

    @_sqlite_errors
    def iter_survey_responses(self, survey: str | None = None) -> Iterator[dict[str, Any]]:
        """Stream survey response documents (of ``survey``) as dicts, oldest first."""
        yield from documents.iter_survey_responses(self, survey)

    # personal data -----------------------------------------------------------------
    def erase_contacts(self, *, email: str | None = None, phone: str | None = None,
                       name: str | None = None, submission_id: str | None = None,
                       reason: str = "request", dry_run: bool = False) -> Erased:
        """Remove a person's contact details everywhere; see :func:`privacy.erase_contacts`.

        Once it returns, the details are gone from the main file (``secure_delete``
        overwrites freed space) and from the write-ahead log (emptied by
        :meth:`checkpoint`); when another connection keeps the log from being emptied,
        :attr:`Erased.remains` says so.
        """
        try:
            ids = privacy.erase_contacts(self, email=email, phone=phone, name=name,
                                         submission_id=submission_id, reason=reason,
                                         dry_run=dry_run)
        except sqlite3.Error as exc:
            raise translate(exc, self.path) from exc
        erased = Erased(ids)
        if ids and not dry_run:
            erased.remains = self.checkpoint()
        return erased

    @_sqlite_errors
    def purge_contacts(self, older_than_years: int, as_of: datetime | None = None) -> Erased:
        """The retention rule; see :func:`privacy.purge_contacts`. Like
        :meth:`erase_contacts`, it leaves no trace in the files, or says what remains."""
        erased = Erased(privacy.purge_contacts(self, older_than_years, as_of))
        if erased:
            erased.remains = self.checkpoint()
        return erased


def _insert_all_new(conn: sqlite3.Connection, items: list[codec.EncodedSubmission],
                    ids: list[str]) -> bool:
    """Insert ``items`` with one ``executemany`` per table, without looking their ids up
    first, when they are all new: each id once in the batch, none in the store, and the
    store has erased no contact details (the common case of an import). The insert
    itself tells whether the ids are new (``ON CONFLICT (id) DO NOTHING`` adds only the
    new ones, counted); when one was not, it is undone (a savepoint), nothing is
    written, and the answer is ``False``: the batch then takes the careful way."""
    if len(set(ids)) != len(ids) or conn.execute("SELECT 1 FROM erasures LIMIT 1").fetchone():
        return False
    conn.execute("SAVEPOINT all_new")
    try:
        before = conn.total_changes
        conn.executemany(_INSERT_NEW, [e.row for e in items])
        if conn.total_changes - before != len(items):
            conn.execute("ROLLBACK TO all_new")
            return False
        conn.executemany(_CONTACT, [e.contact for e in items if e.contact is not None])
        conn.executemany(_EVENT, [row for e in items for row in e.events])
        return True
    finally:
        conn.execute("RELEASE all_new")


#: Ids per ``IN (…)`` query (SQLite allows 32,766 parameters since 3.32, 999 before).
_IN_CHUNK = 900


def _known_ids(conn: sqlite3.Connection, sql: str, ids: Sequence[str]) -> set[str]:
    """The ids among ``ids`` that ``sql`` (a SELECT of one column with ``IN ({})``)
    finds, with one query per chunk of :data:`_IN_CHUNK` ids."""
    found: set[str] = set()
    for start in range(0, len(ids), _IN_CHUNK):
        chunk = ids[start:start + _IN_CHUNK]
        found.update(row[0] for row in conn.execute(
            sql.format(", ".join("?" * len(chunk))), chunk))
    return found


def _differences(stored: Submission, incoming: Submission, contact: Any) -> list[str]:
    """The fields where ``incoming`` contradicts ``stored`` (a missing response or
    contact only means the copy does not bring one)."""
    fields = [f for f in RECEIPT_FIELDS if _comparable(getattr(stored, f))
              != _comparable(getattr(incoming, f))]
    if incoming.response is not None and stored.response is not None \
            and incoming.response != stored.response:
        fields.append("response")
    if contact is not None and stored.contact is not None and contact != stored.contact:
        fields.append("contact")
    return fields


def _comparable(value: Any) -> Any:
    # the offset a moment was written with is kept, so it counts
    return value.isoformat() if isinstance(value, datetime) else value


def _first_difference(a: Sequence[Event], b: Sequence[Event]) -> int:
    return next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y),
                min(len(a), len(b)))

