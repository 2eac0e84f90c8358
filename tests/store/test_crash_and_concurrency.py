"""Crash safety and concurrent writers, in real subprocesses."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from participation.model import Contact, Event, Status, Submission, SubmissionKind
from participation.serialization import Serializer
from participation.store import SqliteStore, StoreBusyError

from .conftest import stored_submissions

T0 = datetime(2025, 1, 1, 8, tzinfo=UTC)


def _write_file(path: Path, n: int, prefix: str = "S") -> None:
    def rows():  # type: ignore[no-untyped-def]
        for i in range(n):
            at = T0 + timedelta(minutes=i)
            yield Submission(f"{prefix}-{i:06d}", "web_form", SubmissionKind.PROPOSAL, at,
                             f"subject {i} — тема", "text " * 20,
                             contact=Contact(email=f"p{i}@example.org"),
                             events=[Event(at + timedelta(hours=1), Status.REGISTERED)])
    with path.open("w", encoding="utf-8") as f:
        Serializer().write_jsonl(rows(), f)


def _import(file: Path, db: Path, batch: int) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "participation", "import", str(file), "--db", str(db),
         "--batch-size", str(batch)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)




@pytest.mark.slow
def test_sigkill_mid_import_leaves_whole_batches_and_a_rerun_completes(tmp_path: Path) -> None:
    n, batch = 30_000, 500
    data, db = tmp_path / "big.jsonl", tmp_path / "store.db"
    _write_file(data, n)
    proc = _import(data, db, batch)
    deadline = time.monotonic() + 120
    while stored_submissions(db) < 4 * batch:
        if proc.poll() is not None:
            _out, err = proc.communicate()
            pytest.fail(f"the import ended before it could be killed: {err}")
        assert time.monotonic() < deadline, "the import made no progress"
        time.sleep(0.02)
    os.kill(proc.pid, signal.SIGKILL)
    proc.communicate()
    assert proc.returncode == -signal.SIGKILL
    with SqliteStore(db) as store:
        assert store.integrity() == "ok"
        counts = store.counts()
        assert 0 < counts["submissions"] < n, "the kill came too late to test anything"
        assert counts["submissions"] % batch == 0, "a partial batch was committed"
        assert counts["events"] == counts["submissions"] == counts["contacts"]
    rerun = _import(data, db, batch)
    out, err = rerun.communicate(timeout=300)
    assert rerun.returncode == 0, err
    with SqliteStore(db) as store:
        assert store.integrity() == "ok"
        counts = store.counts()
        assert counts["submissions"] == counts["events"] == counts["contacts"] == n
        ids = [r[0] for r in store.connection.execute("SELECT id FROM submissions")]
        assert len(set(ids)) == n
    assert f"{n} records" in out


@pytest.mark.slow
def test_two_processes_importing_at_once_both_succeed(tmp_path: Path) -> None:
    n = 4_000
    db = tmp_path / "shared.db"
    files = [tmp_path / "a.jsonl", tmp_path / "b.jsonl"]
    _write_file(files[0], n, "A")
    _write_file(files[1], n, "B")
    procs = [_import(f, db, 100) for f in files]
    results = [p.communicate(timeout=300) for p in procs]
    for p, (_out, err) in zip(procs, results, strict=True):
        assert p.returncode == 0, err
    with SqliteStore(db) as store:
        assert store.integrity() == "ok"
        assert store.counts()["submissions"] == 2 * n
        assert store.counts()["events"] == 2 * n


def test_a_writer_locked_out_fails_with_a_clear_message_and_writes_nothing(
        tmp_path: Path) -> None:
    db = tmp_path / "locked.db"
    SqliteStore(db).close()
    blocker = sqlite3.connect(db, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    try:
        with SqliteStore(db, busy_timeout=0.05, retries=2) as store:
            s = Submission("S-1", "web_form", SubmissionKind.QUESTION, T0)
            with pytest.raises(StoreBusyError, match=r"locked.db: the store is busy .* 3 attempts"):
                store.upsert_submission(s)
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    with SqliteStore(db) as store:
        assert store.count_submissions() == 0
        assert store.integrity() == "ok"


def test_a_writer_that_waits_gets_through_once_the_lock_is_released(tmp_path: Path) -> None:
    db = tmp_path / "waits.db"
    SqliteStore(db).close()
    blocker = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
    blocker.execute("BEGIN IMMEDIATE")
    import threading

    threading.Timer(0.3, lambda: blocker.execute("COMMIT")).start()
    with SqliteStore(db, busy_timeout=0.1, retries=8) as store:
        store.upsert_submission(Submission("S-1", "web_form", SubmissionKind.QUESTION, T0))
        assert store.count_submissions() == 1
    blocker.close()
