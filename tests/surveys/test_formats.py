"""Responses from JSON Lines and CSV (with line numbers), responses and results to CSV,
survey definitions to and from JSON."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from participation import Serializer
from participation.errors import InvalidDocumentError
from participation.model import Contact
from participation.surveys import (
    Answer,
    Survey,
    SurveyResponse,
    read_responses,
    results_to_dict,
    tabulate,
    write_responses_csv,
    write_results_csv,
)
from participation.surveys.formats import iter_csv_responses, redact, response_columns
from participation.surveys.synthetic import generate

AT = "2025-05-01T09:00:00+03:00"


def csv_text(rows: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def test_csv_columns_and_every_type(survey: Survey, types: Any, tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text(csv_text([
        ["id", "submitted_at", "used", "used.other", "channels", "overall", "digital",
         "priorities", "grid", "grid_multi", "name_it", "why"],
        ["r1", AT, "other", "Tax office", "web;phone", "good", "8", "speed;hours",
         "speed=good;courtesy=fair", "desk=fast|kind;web=clear", "fine", ""],
        ["r2", AT, "permit", "", "", "2", "", "", "", "", "", "too slow"],
    ]), encoding="utf-8")
    reads = list(read_responses(path, survey, Serializer(), types))
    assert [r.ok for r in reads] == [True, True]
    r1 = reads[0].response.answer_map()  # type: ignore[union-attr]
    assert r1["used"] == Answer("used", "other", other="Tax office")
    assert r1["channels"].value == ("web", "phone")
    assert r1["overall"].value == 4  # an option key is read as its point
    assert r1["digital"].value == 8
    assert r1["priorities"].value == ("speed", "hours")
    assert r1["grid"].value == {"speed": "good", "courtesy": "fair"}
    assert r1["grid_multi"].value == {"desk": ("fast", "kind"), "web": ("clear",)}
    assert reads[1].response.answer_map()["why"].value == "too slow"  # type: ignore[union-attr]


def test_csv_problems_carry_file_line_and_question(survey: Survey, types: Any,
                                                   tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text(csv_text([
        ["id", "submitted_at", "used", "overall", "name_it"],
        ["r1", AT, "permit", "4", "line one\nline two"],  # a quoted cell over two lines
        ["r2", "2025-05-01T09:00", "permit", "4", ""],
        ["r3", AT, "bike", "lots", ""],
        ["r4", AT, "permit", "", ""],
    ]), encoding="utf-8")
    problems = [str(p) for r in read_responses(path, survey, Serializer(), types)
                for p in r.problems]
    assert problems == [
        f"{path}:line 4: $.submitted_at: naive datetime 2025-05-01T09:00:00 (add a timezone offset)",
        f"{path}:line 5: overall: cannot read 'lots': 'lots' is neither a point 1…5 nor an option key",
        f"{path}:line 5: used: 'bike' is not an option (options: permit, certificate, other)",
        f"{path}:line 6: overall: required question not answered",
    ]


def test_csv_header_problems(survey: Survey, types: Any) -> None:
    text = csv_text([["id", "overall", "colour", "email"], ["r1", "4", "red", "a@b.c"]])
    (only,) = list(iter_csv_responses(io.StringIO(text), survey, types, "x.csv"))
    assert [str(p) for p in only.problems] == [
        "x.csv:line 1: $.submitted_at: required column is missing",
        "x.csv:line 1: colour: unknown column (not a question of survey 'fixture' nor a "
        "documented column)",
    ]
    # identity columns are known, but an anonymous survey refuses filled ones
    text = csv_text([["id", "submitted_at", "used", "overall", "email"],
                     ["r1", AT, "permit", "4", "a@b.c"]])
    (read,) = list(iter_csv_responses(io.StringIO(text), survey, types))
    assert [str(p) for p in read.problems] == [
        "line 2: $.respondent: the survey 'fixture' is anonymous: a response must carry no "
        "identity"]


def test_jsonl_problems_carry_line_numbers(survey: Survey, types: Any, tmp_path: Path,
                                           respond: Any) -> None:
    ser = Serializer()
    good = json.dumps(ser.dump(respond("r1", {"used": "permit", "overall": 4})))
    bad = json.dumps(ser.dump(respond("r2", {"used": "permit", "overall": 6})))
    path = tmp_path / "r.jsonl"
    path.write_text("\n".join([good, "", "{not json", bad,
                               '{"schema": "participation.survey_response/1", "id": "r3"}']),
                    encoding="utf-8")
    reads = list(read_responses(path, survey, ser, types))
    assert [(r.line, r.ok) for r in reads] == [(1, True), (3, False), (4, False), (5, False)]
    assert str(reads[1].problems[0]).startswith(f"{path}:line 3: $: not JSON")
    assert str(reads[2].problems[0]) == f"{path}:line 4: overall: expected a point from 1 to 5, got 6"
    assert {p.path for p in reads[3].problems} >= {"$.survey", "$.submitted_at"}


def test_responses_csv_round_trip_without_confidential_answers(survey: Survey, types: Any,
                                                               make_survey: Any) -> None:
    rs = list(generate(survey, 80, 3, datetime(2025, 2, 1, tzinfo=UTC),
                       datetime(2025, 3, 1, tzinfo=UTC)))
    out = io.StringIO()
    assert write_responses_csv(out, survey, rs, types) == 80
    header = out.getvalue().splitlines()[0].split(",")
    assert "why" not in header  # confidential: never exported
    back = [r.response for r in iter_csv_responses(io.StringIO(out.getvalue()), survey, types)]
    assert back == [redact(r, survey) for r in rs]


def test_identity_is_written_only_on_request(make_survey: Any, types: Any) -> None:
    s = make_survey(anonymous=False)
    r = SurveyResponse("r1", "fixture", 1, datetime(2025, 5, 1, tzinfo=UTC),
                       [Answer("used", "permit"), Answer("overall", 5)],
                       respondent_id="R-1", respondent=Contact(name="Ana", email="ana@example.org"))
    plain = io.StringIO()
    write_responses_csv(plain, s, [r], types)
    assert "Ana" not in plain.getvalue()
    assert "R-1" not in plain.getvalue()
    full = io.StringIO()
    write_responses_csv(full, s, [r], types, identity=True)
    assert "ana@example.org" in full.getvalue()
    (back,) = list(iter_csv_responses(io.StringIO(full.getvalue()), s, types))
    assert back.response == r
    assert response_columns(s)[:9] == ["id", "submitted_at", "survey_version", "language",
                                       "respondent_id", "name", "email", "phone", "address"]


@settings(max_examples=40)
@given(st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1,
               max_size=20).filter(lambda t: t.strip() == t and t))
@example(text="'=")  # a text that looks protected already: written with two quotes, read with one
def test_hostile_text_is_neutralised_and_read_back(survey: Survey, types: Any, text: str) -> None:
    r = SurveyResponse("r1", "fixture", 1, datetime(2025, 5, 1, tzinfo=UTC),
                       [Answer("used", "permit"), Answer("overall", 3), Answer("name_it", text)])
    out = io.StringIO()
    write_responses_csv(out, survey, [r], types)
    cell = next(csv.DictReader(io.StringIO(out.getvalue())))["name_it"]
    assert not cell.startswith(("=", "+", "-", "@"))
    (back,) = list(iter_csv_responses(io.StringIO(out.getvalue()), survey, types))
    assert back.response == r


def test_survey_json_round_trip(survey: Survey) -> None:
    ser = Serializer()
    doc = ser.dump(survey)
    assert doc["schema"] == "participation.survey/1"
    assert [q["type"] for q in doc["questions"]][:3] == ["single_choice", "multiple_choice", "likert"]
    assert ser.loads(json.dumps(doc)) == survey


def test_survey_json_errors_name_the_path() -> None:
    ser = Serializer()
    doc = {"schema": "participation.survey/1", "key": "s", "title": {"en": "S"},
           "questions": [{"key": "q", "type": "likert", "text": {"en": "Q"},
                          "conditions": [{"question": "x", "kind": "near"}], "colour": "red"}]}
    with pytest.raises(InvalidDocumentError) as err:
        ser.load(doc)
    paths = {p.path for p in err.value.problems}
    assert "$.questions[0].colour" in paths


def test_response_json_round_trip(survey: Survey) -> None:
    ser = Serializer()
    for r in generate(survey, 20, 5, datetime(2025, 2, 1, tzinfo=UTC),
                      datetime(2025, 3, 1, tzinfo=UTC)):
        assert ser.loads(ser.dumps(r)) == r


def test_results_to_dict_and_csv(survey: Survey, types: Any) -> None:
    rs = list(generate(survey, 50, 1, datetime(2025, 2, 1, tzinfo=UTC),
                       datetime(2025, 3, 1, tzinfo=UTC)))
    res = tabulate(survey, rs, types, crosstabs=[("used", "overall")])
    d = results_to_dict(res)
    json.dumps(d)  # JSON-ready
    overall = next(q for q in d["questions"] if q["key"] == "overall")
    assert overall["n"] == 50
    assert overall["indicator"] == "satisfaction.overall"
    assert set(overall) >= {"counts", "shares", "mean", "ci95", "positive_share", "skipped"}
    out = io.StringIO()
    write_results_csv(out, res, survey, lang="bg")
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    good = [r for r in rows if r["question"] == "overall" and r["option"] == "good"
            and r["measure"] == "counts"]
    assert good[0]["value"] == str(overall["counts"]["good"])
    assert good[0]["label"] == "good"
    assert any(r["type"] == "crosstab" for r in rows)
    assert {r["measure"] for r in rows if r["question"] == "overall"} >= {
        "n", "shown", "mean", "ci95_low", "ci95_high", "positive_share"}
    assert not any(r["measure"] == "texts" for r in rows)


def test_undecodable_or_broken_files_are_clean_errors(survey: Survey, types: Any,
                                                      tmp_path: Path) -> None:
    latin = tmp_path / "latin.csv"
    latin.write_bytes("id,submitted_at,used,overall\nr1,2025-05-01T09:00:00Z,permit,4\n"
                      "r2,2025-05-01T09:00:00Z,café,4\n".encode("latin-1"))
    with pytest.raises(InvalidDocumentError, match="not UTF-8 text"):
        list(read_responses(latin, survey, Serializer(), types))
    huge = tmp_path / "huge.csv"
    huge.write_text("id,submitted_at,used,overall,name_it\n"
                    f"r1,2025-05-01T09:00:00Z,permit,4,\"{'x' * 200_000}\"\n", encoding="utf-8")
    with pytest.raises(InvalidDocumentError, match=r"huge.csv:line 2: \$: not readable as CSV"):
        list(read_responses(huge, survey, Serializer(), types))


def test_surveys_section_for_a_period(survey: Survey, types: Any, respond: Any) -> None:
    from participation.surveys import surveys_section

    jan, feb = datetime(2025, 1, 15, tzinfo=UTC), datetime(2025, 2, 15, tzinfo=UTC)
    rs = [respond("r1", {"used": "permit", "overall": 5}, at=jan),
          respond("r2", {"used": "permit", "overall": 1}, at=feb),
          respond("r3", {"used": "permit", "overall": 9}, at=feb),  # invalid
          respond("r4", {"x": 1}, at=feb, survey="unknown")]
    section = surveys_section(rs, {"fixture": survey}, types,
                              start=datetime(2025, 2, 1, tzinfo=UTC),
                              end=datetime(2025, 3, 1, tzinfo=UTC))
    assert [(d["survey"], d["n"], d["invalid"]) for d in section] == [("fixture", 1, 1)]
    overall = next(q for q in section[0]["questions"] if q["key"] == "overall")
    assert overall["counts"]["very_bad"] == 1
    json.dumps(section)
