"""Display conditions, as Decidim defines them: kinds, mandatory mix, cascade."""

from __future__ import annotations

from typing import Any

import pytest

from participation.surveys import Answer, DisplayCondition, Option, Question, Survey, visibility

YES_NO = [Option("yes", {"en": "Yes"}), Option("no", {"en": "No"}),
          Option("other", {"en": "Other"}, other=True)]


def survey_with(*conditions: DisplayCondition) -> Survey:
    return Survey("c", {"en": "C"}, questions=[
        Question("a", "single_choice", {"en": "A"}, options=YES_NO),
        Question("t", "short_text", {"en": "T"}),
        Question("n", "rating", {"en": "N"}),
        Question("x", "short_text", {"en": "X"}, conditions=list(conditions)),
    ])


def shown(s: Survey, types: Any, **answers: Any) -> bool:
    amap = {k: v if isinstance(v, Answer) else Answer(k, v) for k, v in answers.items()}
    return visibility(s, amap, types)["x"]


@pytest.mark.parametrize(("condition", "answers", "expected"), [
    (DisplayCondition("a", "answered"), {"a": "yes"}, True),
    (DisplayCondition("a", "answered"), {}, False),
    (DisplayCondition("a", "answered"), {"a": ""}, False),
    (DisplayCondition("a", "not_answered"), {}, True),
    (DisplayCondition("a", "not_answered"), {"a": "no"}, False),
    (DisplayCondition("a", "equal", "yes"), {"a": "yes"}, True),
    (DisplayCondition("a", "equal", "yes"), {"a": "no"}, False),
    (DisplayCondition("a", "equal", "yes"), {}, False),
    (DisplayCondition("a", "not_equal", "yes"), {"a": "no"}, True),
    (DisplayCondition("a", "not_equal", "yes"), {"a": "yes"}, False),
    (DisplayCondition("a", "not_equal", "yes"), {}, True),
    (DisplayCondition("t", "matches", "queue|опашка"), {"t": "The QUEUE was long"}, True),
    (DisplayCondition("t", "matches", "queue|опашка"), {"t": "Дълга ОПАШКА"}, True),
    (DisplayCondition("t", "matches", "queue"), {"t": "fine"}, False),
    (DisplayCondition("a", "matches", "^tax"), {"a": Answer("a", "other", other="Tax office")}, True),
    (DisplayCondition("n", "equal", "7"), {"n": 7}, True),
    (DisplayCondition("n", "not_equal", "7"), {"n": 8}, True),
])
def test_condition_kinds(types: Any, condition: DisplayCondition, answers: dict[str, Any],
                         expected: bool) -> None:
    assert shown(survey_with(condition), types, **answers) is expected


def test_mandatory_conditions_and_at_least_one_of_the_others(types: Any) -> None:
    s = survey_with(DisplayCondition("n", "answered"),  # mandatory
                    DisplayCondition("a", "equal", "yes", mandatory=False),
                    DisplayCondition("t", "answered", mandatory=False))
    assert shown(s, types, n=5, a="yes")
    assert shown(s, types, n=5, t="hello")
    assert not shown(s, types, n=5, a="no")
    assert not shown(s, types, a="yes", t="hello")


def test_hiding_cascades(types: Any) -> None:
    s = Survey("c", {"en": "C"}, questions=[
        Question("a", "single_choice", {"en": "A"}, options=YES_NO),
        Question("b", "single_choice", {"en": "B"}, options=YES_NO,
                 conditions=[DisplayCondition("a", "equal", "yes")]),
        Question("c", "short_text", {"en": "C"}, conditions=[DisplayCondition("b", "answered")]),
    ])
    # "b" is answered but hidden (a = no), so "c" must be hidden too
    got = visibility(s, {"a": Answer("a", "no"), "b": Answer("b", "yes")}, types)
    assert got == {"a": True, "b": False, "c": False}
