"""The two survey hooks: a plugin's question type and instrument reach the user."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, ClassVar

import pytest

from participation import Registry, hookimpl
from participation.errors import DuplicateKeyError
from participation.surveys import (
    Answer,
    Question,
    QuestionType,
    Survey,
    SurveyResponse,
    tabulate,
    validate_response,
)

Factory = Callable[[], Registry]


class YesNo(QuestionType):
    key: ClassVar[str] = "x.yes_no"
    label: ClassVar[dict[str, str]] = {"en": "Yes or no"}
    categorical: ClassVar[bool] = True

    def validate(self, question: Question, answer: Answer) -> list[str]:
        return [] if isinstance(answer.value, bool) else ["expected true or false"]

    def positive(self, question: Question, answer: Answer) -> bool | None:
        return bool(answer.value)

    def accumulator(self, question: Question) -> Any:
        class Count:
            def __init__(self) -> None:
                self.yes = self.no = 0

            def add(self, answer: Answer) -> None:
                if answer.value:
                    self.yes += 1
                else:
                    self.no += 1

            def result(self) -> dict[str, Any]:
                return {"yes": self.yes, "no": self.no}

        return Count()


def test_hook_register_question_types(register_plugin: Any, registry_factory: Factory) -> None:
    class P:
        @hookimpl
        def register_question_types(self) -> list[QuestionType]:
            return [YesNo()]

    register_plugin(P())
    reg = registry_factory()
    # the built-ins come through the same hook
    assert {"short_text", "long_text", "single_choice", "multiple_choice", "likert", "rating",
            "ranking", "matrix_single", "matrix_multiple", "x.yes_no"} <= set(reg.question_types)
    s = Survey("s", {"en": "S"}, questions=[Question("q", "x.yes_no", {"en": "Q?"})])
    at = datetime(2025, 1, 1, tzinfo=UTC)
    ok = SurveyResponse("r1", "s", 1, at, [Answer("q", True)])
    bad = SurveyResponse("r2", "s", 1, at, [Answer("q", "maybe")])
    assert [str(p) for p in validate_response(s, bad, reg.question_types)] == [
        "q: expected true or false"]
    again = SurveyResponse("r3", "s", 1, at, [Answer("q", True)])
    res = tabulate(s, [ok, bad, again], reg.question_types)
    assert res.question("q").figures == {"yes": 2, "no": 0}
    assert res.invalid == 1


def test_hook_register_surveys(register_plugin: Any, registry_factory: Factory) -> None:
    s = Survey("x.pulse", {"en": "Pulse"}, questions=[Question("q", "rating", {"en": "Q?"})])

    class P:
        @hookimpl
        def register_surveys(self) -> list[Survey]:
            return [s]

    register_plugin(P(), name="pulse-plugin")
    assert registry_factory().surveys["x.pulse"] is s

    class Twin:
        @hookimpl
        def register_surveys(self) -> list[Survey]:
            return [s]

    register_plugin(Twin(), name="twin-plugin")
    with pytest.raises(DuplicateKeyError, match=r"'x\.pulse' is contributed twice: by "
                                                r"pulse-plugin and by twin-plugin"):
        registry_factory()
