"""The stored texts of a moment (as written, and in UTC) against the straightforward
``isoformat`` of the moment and of its UTC reading: :func:`moment_texts` puts them
together from cached pieces, so every offset, fraction and year it may meet is
compared here, and an import of such moments is read back from the store's rows."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from participation.cli import build_cli
from participation.moments import FIRST_YEAR, LAST_YEAR
from participation.store import SqliteStore, codec

#: Offsets people's systems write: whole hours, quarter and half hours on either side
#: of UTC, the largest there are, and the odd ones Python allows (seconds, microseconds).
OFFSETS = [timedelta(0), timedelta(hours=2), timedelta(hours=-3), timedelta(hours=5, minutes=45),
           timedelta(hours=5, minutes=30), timedelta(minutes=-30), timedelta(hours=14),
           timedelta(hours=-12), timedelta(hours=23, minutes=59), -timedelta(hours=23, minutes=59),
           timedelta(seconds=30), timedelta(hours=-1, minutes=-2, seconds=-3),
           timedelta(hours=1, microseconds=5)]
ZONES = [UTC, *(timezone(o) for o in OFFSETS), timezone(timedelta(hours=2), "EET"),
         ZoneInfo("Europe/Sofia"), ZoneInfo("Asia/Kathmandu"), ZoneInfo("America/St_Johns")]


def _straightforward(moment: datetime) -> tuple[str, str]:
    """The two texts, computed the plain way (what the store wrote before the cache)."""
    utc = moment.astimezone(UTC).replace(tzinfo=None)
    return moment.isoformat(), utc.isoformat(timespec="microseconds")


def _outcome(compute: Any, moment: datetime) -> Any:
    try:
        return compute(moment)
    except (OverflowError, ValueError) as exc:
        return type(exc)


_near_edges = st.sampled_from([1, 2, FIRST_YEAR - 1, FIRST_YEAR, FIRST_YEAR + 1, 2024, 2025,
                               LAST_YEAR - 1, LAST_YEAR, LAST_YEAR + 1, 9998, 9999])
_moments = st.builds(
    lambda year, rest, zone, fold: rest.replace(year=year, day=min(rest.day, 28), tzinfo=zone,
                                                fold=fold),
    st.one_of(_near_edges, st.integers(1, 9999)),
    st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2000, 12, 31, 23, 59, 59, 999999)),
    st.sampled_from(ZONES), st.integers(0, 1))


@settings(max_examples=600, deadline=None)
@given(st.lists(_moments, min_size=1, max_size=20))
def test_the_texts_of_a_moment_are_its_isoformat_and_its_utc_isoformat(moments: list[datetime]) -> None:
    for moment in moments * 2:  # twice: the second time from the cached pieces
        assert _outcome(codec.moment_texts, moment) == _outcome(_straightforward, moment)
        assert codec.local_text(moment) == moment.isoformat()


def test_the_same_when_the_cached_pieces_are_emptied_often(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(codec, "_HOURS_KEPT", 3)
    start = datetime(LAST_YEAR, 12, 31, 20, 59, 59, 999999, tzinfo=timezone(timedelta(hours=-2)))
    for i in range(200):
        moment = start + timedelta(minutes=17 * i, microseconds=-i)
        assert codec.moment_texts(moment) == _straightforward(moment)


def test_a_submission_of_a_moment_that_has_no_utc_reading_is_still_refused_alike() -> None:
    late = datetime(9999, 12, 31, 23, 30, tzinfo=timezone(timedelta(hours=-1)))
    with pytest.raises(OverflowError):
        codec.moment_texts(late)
    assert codec.local_text(late) == "9999-12-31T23:30:00-01:00"


_TRICKY = ["1000-01-01T00:00:00+00:00", "1000-01-01T12:00:00.000001Z", "2025-03-03T01:30:00+05:45",
           "2025-03-03T01:30:00.5-00:30", "2025-12-31T23:59:59.999999-12:00",
           "2025-06-01T00:00+14:00", "8999-12-31T20:00:00.123456-03:00",
           "2024-02-29T23:00:00+00:00:30"]


def test_an_import_stores_the_moments_as_written_and_in_utc(tmp_path: Path,
                                                            plugin_manager: Any) -> None:
    lines = []
    for i, at in enumerate(_TRICKY):
        later = _TRICKY[(i + 3) % len(_TRICKY)]
        received = min(at, later, key=lambda t: datetime.fromisoformat(t))
        step = max(at, later, key=lambda t: datetime.fromisoformat(t))
        lines.append(json.dumps({
            "schema": "participation.submission/1", "id": f"S-{i}", "channel": "web_form",
            "kind": "question", "received_at": received, "subject": "s",
            "events": [{"at": step, "status": "registered"}],
            "response": {"answered_at": step, "outcome": "informational"}}))
    data = tmp_path / "tricky.jsonl"
    data.write_text("\n".join(lines) + "\n", encoding="utf-8")
    db = tmp_path / "store.db"
    result = CliRunner().invoke(build_cli(plugin_manager), ["import", str(data), "--db", str(db)])
    assert result.exit_code == 0, result.output
    conn = sqlite3.connect(db)
    stored = conn.execute("SELECT s.received_at, s.received_utc, e.at, e.at_utc, s.answered_at "
                          "FROM submissions s JOIN events e ON e.submission_id = s.id").fetchall()
    conn.close()
    assert len(stored) == len(_TRICKY)
    for received_at, received_utc, at, at_utc, answered_at in stored:
        for written, utc in ((received_at, received_utc), (at, at_utc)):
            assert (written, utc) == _straightforward(datetime.fromisoformat(written))
        assert answered_at == at
    expected = {_straightforward(datetime.fromisoformat(t))[0] for t in _TRICKY}
    assert {row[0] for row in stored} | {row[2] for row in stored} == expected
    with SqliteStore(db) as store:  # and they read back as the moments that were written
        for s in store.iter_submissions():
            assert s.received_at.isoformat() in expected
