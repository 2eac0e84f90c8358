"""Satisfaction indicators: positive answers to survey questions tagged for them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from participation import Administration, GovernmentLevel, Period, Registry, hookimpl
from participation.evaluation import InMemorySource, assess
from participation.surveys import Answer, Option, Question, Survey, SurveyResponse

ADMIN = Administration("Example", "BG", GovernmentLevel.REGIONAL, 1000)
LIKERT = [Option(f"p{i}", {"en": str(i)}) for i in range(1, 6)]
PULSE = Survey("pulse", {"en": "Pulse"}, questions=[
    Question("overall", "likert", {"en": "Satisfied?"}, options=LIKERT,
             indicator="satisfaction.overall"),
    Question("heard", "rating", {"en": "Heard, 0-10?"}, indicator="satisfaction.felt_heard"),
    Question("why", "long_text", {"en": "Why?"}),
])


class Pulse:
    @hookimpl
    def register_surveys(self) -> list[Survey]:
        return [PULSE]


def _r(i: int, month: int, overall: int | None, heard: int | None, version: int = 1) -> SurveyResponse:
    answers = []
    if overall is not None:
        answers.append(Answer("overall", overall))
    if heard is not None:
        answers.append(Answer("heard", heard))
    return SurveyResponse(f"R-{i}", "pulse", version, datetime(2025, month, 10, 12, tzinfo=UTC), answers)


def test_satisfaction_without_survey_responses_is_no_data(kit: Any) -> None:
    ms = kit.measure("2025")
    assert ms["satisfied_share"].value is None
    assert ms["satisfied_share"].n == 0
    assert ms["felt_heard_share"].value is None


def test_satisfaction_from_survey_responses(register_plugin: Callable[..., Any],
                                           registry_factory: Callable[[], Registry]) -> None:
    register_plugin(Pulse())
    registry = registry_factory()
    responses = [
        _r(1, 2, 5, 9),     # positive, positive (9 ≥ 7)
        _r(2, 3, 4, 7),     # positive, positive (7 is the threshold)
        _r(3, 4, 3, 6),     # neutral is not positive; 6 < 7
        _r(4, 5, 1, None),  # negative; heard unanswered: not counted
        _r(5, 6, None, 2),  # overall unanswered: not counted; 2 < 7
        _r(6, 1, 5, 10, version=2),  # another version of the survey: not counted
        _r(1, 2, 5, 9),     # the same response again: counted once
    ]
    a = assess(ADMIN, Period.parse("2025"), InMemorySource(survey_responses=responses), registry)
    sat, heard = a.measurements["satisfied_share"], a.measurements["felt_heard_share"]
    # overall: positive 2 of 4 answered (R-1..R-4) = 0.5
    assert (sat.numerator, sat.denominator, sat.value) == (2, 4, 0.5)
    # heard: positive 2 of 4 answered (R-1, R-2, R-3, R-5) = 0.5
    assert (heard.numerator, heard.denominator, heard.value) == (2, 4, 0.5)
    # Q1 holds only R-1 (February) and R-2 (March): both positive
    q1 = a.trends[Period.parse("2025-Q1")]["satisfied_share"]
    assert (q1.numerator, q1.denominator) == (2, 2)
    # the report carries the survey's results section
    assert [s["survey"] for s in a.surveys] == ["pulse"]
    assert a.surveys[0]["n"] == 5 and a.surveys[0]["invalid"] == 2  # other version, repeat
