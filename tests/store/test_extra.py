"""``Submission.extra``: values with no field of their own survive every boundary."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from participation.errors import FieldError, InvalidDocumentError
from participation.model import Submission, SubmissionKind
from participation.serialization import Serializer
from participation.store import SqliteStore

T = datetime(2025, 6, 2, 9, tzinfo=UTC)


def _sub(**extra: str) -> Submission:
    return Submission("S-1", "web_form", SubmissionKind.SIGNAL, T, "Pothole", extra=extra)


def test_extra_is_kept_through_json_and_the_store(tmp_path: Path) -> None:
    s = _sub(lat="42.69", long="23.32", **{"source.status": "in_progress"})
    ser = Serializer()
    assert ser.loads(ser.dumps(s)) == s
    with SqliteStore(tmp_path / "p.db") as store:
        store.upsert_submission(s)
        back = store.get_submission("S-1")
    assert back == s and dict(back.extra) == {"lat": "42.69", "long": "23.32",
                                              "source.status": "in_progress"}


def test_extra_is_read_only_and_holds_text_only() -> None:
    s = _sub(lat="1")
    with pytest.raises(TypeError):
        s.extra["lat"] = "2"  # type: ignore[index]
    with pytest.raises(FieldError, match=r"extra\.lat"):
        Submission("S-1", "web_form", SubmissionKind.SIGNAL, T, "x", extra={"lat": 42.1})  # type: ignore[dict-item]
    with pytest.raises(InvalidDocumentError, match=r"\$.extra"):
        Serializer().loads(Serializer().dumps(s).replace('"1"', "1"))


def test_a_changed_extra_is_an_update(tmp_path: Path) -> None:
    with SqliteStore(tmp_path / "p.db") as store:
        store.upsert_submission(_sub(lat="1"))
        assert store.upsert_submission(_sub(lat="1")).value == "unchanged"
        assert store.upsert_submission(_sub(lat="2")).value == "updated"
        assert store.get_submission("S-1").extra["lat"] == "2"
