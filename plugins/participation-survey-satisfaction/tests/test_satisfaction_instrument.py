"""The satisfaction instrument: complete, bilingual, valid, and registered as a plugin."""

from __future__ import annotations

import importlib.metadata
import re
from datetime import UTC, datetime
from typing import Any

import participation_survey_satisfaction.plugin as plugin
import pytest
from participation_survey_satisfaction import SATISFACTION, SURVEY_KEY

from participation import Serializer
from participation.surveys import Answer, check_survey, positive, tabulate, validate_response
from participation.surveys.builtin import BUILTIN_TYPES
from participation.surveys.synthetic import generate

CYRILLIC = re.compile("[а-яА-Я]")
CAF_THEMES = {"satisfaction.overall", "satisfaction.image", "satisfaction.involvement",
              "satisfaction.digital", "satisfaction.on_time"}


def texts() -> list[tuple[str, dict[str, str]]]:
    out = [("title", SATISFACTION.title), ("description", SATISFACTION.description)]
    for q in SATISFACTION.questions:
        out.append((q.key, q.text))
        out += [(f"{q.key}.{o.key}", o.label) for o in (*q.options, *q.rows)]
    return out


def test_definition_is_valid_and_rich_enough() -> None:
    assert check_survey(SATISFACTION, BUILTIN_TYPES) == []
    assert len(SATISFACTION.questions) >= 8
    assert len({q.type for q in SATISFACTION.questions}) >= 4
    assert SATISFACTION.anonymous


@pytest.mark.parametrize(("where", "text"), texts(), ids=lambda v: v if isinstance(v, str) else "")
def test_every_text_is_in_english_and_bulgarian(where: str, text: dict[str, str]) -> None:
    assert text["en"].strip()
    assert CYRILLIC.search(text["bg"]) or re.fullmatch(r"[\d–+ ]+", text["bg"]), where


def test_indicator_tags() -> None:
    tags = {q.indicator: q for q in SATISFACTION.questions if q.indicator}
    assert set(tags) >= CAF_THEMES
    overall = tags["satisfaction.overall"]
    assert overall.type == "likert"
    assert overall.mandatory
    assert positive(overall, Answer("overall", 4)) is True
    assert positive(overall, Answer("overall", 3)) is False


def test_registered_through_the_register_surveys_hook(register_plugin: Any,
                                                      registry_factory: Any) -> None:
    register_plugin(plugin, name="survey_satisfaction")
    assert registry_factory().surveys[SURVEY_KEY] is SATISFACTION


def test_entry_point_is_declared() -> None:
    try:
        dist = importlib.metadata.distribution("participation-survey-satisfaction")
    except importlib.metadata.PackageNotFoundError:
        pytest.skip("the plugin is not installed")
    eps = [ep for ep in dist.entry_points if ep.group == "participation"]
    assert [ep.value for ep in eps] == ["participation_survey_satisfaction.plugin"]


def test_synthetic_year_is_valid_and_plausible() -> None:
    start, end = datetime(2025, 1, 1, tzinfo=UTC), datetime(2026, 1, 1, tzinfo=UTC)
    rs = list(generate(SATISFACTION, 300, 2025, start, end))
    assert all(validate_response(SATISFACTION, r, BUILTIN_TYPES) == [] for r in rs)
    res = tabulate(SATISFACTION, rs, BUILTIN_TYPES, crosstabs=[("overall", "age_group")])
    overall = res.question("overall").figures
    assert 0.4 < overall["positive_share"] < 0.85
    wrong = res.question("what_went_wrong")  # shown only to the dissatisfied
    dissatisfied = overall["counts"]["very_dissatisfied"] + overall["counts"]["dissatisfied"]
    assert wrong.shown == dissatisfied
    assert wrong.hidden == 300 - dissatisfied


def test_json_round_trip() -> None:
    ser = Serializer()
    assert ser.loads(ser.dumps(SATISFACTION)) == SATISFACTION


def test_bulgarian_quality_scale_uses_one_grammatical_form() -> None:
    aspects = next(q for q in SATISFACTION.questions if q.key == "aspects")
    labels = [o.label["bg"] for o in aspects.options]
    assert labels == ["Много лошо", "Лошо", "Задоволително", "Добре", "Много добре"]
