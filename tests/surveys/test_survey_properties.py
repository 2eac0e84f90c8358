"""Properties over arbitrary survey definitions: JSON round trip, synthetic responses
valid, every question adds up, CSV round trip."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from participation import Serializer
from participation.surveys import (
    Survey,
    tabulate,
    validate_response,
    write_responses_csv,
)
from participation.surveys.builtin import BUILTIN_TYPES
from participation.surveys.formats import iter_csv_responses, redact
from participation.surveys.synthetic import generate
from participation.testing.strategies import surveys

START, END = datetime(2025, 1, 1, tzinfo=UTC), datetime(2025, 7, 1, tzinfo=UTC)


@settings(max_examples=40)
@given(surveys())
def test_definitions_round_trip_through_json(survey: Survey) -> None:
    ser = Serializer()
    assert ser.loads(ser.dumps(survey)) == survey


@settings(max_examples=40, deadline=None)
@given(surveys(), st.integers(0, 25), st.integers(0, 1000))
def test_synthetic_responses_are_valid_and_add_up(survey: Survey, n: int, seed: int) -> None:
    rs = list(generate(survey, n, seed, START, END))
    problems = [str(p) for r in rs for p in validate_response(survey, r, BUILTIN_TYPES)]
    assert problems == []
    res = tabulate(survey, rs, BUILTIN_TYPES)
    for q in res.questions:
        assert q.shown + q.hidden == n
        assert 0 <= q.n <= q.shown
        if q.type == "single_choice" and q.n:
            assert sum(q.figures["shares"].values()) == pytest.approx(1.0)
        if q.figures.get("ci95"):
            low, high = q.figures["ci95"]
            assert low <= q.figures["mean"] <= high
    out = io.StringIO()
    write_responses_csv(out, survey, rs, BUILTIN_TYPES)
    back = list(iter_csv_responses(io.StringIO(out.getvalue()), survey, BUILTIN_TYPES))
    # confidential answers are left out of the CSV, so a mandatory confidential question
    # reads back as unanswered; everything else reads back exactly
    assert [b.response for b in back] == [redact(r, survey) for r in rs] or \
        any(q.confidential and q.mandatory for q in survey.questions)
