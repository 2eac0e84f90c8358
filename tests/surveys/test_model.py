"""Survey model invariants: every mistake in a definition names the field."""

from __future__ import annotations

from datetime import datetime

import pytest

from participation.errors import FieldError, UnknownKeyError
from participation.surveys import Answer, DisplayCondition, Option, Question, Survey, SurveyResponse


def q(key: str, **kw: object) -> Question:
    return Question(key, kw.pop("type", "single_choice"), {"en": key},  # type: ignore[arg-type]
                    options=kw.pop("options", [Option("a", {"en": "A"}), Option("b", {"en": "B"})]),
                    **kw)  # type: ignore[arg-type]


def test_survey_refuses_duplicate_questions_and_bad_windows(survey: Survey) -> None:
    with pytest.raises(FieldError, match="duplicate question key 'x'"):
        Survey("s", {"en": "S"}, questions=[q("x"), q("x")])
    with pytest.raises(FieldError, match="closes_at"):
        Survey("s", {"en": "S"}, opens_at=survey.closes_at, closes_at=survey.opens_at)
    with pytest.raises(FieldError, match="naive"):
        Survey("s", {"en": "S"}, opens_at=datetime(2025, 1, 1))
    with pytest.raises(FieldError, match="English"):
        Survey("s", {"bg": "Анкета"})
    with pytest.raises(FieldError, match="version"):
        Survey("s", {"en": "S"}, version=0)


def test_conditions_point_to_an_earlier_question_and_a_real_option() -> None:
    later = q("later", conditions=[DisplayCondition("first", "answered")])
    with pytest.raises(FieldError, match="'first', which is not an earlier question"):
        Survey("s", {"en": "S"}, questions=[later, q("first")])
    wrong = q("second", conditions=[DisplayCondition("first", "equal", "zzz")])
    with pytest.raises(FieldError, match="'zzz' is not an option of 'first'"):
        Survey("s", {"en": "S"}, questions=[q("first"), wrong])


def test_condition_values() -> None:
    with pytest.raises(FieldError, match="needs a value"):
        DisplayCondition("a", "equal")
    with pytest.raises(FieldError, match="takes no value"):
        DisplayCondition("a", "answered", "x")
    with pytest.raises(FieldError, match="not a regular expression"):
        DisplayCondition("a", "matches", "(unclosed")
    with pytest.raises(ValueError, match="'looks_like'"):
        DisplayCondition("a", "looks_like", "x")


def test_options_other_and_duplicates() -> None:
    other = Option("o", {"en": "Other"}, other=True)
    with pytest.raises(FieldError, match="only option"):
        q("x", options=[other])
    with pytest.raises(FieldError, match="more than one 'other'"):
        q("x", options=[other, Option("p", {"en": "P"}, other=True)])
    with pytest.raises(FieldError, match="duplicate keys a"):
        q("x", options=[Option("a", {"en": "A"}), Option("a", {"en": "B"})])
    with pytest.raises(FieldError, match="max_choices"):
        q("x", max_choices=0)


def test_lookups_and_labels(survey: Survey) -> None:
    assert survey.question("overall").label("bg") == "Satisfied?"  # English fallback
    assert survey.question("used").option("permit").text("bg") == "permit"  # type: ignore[union-attr]
    with pytest.raises(UnknownKeyError, match="unknown question of survey 'fixture' 'nope'"):
        survey.question("nope")
    assert survey.languages() == ["bg", "en"]


def test_response_refuses_a_question_answered_twice(survey: Survey) -> None:
    with pytest.raises(FieldError, match="answered twice: used"):
        SurveyResponse("r", "fixture", 1, survey.opens_at, [Answer("used", "permit"),  # type: ignore[arg-type]
                                                            Answer("used", "other")])


def test_answer_values_are_frozen() -> None:
    a = Answer("grid", {"r": ["x", "y"]})
    assert a.value == {"r": ("x", "y")}
    assert Answer("m", ["a", "b"]).value == ("a", "b")
