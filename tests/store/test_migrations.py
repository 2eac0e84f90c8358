"""Every earlier schema version upgrades to the current one, keeping its data."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from participation.model import Contact, Event, Status
from participation.store import SCHEMA_VERSION, SqliteStore
from participation.store.schema import MIGRATIONS, apply_migrations, schema_version

ACTIVITY = {"schema": "participation.activity/1", "id": "A-1", "policy_id": "P-1",
            "kind": "round_table", "stage": "drafting", "level": "dialogue",
            "window": {"start": "2025-03-01", "end": "2025-03-02"}}


def _old_store(path: Path, version: int) -> None:
    """A store file as release ``version`` left it, with data of that version."""
    conn = sqlite3.connect(path, isolation_level=None)
    apply_migrations(conn, version)
    if version >= 1:
        conn.execute(
            "INSERT INTO submissions (id, channel, kind, received_at, received_utc, subject, "
            "status) VALUES (?, ?, ?, ?, ?, ?, ?)",
            ("S-1", "web_form", "question", "2025-06-02T12:00:00+03:00",
             "2025-06-02T09:00:00.000000", "Hours?", "registered"))
        conn.execute("INSERT INTO events (submission_id, position, at, at_utc, status) "
                     "VALUES (?, 0, ?, ?, ?)", ("S-1", "2025-06-02T13:00:00+03:00",
                                                "2025-06-02T10:00:00.000000", "registered"))
        conn.execute("INSERT INTO contacts (submission_id, email, consent) VALUES (?, ?, 1)",
                     ("S-1", "ana@example.org"))
        if version >= 3:  # release 3 wrote the activity columns itself
            conn.execute("INSERT INTO activities (id, document, policy_id, window_start) "
                         "VALUES (?, ?, ?, ?)", ("A-1", json.dumps(ACTIVITY), "P-1", "2025-03-01"))
        else:
            conn.execute("INSERT INTO activities (id, document) VALUES (?, ?)",
                         ("A-1", json.dumps(ACTIVITY)))
    if version >= 2:
        conn.execute("INSERT INTO survey_responses VALUES (?, ?, ?, ?, ?)",
                     ("R-1", "satisfaction", "2025-05-01T10:00:00+00:00",
                      "2025-05-01T10:00:00.000000", json.dumps({"id": "R-1"})))
    conn.close()


@pytest.mark.parametrize("version", range(SCHEMA_VERSION))
def test_upgrade_from_every_earlier_version(tmp_path: Path, version: int) -> None:
    path = tmp_path / f"v{version}.db"
    _old_store(path, version)
    with SqliteStore(path) as store:
        assert store.schema_version == SCHEMA_VERSION
        applied = [r[0] for r in store.connection.execute(
            "SELECT version FROM schema_version ORDER BY version")]
        assert applied == list(range(1, SCHEMA_VERSION + 1))
        assert store.integrity() == "ok"
        if version >= 1:
            s = store.get_submission("S-1")
            assert s.status is Status.REGISTERED
            assert s.contact == Contact(email="ana@example.org", consent=True)
            assert s.occurred_on is None  # v4 added the column, empty for old rows
            # v3 filled the new activity columns from the documents.
            row = store.connection.execute(
                "SELECT policy_id, window_start FROM activities WHERE id = 'A-1'").fetchone()
            assert row == ("P-1", "2025-03-01")
            assert [a.id for a in store.iter_activities()] == ["A-1"]
            # the upgraded store works: history appends, erasure is logged
            store.append_event("S-1", Event(s.events[-1].at + timedelta(hours=1),
                                            Status.IN_REVIEW), expected_position=1)
            assert store.erase_contacts(email="ANA@example.org") == ["S-1"]
        if version >= 2:
            assert [r["id"] for r in store.iter_survey_responses()] == ["R-1"]


@pytest.mark.parametrize("version", range(SCHEMA_VERSION))
def test_an_old_store_opened_without_migrating_can_be_inspected(tmp_path: Path,
                                                                version: int) -> None:
    path = tmp_path / "old.db"
    _old_store(path, max(version, 1))
    with SqliteStore(path, migrate=False) as store:
        info = store.info()
        assert info["schema_version"] == max(version, 1)
        assert info["counts"]["submissions"] == 1
        assert store.migrate() == list(range(max(version, 1) + 1, SCHEMA_VERSION + 1))


def test_migrations_are_ordered_and_recorded_once() -> None:
    conn = sqlite3.connect(":memory:", isolation_level=None)
    assert apply_migrations(conn) == list(range(1, len(MIGRATIONS) + 1))
    assert apply_migrations(conn) == []
    assert schema_version(conn) == SCHEMA_VERSION
    assert datetime.fromisoformat(conn.execute(
        "SELECT applied_at FROM schema_version WHERE version = 1").fetchone()[0]).tzinfo == UTC


def test_a_failing_migration_rolls_back_whole(tmp_path: Path, monkeypatch: Any) -> None:
    conn = sqlite3.connect(tmp_path / "x.db", isolation_level=None)
    apply_migrations(conn, 2)
    broken = (*MIGRATIONS[:2], [*MIGRATIONS[2][:3], "THIS IS NOT SQL"])
    monkeypatch.setattr("participation.store.schema.MIGRATIONS", broken)
    with pytest.raises(sqlite3.OperationalError):
        apply_migrations(conn, 3)
    assert schema_version(conn) == 2
    indexes = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='index'")}
    assert "submissions_by_received" not in indexes
