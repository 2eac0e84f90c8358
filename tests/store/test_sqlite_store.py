"""The SQLite store: upserts, history, personal data apart, streaming, documents."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from participation.errors import InvalidDocumentError, UnknownKeyError
from participation.model import (
    Activity,
    ActivityKind,
    Administration,
    Contact,
    Event,
    Outcome,
    ParticipationLevel,
    Period,
    Policy,
    Response,
    Stage,
    Status,
    Window,
)
from participation.store import (
    SCHEMA_VERSION,
    SqliteStore,
    Store,
    StoreConflictError,
    StoreError,
    UpsertCounts,
    WriteOutcome,
    load,
    open_store,
)

T0 = datetime(2025, 6, 2, 9, 0, tzinfo=UTC)
ANA = Contact(name="Ана Петрова", email="ana@example.org", phone="+359 2 123 4567")


def test_a_new_store_has_the_latest_schema_in_wal_mode(store: SqliteStore, db_path: Path) -> None:
    assert store.schema_version == SCHEMA_VERSION
    info = store.info()
    assert info["integrity"] == "ok"
    assert info["counts"]["submissions"] == 0
    mode = store.connection.execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"
    assert store.connection.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_upsert_is_idempotent_by_id(make: Any, store: SqliteStore) -> None:
    s = make("S-1", statuses=(Status.REGISTERED,), contact=ANA)
    assert store.upsert_submissions([s]) == UpsertCounts(inserted=1)
    assert store.upsert_submissions([s, s]) == UpsertCounts(unchanged=2)
    assert store.counts()["submissions"] == 1
    assert store.counts()["events"] == 1
    assert store.get_submission("S-1") == s


def test_an_extended_history_is_appended(make: Any, store: SqliteStore) -> None:
    store.upsert_submission(make("S-1", statuses=(Status.REGISTERED,)))
    newer = make("S-1", statuses=(Status.REGISTERED, Status.IN_REVIEW))
    assert store.upsert_submission(newer) is WriteOutcome.UPDATED
    assert store.get_submission("S-1") == newer
    assert store.counts()["events"] == 2
    assert store.counts()["revisions"] == 0


def test_a_changed_receipt_is_a_conflict_unless_replaced(make: Any, store: SqliteStore) -> None:
    first = make("S-1", statuses=(Status.REGISTERED,))
    store.upsert_submission(first)
    newer = make("S-1", statuses=(Status.REGISTERED, Status.IN_REVIEW), subject="fixed typo")
    [result] = store.write_submissions([newer])
    assert result.outcome is WriteOutcome.CONFLICT and result.fields == ("subject",)
    assert "fixed typo" in result.message and "(stored)" in result.message
    assert store.get_submission("S-1") == first
    [result] = store.write_submissions([newer], replace=True, source="fix.jsonl")
    assert result.outcome is WriteOutcome.UPDATED
    assert store.get_submission("S-1") == newer
    assert store.connection.execute("SELECT kind, record_id, source, fields FROM revisions"
                                    ).fetchall() == [("submission", "S-1", "fix.jsonl", '["subject"]')]


def test_an_older_copy_changes_nothing(make: Any, store: SqliteStore) -> None:
    newer = make("S-1", statuses=(Status.REGISTERED, Status.IN_REVIEW))
    store.upsert_submission(newer)
    assert store.upsert_submission(make("S-1", statuses=(Status.REGISTERED,))) is WriteOutcome.UNCHANGED
    with pytest.raises(StoreConflictError, match="subject"):
        store.upsert_submission(make("S-1", statuses=(Status.REGISTERED,), subject="old"))
    assert store.get_submission("S-1") == newer


def test_a_contradicting_history_is_refused(make: Any, store: SqliteStore) -> None:
    store.upsert_submission(make("S-1", statuses=(Status.REGISTERED,)))
    with pytest.raises(StoreConflictError, match=r"S-1.*step 1.*append-only"):
        store.upsert_submission(make("S-1", statuses=(Status.REJECTED,)))
    assert store.get_submission("S-1").status is Status.REGISTERED


def test_a_conflict_in_a_batch_leaves_the_rest_written(make: Any, store: SqliteStore) -> None:
    store.upsert_submission(make("S-1", statuses=(Status.REGISTERED,)))
    counts = store.upsert_submissions([make("S-0"), make("S-1", statuses=(Status.REJECTED,)),
                                       make("S-2")])
    assert counts.inserted == 2
    assert [c[0] for c in counts.conflicts] == ["S-1"]


def test_events_are_append_only_in_the_database_itself(make: Any, store: SqliteStore) -> None:
    store.upsert_submission(make("S-1", statuses=(Status.REGISTERED,)))
    for sql in ("UPDATE events SET status = 'closed'", "DELETE FROM events"):
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            store.connection.execute(sql)
    assert store.get_submission("S-1").status is Status.REGISTERED


def test_contacts_live_in_their_own_table_and_are_read_only_when_asked(make: Any,
                                                                       store: SqliteStore) -> None:
    store.upsert_submission(make("S-1", contact=ANA))
    row = store.connection.execute("SELECT * FROM submissions").fetchone()
    assert not any(isinstance(v, str) and "ana@" in v for v in row)
    assert store.connection.execute("SELECT email FROM contacts").fetchone()[0] == ANA.email
    assert next(store.iter_submissions()).contact is None
    assert next(store.iter_submissions(with_contact=True)).contact == ANA
    assert store.get_submission("S-1", with_contact=False).contact is None


def test_an_upsert_without_contact_keeps_the_stored_one(make: Any, store: SqliteStore) -> None:
    store.upsert_submission(make("S-1", contact=ANA))
    store.upsert_submission(make("S-1", statuses=(Status.REGISTERED,)))
    got = store.get_submission("S-1")
    assert got.contact == ANA
    assert got.status is Status.REGISTERED


def test_append_event_checks_the_expected_position(make: Any, store: SqliteStore) -> None:
    store.upsert_submission(make("S-1"))
    store.append_event("S-1", Event(T0 + timedelta(hours=1), Status.REGISTERED),
                       expected_position=0)
    with pytest.raises(StoreConflictError, match="changed meanwhile"):
        store.append_event("S-1", Event(T0 + timedelta(hours=2), Status.IN_REVIEW),
                           expected_position=0)
    response = Response(T0 + timedelta(days=1), Outcome.ACCEPTED, text="Done.")
    store.append_event("S-1", Event(T0 + timedelta(days=1), Status.ANSWERED),
                       expected_position=1, response=response)
    got = store.get_submission("S-1")
    assert got.status is Status.ANSWERED
    assert got.response == response
    with pytest.raises(UnknownKeyError, match="S-9"):
        store.append_event("S-9", Event(T0, Status.REGISTERED), expected_position=0)


def test_iteration_filters_by_period_in_the_administration_zone(make: Any,
                                                                store: SqliteStore) -> None:
    sofia = timezone(timedelta(hours=3))
    # 30 June 22:30 UTC is already 1 July in Sofia.
    late_june = make("S-1", at=datetime(2025, 6, 30, 22, 30, tzinfo=UTC))
    mid_june = make("S-2", at=datetime(2025, 6, 15, 12, tzinfo=UTC))
    store.upsert_submissions([late_june, mid_june])
    july = Period.parse("2025-07")
    assert [s.id for s in store.iter_submissions(july, tz=UTC)] == []
    assert [s.id for s in store.iter_submissions(july, tz=sofia)] == ["S-1"]
    assert [s.id for s in store.iter_submissions(Period.parse("2025-06"), tz=UTC)] == ["S-2",
                                                                                      "S-1"]
    store.set_settings({"timezone": "Europe/Sofia"})
    assert [s.id for s in store.iter_submissions(july)] == ["S-1"]


def test_iteration_filters_by_status_and_channel(make: Any, store: SqliteStore) -> None:
    store.upsert_submissions([
        make("S-1", statuses=(Status.REGISTERED,)),
        make("S-2", channel="email", statuses=(Status.REGISTERED,)),
        make("S-3", channel="email"),
    ])
    assert [s.id for s in store.iter_submissions(status=Status.REGISTERED)] == ["S-1", "S-2"]
    assert [s.id for s in store.iter_submissions(channel="email")] == ["S-2", "S-3"]
    assert [s.id for s in store.iter_submissions(status=[Status.RECEIVED],
                                                 channel=["email", "post"])] == ["S-3"]


def test_iteration_streams_from_a_cursor(make: Any, store: SqliteStore) -> None:
    store.upsert_submissions(make(f"S-{i:03d}", at=T0 + timedelta(minutes=i),
                                  statuses=(Status.REGISTERED, Status.IN_REVIEW))
                             for i in range(300))
    stream = store.iter_submissions()
    first = next(stream)
    assert first.id == "S-000"
    assert len(first.events) == 2
    # A write while the reader is half-way does not disturb what it already streams.
    store.upsert_submission(make("S-999", at=T0 - timedelta(days=1)))
    assert sum(1 for _ in stream) == 299
    stream.close()


def test_policies_activities_and_survey_responses_round_trip(store: SqliteStore) -> None:
    policy = Policy("P-1", "Mobility plan", stages=[])
    activity = Activity("A-1", "P-1", ActivityKind.ROUND_TABLE, Stage.DRAFTING,
                        ParticipationLevel.DIALOGUE, Window(date(2025, 3, 1), date(2025, 3, 1)),
                        participants=30)
    older = Activity("A-0", None, ActivityKind.SURVEY, Stage.AGENDA_SETTING,
                     ParticipationLevel.CONSULTATION, Window(date(2024, 1, 1), date(2024, 2, 1)))
    answer = {"id": "R-1", "survey": "satisfaction", "submitted_at": "2025-05-01T10:00:00+03:00",
              "answers": {"q1": 4, "comment": "Добре 👍"}}
    report = load(store, policies=[policy], activities=[activity, older],
                  survey_responses=[answer])
    assert (report.policies, report.activities, report.survey_responses) == (1, 2, 1)
    assert list(store.iter_policies()) == [policy]
    assert list(store.iter_activities()) == [older, activity]
    assert list(store.iter_activities(Period.parse("2025"))) == [activity]
    assert list(store.iter_survey_responses()) == [answer]
    assert list(store.iter_survey_responses("other")) == []
    again = load(store, policies=[policy], activities=[activity], survey_responses=[answer])
    assert (again.policies, again.activities, again.survey_responses) == (0, 0, 0)


def test_a_survey_response_without_its_keys_is_refused(store: SqliteStore) -> None:
    with pytest.raises(InvalidDocumentError, match=r"\$.survey"):
        store.put_survey_responses([{"id": "R-1", "submitted_at": "2025-05-01T10:00:00Z"}])
    assert store.counts()["survey_responses"] == 0


def test_opening_errors_name_the_file(tmp_path: Path) -> None:
    missing = tmp_path / "missing.db"
    with pytest.raises(StoreError, match=r"missing\.db: no store there"):
        open_store(missing, create=False)
    assert not missing.exists()
    text = tmp_path / "notes.db"
    text.write_text("this is not a database, just some text that is long enough " * 20)
    with pytest.raises(StoreError, match=r"notes\.db: not a participation store"):
        open_store(text)


def test_a_store_from_a_newer_release_is_refused(db_path: Path) -> None:
    SqliteStore(db_path).close()
    conn = sqlite3.connect(db_path)
    conn.execute("INSERT INTO schema_version VALUES (?, ?)", (SCHEMA_VERSION + 1, "later"))
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="newer release"):
        SqliteStore(db_path)


def test_the_sqlite_store_follows_the_protocol(store: SqliteStore) -> None:
    assert isinstance(store, Store)


def test_the_administration_is_kept_with_its_settings(store: SqliteStore) -> None:
    assert store.administration() is None
    adm = Administration("Regional Administration Х", "BG", population=200_000,
                         jurisdiction="bg", timezone="Europe/Sofia")
    load(store, administration=adm)
    assert store.administration() == adm
    assert (store.jurisdiction, str(store.timezone)) == ("bg", "Europe/Sofia")


def test_settings_hold_jurisdiction_and_time_zone(store: SqliteStore) -> None:
    assert (store.jurisdiction, str(store.timezone)) == ("default", "UTC")
    store.set_settings({"jurisdiction": "bg", "timezone": "Europe/Sofia"})
    assert (store.jurisdiction, str(store.timezone)) == ("bg", "Europe/Sofia")
    with pytest.raises(ValueError, match="Mars/Olympus"):
        store.set_settings({"timezone": "Mars/Olympus"})


_STREAMING_PEAK = """
import sys, tracemalloc
from datetime import UTC, datetime, timedelta
from participation.model import Contact, Event, Status, Submission, SubmissionKind
from participation.store import SqliteStore

