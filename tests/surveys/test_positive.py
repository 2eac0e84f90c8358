"""positive(): what the evaluation's satisfaction indicators count."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from participation.surveys import Answer, Option, Question, Survey, SurveyResponse, positive
from participation.surveys.positive import indicator_answers


def likert(points: int) -> Question:
    return Question("l", "likert", {"en": "L"},
                    options=[Option(f"p{i}", {"en": str(i)}) for i in range(1, points + 1)])


@pytest.mark.parametrize(("points", "value", "expected"), [
    (5, 5, True), (5, 4, True), (5, 3, False), (5, 1, False),
    (7, 7, True), (7, 6, True), (7, 5, False),
])
def test_likert_top_two_box(points: int, value: int, expected: bool) -> None:
    assert positive(likert(points), Answer("l", value)) is expected


@pytest.mark.parametrize(("value", "expected"), [(10, True), (7, True), (6, False), (0, False)])
def test_rating_from_seven(value: int, expected: bool) -> None:
    assert positive(Question("r", "rating", {"en": "R"}), Answer("r", value)) is expected


def test_choice_options_marked_positive() -> None:
    q = Question("c", "single_choice", {"en": "C"}, options=[
        Option("in_time", {"en": "In time"}, positive=True), Option("late", {"en": "Late"})])
    assert positive(q, Answer("c", "in_time")) is True
    assert positive(q, Answer("c", "late")) is False
    unmarked = Question("c", "single_choice", {"en": "C"},
                        options=[Option("a", {"en": "A"}), Option("b", {"en": "B"})])
    assert positive(unmarked, Answer("c", "a")) is None
    multi = Question("m", "multiple_choice", {"en": "M"}, options=q.options)
    assert positive(multi, Answer("m", ["late", "in_time"])) is True


def test_not_applicable_or_unanswered_is_none() -> None:
    assert positive(likert(5), None) is None
    assert positive(likert(5), Answer("l", None)) is None
    assert positive(likert(5), Answer("l", 9)) is None  # invalid
    assert positive(Question("t", "short_text", {"en": "T"}), Answer("t", "great")) is None
    assert positive(Question("x", "teleport", {"en": "X"}), Answer("x", 1)) is None


def test_indicator_answers(survey: Survey, types: Any) -> None:
    r = SurveyResponse("r", "fixture", 1, datetime(2025, 5, 1, tzinfo=UTC),
                       [Answer("used", "permit"), Answer("overall", 4)])
    assert list(indicator_answers(survey, r, types)) == [("satisfaction.overall", "overall", True)]
