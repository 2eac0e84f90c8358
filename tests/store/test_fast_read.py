"""The store's fast reading side against straightforward references: streaming (two
cursors merged) against fetching each submission by id, and the CSV export from the
stored columns against the CSV of the model objects, byte for byte."""

from __future__ import annotations

import io
import itertools
from datetime import UTC, datetime, timedelta, timezone

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from participation.exporters.csvsafe import FORMULA_TRIGGERS, neutralise
from participation.exporters.submissions import (
    write_stored_submissions_csv,
    write_submissions_csv,
)
from participation.model import (
    Contact,
    Event,
    Outcome,
    Period,
    Response,
    Status,
    Submission,
    SubmissionKind,
)
from participation.store import SqliteStore
from participation.store.codec import utc_text

T0 = datetime(2025, 1, 1, 8, tzinfo=UTC)
ZONES = (UTC, timezone(timedelta(hours=2)), timezone(timedelta(hours=-5, minutes=-30)))
TEXTS = ("", "plain", "=1+1", " -2", "'=quoted", "@x", "+359 2", "ＡＢＣ", "line\nbreak", "a,b\"c")
PATHS = ((), (Status.REGISTERED,), (Status.REGISTERED, Status.ANSWERED),
         (Status.REGISTERED, Status.ANSWERED, Status.CLOSED),
         (Status.REGISTERED, Status.IN_REVIEW, Status.ANSWERED, Status.ANSWERED))


@st.composite
def submissions(draw: st.DrawFn, sid: str) -> Submission:
    at = (T0 + timedelta(minutes=draw(st.integers(0, 60 * 24 * 400)))).astimezone(
        draw(st.sampled_from(ZONES)))
    steps = draw(st.sampled_from(PATHS))
    events = [Event(at + timedelta(hours=i + 1), s, note=draw(st.sampled_from(TEXTS))
                    + ("corrected" if s in steps[:i] else ""),
                    adjustment=s in steps[:i])  # answered twice: the second an adjustment
              for i, s in enumerate(steps)]
    response = None
    if Status.ANSWERED in steps and draw(st.booleans()):
        response = Response(at + timedelta(days=3), draw(st.sampled_from(list(Outcome))),
                            reasoned=draw(st.booleans()), text=draw(st.sampled_from(TEXTS)))
    contact = draw(st.sampled_from([None, Contact(email="ana@example.org"),
                                    Contact(name="=cmd", phone="+359 1", consent=True)]))
    return Submission(
        sid, draw(st.sampled_from(["web_form", "email", "phone"])),
        draw(st.sampled_from(list(SubmissionKind))), at, draw(st.sampled_from(TEXTS)),
        draw(st.sampled_from(TEXTS)), topic=draw(st.sampled_from([None, "=t", "roads"])),
        anonymous=contact is None and draw(st.booleans()), contact=contact, events=events,
        response=response, occurred_on=draw(st.sampled_from([None, at.date()])),
        extra=draw(st.sampled_from([None, {"b": "2", "a": "=1"}])))


def _many(draw: st.DrawFn) -> list[Submission]:
    n = draw(st.integers(0, 12))
    return [draw(submissions(draw(st.sampled_from([f"S-{i}", f"-{i}", f"={i}"])) + f"#{i}"))
            for i in range(n)]


stores = st.composite(_many)()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(stores, st.sampled_from([None, "2025", "2025-Q2"]),
       st.sampled_from([None, Status.ANSWERED, (Status.REGISTERED, Status.CLOSED)]),
       st.sampled_from([None, "email", ("web_form", "phone")]), st.booleans())
def test_streaming_gives_what_fetching_each_one_gives(
        items: list[Submission], period: str | None, status: object, channel: object,
        with_contact: bool) -> None:
    with SqliteStore(":memory:") as store:
        store.write_submissions(items)
        wanted = Period.parse(period) if period else None
        reference = [store.get_submission(s.id, with_contact=with_contact)
                     for s in sorted(items, key=lambda s: (utc_text(s.received_at), s.id))]
        statuses = {status} if isinstance(status, Status) else set(status or ())
        channels = {channel} if isinstance(channel, str) else set(channel or ())
        reference = [s for s in reference
                     if (wanted is None or wanted.start_at(UTC) <= s.received_at
                         < wanted.end_at(UTC))
                     and (not statuses or s.status in statuses)
                     and (not channels or s.channel in channels)]
        got = list(store.iter_submissions(wanted, status, channel, UTC,  # type: ignore[arg-type]
                                          with_contact=with_contact))
        assert got == reference


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(stores, st.booleans())
def test_the_csv_from_stored_columns_is_the_csv_of_the_objects(items: list[Submission],
                                                               personal: bool) -> None:
    with SqliteStore(":memory:") as store:
        store.write_submissions(items)
        from_objects, from_columns = io.StringIO(), io.StringIO()
        n = write_submissions_csv(store.iter_submissions(with_contact=personal), from_objects,
                                  include_personal_data=personal)
        assert write_stored_submissions_csv(store.iter_submission_fields(with_contact=personal),
                                            from_columns) == n == len(items)
        assert from_columns.getvalue() == from_objects.getvalue()
        if not personal:
            assert "example.org" not in from_columns.getvalue()


def test_a_stream_left_unfinished_does_not_block_a_writer(tmp_path: object) -> None:
    from pathlib import Path

    db = Path(str(tmp_path)) / "s.db"
    with SqliteStore(db) as store:
        store.write_submissions([Submission(f"S-{i}", "web_form", SubmissionKind.QUESTION,
                                            T0 + timedelta(hours=i), "q",
                                            events=[Event(T0 + timedelta(hours=i + 1),
                                                          Status.REGISTERED)])
                                 for i in range(5)])
        stream = store.iter_submissions()
        first = next(stream)
        with SqliteStore(db) as other:  # another connection writes meanwhile
            other.write_submissions([Submission("S-9", "web_form", SubmissionKind.QUESTION,
                                                T0 + timedelta(hours=1, minutes=30), "late")])
        # the stream reads the state it started from: one snapshot for both cursors
        rest = list(stream)
        assert [s.id for s in [first, *rest]] == [f"S-{i}" for i in range(5)]
        assert all(len(s.events) == 1 for s in rest)


def test_neutralising_decides_by_the_first_character_as_the_full_rule_does() -> None:
    def full_rule(text: str) -> str:  # the rule as documented, without the shortcut
        head = text.lstrip(" ")
        quoted = head.startswith("'") and head[1:].lstrip(" ").startswith(FORMULA_TRIGGERS)
        return "'" + text if head.startswith(FORMULA_TRIGGERS) or quoted else text

    alphabet = [*FORMULA_TRIGGERS, " ", "'", "a", "1"]
    for size in range(4):
        for chars in itertools.product(alphabet, repeat=size):
            text = "".join(chars)
            assert neutralise(text) == full_rule(text), text
