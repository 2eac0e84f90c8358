"""Built-in choice question types: single choice and multiple choice (with a maximum),
each with an optional "other, please say" option.

Results: the count and share of every option (shares of the respondents who
answered, so over a single-choice question they sum to 1) and how many gave an
"other" text (the texts themselves are not kept).
"""

from __future__ import annotations

import random
from typing import Any, ClassVar

from participation.surveys.model import Answer, Question
from participation.surveys.questiontype import QuestionType
from participation.surveys.types_text import remark

__all__ = ["MultipleChoice", "OptionCounter", "SingleChoice", "split_cell"]

#: The separator of several option keys in one CSV cell.
SEPARATOR = ";"


def max_choices_problems(question: Question) -> list[str]:
    """The problem when ``max_choices`` exceeds the options (choice, ranking, matrix)."""
    if question.max_choices is not None and question.max_choices > len(question.options):
        return [f"max_choices {question.max_choices} exceeds the {len(question.options)} options"]
    return []


def option_list_problems(question: Question, value: Any, verb: str, order: str = "") -> list[str]:
    """Problems of an answer that lists option keys: not a list of keys, unknown keys, a
    key twice, more than ``max_choices``. ``verb`` says what was done ("chosen",
    "ranked"); ``order`` describes the expected order, if any ("best first")."""
    if not isinstance(value, tuple) or not all(isinstance(v, str) for v in value):
        hint = f", {order}" if order else ""
        return [f"expected a list of option keys{hint}, got {type(value).__name__}"]
    problems = [f"{v!r} is not an option" for v in value if question.option(v) is None]
    if len(set(value)) != len(value):
        problems.append(f"an option is {verb} twice")
    if question.max_choices is not None and len(value) > question.max_choices:
        problems.append(f"{len(value)} options {verb}, at most {question.max_choices} allowed")
    return problems


def split_cell(cell: str) -> tuple[str, ...]:
    """Option keys separated by ``;`` in a CSV cell.

    >>> split_cell(" a; b ;;c ")
    ('a', 'b', 'c')
    """
    return tuple(part.strip() for part in cell.split(SEPARATOR) if part.strip())


def check_other(question: Question, answer: Answer, chosen: tuple[str, ...]) -> list[str]:
    """Problems with the "other" text of an answer choosing ``chosen``."""
    problems = []
    other_keys = {o.key for o in question.options if o.other}
    if answer.other is not None:
        if not other_keys & set(chosen):
            problems.append("an 'other' text is given but the 'other' option is not chosen")
        limit = question.max_characters or QuestionType.default_max_characters
        if len(answer.other) > limit:
            problems.append(f"the 'other' text has {len(answer.other)} characters, more "
                            f"than the {limit} allowed")
    return problems


def weights(n: int) -> list[float]:
    """Decreasing weights (1, 1/2, 1/3 …) for drawing options the way real choices
    concentrate on a few."""
    return [1 / (i + 1) for i in range(n)]


class OptionCounter:
    """Counts per option key over the respondents who answered."""

    def __init__(self, question: Question) -> None:
        self.keys = [o.key for o in question.options]
        self.counts = dict.fromkeys(self.keys, 0)
        self.n = 0
        self.other_texts = 0

    def add(self, answer: Answer) -> None:
        self.n += 1
        values = (answer.value,) if isinstance(answer.value, str) else answer.value
        for key in values:
            self.counts[key] += 1
        if answer.other:
            self.other_texts += 1

    def result(self) -> dict[str, Any]:
        return {
            "counts": dict(self.counts),
            "shares": {k: (c / self.n if self.n else None) for k, c in self.counts.items()},
            "other_texts": self.other_texts,
        }


