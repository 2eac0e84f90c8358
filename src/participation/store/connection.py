"""Opening an SQLite database the way the store needs it, and write transactions
that wait for, and retry against, other writers."""

from __future__ import annotations

import itertools
import os
import sqlite3
import time
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TypeVar, cast

from participation.store.errors import StoreBusyError, StoreError, translate
from participation.store.schema import SCHEMA_VERSION, schema_version

__all__ = ["connect", "fold", "phone_digits", "read_only_wanted", "write_transaction"]

T = TypeVar("T")


def fold(text: str | None) -> str | None:
    """``text`` compared the forgiving way: case-folded (Cyrillic too), spaces collapsed.

    >>> fold("  Иван   ПЕТРОВ "), fold(None)
    ('иван петров', None)
    """
    if text is None:
        return None
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def phone_digits(text: str | None) -> str | None:
    """The digits of a phone number (``+359 2 123-45-67`` → ``35921234567``).

    >>> phone_digits("+359 (2) 123-45-67")
    '35921234567'
    """
    if text is None:
        return None
    return "".join(ch for ch in text if ch.isdigit()) or None


def _bind_none_directly() -> None:
    """Have ``None`` bound as SQL ``NULL`` through a registered adapter.

    Python's :mod:`sqlite3` (3.11) binds ``str``, ``int`` and ``float`` as they are,
    but asks every other value, ``None`` included, whether it adapts itself: two
    failed attribute look-ups, one of which formats an ``AttributeError`` message,
    some 2,000 instructions a ``None``. A submission's rows bind a dozen of them
    (no response, no actor, no extension…), a twentieth of an import's time. With an
    adapter registered for ``NoneType``, the first look-up finds it, and it gives
    ``None`` back, bound as ``NULL`` as before: the same rows, in this process
    whoever binds them. An adapter registered before (by the application) is kept.
    """
    if (type(None), sqlite3.PrepareProtocol) not in sqlite3.adapters:
        # {}.get returns None for any key: a C function, cheaper than a lambda
        sqlite3.register_adapter(type(None), cast("Callable[[None], None]", {}.get))


_bind_none_directly()


def _uri(target: Path, *, immutable: bool = False) -> str:
    query = "mode=ro&immutable=1" if immutable else "mode=ro"
    return f"{target.resolve().as_uri()}?{query}"


def read_only_wanted(target: Path) -> bool:
    """Whether the store at ``target`` can only be read: the file is not writable, or its
    folder is not and the write-ahead log files cannot be created there.

    >>> read_only_wanted(Path("/nonexistent/new.db"))
    False
    """
    if not target.exists():
        return False
    if not os.access(target, os.W_OK):
        return True
    folder_writable = os.access(target.parent, os.W_OK)
    side_files = [Path(f"{target}-wal"), Path(f"{target}-shm")]
    return not folder_writable and not all(p.exists() and os.access(p, os.W_OK)
                                           for p in side_files)


def connect(path: str | Path, *, create: bool, busy_timeout: float,
            read_only: bool = False, checked: bool = False) -> sqlite3.Connection:
    """A connection in autocommit mode (transactions are explicit) with WAL, foreign
    keys, a busy timeout and the comparison functions used by erasure.

    Before anything in the file is changed (WAL mode included), a file that is not a
    store, or a store of a newer schema, is refused. ``read_only`` opens the file with
    ``mode=ro`` (and, when the write-ahead log cannot be created beside it,
    ``immutable=1``) and changes nothing. ``checked`` skips the checks (a further
    connection to a store already opened).

    :raises StoreError: the file is missing (and ``create`` is false), is not a store,
        or was written by a newer release.
    """
    if str(path) == ":memory:":
        conn = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
        conn.execute("PRAGMA foreign_keys = ON")
        _functions(conn)
        return conn
    target = Path(path)
    if not create and not target.exists():
        raise StoreError(f"{target}: no store there (import into it, or run "
                         "'participation db migrate --db PATH' to create an empty one)")
    if target.is_dir():
        raise StoreError(f"{target}: is a directory, not a store file")
    if read_only and not target.exists():
        raise StoreError(f"{target}: no store there to read")
    try:
        if read_only:
            conn = _open_read_only(target, busy_timeout)
        else:
            conn = sqlite3.connect(str(target), isolation_level=None, timeout=busy_timeout,
                                   check_same_thread=False)
    except sqlite3.Error as exc:
        raise StoreError(f"{target}: cannot open the store ({exc})") from exc
    if not checked:
        _refuse_foreign(conn, target)
    if read_only:
        conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")
        _functions(conn)
        return conn
    deadline = time.monotonic() + max(busy_timeout, 1.0)
    wait = 0.01
    while True:
        try:
            _configure(conn, target, busy_timeout)
            break
        except sqlite3.OperationalError as exc:
            # Switching a new file to WAL takes an exclusive lock and SQLite does not wait
            # for it through the busy handler: another process opening the same new store
            # at the same moment makes it fail at once. Wait and try again.
            if is_busy(exc) and time.monotonic() < deadline:
                time.sleep(wait)
                wait = min(wait * 2, 0.25)
                continue
            conn.close()
            if is_busy(exc):
                raise StoreBusyError(f"{target}: the store is busy (another process holds it) "
                                     "and stayed locked; try again") from exc
            raise StoreError(f"{target}: not a participation store ({exc})") from exc
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise StoreError(f"{target}: not a participation store ({exc})") from exc
    _functions(conn)
    return conn


