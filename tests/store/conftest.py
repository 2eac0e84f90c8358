"""Helpers for the store, desk and import tests."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from participation.model import Contact, Event, Status, Submission, SubmissionKind
from participation.store import SqliteStore

T0 = datetime(2025, 6, 2, 9, 0, tzinfo=UTC)


def _make(sid: str = "S-1", *, channel: str = "web_form", at: datetime = T0,
         statuses: tuple[Status, ...] = (), contact: Contact | None = None,
         **kw: Any) -> Submission:
    """A submission received at ``at`` that went through ``statuses``, one hour apart."""
    events = [Event(at + timedelta(hours=i + 1), s) for i, s in enumerate(statuses)]
    return Submission(sid, channel, kw.pop("kind", SubmissionKind.QUESTION), at,
                      kw.pop("subject", f"subject of {sid}"), contact=contact, events=events,
                      **kw)


@pytest.fixture(name="make")
def make_fixture() -> Any:
    """``make(id, channel=, at=, statuses=, contact=, **fields)`` builds a submission."""
    return _make


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """A path for a new store file."""
    return tmp_path / "participation.db"


@pytest.fixture
def store(db_path: Path) -> Any:
    """A new file store, closed after the test."""
    with SqliteStore(db_path) as s:
        yield s


def stored_submissions(db: Path) -> int:
    """The submissions in the store file ``db`` while another process writes it (0 before
    it exists or has its tables)."""
    if not db.exists():
        return 0
    conn = sqlite3.connect(db, timeout=5)
    try:
        return int(conn.execute("SELECT COUNT(*) FROM submissions").fetchone()[0])
    except sqlite3.OperationalError:  # schema not created yet
        return 0
    finally:
        conn.close()
