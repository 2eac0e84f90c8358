"""The red-team cases of issue #11: every fault a clean error or documented behaviour."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from participation.cli import build_cli
from participation.desk import Desk
from participation.errors import FieldError
from participation.model import Contact, Submission, SubmissionKind
from participation.serialization import Serializer
from participation.store import (
    SCHEMA_VERSION,
    SqliteStore,
    StoreBusyError,
    StoreError,
)
from participation.store.errors import StoreReadOnlyError

T0 = datetime(2025, 6, 2, 9, tzinfo=UTC)


def run(*args: str) -> Any:
    return CliRunner().invoke(build_cli(), list(args))


def _clean(result: Any, code: int = 1) -> str:
    assert result.exit_code == code, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return str(result.output)


# --- read-only stores ------------------------------------------------------------------

def _unprivileged(args: list[str]) -> subprocess.CompletedProcess[str]:
    """Run the command line as a user who cannot write the store (``nobody`` when the
    tests run as root, where file modes do not bind)."""
    command = [sys.executable, "-m", "participation", *args]
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("running as root without setpriv: cannot drop the right to write")
        command = [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups", *command]
    return subprocess.run(command, capture_output=True, text=True, check=False,
                          env={**os.environ, "HOME": "/tmp"})


@pytest.fixture
def read_only_store(make: Any) -> Any:
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="ro-store-"))
    folder.chmod(0o755)
    db = folder / "s.db"
    with SqliteStore(db) as store:
        store.insert_submission(make("S-1", contact=Contact(email="ana@example.org")))
    db.chmod(0o444)
    folder.chmod(0o555)
    yield db
    folder.chmod(0o755)
    shutil.rmtree(folder)


def test_every_reading_command_reads_a_read_only_store(read_only_store: Path) -> None:
    db = str(read_only_store)
    for args in (["db", "info", "--db", db], ["desk", "show", "S-1", "--db", db],
                 ["desk", "overdue", "--db", db, "--as-of", "2026-01-01"],
                 ["export", "jsonl", "--db", db, "--out", "/tmp/ro-export-test.jsonl"],
                 ["erase", "--db", db, "--email", "ana@example.org", "--dry-run"]):
        done = _unprivileged(args)
        assert done.returncode == 0, (args, done.stderr)
    Path("/tmp/ro-export-test.jsonl").unlink(missing_ok=True)
    done = _unprivileged(["desk", "register", "S-1", "--db", db])
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "read-only" in done.stderr and "nothing was written" in done.stderr


def test_a_store_opened_read_only_refuses_writes_cleanly(db_path: Path, make: Any) -> None:
    with SqliteStore(db_path) as store:
        store.insert_submission(make("S-1"))
    with SqliteStore(db_path, read_only=True) as store:
        assert store.count_submissions() == 1
        with pytest.raises(StoreReadOnlyError, match="read-only"):
            store.insert_submission(make("S-2"))
        with pytest.raises(StoreReadOnlyError):
            store.erase_contacts(submission_id="S-1")


# --- schema versions -------------------------------------------------------------------

def test_a_newer_schema_is_refused_before_anything_changes(tmp_path: Path) -> None:
    db = tmp_path / "newer.db"
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE schema_version (version INTEGER PRIMARY KEY, applied_at TEXT)")
    conn.execute("INSERT INTO schema_version VALUES (?, 'later')", (SCHEMA_VERSION + 1,))
    conn.commit()
    conn.close()
    before = db.read_bytes()
    with pytest.raises(StoreError, match=r"newer release .* nothing was changed"):
        SqliteStore(db)
    assert db.read_bytes() == before  # still in rollback-journal mode, not switched to WAL
    assert not Path(f"{db}-wal").exists()
    result = run("db", "info", "--db", str(db))
    assert "newer release" in _clean(result)


# --- integrity ------------------------------------------------------------------------

def test_db_info_exits_non_zero_when_integrity_fails(db_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    SqliteStore(db_path).close()
    assert run("db", "info", "--db", str(db_path)).exit_code == 0
    monkeypatch.setattr(SqliteStore, "integrity",
                        lambda self: "row 3 missing from index submissions_by_status")
    result = run("db", "info", "--db", str(db_path))
    assert result.exit_code == 1 and "integrity check failed" in result.output
    result = run("db", "info", "--db", str(db_path), "--json")
    assert result.exit_code == 1


def test_a_damaged_store_is_a_clean_error(db_path: Path, make: Any) -> None:
    with SqliteStore(db_path) as store:
        store.upsert_submissions(make(f"S-{i}", subject="x" * 500) for i in range(200))
        store.checkpoint()
    data = bytearray(db_path.read_bytes())
    data[4096 * 3: 4096 * 6] = b"\xff" * (4096 * 3)  # garble some pages
    db_path.write_bytes(bytes(data))
    result = run("export", "jsonl", "--db", str(db_path), "--out", str(db_path.parent / "o.jsonl"))
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "damaged" in result.output or "not a participation store" in result.output


# --- concurrency faults -----------------------------------------------------------------

def test_a_store_locked_by_another_process_is_a_busy_error_with_a_hint(db_path: Path,
                                                                        make: Any) -> None:
    SqliteStore(db_path).close()
    holder = sqlite3.connect(db_path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with SqliteStore(db_path, busy_timeout=0.05, retries=1) as store, \
                pytest.raises(StoreBusyError, match="try again"):
            store.insert_submission(make("S-1"))
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    with SqliteStore(db_path) as store:
        assert store.count_submissions() == 0


# --- erasure leaves no trace -------------------------------------------------------------

def _files_hold(db: Path, needle: bytes) -> list[str]:
    return [p.name for p in (db, Path(f"{db}-wal"))
            if p.exists() and needle in p.read_bytes()]


def test_erase_leaves_no_trace_in_the_file_or_the_wal(db_path: Path, make: Any) -> None:
    with SqliteStore(db_path) as store:
        store.upsert_submissions(make(f"S-{i}", contact=Contact(
            name=f"Person {i}", email=f"person{i}@example.org")) for i in range(50))
        store.insert_submission(make("S-X", contact=Contact(name="Ана Секретна",
                                                             email="secret.person@example.org")))
    watcher = SqliteStore(db_path)  # another connection with the store open
    assert watcher.count_submissions() == 51
    result = run("erase", "--db", str(db_path), "--email", "secret.person@example.org")
    assert "erased the contact details of 1 submissions" in _clean(result, 0)
    assert "note:" not in result.output
    assert _files_hold(db_path, b"secret.person@example.org") == []
    assert _files_hold(db_path, "Ана Секретна".encode()) == []
    watcher.close()


def test_erase_says_what_remains_while_another_connection_reads(db_path: Path,
                                                                make: Any) -> None:
    with SqliteStore(db_path) as store:
        store.insert_submission(make("S-X", contact=Contact(email="secret.person@example.org")))
    reader = sqlite3.connect(db_path, isolation_level=None)
    reader.execute("BEGIN")
    reader.execute("SELECT * FROM contacts").fetchall()  # holds the old state
    try:
        with SqliteStore(db_path, busy_timeout=0.2) as store:
            erased = store.erase_contacts(email="secret.person@example.org")
        assert list(erased) == ["S-X"]
        assert erased.remains is not None and "another connection" in erased.remains
    finally:
        reader.execute("COMMIT")
        reader.close()
    assert run("db", "checkpoint", "--db", str(db_path)).exit_code == 0
    assert _files_hold(db_path, b"secret.person@example.org") == []


# --- dates and times ---------------------------------------------------------------------

@pytest.mark.parametrize(("args", "message"), [
    (["deadline", "generic.answer", "9999-12-30"], "outside the supported range"),
    (["deadline", "generic.answer", "8999-12-30"], "outside the supported range"),
    (["desk", "overdue", "--as-of", "9999-12-31T23:59:59-12:00"], "outside the supported range"),
    (["desk", "overdue", "--as-of", "0001-01-01T00:00:00+14:00"], "outside the supported range"),
    (["report", "--period", "9999"], "outside the supported range"),
])
def test_dates_outside_the_supported_range_are_clean_errors(db_path: Path, args: list[str],
                                                            message: str) -> None:
    SqliteStore(db_path).close()
    if args[0] == "desk":
        args = [*args, "--db", str(db_path)]
    if args[0] == "report":
        args = [*args, "--db", str(db_path), "--out", str(db_path.parent / "r")]
    assert message in _clean(run(*args))


def test_a_local_time_that_never_existed_is_refused(db_path: Path) -> None:
    with SqliteStore(db_path) as store:
        store.set_settings({"timezone": "Europe/Sofia"})
    result = run("desk", "receive", "--db", str(db_path), "--id", "S-1", "--channel",
                 "web_form", "--kind", "question", "--received-at", "2025-03-30T03:30")
    assert "did not exist in Europe/Sofia" in _clean(result)
    # an hour that happened twice is read as the first (summer time), as documented
    result = run("desk", "receive", "--db", str(db_path), "--id", "S-2", "--channel",
                 "web_form", "--kind", "question", "--received-at", "2025-10-26T03:30",
                 "--json")
    assert json.loads(_clean(result, 0))["received_at"] == "2025-10-26T03:30:00+03:00"


# --- terminal control characters and personal data in messages --------------------------

HOSTILE_ID = "S-1\x1b]0;pwned\x07\x1b[2J\u202e\x9b31m"


def test_ids_with_terminal_escapes_are_printed_neutralised(db_path: Path) -> None:
    with SqliteStore(db_path) as store:
        store.insert_submission(Submission(HOSTILE_ID, "web_form", SubmissionKind.QUESTION, T0,
                                           "Q", contact=Contact(email="ana@example.org")))
    for args in (["desk", "overdue", "--db", str(db_path), "--as-of", "2026-01-01"],
                 ["erase", "--db", str(db_path), "--email", "ana@example.org", "--dry-run"],
                 ["desk", "register", HOSTILE_ID, "--db", str(db_path), "--at", "2025-06-03"],
                 ["desk", "overdue", "--db", str(db_path), "--as-of", "2026-01-01", "--json"],
                 ["desk", "close", HOSTILE_ID, "--db", str(db_path)]):
        output = run(*args).output
        assert not any(ch in output for ch in "\x1b\x07\u202e\x9b"), (args, output)
        assert "S-1" in output
    doc = json.loads(run("desk", "overdue", "--db", str(db_path), "--as-of", "2026-01-01",
                         "--json").output)
    assert doc["overdue"][0]["id"] == HOSTILE_ID  # the JSON still means the same


def test_document_errors_never_echo_contact_values() -> None:
    from participation.errors import InvalidDocumentError

    document = {"schema": "participation.submission/1", "id": "S-1", "channel": "web_form",
                "kind": "question", "received_at": "2025-06-02T09:00:00+00:00",
                "contact": {"name": "Secret Person", "phone": 359888123456,
                            "consent": "Secret"}}
    with pytest.raises(InvalidDocumentError) as exc:
        Serializer().load(document)
    text = str(exc.value)
    assert "$.contact.phone" in text and "$.contact.consent" in text
    assert "359888123456" not in text and "Secret" not in text


# --- paging -------------------------------------------------------------------------------

def test_overdue_pages_cover_every_item_once_in_order(store: SqliteStore, registry: Any,
                                                      make: Any) -> None:
    store.upsert_submissions(make(f"S-{i:03d}", at=T0 + timedelta(hours=i % 50))
                             for i in range(250))
    desk = Desk(store, registry, clock=lambda: T0 + timedelta(days=100))
    whole = [i.submission.id for i in desk.overdue()]
    pages: list[list[str]] = []
    after = None
    while True:
        page = desk.overdue_page(limit=100, after=after)
        assert page.total == 250
        pages.append([i.submission.id for i in page.items])
        if page.next is None:
            break
        after = page.next
    assert [len(p) for p in pages] == [100, 100, 50]
    assert [sid for p in pages for sid in p] == whole
    with pytest.raises(FieldError, match="cursor"):
        desk.overdue_page(limit=10, after="nonsense")


def test_overdue_on_the_command_line_pages(db_path: Path, make: Any) -> None:
    with SqliteStore(db_path) as store:
        store.upsert_submissions(make(f"S-{i:03d}") for i in range(130))
    first = _clean(run("desk", "overdue", "--db", str(db_path), "--as-of", "2026-01-01"), 0)
    assert first.startswith("130 overdue as of") and "(showing 100)" in first
    cursor = first.strip().splitlines()[-1].removeprefix("next page: --after ")
    second = json.loads(_clean(run("desk", "overdue", "--db", str(db_path), "--as-of",
                                   "2026-01-01", "--after", cursor, "--json"), 0))
    assert len(second["overdue"]) == 30 and second["next"] is None and second["total"] == 130
    every = _clean(run("desk", "overdue", "--db", str(db_path), "--as-of", "2026-01-01",
                       "--all"), 0)
    assert len(every.strip().splitlines()) == 131
