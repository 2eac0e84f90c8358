"""Validating responses: every problem with the question key; anonymity; conditions."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from participation.errors import InvalidDocumentError
from participation.model import Contact
from participation.surveys import Answer, Option, Question, Survey, check_survey, ensure_survey
from participation.surveys import validate_response as validate

VALID = {"used": "permit", "overall": 4}


def messages(problems: list[Any]) -> list[str]:
    return [str(p) for p in problems]


def test_a_minimal_valid_response(survey: Survey, types: Any, respond: Any) -> None:
    assert validate(survey, respond("r1", VALID), types) == []


def test_every_problem_is_reported_with_its_question_key(survey: Survey, types: Any,
                                                         respond: Any) -> None:
    r = respond("r1", {"used": "bike", "channels": ["web", "web", "phone"], "overall": 9,
                       "digital": 11, "priorities": ["speed", "nope"],
                       "grid": {"speed": "excellent", "colour": "poor"},
                       "grid_multi": {"desk": ["fast", "clear", "kind"]},
                       "name_it": "x" * 21, "bogus": "?"})
    got = messages(validate(survey, r, types))
    assert got == [
        "bogus: not a question of survey 'fixture'",
        "used: 'bike' is not an option (options: permit, certificate, other)",
        "channels: an option is chosen twice",
        "channels: 3 options chosen, at most 2 allowed",
        "overall: expected a point from 1 to 5, got 9",
        # an invalid answer counts as none for display conditions: "digital" is hidden
        "digital: answered although its display conditions hide it",
        "priorities: 'nope' is not an option",
        "grid: row 'speed': 'excellent' is not an option",
        "grid: 'colour' is not a row",
        "grid_multi: row 'desk': 3 options chosen, at most 2 allowed",
        "name_it: 21 characters, more than the 20 allowed",
    ]


def test_mandatory_questions(survey: Survey, types: Any, respond: Any) -> None:
    got = messages(validate(survey, respond("r1", {"used": "", "channels": []}), types))
    assert got == ["used: required question not answered",
                   "overall: required question not answered"]


def test_hidden_questions_are_not_required_and_may_not_be_answered(
        survey: Survey, types: Any, respond: Any, make_survey: Any) -> None:
    # "why" is shown only to the (very) dissatisfied; "digital" only to web users.
    assert validate(survey, respond("r1", {**VALID, "why": "slow"}), types)[0].path == "why"
    assert "hide" in validate(survey, respond("r1", {**VALID, "why": "slow"}), types)[0].message
    ok = respond("r2", {"used": "permit", "overall": 2, "why": "slow",
                        "channels": ["web"], "digital": 3})
    assert validate(survey, ok, types) == []
    # a mandatory question hidden by its conditions is not required
    strict = make_survey(questions=[*survey.questions[:3], Question(
        "why", "long_text", {"en": "Why?"}, mandatory=True,
        conditions=survey.question("why").conditions)])
    assert validate(strict, respond("r3", VALID), types) == []
    assert messages(validate(strict, respond("r4", {"used": "permit", "overall": 1}), types)) == \
        ["why: required question not answered"]


def test_anonymous_surveys_refuse_identity(survey: Survey, types: Any, respond: Any,
                                           make_survey: Any) -> None:
    r = respond("r1", VALID, respondent_id="R-1", respondent=Contact(email="a@example.org"))
    assert messages(validate(survey, r, types)) == [
        "$.respondent_id: the survey 'fixture' is anonymous: a response must carry no identity",
        "$.respondent: the survey 'fixture' is anonymous: a response must carry no identity",
    ]
    identified = make_survey(anonymous=False)
    assert validate(identified, r, types) == []


def test_survey_version_and_window(survey: Survey, types: Any, respond: Any) -> None:
    late = respond("r1", VALID, at=datetime(2026, 1, 1, tzinfo=UTC), survey_version=2)
    assert messages(validate(survey, late, types)) == [
        "$.survey_version: answers version 2, the survey is at version 1",
        "$.submitted_at: 2026-01-01T00:00:00+00:00 is outside the survey's window",
    ]
    other = respond("r1", VALID, survey="another")
    assert messages(validate(survey, other, types)) == [
        "$.survey: answers survey 'another', not 'fixture'"]


def test_other_texts(survey: Survey, types: Any, respond: Any) -> None:
    with_other = respond("r1", {**VALID, "used": Answer("used", "other", other="Tax office")})
    assert validate(survey, with_other, types) == []
    stray = respond("r1", {**VALID, "used": Answer("used", "permit", other="Tax office")})
    assert messages(validate(survey, stray, types)) == [
        "used: an 'other' text is given but the 'other' option is not chosen"]
    too_long = respond("r1", {**VALID, "channels": Answer("channels", ["other"], other="x" * 251)})
    assert "more than the 250 allowed" in messages(validate(survey, too_long, types))[0]
    on_text = respond("r1", {**VALID, "name_it": Answer("name_it", "a", other="b")})
    assert messages(validate(survey, on_text, types)) == [
        "name_it: an 'other' text belongs to a choice question"]


def test_matrix_mandatory_needs_every_row(types: Any, respond: Any, make_survey: Any) -> None:
    grid = Question("grid", "matrix_single", {"en": "Rate"}, mandatory=True,
                    rows=[Option("a", {"en": "A"}), Option("b", {"en": "B"})],
                    options=[Option("x", {"en": "X"}), Option("y", {"en": "Y"})])
    s = make_survey(questions=[grid])
    assert messages(validate(s, respond("r", {"grid": {"a": "x"}}), types)) == [
        "grid: rows not answered: b"]


def test_wrong_value_shapes(survey: Survey, types: Any, respond: Any) -> None:
    r = respond("r", {"used": ["permit"], "overall": "4", "channels": "web",
                      "grid": ["poor"], "priorities": "speed", "name_it": 3})
    got = messages(validate(survey, r, types))
    assert got == [
        "used: expected one option key, got tuple",
        "channels: expected a list of option keys, got str",
        "overall: expected a point from 1 to 5, got '4'",
        "priorities: expected a list of option keys, best first, got str",
        "grid: expected a mapping of row to option, got tuple",
        "name_it: expected text, got int",
    ]


def test_survey_definitions_are_checked_against_their_types(types: Any) -> None:
    five = [Option(f"p{i}", {"en": str(i)}) for i in range(4)]
    s = Survey("bad", {"en": "Bad"}, questions=[
        Question("a", "likert", {"en": "A"}, options=five),
        Question("b", "teleport", {"en": "B"}),
        Question("c", "multiple_choice", {"en": "C"}, options=five, max_choices=9),
        Question("d", "rating", {"en": "D"}, options=five),
        Question("e", "matrix_single", {"en": "E"}, options=five),
        Question("f", "ranking", {"en": "F"}, options=five[:1]),
    ])
    got = [str(p) for p in check_survey(s, types)]
    assert got[0] == "bad.a: a Likert scale has 5 or 7 labelled points, got 4 options"
    assert got[1].startswith("bad.b: unknown question type 'teleport'; known: likert, ")
    assert got[2:] == ["bad.c: max_choices 9 exceeds the 4 options",
                       "bad.d: a rating has no options or rows",
                       "bad.e: a matrix needs at least one row",
                       "bad.f: a ranking needs at least two options"]
    with pytest.raises(InvalidDocumentError, match="6 problems"):
        ensure_survey(s, types)


def test_the_fixture_survey_is_valid(survey: Survey, types: Any) -> None:
    assert check_survey(survey, types) == []
