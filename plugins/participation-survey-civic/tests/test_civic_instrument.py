"""The civic-engagement instrument: complete, bilingual, valid, and registered as a plugin."""

from __future__ import annotations

import importlib.metadata
import re
from datetime import UTC, datetime
from typing import Any

import participation_survey_civic.plugin as plugin
import pytest
from participation_survey_civic import CIVIC, SURVEY_KEY

from participation import Serializer
from participation.surveys import (
    Answer,
    SurveyResponse,
    check_survey,
    positive,
    tabulate,
    validate_response,
)
from participation.surveys.builtin import BUILTIN_TYPES
from participation.surveys.synthetic import generate

CYRILLIC = re.compile("[а-яА-Я]")


def texts() -> list[tuple[str, dict[str, str]]]:
    out = [("title", CIVIC.title), ("description", CIVIC.description)]
    for q in CIVIC.questions:
        out.append((q.key, q.text))
        out += [(f"{q.key}.{o.key}", o.label) for o in (*q.options, *q.rows)]
    return out


def test_definition_is_valid_and_rich_enough() -> None:
    assert check_survey(CIVIC, BUILTIN_TYPES) == []
    assert len(CIVIC.questions) >= 8
    assert len({q.type for q in CIVIC.questions}) >= 4
    assert CIVIC.anonymous


@pytest.mark.parametrize(("where", "text"), texts(), ids=lambda v: v if isinstance(v, str) else "")
def test_every_text_is_in_english_and_bulgarian(where: str, text: dict[str, str]) -> None:
    assert text["en"].strip()
    assert CYRILLIC.search(text["bg"]), where


def test_felt_heard_is_tagged_and_asked_only_of_those_who_gave_feedback() -> None:
    (felt,) = [q for q in CIVIC.questions if q.indicator == "satisfaction.felt_heard"]
    assert felt.type == "likert"
    assert positive(felt, Answer(felt.key, 5)) is True
    at = datetime(2025, 3, 1, tzinfo=UTC)
    base = [Answer("channels_known", ["web_form"]), Answer("trust", 6)]
    no = SurveyResponse("r1", SURVEY_KEY, 1, at, [*base, Answer("gave_feedback", "no"),
                                                   Answer(felt.key, 4)])
    assert [str(p) for p in validate_response(CIVIC, no, BUILTIN_TYPES)] == [
        "felt_heard: answered although its display conditions hide it"]
    yes = SurveyResponse("r2", SURVEY_KEY, 1, at, [*base, Answer("gave_feedback", "yes"),
                                                    Answer(felt.key, 4)])
    assert validate_response(CIVIC, yes, BUILTIN_TYPES) == []


def test_closing_the_loop_options_are_marked_positive() -> None:
    saw = CIVIC.question("saw_outcome")
    assert positive(saw, Answer("saw_outcome", "with_reasons")) is True
    assert positive(saw, Answer("saw_outcome", "no")) is False


def test_registered_through_the_register_surveys_hook(register_plugin: Any,
                                                      registry_factory: Any) -> None:
    register_plugin(plugin, name="survey_civic")
    assert registry_factory().surveys[SURVEY_KEY] is CIVIC


def test_entry_point_is_declared() -> None:
    try:
        dist = importlib.metadata.distribution("participation-survey-civic")
    except importlib.metadata.PackageNotFoundError:
        pytest.skip("the plugin is not installed")
    eps = [ep for ep in dist.entry_points if ep.group == "participation"]
    assert [ep.value for ep in eps] == ["participation_survey_civic.plugin"]


def test_synthetic_responses_are_valid_and_hidden_questions_not_unanswered() -> None:
    start, end = datetime(2025, 1, 1, tzinfo=UTC), datetime(2026, 1, 1, tzinfo=UTC)
    rs = list(generate(CIVIC, 250, 7, start, end))
    assert all(validate_response(CIVIC, r, BUILTIN_TYPES) == [] for r in rs)
    res = tabulate(CIVIC, rs, BUILTIN_TYPES)
    gave = res.question("gave_feedback").figures["counts"]["yes"]
    felt = res.question("felt_heard")
    assert felt.shown == gave
    assert felt.hidden == 250 - gave


def test_json_round_trip() -> None:
    ser = Serializer()
    assert ser.loads(ser.dumps(CIVIC)) == CIVIC