class SingleChoice(QuestionType):
    """One option out of several. CSV cell: the option key."""

    categorical: ClassVar[bool] = True
    key: ClassVar[str] = "single_choice"
    label: ClassVar[dict[str, str]] = {"en": "Single choice", "bg": "Единичен избор"}

    def check_question(self, question: Question) -> list[str]:
        """At least two options; no row; no ``max_choices``."""
        problems = []
        if len(question.options) < 2:
            problems.append("a choice question needs at least two options")
        if question.rows:
            problems.append("rows belong to matrix questions")
        if question.max_choices is not None and self.key == "single_choice":
            problems.append("max_choices belongs to multiple-choice questions")
        return problems

    def validate(self, question: Question, answer: Answer) -> list[str]:
        """The value is one option key; an "other" text only with the "other" option."""
        if not isinstance(answer.value, str):
            return [f"expected one option key, got {type(answer.value).__name__}"]
        if question.option(answer.value) is None:
            return [f"{answer.value!r} is not an option (options: "
                    f"{', '.join(o.key for o in question.options)})"]
        return check_other(question, answer, (answer.value,))

    def tokens(self, question: Question, answer: Answer) -> frozenset[str]:
        """The chosen option."""
        return frozenset({answer.value})

    def positive(self, question: Question, answer: Answer) -> bool | None:
        """Whether the chosen option is marked ``positive``; None when no option is."""
        if not any(o.positive for o in question.options):
            return None
        option = question.option(answer.value)
        return bool(option and option.positive)

    def accumulator(self, question: Question) -> OptionCounter:
        """Counts and shares per option."""
        return OptionCounter(question)

    def sample(self, question: Question, rng: random.Random, mood: float,
               lang: str) -> Answer | None:
        """Marked-positive options with probability ``mood``; otherwise options weighted
        1, 1/2, 1/3 … with the "other" option rare."""
        options = list(question.options)
        good = [o for o in options if o.positive]
        if good and len(good) < len(options):
            pool = good if rng.random() < mood else [o for o in options if not o.positive]
            choice = rng.choices(pool, weights(len(pool)))[0]
        else:
            w = [0.15 * x if o.other else x for o, x in zip(options, weights(len(options)),
                                                             strict=True)]
            choice = rng.choices(options, w)[0]
        return Answer(question.key, choice.key,
                      other=remark(rng, mood, lang) if choice.other else None)


class MultipleChoice(SingleChoice):
    """Several options, at most ``max_choices``. CSV cell: option keys separated by ``;``.

    Shares are of the respondents who answered, so they may add up to more than 1.
    """

    key: ClassVar[str] = "multiple_choice"
    label: ClassVar[dict[str, str]] = {"en": "Multiple choice", "bg": "Множествен избор"}

    def check_question(self, question: Question) -> list[str]:
        """As single choice, and ``max_choices`` no more than the options."""
        return super().check_question(question) + max_choices_problems(question)

    def parse_cell(self, question: Question, cell: str) -> Any:
        """``a;b;c`` → ``("a", "b", "c")``."""
        return split_cell(cell)

    def format_cell(self, question: Question, value: Any) -> str:
        """``("a", "b")`` → ``a;b``."""
        return SEPARATOR.join(value)

    def validate(self, question: Question, answer: Answer) -> list[str]:
        """Distinct option keys, no more than ``max_choices``."""
        value = answer.value
        problems = option_list_problems(question, value, "chosen")
        if not isinstance(value, tuple) or not all(isinstance(v, str) for v in value):
            return problems
        return problems + check_other(question, answer, value)

    def tokens(self, question: Question, answer: Answer) -> frozenset[str]:
        """The chosen options: ``equal`` holds when the option is among them."""
        return frozenset(answer.value)

    def positive(self, question: Question, answer: Answer) -> bool | None:
        """Whether any chosen option is marked ``positive``; None when no option is."""
        if not any(o.positive for o in question.options):
            return None
        return any(getattr(question.option(v), "positive", False) for v in answer.value)

    def sample(self, question: Question, rng: random.Random, mood: float,
               lang: str) -> Answer | None:
        """Each option with a probability falling from 0.6 by rank; at least one."""
        options = list(question.options)
        limit = question.max_choices or len(options)
        chosen = [o for i, o in enumerate(options)
                  if rng.random() < (0.1 if o.other else 0.6 / (1 + 0.5 * i))][:limit]
        if not chosen:
            chosen = [rng.choices(options, weights(len(options)))[0]]
        other = remark(rng, mood, lang) if any(o.other for o in chosen) else None
        return Answer(question.key, tuple(o.key for o in chosen), other=other)
