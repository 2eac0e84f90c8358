"""The store's fast reading side against straightforward references: streaming (two
cursors merged) against fetching each submission by id, and the CSV export from the
stored columns against the CSV of the model objects, byte for byte."""

from __future__ import annotations

import io
import itertools
import json
import re
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from participation.errors import FieldError
from participation.exporters.csvsafe import FORMULA_TRIGGERS, neutralise
from participation.exporters.submissions import (
    documents_from_fields,
    sql_lines_agree,
    write_lines,
    write_stored_submissions_csv,
    write_stored_submissions_jsonl,
    write_submissions_csv,
    write_submissions_jsonl,
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
from participation.serialization import Serializer
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
       st.sampled_from([None, "email", ("web_form", "phone")]), st.booleans(),
       st.sampled_from(["received", "id"]))
def test_streaming_gives_what_fetching_each_one_gives(
        items: list[Submission], period: str | None, status: object, channel: object,
        with_contact: bool, order: str) -> None:
    with SqliteStore(":memory:") as store:
        store.write_submissions(items)
        wanted = Period.parse(period) if period else None
        key = (lambda s: s.id) if order == "id" else (lambda s: (utc_text(s.received_at), s.id))
        reference = [store.get_submission(s.id, with_contact=with_contact)
                     for s in sorted(items, key=key)]
        statuses = {status} if isinstance(status, Status) else set(status or ())
        channels = {channel} if isinstance(channel, str) else set(channel or ())
        reference = [s for s in reference
                     if (wanted is None or wanted.start_at(UTC) <= s.received_at
                         < wanted.end_at(UTC))
                     and (not statuses or s.status in statuses)
                     and (not channels or s.channel in channels)]
        got = list(store.iter_submissions(wanted, status, channel, UTC,  # type: ignore[arg-type]
                                          with_contact=with_contact, order=order))
        assert got == reference
        assert [repr(s) for s in got] == [repr(s) for s in reference]  # offsets and all


def test_by_id_a_history_written_in_several_goes_reads_whole(tmp_path: Path) -> None:
    """Steps appended later (the desk) sit apart from the first ones in the file; read by
    id, each submission still gets all of its own steps, in order, and none of another's."""
    db = tmp_path / "s.db"
    with SqliteStore(db) as store:
        store.write_submissions([Submission(f"S-{i}", "web_form", SubmissionKind.QUESTION,
                                            T0 + timedelta(hours=10 - i), "q",
                                            events=[Event(T0 + timedelta(hours=11),
                                                          Status.REGISTERED)])
                                 for i in range(6)])
        for i in (4, 1, 5):
            store.append_event(f"S-{i}", Event(T0 + timedelta(hours=12), Status.IN_REVIEW),
                               expected_position=1)
        store.append_event("S-1", Event(T0 + timedelta(hours=13), Status.ANSWERED),
                           expected_position=2)
        by_id = list(store.iter_submissions(order="id"))
        assert [s.id for s in by_id] == [f"S-{i}" for i in range(6)]
        assert [[e.status.value for e in s.events] for s in by_id] == [
            ["registered"], ["registered", "in_review", "answered"], ["registered"],
            ["registered"], ["registered", "in_review"], ["registered", "in_review"]]
        # a filter leaves out submissions, and their steps are not given to the next one
        later = list(store.iter_submissions(status=Status.IN_REVIEW, order="id"))
        assert [(s.id, len(s.events)) for s in later] == [("S-4", 2), ("S-5", 2)]
        assert sorted(by_id, key=lambda s: s.received_at) == list(store.iter_submissions())


def test_an_unknown_order_is_refused() -> None:
    with SqliteStore(":memory:") as store, pytest.raises(ValueError, match="order must be"):
        next(store.iter_submissions(order="random"))