def _open_read_only(target: Path, busy_timeout: float) -> sqlite3.Connection:
    """A read-only connection; ``immutable`` when the write-ahead log cannot be used."""
    conn = sqlite3.connect(_uri(target), uri=True, isolation_level=None,
                           timeout=busy_timeout, check_same_thread=False)
    try:
        conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
        return conn
    except sqlite3.OperationalError:
        # A WAL store in a folder we cannot write, without its -shm file: SQLite can only
        # read it as immutable (nobody can be writing to it without that folder).
        conn.close()
    return sqlite3.connect(_uri(target, immutable=True), uri=True, isolation_level=None,
                           timeout=busy_timeout, check_same_thread=False)


def _refuse_foreign(conn: sqlite3.Connection, target: Path) -> None:
    """Refuse an SQLite file that holds other tables and no store schema, or a store of a
    newer schema, before anything (WAL mode, tables) is changed in it."""
    try:
        names = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        version = schema_version(conn) if "schema_version" in names else 0
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise StoreError(f"{target}: not a participation store ({exc})") from exc
    if names and "schema_version" not in names:
        conn.close()
        raise StoreError(f"{target}: not a participation store (it is an SQLite database with "
                         "other tables); give the path of a store, or of a new file")
    if version > SCHEMA_VERSION:
        conn.close()
        raise StoreError(f"{target}: schema version {version} was written by a newer release "
                         f"of participation (this one reads up to {SCHEMA_VERSION}); nothing "
                         "was changed, upgrade participation to use it")


def _configure(conn: sqlite3.Connection, target: Path, busy_timeout: float) -> None:
    conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")
    conn.execute("PRAGMA foreign_keys = ON")
    # Erased contact details must not stay readable in free pages of the file.
    conn.execute("PRAGMA secure_delete = ON")
    mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
    if str(mode).lower() != "wal":
        raise StoreError(f"{target}: cannot switch the store to WAL mode (got {mode!r})")
    # With WAL, NORMAL survives any crash of the application (not of the machine's power).
    conn.execute("PRAGMA synchronous = NORMAL")


def _functions(conn: sqlite3.Connection) -> None:
    conn.create_function("participation_fold", 1, fold, deterministic=True)
    conn.create_function("participation_phone", 1, phone_digits, deterministic=True)


def batched(items: Iterable[T], size: int) -> Iterator[tuple[T, ...]]:
    """``items`` in tuples of at most ``size`` (the last may be shorter), lazily.

    >>> [len(b) for b in batched(range(5), 2)]
    [2, 2, 1]
    """
    iterator = iter(items)
    while batch := tuple(itertools.islice(iterator, size)):
        yield batch


def is_busy(exc: sqlite3.Error) -> bool:
    """Whether ``exc`` says another connection holds the lock."""
    text = str(exc).lower()
    return isinstance(exc, sqlite3.OperationalError) and ("locked" in text or "busy" in text)


def write_transaction(conn: sqlite3.Connection, work: Callable[[sqlite3.Connection], T], *,
                      retries: int, where: str) -> T:
    """Run ``work`` in one ``BEGIN IMMEDIATE`` transaction, committed or rolled back as a
    whole. When the database stays locked past the busy timeout, roll back and try again,
    ``retries`` times, waiting a little longer each time.

    :raises StoreBusyError: still locked after the retries (nothing was written).
    """
    attempt = 0
    while True:
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                result = work(conn)
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
            return result
        except sqlite3.Error as exc:
            if not is_busy(exc):
                raise translate(exc, where) from exc
            if attempt >= retries:
                raise StoreBusyError(
                    f"{where}: the store is busy (another process is writing to it) and "
                    f"stayed locked after {retries + 1} attempts; nothing of this batch was "
                    "written, try again") from exc
            attempt += 1
            time.sleep(min(0.05 * 2 ** attempt, 1.0))
