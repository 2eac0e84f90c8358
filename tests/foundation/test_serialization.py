"""Serialization: round-trips for every model class, every failing path reported."""

from __future__ import annotations

import io
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from participation import InvalidDocumentError, Serializer, Submission
from participation.testing import strategies as ps

SER = Serializer()


@pytest.mark.parametrize("strategy", [
    ps.submissions(), ps.policies(), ps.activities(), ps.administrations(), ps.channel_types(),
], ids=["submission", "policy", "activity", "administration", "channel_type"])
@given(data=st.data())
def test_round_trip_every_model_class(strategy: st.SearchStrategy[object], data: st.DataObject) -> None:
    obj = data.draw(strategy)
    text = SER.dumps(obj)
    assert json.loads(text)["schema"].startswith("participation.")
    assert SER.loads(text) == obj


@given(ps.periods())
def test_period_round_trips_through_its_text(p: object) -> None:
    from participation import Period

    assert Period.parse(str(p)) == p


def _doc(**kw: object) -> dict[str, object]:
    doc: dict[str, object] = {"schema": "participation.submission/1", "id": "S-1",
                              "channel": "web_form", "kind": "signal",
                              "received_at": "2025-03-03T09:00:00+02:00", "subject": "x"}
    doc.update(kw)
    return doc


def test_every_failing_path_is_listed() -> None:
    bad = _doc(kind="wish", received_at="2025-03-03T09:00", colour="red",
               events=[{"at": "2025-03-04T10:00:00Z", "status": "registered"},
                       {"at": "yesterday", "status": "answered"}])
    with pytest.raises(InvalidDocumentError) as err:
        SER.load(bad)
    paths = sorted(p.path for p in err.value.problems)
    assert paths == ["$.colour", "$.events[1].at", "$.kind", "$.received_at"]
    assert "naive datetime" in str(err.value)


def test_invariant_errors_name_the_nested_field() -> None:
    bad = _doc(response={"answered_at": "2025-03-01T00:00:00Z", "outcome": "accepted"})
    with pytest.raises(InvalidDocumentError, match=r"\$\.response\.answered_at: .* is before received_at"):
        SER.load(bad)


def test_missing_field_and_wrong_schema() -> None:
    doc = _doc()
    del doc["received_at"]
    with pytest.raises(InvalidDocumentError, match=r"\$\.received_at: required field is missing"):
        SER.load(doc)
    with pytest.raises(InvalidDocumentError, match="unknown document type 'cake'"):
        SER.load(_doc(schema="participation.cake/1"))
    with pytest.raises(InvalidDocumentError, match="newer than this library reads"):
        SER.load(_doc(schema="participation.submission/99"))
    with pytest.raises(InvalidDocumentError, match="missing schema tag"):
        SER.load({k: v for k, v in _doc().items() if k != "schema"})
    assert SER.load({k: v for k, v in _doc().items() if k != "schema"}, Submission).id == "S-1"


def test_jsonl_reports_line_numbers_and_keeps_going() -> None:
    lines = [json.dumps(_doc(id="S-1")), "", "{not json", json.dumps(_doc(id="S-3", kind="x")),
             json.dumps(_doc(id="S-4"))]
    results = list(SER.iter_jsonl(io.StringIO("\n".join(lines) + "\n")))
    assert [(r.line, r.ok) for r in results] == [(1, True), (3, False), (4, False), (5, True)]
    assert results[2].problems[0].line == 4
    assert results[2].problems[0].path == "$.kind"
    with pytest.raises(InvalidDocumentError, match=r"data.jsonl:line 3: \$: not JSON"):
        list(SER.read_jsonl(io.StringIO("\n".join(lines)), source="data.jsonl"))


@given(st.lists(ps.submissions(), max_size=5))
def test_jsonl_round_trip(subs: list[Submission]) -> None:
    buf = io.StringIO()
    assert SER.write_jsonl(subs, buf) == len(subs)
    buf.seek(0)
    assert list(SER.read_jsonl(buf, Submission)) == subs


def test_converter_is_private() -> None:
    import cattrs

    assert Serializer().converter is not cattrs.global_converter
    assert Serializer().converter is not SER.converter