@pytest.mark.parametrize(("column", "value", "message"), [
    ("received_at", "2025-01-01T08:00:00", "received_at: naive datetime"),
    ("channel", "Web Form", "channel: 'Web Form' is not a key"),
    ("answered_at", "2024-12-31T08:00:00+00:00", "response.answered_at: 2024-12-31T08:00:00+00:00 "
                                                 "is before received_at"),
    ("kind", "wish", "'wish' is not a valid SubmissionKind"),
])
def test_a_row_that_breaks_a_rule_of_the_model_fails_as_through_the_constructor(
        column: str, value: str, message: str) -> None:
    """The store's fast reader runs every check of the model: a row changed behind the
    library's back (another program, a hand edit) fails as the constructor fails."""
    with SqliteStore(":memory:") as store:
        store.write_submissions([Submission(
            "S-1", "web_form", SubmissionKind.QUESTION, T0, "q",
            events=[Event(T0 + timedelta(hours=1), Status.REGISTERED),
                    Event(T0 + timedelta(days=2), Status.ANSWERED)],
            response=Response(T0 + timedelta(days=2), Outcome.ACCEPTED))])
        # the column name comes from the parameters above, never from input
        store.connection.execute(f"UPDATE submissions SET {column} = ?", (value,))
        for order in ("received", "id"):
            with pytest.raises((ValueError, FieldError), match=re.escape(message)):
                list(store.iter_submissions(order=order))
            with pytest.raises((ValueError, FieldError), match=re.escape(message)):
                store.get_submission("S-1")  # the constructor's own reading


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


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(stores, st.booleans())
def test_the_jsonl_from_stored_columns_is_the_jsonl_of_the_objects(items: list[Submission],
                                                                   personal: bool) -> None:
    serializer = Serializer()
    assert documents_from_fields(serializer)
    with SqliteStore(":memory:") as store:
        store.write_submissions(items)
        from_objects, from_columns = io.StringIO(), io.StringIO()
        n = write_submissions_jsonl(store.iter_submissions(with_contact=personal), from_objects,
                                    serializer, include_personal_data=personal)
        assert write_stored_submissions_jsonl(
            store.iter_submission_fields(with_contact=personal, events=True), from_columns,
            serializer) == n == len(items)
        assert from_columns.getvalue() == from_objects.getvalue()
        assert [serializer.load(json.loads(line)) for line in from_columns.getvalue().splitlines()] \
            == list(store.iter_submissions(with_contact=personal))


def test_a_serializer_that_writes_otherwise_is_left_to_write_the_documents() -> None:
    serializer = Serializer()
    serializer.converter.register_unstructure_hook(datetime, lambda d: d.timestamp())
    assert not documents_from_fields(serializer)
    serializer = Serializer()
    serializer.converter.register_unstructure_hook(Response, lambda r: r.outcome.value)
    assert not documents_from_fields(serializer)


def test_export_jsonl_with_such_a_plugin_writes_what_the_serializer_writes(
        tmp_path: Path, register_plugin: Any, plugin_manager: Any) -> None:
    from click.testing import CliRunner

    from participation.cli import build_cli
    from participation.plugins import hookimpl

    class Epoch:
        @hookimpl
        def configure_converter(self, converter: Any) -> None:
            converter.register_unstructure_hook(datetime, lambda d: d.timestamp())

    db = tmp_path / "s.db"
    with SqliteStore(db) as store:
        store.write_submissions([Submission("S-1", "web_form", SubmissionKind.QUESTION, T0, "q",
                                            events=[Event(T0 + timedelta(hours=1),
                                                          Status.REGISTERED)])])
    register_plugin(Epoch(), "epoch")
    result = CliRunner().invoke(build_cli(plugin_manager), ["export", "jsonl", "--db", str(db),
                                                            "--out", str(tmp_path / "o.jsonl")])
    assert result.exit_code == 0, result.output
    document = json.loads((tmp_path / "o.jsonl").read_text(encoding="utf-8"))
    assert document["received_at"] == T0.timestamp()
    assert document["events"][0]["at"] == T0.timestamp() + 3600


def test_a_stream_left_unfinished_does_not_block_a_writer(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
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


def _python_lines(store: SqliteStore, personal: bool, serializer: Serializer) -> str:
    out = io.StringIO()
    write_submissions_jsonl(store.iter_submissions(with_contact=personal), out, serializer,
                            include_personal_data=personal)
    return out.getvalue()


def _sql_lines(store: SqliteStore, personal: bool, serializer: Serializer) -> str:
    out = io.StringIO()
    write_lines(store.iter_submission_lines(serializer.tag(Submission), with_contact=personal), out)
    return out.getvalue()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(stores, st.booleans())
def test_the_lines_sqlite_writes_are_the_jsonl_of_the_objects(items: list[Submission],
                                                              personal: bool) -> None:
    serializer = Serializer()
    assert sql_lines_agree()
    with SqliteStore(":memory:") as store:
        store.write_submissions(items)
        assert _sql_lines(store, personal, serializer) == _python_lines(store, personal, serializer)


# any text a citizen may send: control characters, quotes, backslashes, any plane
_ANY_TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=30)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(_ANY_TEXT, _ANY_TEXT, _ANY_TEXT), min_size=1, max_size=4),
       st.booleans())
