"""SQL is built with parameters only: hostile text is stored and found as plain text."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from participation.model import Contact, Policy, Submission, SubmissionKind
from participation.store import SqliteStore

HOSTILE = [
    "Robert'); DROP TABLE submissions;--",
    "'; DROP TABLE contacts; --",
    '" OR 1=1 --',
    "x' OR '1'='1",
    "NUL\x00inside",
    "emoji 🏛️👩‍👩‍👧 and Кирилица",
    "%_ LIKE wildcards \\",
    "=HYPERLINK(\"http://evil\")",
    "line\nbreak\r\nand\ttab",
    "",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_round_trips_everywhere(store: SqliteStore, text: str) -> None:
    contact = Contact(name=text or "x", email=text or None, phone=text or None,
                      address=text or None, consent=True)
    s = Submission(text or "id", "web_form", SubmissionKind.COMPLAINT,
                   datetime(2025, 1, 1, tzinfo=UTC), text, text, policy_id=text or None,
                   topic=text, contact=contact)
    store.upsert_submission(s)
    store.upsert_policies([Policy(text or "p", text or "t", area=text)])
    store.put_survey_responses([{"id": text or "r", "survey": text or "s",
                                 "submitted_at": "2025-01-01T00:00:00+00:00", "free": text}])
    assert store.get_submission(s.id) == s
    assert [p.title for p in store.iter_policies()] == [text or "t"]
    assert [r["free"] for r in store.iter_survey_responses(text or "s")] == [text]
    assert store.integrity() == "ok"
    assert set(store.counts()) >= {"submissions", "contacts", "events", "policies"}


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_filters_and_erasure_criteria_match_nothing_and_drop_nothing(
        store: SqliteStore, make: Any, text: str) -> None:
    store.upsert_submission(make("S-1", contact=Contact(email="ana@example.org")))
    assert list(store.iter_submissions(channel=text)) == []
    assert list(store.iter_survey_responses(text)) == []
    assert store.erase_contacts(email=text or "nobody", name=text or "nobody",
                                submission_id=text) == []
    assert store.count_submissions() == 1
    assert store.get_submission("S-1").contact == Contact(email="ana@example.org")


@settings(max_examples=40, deadline=None)
@given(text=st.text(st.characters(exclude_categories=("Cs",)), max_size=60))
def test_any_text_round_trips(text: str) -> None:
    with SqliteStore(":memory:") as store:
        s = Submission("S-1", "web_form", SubmissionKind.PROPOSAL,
                       datetime(2025, 1, 1, tzinfo=UTC), text, text + "'")
        store.upsert_submission(s)
        assert store.get_submission("S-1") == s
        erased = store.erase_contacts(email=text + "@x", name=text or "-")
        assert erased == []
