"""The synthetic generator: deterministic, valid, plausible, respecting conditions."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from participation.errors import FieldError
from participation.surveys import Survey, tabulate, validate_response, visibility
from participation.surveys.synthetic import generate

START, END = datetime(2025, 1, 1, tzinfo=UTC), datetime(2026, 1, 1, tzinfo=UTC)


def test_deterministic_and_valid(survey: Survey, types: Any) -> None:
    a = list(generate(survey, 200, 11, START, END))
    assert a == list(generate(survey, 200, 11, START, END))
    assert a != list(generate(survey, 200, 12, START, END))
    assert len(a) == 200
    assert len({r.id for r in a}) == 200
    assert all(validate_response(survey, r, types) == [] for r in a)
    assert [r.submitted_at for r in a] == sorted(r.submitted_at for r in a)
    assert all(START <= r.submitted_at < END for r in a)
    assert all(r.respondent_id is None and r.respondent is None for r in a)


def test_display_conditions_are_respected(survey: Survey, types: Any) -> None:
    for r in generate(survey, 150, 2, START, END):
        shown = visibility(survey, r.answer_map(), types)
        assert all(shown[a.question] for a in r.answers)


def test_distributions_are_plausible(survey: Survey, types: Any) -> None:
    res = tabulate(survey, generate(survey, 600, 4, START, END), types)
    overall = res.question("overall").figures
    assert 3.2 < overall["mean"] < 4.2  # fairly satisfied on the whole
    assert all(c > 0 for c in overall["counts"].values())  # and every point is used
    assert 0.1 < res.question("why").shown / 600 < 0.35  # the dissatisfied explain
    assert 0.85 < res.question("channels").n / 600 < 0.97  # some skip optional questions


def test_window_and_identity(make_survey: Any, types: Any) -> None:
    s = make_survey(anonymous=False)
    rs = list(generate(s, 5, 1, datetime(2024, 1, 1, tzinfo=UTC), datetime(2030, 1, 1, tzinfo=UTC)))
    assert all(s.is_open(r.submitted_at) for r in rs)  # clipped to the survey's window
    assert [r.respondent_id for r in rs] == [f"R-{i:06d}" for i in range(1, 6)]
    with pytest.raises(FieldError, match="end: must come after start"):
        list(generate(s, 5, 1, END, START))
    with pytest.raises(FieldError, match="naive"):
        list(generate(s, 5, 1, datetime(2025, 1, 1), END))
