"""A small survey that uses every built-in question type, for the survey tests."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

import pytest

from participation.surveys import (
    Answer,
    DisplayCondition,
    Option,
    Question,
    QuestionType,
    Survey,
    SurveyResponse,
)
from participation.surveys.builtin import BUILTIN_TYPES

AT = datetime(2025, 5, 1, 9, tzinfo=UTC)


def opts(*keys: str, other: str | None = None) -> list[Option]:
    out = [Option(k, {"en": k.replace("_", " ").title(), "bg": k}) for k in keys]
    if other:
        out.append(Option(other, {"en": "Other", "bg": "Друго"}, other=True))
    return out


def make_survey(**overrides: Any) -> Survey:
    questions = [
        Question("used", "single_choice", {"en": "Which service?"}, mandatory=True,
                 options=opts("permit", "certificate", other="other")),
        Question("channels", "multiple_choice", {"en": "Which channels?"}, max_choices=2,
                 options=opts("web", "phone", "desk", other="other")),
        Question("overall", "likert", {"en": "Satisfied?"}, mandatory=True,
                 indicator="satisfaction.overall",
                 options=opts("very_bad", "bad", "neutral", "good", "very_good")),
        Question("why", "long_text", {"en": "Why?"}, max_characters=50, confidential=True,
                 conditions=[DisplayCondition("overall", "equal", "very_bad", mandatory=False),
                             DisplayCondition("overall", "equal", "bad", mandatory=False)]),
        Question("digital", "rating", {"en": "E-services 0-10?"},
                 conditions=[DisplayCondition("channels", "equal", "web")]),
        Question("priorities", "ranking", {"en": "Rank"}, options=opts("speed", "clarity", "hours")),
        Question("grid", "matrix_single", {"en": "Rate"}, rows=opts("speed", "courtesy"),
                 options=opts("poor", "fair", "good")),
        Question("grid_multi", "matrix_multiple", {"en": "Which, per row"}, max_choices=2,
                 rows=opts("desk", "web"), options=opts("fast", "clear", "kind")),
        Question("name_it", "short_text", {"en": "One word?"}, max_characters=20),
    ]
    fields: dict[str, Any] = {"key": "fixture", "title": {"en": "Fixture", "bg": "Проба"},
                              "questions": questions,
                              "opens_at": datetime(2025, 1, 1, tzinfo=UTC),
                              "closes_at": datetime(2026, 1, 1, tzinfo=UTC)}
    fields.update(overrides)
    return Survey(**fields)


def respond(rid: str, answers: Mapping[str, Any], at: datetime = AT, **kw: Any) -> SurveyResponse:
    """A response to the fixture survey; ``answers`` maps key → value (or an Answer)."""
    items = [v if isinstance(v, Answer) else Answer(k, v) for k, v in answers.items()]
    return SurveyResponse(rid, kw.pop("survey", "fixture"), kw.pop("survey_version", 1), at,
                          items, **kw)


@pytest.fixture(scope="session")
def survey() -> Survey:
    return make_survey()


@pytest.fixture(scope="session")
def types() -> Mapping[str, QuestionType]:
    return BUILTIN_TYPES


@pytest.fixture(name="respond")
def respond_fixture() -> Any:
    """``respond(id, {key: value}, at=..., **fields)`` builds a response to the fixture."""
    return respond


@pytest.fixture(name="make_survey")
def make_survey_fixture() -> Any:
    """``make_survey(**overrides)`` builds the fixture survey with other fields."""
    return make_survey
