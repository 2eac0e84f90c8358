"""Built-in matrix question types: for each row, one option (matrix single) or several
(matrix multiple, at most ``max_choices`` per row).

An answer maps row keys to option keys: ``{"speed": "good", "courtesy": "very_good"}``
(matrix multiple: ``{"speed": ["web", "phone"]}``). In a CSV cell, rows are separated
by ``;``, a row from its options by ``=`` and several options by ``|``:
``speed=good;courtesy=very_good`` or ``speed=web|phone``.

Results give, for each row, its own n and the counts and shares of every option.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from typing import Any, ClassVar

from participation.surveys.model import Answer, Question
from participation.surveys.questiontype import QuestionType
from participation.surveys.types_choice import SEPARATOR, max_choices_problems

__all__ = ["MatrixMultiple", "MatrixSingle"]

ROW_SEPARATOR = "="
CHOICE_SEPARATOR = "|"


class _MatrixCounter:
    def __init__(self, question: Question) -> None:
        self.options = [o.key for o in question.options]
        self.rows = {r.key: dict.fromkeys(self.options, 0) for r in question.rows}
        self.row_n = dict.fromkeys(self.rows, 0)

    def add(self, answer: Answer) -> None:
        for row, chosen in answer.value.items():
            self.row_n[row] += 1
            for option in (chosen,) if isinstance(chosen, str) else chosen:
                self.rows[row][option] += 1

    def result(self) -> dict[str, Any]:
        return {"rows": {
            row: {"n": self.row_n[row], "counts": dict(counts),
                  "shares": {k: (c / self.row_n[row] if self.row_n[row] else None)
                             for k, c in counts.items()}}
            for row, counts in self.rows.items()}}


class MatrixSingle(QuestionType):
    """A grid: one option per row (for example a quality scale per service aspect)."""

    categorical: ClassVar[bool] = True
    key: ClassVar[str] = "matrix_single"
    label: ClassVar[dict[str, str]] = {"en": "Matrix (one choice per row)",
                                       "bg": "Матрица (един избор на ред)"}
    multiple: ClassVar[bool] = False

    def check_question(self, question: Question) -> list[str]:
        """At least one row and two options; no "other" option."""
        problems = []
        if not question.rows:
            problems.append("a matrix needs at least one row")
        if len(question.options) < 2:
            problems.append("a matrix needs at least two options")
        if any(o.other for o in question.options):
            problems.append("a matrix has no 'other' option")
        if question.max_choices is not None and not self.multiple:
            problems.append("max_choices belongs to matrix multiple")
        return problems

    def parse_cell(self, question: Question, cell: str) -> Any:
        """``"speed=good;courtesy=bad"`` → ``{"speed": "good", "courtesy": "bad"}``."""
        out: dict[str, Any] = {}
        for part in cell.split(SEPARATOR):
            if not part.strip():
                continue
            row, sep, chosen = part.partition(ROW_SEPARATOR)
            if not sep:
                raise ValueError(f"{part.strip()!r} is not 'row{ROW_SEPARATOR}option'")
            options = tuple(c.strip() for c in chosen.split(CHOICE_SEPARATOR) if c.strip())
            out[row.strip()] = options if self.multiple else chosen.strip()
        return out

    def format_cell(self, question: Question, value: Any) -> str:
        """The inverse of :meth:`parse_cell`."""
        return SEPARATOR.join(
            f"{row}{ROW_SEPARATOR}"
            f"{chosen if isinstance(chosen, str) else CHOICE_SEPARATOR.join(chosen)}"
            for row, chosen in value.items())

    def _check_cell(self, question: Question, chosen: Any) -> list[str]:
        if not isinstance(chosen, str):
            return [f"expected one option key, got {type(chosen).__name__}"]
        return [] if question.option(chosen) else [f"{chosen!r} is not an option"]

    def validate(self, question: Question, answer: Answer) -> list[str]:
        """Known rows and options; every row answered when the question is mandatory."""
        if not isinstance(answer.value, Mapping):
            return [f"expected a mapping of row to option, got {type(answer.value).__name__}"]
        rows = {r.key for r in question.rows}
        problems = []
        for row, chosen in answer.value.items():
            if row not in rows:
                problems.append(f"{row!r} is not a row")
                continue
            problems.extend(f"row {row!r}: {p}" for p in self._check_cell(question, chosen))
        missing = [r for r in rows if r not in answer.value]
        if question.mandatory and missing:
            problems.append(f"rows not answered: {', '.join(sorted(missing))}")
        if answer.other is not None:
            problems.append("an 'other' text belongs to a choice question")
        return problems

    def tokens(self, question: Question, answer: Answer) -> frozenset[str]:
        """``row=option`` for every choice."""
        return frozenset(f"{row}{ROW_SEPARATOR}{c}" for row, chosen in answer.value.items()
                         for c in ((chosen,) if isinstance(chosen, str) else chosen))

    def accumulator(self, question: Question) -> _MatrixCounter:
        """Per row: n, counts and shares per option."""
        return _MatrixCounter(question)

    def sample(self, question: Question, rng: random.Random, mood: float,
               lang: str) -> Answer | None:
        """Options read as an ordered scale; each row near the respondent's mood."""
        keys = [o.key for o in question.options]
        value: dict[str, Any] = {}
        for row in question.rows:
            if not question.mandatory and rng.random() < 0.05:
                continue
            i = max(0, min(len(keys) - 1, round((len(keys) - 1) * (mood + rng.gauss(0, 0.2)))))
            value[row.key] = keys[i] if not self.multiple else tuple(
                k for k in keys if k == keys[i] or rng.random() < 0.15)[:question.max_choices]
        return Answer(question.key, value) if value else None


class MatrixMultiple(MatrixSingle):
    """A grid: several options per row, at most ``max_choices`` per row."""

    key: ClassVar[str] = "matrix_multiple"
    label: ClassVar[dict[str, str]] = {"en": "Matrix (several choices per row)",
                                       "bg": "Матрица (няколко избора на ред)"}
    multiple: ClassVar[bool] = True

    def check_question(self, question: Question) -> list[str]:
        """As matrix single, with ``max_choices`` within the options."""
        return super().check_question(question) + max_choices_problems(question)

    def _check_cell(self, question: Question, chosen: Any) -> list[str]:
        if not isinstance(chosen, tuple) or not all(isinstance(c, str) for c in chosen):
            return [f"expected a list of option keys, got {type(chosen).__name__}"]
        problems = [f"{c!r} is not an option" for c in chosen if question.option(c) is None]
        if not chosen:
            problems.append("no option chosen")
        if len(set(chosen)) != len(chosen):
            problems.append("an option is chosen twice")
        if question.max_choices is not None and len(chosen) > question.max_choices:
            problems.append(f"{len(chosen)} options chosen, at most {question.max_choices} "
                            "allowed")
        return problems
