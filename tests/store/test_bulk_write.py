"""The batched write path (a few statements per batch) against the one-at-a-time rule it
replaces: same outcomes, same messages, same stored state, same revisions."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from participation.model import Contact, Event, Status, Submission, SubmissionKind
from participation.store import SqliteStore, StoreError
from participation.store.protocol import WriteOutcome, WriteResult

T0 = datetime(2025, 6, 2, 9, 0, tzinfo=UTC)
STEPS = (Status.REGISTERED, Status.IN_REVIEW, Status.FORWARDED)


def _sub(sid: str, subject: str = "s", steps: int = 0, email: str | None = None) -> Submission:
    return Submission(sid, "web_form", SubmissionKind.QUESTION, T0, subject,
                      contact=Contact(email=email) if email else None,
                      events=[Event(T0 + timedelta(hours=i + 1), STEPS[i]) for i in range(steps)])


def _one_by_one(store: SqliteStore, batch: list[Submission], replace: bool) -> list[WriteResult]:
    """The reference: each item through the careful path, in order, one transaction."""
    return store.write(lambda conn: [store._write_one(conn, s, replace, "ref") for s in batch])  # type: ignore[no-any-return]


def _state(store: SqliteStore) -> tuple[Any, ...]:
    subs = [store.serializer.dump(s) for s in store.iter_submissions(with_contact=True)]
    revisions = store.connection.execute(
        "SELECT kind, record_id, fields FROM revisions ORDER BY id").fetchall()
    return subs, revisions, store.integrity()


_item = st.builds(_sub, st.sampled_from(["S-1", "S-2", "S-3", "S-4"]),
                  st.sampled_from(["a", "b"]), st.integers(0, 3),
                  st.sampled_from([None, "x@example.org", "y@example.org"]))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(_item, max_size=8), min_size=1, max_size=4), st.booleans(),
       st.sampled_from([None, "S-2"]))
def test_batches_write_what_one_at_a_time_writes(batches: list[list[Submission]], replace: bool,
                                                 erased: str | None) -> None:
    with SqliteStore(":memory:") as fast, SqliteStore(":memory:") as slow:
        if erased:  # a submission whose contact was erased: never written again
            for store in (fast, slow):
                store.write_submissions([_sub(erased, "a", 1, "z@example.org")])
                store.erase_contacts(submission_id=erased)
        for batch in batches:
            assert fast.write_submissions(batch, replace=replace, source="ref") \
                == _one_by_one(slow, batch, replace)
        assert _state(fast) == _state(slow)


def test_a_conflict_inside_one_batch_names_both_versions(tmp_path: Path) -> None:
    with SqliteStore(tmp_path / "s.db") as store:
        results = store.write_submissions([_sub("S-1", "Old bench", 1, "ana@example.org"),
                                           _sub("S-2"),
                                           _sub("S-1", "New bench", 1, "bob@example.org")])
        assert [r.outcome for r in results] == [WriteOutcome.INSERTED, WriteOutcome.INSERTED,
                                                WriteOutcome.CONFLICT]
        message = results[2].message
        assert '"Old bench" (stored) / "New bench" (this record)' in message
        assert "contact: differs (personal data, not shown)" in message
        assert "example.org" not in message
        assert store.get_submission("S-1").subject == "Old bench"


def test_a_conflict_across_batches_is_found_and_replace_logs_it(tmp_path: Path) -> None:
    with SqliteStore(tmp_path / "s.db") as store:
        store.write_submissions([_sub(f"S-{i}", steps=1) for i in range(5)])
        again = [_sub("S-9", steps=1), _sub("S-3", "changed", 1), _sub("S-4", steps=2)]
        results = store.write_submissions(again)
        assert [r.outcome for r in results] == [WriteOutcome.INSERTED, WriteOutcome.CONFLICT,
                                                WriteOutcome.UPDATED]
        assert results[1].fields == ("subject",)
        replaced = store.write_submissions(again, replace=True, source="f.jsonl")
        assert [r.outcome for r in replaced] == [WriteOutcome.UNCHANGED, WriteOutcome.UPDATED,
                                                 WriteOutcome.UNCHANGED]
        assert store.get_submission("S-3").subject == "changed"
        assert store.connection.execute(
            "SELECT kind, record_id, source, fields FROM revisions").fetchall() == [
            ("submission", "S-3", "f.jsonl", '["subject"]')]


def test_a_batch_that_fails_in_the_database_writes_nothing(tmp_path: Path) -> None:
    with SqliteStore(tmp_path / "s.db") as store:
        store.write_submissions([_sub("S-1")])
        # a trigger refusing one row: the database fails mid-batch
        store.connection.execute("CREATE TRIGGER no_s3 BEFORE INSERT ON submissions "
                                 "WHEN NEW.id = 'S-3' BEGIN SELECT RAISE(ABORT, 'no'); END")
        with pytest.raises(StoreError, match="no"):
            store.write_submissions([_sub("S-2", steps=2, email="a@example.org"), _sub("S-3")])
        conn = store.connection
        assert [r[0] for r in conn.execute("SELECT id FROM submissions")] == ["S-1"]
        assert conn.execute("SELECT COUNT(*) FROM events").fetchone()[0] == 0
        assert conn.execute("SELECT COUNT(*) FROM contacts").fetchone()[0] == 0


def test_more_ids_in_a_batch_than_one_query_may_hold(tmp_path: Path) -> None:
    with SqliteStore(tmp_path / "s.db") as store:
        store.write_submissions([_sub(f"S-{i}") for i in range(0, 2500, 2)])
        results = store.write_submissions([_sub(f"S-{i}") for i in range(2500)])
        assert [r.outcome for r in results] == [
            WriteOutcome.UNCHANGED if i % 2 == 0 else WriteOutcome.INSERTED for i in range(2500)]
        assert sqlite3.connect(tmp_path / "s.db").execute(
            "SELECT COUNT(*) FROM submissions").fetchone()[0] == 2500


def test_what_is_missing_is_stored_as_null(tmp_path: Path) -> None:
    """``None`` is bound through the adapter the store registers: still SQL ``NULL``."""
    with SqliteStore(tmp_path / "s.db") as store:
        store.write_submissions([_sub("S-1", steps=1, email="a@example.org")])
        conn = store.connection
        assert conn.execute("SELECT typeof(policy_id), typeof(answered_at), typeof(extra) "
                            "FROM submissions").fetchone() == ("null", "null", "null")
        assert conn.execute("SELECT typeof(actor), typeof(extension) FROM events").fetchone() \
            == ("null", "null")
        assert conn.execute("SELECT COUNT(*) FROM contacts WHERE phone IS NULL AND address IS NULL "
                            "AND name IS NULL").fetchone()[0] == 1
        assert conn.execute("SELECT COUNT(*) FROM submissions WHERE policy_id = ?",
                            (None,)).fetchone()[0] == 0  # NULL = NULL is not true, as before


def test_an_adapter_the_application_registered_for_none_is_kept(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from participation.store import connection

    def mine(value: None) -> str:
        return "nothing"

    monkeypatch.setitem(sqlite3.adapters, (type(None), sqlite3.PrepareProtocol), mine)
    connection._bind_none_directly()
    assert sqlite3.adapters[(type(None), sqlite3.PrepareProtocol)] is mine


def _jsonl(path: Path, n: int, start: int = 0) -> Path:
    from participation.serialization import Serializer

    with path.open("w", encoding="utf-8") as fh:
        Serializer().write_jsonl((_sub(f"S-{i:05d}", steps=1 + i % 3, email=f"p{i}@example.org")
                                  for i in range(start, start + n)), fh)
    return path


def _indexes(db: Path) -> set[str]:
    conn = sqlite3.connect(db)
    try:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index' "
                                           "AND name NOT LIKE 'sqlite_autoindex%'")}
    finally:
        conn.close()


def test_the_bulk_indexes_are_the_migrations_indexes(tmp_path: Path) -> None:
    from participation.store.bulk import SECONDARY_INDEXES

    with SqliteStore(tmp_path / "s.db"):
        pass
    assert set(SECONDARY_INDEXES) <= _indexes(tmp_path / "s.db")
    conn = sqlite3.connect(tmp_path / "s.db")
    stored = dict(conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index'"))
    for name, sql in SECONDARY_INDEXES.items():  # built the same way as by the migration
        assert sql.replace("IF NOT EXISTS ", "").split(" ON ")[1] == stored[name].split(" ON ")[1]


def test_an_import_restores_the_settings_and_leaves_every_index(tmp_path: Path) -> None:
    from participation.importers import import_file
    from participation.registry import Registry
    from participation.serialization import Serializer
    from participation.store.bulk import BULK_PRAGMAS, SECONDARY_INDEXES

    db = tmp_path / "s.db"
    with SqliteStore(db) as store:
        conn = store.connection
        before = {p: conn.execute(f"PRAGMA {p}").fetchone()[0] for p in BULK_PRAGMAS}
        seen: list[tuple[Any, ...]] = []

        def during() -> None:  # after each batch: the bulk settings, no secondary index
            seen.append((conn.execute("PRAGMA cache_size").fetchone()[0],
                         set(SECONDARY_INDEXES) & _indexes(db)))

        from participation.importers.run import import_stream
        registry = Registry.default(load_entrypoints=False)
        with _jsonl(tmp_path / "a.jsonl", 50).open(encoding="utf-8") as fh:
            report = import_stream(Serializer().iter_jsonl(fh, Submission), store, registry,
                                   batch_size=20, on_batch=during)
        assert report.inserted == 50
        assert seen and all(s == (BULK_PRAGMAS["cache_size"], set()) for s in seen)
        assert {p: conn.execute(f"PRAGMA {p}").fetchone()[0] for p in BULK_PRAGMAS} == before
        assert set(SECONDARY_INDEXES) <= _indexes(db)
        # into a store that holds submissions, the indexes stay (they would not pay)
        seen.clear()
        report = import_file(_jsonl(tmp_path / "b.jsonl", 30, 50), store, registry,
                             Serializer(), batch_size=20)
        assert report.inserted == 30 and store.integrity() == "ok"
        assert set(SECONDARY_INDEXES) <= _indexes(db)
        assert store.connection.execute(
            "SELECT COUNT(*) FROM submissions INDEXED BY submissions_by_received "
            "WHERE received_utc >= ''").fetchone()[0] == 80


def test_a_failing_import_still_restores_the_indexes(tmp_path: Path) -> None:
    from participation.importers.run import import_stream
    from participation.registry import Registry
    from participation.serialization import Serializer
    from participation.store.bulk import SECONDARY_INDEXES

    db = tmp_path / "s.db"

    def results():  # type: ignore[no-untyped-def]
        with _jsonl(tmp_path / "a.jsonl", 50).open(encoding="utf-8") as fh:
            for n, result in enumerate(Serializer().iter_jsonl(fh, Submission)):
                if n == 30:
                    raise KeyboardInterrupt
                yield result

    with SqliteStore(db) as store:
        with pytest.raises(KeyboardInterrupt):
            import_stream(results(), store, Registry.default(load_entrypoints=False),
                          batch_size=20)
        assert set(SECONDARY_INDEXES) <= _indexes(db)
        assert store.count_submissions() == 20  # the whole first batch, nothing of the next


def test_a_store_left_without_its_indexes_gets_them_back_when_opened(tmp_path: Path) -> None:
    import os
    import signal
    import subprocess
    import sys
    import time

    from participation.store.bulk import SECONDARY_INDEXES

    data, db = _jsonl(tmp_path / "big.jsonl", 20_000), tmp_path / "s.db"
    proc = subprocess.Popen([sys.executable, "-m", "participation", "import", str(data),
                             "--db", str(db), "--batch-size", "50"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline, count = time.monotonic() + 120, 0
    while time.monotonic() < deadline and proc.poll() is None and count < 200:
        time.sleep(0.02)
        try:
            conn = sqlite3.connect(db, timeout=5)
            count = conn.execute("SELECT COUNT(*) FROM submissions").fetchone()[0]
            conn.close()
        except sqlite3.Error:
            count = 0
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert 0 < count < 20_000, "the import was not killed midway"
    assert not set(SECONDARY_INDEXES) & _indexes(db)  # killed during the bulk load
    with SqliteStore(db) as store:
        assert store.integrity() == "ok"
        stored = store.count_submissions()
        assert stored % 50 == 0  # whole batches only
        events = store.connection.execute("SELECT COUNT(*) FROM events").fetchone()[0]
        assert events == sum(1 + i % 3 for i in range(stored))
    assert set(SECONDARY_INDEXES) <= _indexes(db)
