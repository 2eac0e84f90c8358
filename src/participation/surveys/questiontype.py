"""What a question type is: the contract a plugin fulfils to add one.

A question type is an object with a ``key`` that knows, for a :class:`Question` of
its type, how to

- check the definition (:meth:`QuestionType.check_question`),
- read and validate an answer (:meth:`~QuestionType.parse_cell` for CSV,
  :meth:`~QuestionType.validate`),
- feed display conditions and cross-tabulations (:meth:`~QuestionType.tokens`,
  :meth:`~QuestionType.text`, :meth:`~QuestionType.categories`),
- say whether an answer is positive (:meth:`~QuestionType.positive`),
- accumulate results in one pass (:meth:`~QuestionType.accumulator`),
- make up a plausible answer for synthetic data (:meth:`~QuestionType.sample`).

Subclass :class:`QuestionType`, override what differs and return an instance from
the ``register_question_types`` hook. The built-ins in
:mod:`participation.surveys.types_text`, :mod:`~participation.surveys.types_choice`
and :mod:`~participation.surveys.types_scale` are written exactly this way.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from typing import Any, ClassVar, Protocol

from participation.surveys.model import Answer, Question

__all__ = ["Accumulator", "QuestionType", "is_empty"]


def is_empty(value: Any) -> bool:
    """Whether a value means "not answered": None, blank text, an empty list or mapping.

    >>> is_empty(None), is_empty("  "), is_empty(()), is_empty(0)
    (True, True, True, False)
    """
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, tuple | list | Mapping):
        return len(value) == 0
    return False


class Accumulator(Protocol):
    """Collects one question's answers in one pass and says what they add up to."""

    def add(self, answer: Answer) -> None:
        """Count one (non-empty, valid) answer."""

    def result(self) -> dict[str, Any]:
        """The figures so far, JSON-ready (numbers, strings, lists, dicts).

        Do not use the names the report gives every question (``key``, ``type``,
        ``text``, ``indicator``, ``confidential``, ``shown``, ``n``, ``skipped``,
        ``hidden``)."""


class QuestionType:
    """Base class of question types; the defaults suit a free-text answer.

    :cvar key: the type's key, named by :attr:`Question.type`.
    :cvar label: the type's name per language.
    :cvar default_max_characters: the length limit of text (and "other" text) when the
        question sets none.
    :cvar categorical: answers fall into a bounded set of categories (see
        :meth:`categories`), so the question can be cross-tabulated.
    """

    key: ClassVar[str] = ""
    label: ClassVar[dict[str, str]] = {}
    default_max_characters: ClassVar[int] = 250
    categorical: ClassVar[bool] = False

    # the definition -------------------------------------------------------------------
    def check_question(self, question: Question) -> list[str]:
        """Problems with a question's definition for this type (empty when fine)."""
        return []

    # answers ----------------------------------------------------------------------------
    def parse_cell(self, question: Question, cell: str) -> Any:
        """The answer value written in a CSV cell (``ValueError`` when unreadable)."""
        return cell

    def format_cell(self, question: Question, value: Any) -> str:
        """The CSV cell for ``value`` (the inverse of :meth:`parse_cell`)."""
        return "" if value is None else str(value)

    def validate(self, question: Question, answer: Answer) -> list[str]:
        """Problems with a non-empty answer (empty when fine)."""
        if not isinstance(answer.value, str):
            return [f"expected text, got {type(answer.value).__name__}"]
        limit = question.max_characters or self.default_max_characters
        if len(answer.value) > limit:
            return [f"{len(answer.value)} characters, more than the {limit} allowed"]
        if answer.other is not None:
            return ["an 'other' text belongs to a choice question"]
        return []

    # conditions and cross-tabulation --------------------------------------------------
    def tokens(self, question: Question, answer: Answer) -> frozenset[str]:
        """What an ``equal``/``not_equal`` display condition compares with."""
        return frozenset({str(answer.value).strip()})

    def text(self, question: Question, answer: Answer) -> str:
        """The text a ``matches`` display condition searches."""
        return answer.value if isinstance(answer.value, str) else (answer.other or "")

    def categories(self, question: Question, answer: Answer) -> list[str]:
        """The category (or categories) of an answer in a cross-tabulation."""
        return sorted(self.tokens(question, answer))

    # evaluation -------------------------------------------------------------------------
    def positive(self, question: Question, answer: Answer) -> bool | None:
        """Whether the answer counts as positive; None when the notion does not apply."""
        return None

    # results ------------------------------------------------------------------------------
    def accumulator(self, question: Question) -> Accumulator:
        """A fresh accumulator for this question's answers."""
        return _TextAccumulator()

    # synthetic data -----------------------------------------------------------------------
    def sample(self, question: Question, rng: random.Random, mood: float,
               lang: str) -> Answer | None:
        """A plausible answer for a respondent whose satisfaction is ``mood`` (0…1), or
        None to leave the question unanswered. The default leaves it unanswered, so
        synthetic responses to a survey where such a question is mandatory are not
        valid: implement it for any type meant for mandatory questions."""
        return None


class _TextAccumulator:
    """Counts text answers and their length; the texts themselves are never kept."""

    def __init__(self) -> None:
        self.n = 0
        self.characters = 0

    def add(self, answer: Answer) -> None:
        self.n += 1
        self.characters += len(str(answer.value))

    def result(self) -> dict[str, Any]:
        return {"mean_characters": self.characters / self.n if self.n else None}