n, path = int(sys.argv[1]), sys.argv[2]
t0 = datetime(2025, 6, 2, 9, tzinfo=UTC)
ana = Contact("Ana", "ana@example.org")
with SqliteStore(path) as store:
    store.upsert_submissions(
        Submission(f"S-{i:05d}", "web_form", SubmissionKind.QUESTION, t0 + timedelta(minutes=i),
                   "subject", contact=ana,
                   events=[Event(t0 + timedelta(minutes=i, hours=1), Status.REGISTERED),
                           Event(t0 + timedelta(minutes=i, hours=2), Status.IN_REVIEW)])
        for i in range(n))
    tracemalloc.start()
    seen = sum(1 for _ in store.iter_submissions(with_contact=True))
    print(seen, tracemalloc.get_traced_memory()[1])
"""


def test_streaming_memory_does_not_grow_with_the_number_of_submissions(tmp_path: Path) -> None:
    # Measured in a fresh interpreter, so that what earlier tests left in this process
    # (caches, garbage, tracers) cannot blur a figure of a few kilobytes.
    import subprocess
    import sys

    def peak_while_streaming(n: int) -> int:
        out = subprocess.run([sys.executable, "-c", _STREAMING_PEAK, str(n),
                              str(tmp_path / f"{n}.db")],
                             capture_output=True, text=True, check=True).stdout.split()
        assert int(out[0]) == n
        return int(out[1])

    small, large = peak_while_streaming(500), peak_while_streaming(5000)
    assert large < 2 * small + 64 * 1024, (small, large)