def test_sqlite_escapes_any_text_as_json_does(texts: list[tuple[str, str, str]],
                                              personal: bool) -> None:
    serializer = Serializer()
    items = [Submission(f"S-{i}", "email", SubmissionKind.COMPLAINT, T0 + timedelta(hours=i),
                        subject, text,
                        contact=Contact(name=note or "n", address=text, consent=True),
                        events=[Event(T0 + timedelta(hours=i + 1), Status.REGISTERED, note=note,
                                      actor=subject or None)])
             for i, (subject, text, note) in enumerate(texts)]
    with SqliteStore(":memory:") as store:
        store.write_submissions(items)
        written = _sql_lines(store, personal, serializer)
        assert written == _python_lines(store, personal, serializer)
        # a line ends at "\n" only (str.splitlines would also cut at U+2028 and others)
        assert [json.loads(line)["subject"] for line in written.split("\n")[:-1]] \
            == [t[0] for t in texts]


def test_steps_joined_out_of_order_are_read_again_in_order(monkeypatch: pytest.MonkeyPatch) -> None:
    from participation.store import lines

    serializer = Serializer()
    items = [Submission(f"S-{i}", "email", SubmissionKind.COMPLAINT, T0 + timedelta(hours=i), "s",
                        events=[Event(T0 + timedelta(hours=i + k + 1), status,
                                      note="again" if status in path[:k] else "",
                                      adjustment=status in path[:k])
                                for k, status in enumerate(path)])
             for i, path in enumerate(PATHS * 2)]
    with SqliteStore(":memory:") as store:
        store.write_submissions(items)
        expected = _python_lines(store, True, serializer)
        # as if group_concat had joined every history in another order than its positions
        monkeypatch.setattr(lines, "_IN_ORDER", ["2,1,0"] * 64)
        read_again: list[tuple[Any, ...]] = []
        real_execute = store._conn.execute

        class Spy:  # the connection, counting the histories read again
            def execute(self, sql: str, params: Any = ()) -> Any:
                if sql == lines._EVENTS_OF:
                    read_again.append(params)
                return real_execute(sql, params)

        assert "".join(line + "\n" for line in lines.iter_lines(
            Spy(), serializer.tag(Submission), with_contact=True)) == expected  # type: ignore[arg-type]
        assert len(read_again) == sum(1 for s in items if s.events)


def test_an_sqlite_that_escapes_otherwise_leaves_the_export_to_python(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from participation.cli import build_cli
    from participation.store import lines

    db = tmp_path / "s.db"
    with SqliteStore(db) as store:
        store.write_submissions([Submission("S-1", "email", SubmissionKind.QUESTION, T0, "é\x01")])
    sql_lines_agree.cache_clear()
    monkeypatch.setattr(lines, "quote_agrees", lambda conn: False)
    try:
        assert not sql_lines_agree()
        used: list[bool] = []
        monkeypatch.setattr(SqliteStore, "iter_submission_lines",
                            lambda *a, **k: used.append(True) or iter(()))
        result = CliRunner().invoke(build_cli(), ["export", "jsonl", "--db", str(db),
                                                  "--out", str(tmp_path / "o.jsonl")])
        assert result.exit_code == 0, result.output
        assert not used
        assert json.loads((tmp_path / "o.jsonl").read_text(encoding="utf-8"))["subject"] == "é\x01"
    finally:
        sql_lines_agree.cache_clear()


def test_a_text_that_is_not_utf8_is_named_not_shown(tmp_path: Path) -> None:
    import sqlite3

    from click.testing import CliRunner

    from participation.cli import build_cli

    db = tmp_path / "s.db"
    with SqliteStore(db) as store:
        store.write_submissions([Submission(f"S-{i}", "email", SubmissionKind.QUESTION,
                                            T0 + timedelta(hours=i), "subject",
                                            contact=Contact(email="ana@example.org"))
                                 for i in range(3)])
    conn = sqlite3.connect(db)
    conn.execute("UPDATE submissions SET text = CAST(x'41ff42' AS TEXT) WHERE id = 'S-1'")
    conn.commit()
    conn.close()
    out = tmp_path / "o.jsonl"
    result = CliRunner().invoke(build_cli(), ["export", "jsonl", "--db", str(db), "--out", str(out),
                                              "--include-personal-data"])
    assert result.exit_code == 1
    assert "not UTF-8, in the submission after 'S-0'" in result.output
    assert "example.org" not in result.output and "subject" not in result.output
    assert not out.exists()
