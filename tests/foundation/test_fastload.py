"""The fast readers agree with the slow ones they stand in for.

``participation.fastload`` reads plain submissions without cattrs' machinery, and
``Serializer.iter_jsonl`` parses them with orjson when it is installed. Both must give
exactly what the converter and the standard parser give, or hand the line back to them.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import participation.serialization as serialization
from participation.errors import InvalidDocumentError
from participation.fastload import converter_as_built, model_as_written, submission_reader
from participation.model import Submission
from participation.serialization import Serializer, make_converter
from participation.testing.strategies import submissions

SER = Serializer()
READ = submission_reader(SER._fast)


def _slow(doc: dict[str, Any]) -> Submission | Exception:
    body = {k: v for k, v in doc.items() if k != "schema"}
    try:
        return SER.converter.structure(body, Submission)  # type: ignore[no-any-return]
    except Exception as exc:
        return exc


def _agree(doc: dict[str, Any]) -> None:
    fast = READ(doc)  # type: ignore[misc]
    slow = _slow(doc)
    if fast is None:
        return  # left to the converter: nothing to compare
    assert not isinstance(slow, Exception), f"fast path accepted what cattrs refuses: {slow!r}"
    assert fast == slow
    assert SER.dump(fast) == SER.dump(slow)  # field by field, extra and events included
    assert type(fast.events) is tuple and type(fast.extra) is type(slow.extra)


def test_the_fast_reader_is_in_use() -> None:
    """The model and the converter are what the reader was written for (if this fails
    after a model change, update ``fastload._SHAPES`` and its checks together)."""
    assert model_as_written()
    assert converter_as_built(SER._fast)
    assert READ is not None


def test_a_plugin_hook_for_a_submission_type_turns_it_off() -> None:
    conv = make_converter(None, detailed=False)
    conv.register_structure_hook(str, lambda v, _t: str(v).strip())
    assert submission_reader(conv) is None


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(submissions(channels=st.sampled_from(["web_form", "email", "post"])))
def test_valid_submissions_read_alike(sub: Submission) -> None:
    doc = json.loads(json.dumps(SER.dump(sub)))
    fast = READ(doc)  # type: ignore[misc]
    assert fast is not None and fast == sub == _slow(doc)


_ODD_VALUES = [None, "", " ", "x", 0, 1, -1, 1.5, True, False, [], {}, [{}], {"a": "b"},
               "2025-01-02", "2025-01-02T09:00:00", "2025-01-02T09:00:00Z",
               "9999-12-31T23:30:00-05:00", "1000-01-01T00:30:00+01:00", "0999-12-31",
               "2025-02-30T10:00:00+02:00", "question", "answered", "extended", "accepted",
               "Web Form", "web_form", {"at": "2025-01-03T09:00:00+02:00", "status": "closed"},
               [{"at": "2024-01-01T09:00:00+02:00", "status": "registered"}],
               [{"at": "2025-01-03T09:00:00+02:00", "status": "registered", "extension": "x"}],
               [{"at": "2025-01-03T09:00:00+02:00", "status": "extended", "extension": "x",
                 "adjustment": True, "note": " "}],
               {"consent": True}, {"name": "A", "consent": 1}, {"email": "a@b.c", "fax": "1"},
               {"answered_at": "2025-01-01T00:00:00+02:00", "outcome": "accepted"},
               {"answered_at": "2025-01-05T00:00:00+02:00", "outcome": "granted", "text": 5},
               {"k": 1}, {"": "v"}, {" ": "v"}, {"b": "2", "a": "1"}]

_BASE = {"schema": "participation.submission/1", "id": "S-1", "channel": "web_form",
         "kind": "question", "received_at": "2025-01-02T09:00:00+02:00", "subject": "s",
         "text": "t", "policy_id": None, "topic": None, "anonymous": False, "contact": None,
         "events": [{"at": "2025-01-02T10:00:00+02:00", "status": "registered", "note": "",
                     "actor": None, "extension": None, "adjustment": False}],
         "response": None, "deadline_rule": None, "occurred_on": None, "extra": {}}


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from([*_BASE, "unknown", "schema"]),
                          st.sampled_from(_ODD_VALUES) | st.text(max_size=5)), max_size=4),
       st.sets(st.sampled_from(list(_BASE)), max_size=2))
def test_broken_submissions_are_refused_or_read_alike(changes: list[tuple[str, Any]],
                                                      dropped: set[str]) -> None:
    doc = json.loads(json.dumps(_BASE))
    for key, value in changes:
        doc[key] = value
    for key in dropped:
        doc.pop(key, None)
    _agree(doc)


def test_every_odd_value_in_every_field() -> None:
    for key in [*_BASE, "unknown"]:
        for value in _ODD_VALUES:
            doc = json.loads(json.dumps(_BASE))
            doc[key] = value
            _agree(doc)
            if key in ("events",) or not isinstance(value, dict | list):
                event = json.loads(json.dumps(_BASE))
                event["events"][0]["note" if key == "subject" else "actor"] = value
                _agree(event)


def test_a_refused_document_gets_the_converters_message() -> None:
    doc = dict(_BASE, received_at="2025-01-02T09:00:00", kind="wish")
    with pytest.raises(InvalidDocumentError) as caught:
        SER.load(doc)
    assert "naive datetime" in str(caught.value) and "unknown SubmissionKind" in str(caught.value)


# iter_jsonl with orjson (the ``fast`` extra) and without ---------------------------------

def _lines_read(lines: list[str], *, with_orjson: bool) -> list[tuple[int, Any, tuple[str, ...]]]:
    saved = serialization._orjson_loads
    if not with_orjson:
        serialization._orjson_loads = None
    try:
        return [(r.line, SER.dump(r.value) if r.ok else None, tuple(map(str, r.problems)))
                for r in SER.iter_jsonl(lines, None, default=Submission)]
    finally:
        serialization._orjson_loads = saved


def test_orjson_is_used_when_installed() -> None:
    pytest.importorskip("orjson")
    assert SER._plain_submissions(None, Submission) is not None


_BASE_LINE = json.dumps(_BASE)
_ODD_LINES = [
    _BASE_LINE, json.dumps({k: v for k, v in _BASE.items() if k != "schema"}), "", "   ",
    _BASE_LINE.replace('"extra": {}', '"extra": {"n": 1234567890123456789}'),
    _BASE_LINE.replace('"extra": {}', '"extra": {"n": 12345678901234567890123}'),
    _BASE_LINE.replace('"extra": {}', '"extra": {"n": 1e400}'),
    _BASE_LINE.replace('"extra": {}', '"extra": {"n": NaN}'),
    _BASE_LINE.replace('"extra": {}', '"extra": {"n": 5}'),
    _BASE_LINE.replace('"text": "t"', '"text": "\\ud800"'),
    _BASE_LINE.replace('"text": "t"', '"text": "caf\\u00e9 \\"quoted\\""'),
    _BASE_LINE.replace('"text": "t"', '"text": "' + "[" * 70 + '"'),
    _BASE_LINE.replace('"extra": {}', '"extra": ' + "[" * 70 + "]" * 70),
    _BASE_LINE.replace('"subject": "s"', '"subject": "s", "subject": "again"'),
    _BASE_LINE.replace("participation.submission/1", "participation.submission/9"),
    _BASE_LINE.replace("participation.submission/1", "participation.policy/1"),
    '{"schema": "participation.policy/1", "id": "P-1", "title": "Plan"}',
    _BASE_LINE.replace('"S-1"', '"S-2"').replace('"question"', '"wish"'),
    _BASE_LINE[:-5], "[1, 2]", "\ufeff" + _BASE_LINE, _BASE_LINE + " x"]


def test_every_line_reads_alike_with_and_without_orjson() -> None:
    lines = [line + "\n" for line in _ODD_LINES]
    fast = _lines_read(lines, with_orjson=True)
    assert fast == _lines_read(lines, with_orjson=False)
    assert sum(1 for _line, value, _p in fast if value is not None) >= 4  # some were read


@settings(max_examples=100, suppress_health_check=[HealthCheck.too_slow])
@given(submissions(channels=st.sampled_from(["web_form", "email", "post"])))
def test_generated_lines_read_alike_with_and_without_orjson(sub: Submission) -> None:
    line = json.dumps(SER.dump(sub), ensure_ascii=False) + "\n"
    assert _lines_read([line], with_orjson=True) == _lines_read([line], with_orjson=False)
