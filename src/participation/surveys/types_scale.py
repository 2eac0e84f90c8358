"""Built-in scale question types: Likert (5 or 7 labelled points), rating 0–10 and
ranking (Borda count).

Positive answers (read by :func:`participation.surveys.positive` and the evaluation's
satisfaction indicators):

- **Likert**: the top two boxes (4–5 of 5, 6–7 of 7), the figure administrations
  publish as "% satisfied" (GOV.UK publishes the share satisfied with counts per level).
- **Rating 0–10**: 7 or more. This is the "high" and "very high" band of the UK
  Office for National Statistics' 0–10 thresholds (0–4 low, 5–6 medium, 7–8 high,
  9–10 very high); it leaves out the midpoint and the band just above it, as the
  top-two box of a 5-point scale does, so both kinds of question give comparable
  shares. The OECD Trust Survey counts 6–10 as "high or moderately high"; a plugin
  wanting that threshold subclasses :class:`Rating` with ``positive_from = 6``. The
  full distribution is always in the results, so a reader can apply another cut-off.
"""

from __future__ import annotations

import random
from typing import Any, ClassVar

from participation.surveys.model import Answer, Question
from participation.surveys.questiontype import QuestionType
from participation.surveys.stats import RunningMean, wilson_interval
from participation.surveys.types_choice import (
    SEPARATOR,
    max_choices_problems,
    option_list_problems,
    split_cell,
    weights,
)

__all__ = ["Likert", "Ranking", "Rating", "ScaleCounter"]


def _integer(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _interval(successes: int, n: int) -> list[float] | None:
    found = wilson_interval(successes, n)
    return list(found) if found else None


class ScaleCounter:
    """Counts per point of a numeric scale, with the mean, its 95 % CI and the share of
    positive answers (points from ``positive_from``).

    The t interval of a mean can reach past the ends of the scale with few or spread
    answers (n = 3, answers 5, 4, 2 on 1…5: 3.67 ± 3.79); the reported ``ci95`` is
    clamped to the scale, since the mean cannot lie outside it.

    >>> c = ScaleCounter(["1", "2", "3", "4", "5"], 1, 4)
    >>> for v in (5, 4, 2):
    ...     c.add(Answer("q", v))
    >>> c.result()["ci95"]
    [1.0, 5.0]
    """

    def __init__(self, labels: list[str], low: int, positive_from: int,
                 negative_to: int | None = None) -> None:
        self.labels = labels
        self.low = low
        self.counts = [0] * len(labels)
        self.mean = RunningMean()
        self.positive_from = positive_from
        self.negative_to = negative_to

    def add(self, answer: Answer) -> None:
        value = int(answer.value)
        self.counts[value - self.low] += 1
        self.mean.add(value)

    def result(self) -> dict[str, Any]:
        n = self.mean.n
        ci = self.mean.interval()
        positive = sum(c for i, c in enumerate(self.counts) if i + self.low >= self.positive_from)
        out: dict[str, Any] = {
            "counts": dict(zip(self.labels, self.counts, strict=True)),
            "shares": {k: (c / n if n else None)
                       for k, c in zip(self.labels, self.counts, strict=True)},
            "mean": ci.mean, "sd": ci.sd, "ci95": self._clamped(ci.low, ci.high),
            "positive_from": self.positive_from,
            "positive_share": positive / n if n else None,
            "positive_ci95": _interval(positive, n),
        }
        if self.negative_to is not None:
            negative = sum(c for i, c in enumerate(self.counts)
                           if i + self.low <= self.negative_to)
            out["negative_share"] = negative / n if n else None
        return out

    def _clamped(self, low: float | None, high: float | None) -> list[float] | None:
        """The interval ``[low, high]`` clamped to the scale's lowest and highest point."""
        if low is None or high is None:
            return None
        top = self.low + len(self.labels) - 1
        return [float(max(low, self.low)), float(min(high, top))]


def _scale_point(rng: random.Random, mood: float, low: int, high: int, spread: float) -> int:
    """A point of ``low…high`` near ``mood`` (0…1), with noise."""
    x = low + (high - low) * (mood + rng.gauss(0, spread))
    return max(low, min(high, round(x)))


class Likert(QuestionType):
    """An agreement or satisfaction scale of 5 or 7 labelled points; the options are
    the labels from the lowest to the highest point. The answer is the point, 1…k
    (a CSV cell may also give the option key).

    Results: counts and shares per point, mean with 95 % CI, the top-two-box share
    (with its Wilson 95 % interval) and the bottom-two-box share.
    """

    categorical: ClassVar[bool] = True
    key: ClassVar[str] = "likert"
    label: ClassVar[dict[str, str]] = {"en": "Likert scale", "bg": "Скала на Ликерт"}
    points: ClassVar[tuple[int, ...]] = (5, 7)

    def check_question(self, question: Question) -> list[str]:
        """5 or 7 options (the labelled points), none of them "other"; no rows."""
        problems = []
        if len(question.options) not in self.points:
            problems.append(f"a Likert scale has 5 or 7 labelled points, got "
                            f"{len(question.options)} options")
        if any(o.other for o in question.options):
            problems.append("a Likert scale has no 'other' option")
        if question.rows:
            problems.append("rows belong to matrix questions")
        return problems

    def parse_cell(self, question: Question, cell: str) -> Any:
        """``"4"`` or the 4th option's key → 4."""
        cell = cell.strip()
        for i, option in enumerate(question.options, start=1):
            if option.key == cell:
                return i
        try:
            return int(cell)
        except ValueError:
            raise ValueError(f"{cell!r} is neither a point 1…{len(question.options)} nor an "
                             "option key") from None

    def validate(self, question: Question, answer: Answer) -> list[str]:
        """A whole point from 1 to the number of options."""
        k = len(question.options)
        if not _integer(answer.value) or not 1 <= answer.value <= k:
            return [f"expected a point from 1 to {k}, got {answer.value!r}"]
        return ["an 'other' text belongs to a choice question"] if answer.other else []

    def tokens(self, question: Question, answer: Answer) -> frozenset[str]:
        """The point (``"4"``) and its option key."""
        return frozenset({str(answer.value), question.options[answer.value - 1].key})

    def categories(self, question: Question, answer: Answer) -> list[str]:
        """The option key of the point."""
        return [question.options[answer.value - 1].key]

    def positive(self, question: Question, answer: Answer) -> bool | None:
        """Top-two box: the highest two points."""
        return bool(answer.value >= len(question.options) - 1)

    def accumulator(self, question: Question) -> ScaleCounter:
        """Distribution, mean with CI, top-two box (``positive_share``) and bottom-two box."""
        k = len(question.options)
        return ScaleCounter([o.key for o in question.options], 1, k - 1, negative_to=2)

    def sample(self, question: Question, rng: random.Random, mood: float,
               lang: str) -> Answer | None:
        """A point near the respondent's mood."""
        return Answer(question.key, _scale_point(rng, mood, 1, len(question.options), 0.18))


class Rating(QuestionType):
    """A rating from 0 to 10 (the OECD Trust Survey's scale). Positive from
    :attr:`positive_from` (7, see the module notes)."""

    categorical: ClassVar[bool] = True
    key: ClassVar[str] = "rating"
    label: ClassVar[dict[str, str]] = {"en": "Rating 0–10", "bg": "Оценка от 0 до 10"}
    low: ClassVar[int] = 0
    high: ClassVar[int] = 10
    positive_from: ClassVar[int] = 7

    def check_question(self, question: Question) -> list[str]:
        """No options, rows or "other"."""
        return ["a rating has no options or rows"] if question.options or question.rows else []

    def parse_cell(self, question: Question, cell: str) -> Any:
        """``"7"`` → 7."""
        return int(cell.strip())

    def validate(self, question: Question, answer: Answer) -> list[str]:
        """A whole number from 0 to 10."""
        if not _integer(answer.value) or not self.low <= answer.value <= self.high:
            return [f"expected a whole number from {self.low} to {self.high}, "
                    f"got {answer.value!r}"]
        return ["an 'other' text belongs to a choice question"] if answer.other else []

    def positive(self, question: Question, answer: Answer) -> bool | None:
        """7 or more."""
        return bool(answer.value >= self.positive_from)

    def accumulator(self, question: Question) -> ScaleCounter:
        """Distribution 0…10, mean with CI, share from 7 (``positive_share``)."""
        return ScaleCounter([str(i) for i in range(self.low, self.high + 1)], self.low,
                            self.positive_from)

    def sample(self, question: Question, rng: random.Random, mood: float,
               lang: str) -> Answer | None:
        """A rating near ten times the respondent's mood."""
        return Answer(question.key, _scale_point(rng, mood, self.low, self.high, 0.13))


class _BordaCounter:
    def __init__(self, question: Question) -> None:
        self.keys = [o.key for o in question.options]
        self.m = len(self.keys)
        self.n = 0
        self.borda = dict.fromkeys(self.keys, 0)
        self.first = dict.fromkeys(self.keys, 0)
        self.ranked = dict.fromkeys(self.keys, 0)
        self.position_sum = dict.fromkeys(self.keys, 0)
        self.top = question.max_choices

    def add(self, answer: Answer) -> None:
        self.n += 1
        for i, key in enumerate(answer.value):
            self.borda[key] += self.m - 1 - i
            self.ranked[key] += 1
            self.position_sum[key] += i + 1
        self.first[answer.value[0]] += 1

    def result(self) -> dict[str, Any]:
        order = sorted(self.keys, key=lambda k: (-self.borda[k], self.keys.index(k)))
        out: dict[str, Any] = {
            "borda": dict(self.borda),
            "mean_borda": {k: (b / self.n if self.n else None) for k, b in self.borda.items()},
            "first_place": dict(self.first),
            "ranked": dict(self.ranked),
            "mean_position": {k: (self.position_sum[k] / c if c else None)
                              for k, c in self.ranked.items()},
            "order": order,
        }
        if self.top is not None:
            # k + 1 − position for a top-k ballot: the 3-2-1 points many PB votes use
            out["top_k_points"] = {k: (self.top + 1) * c - self.position_sum[k]
                                   for k, c in self.ranked.items()}
        return out


class Ranking(QuestionType):
    """Put the options in order, best first; ranking only the top few is allowed
    (at most ``max_choices`` when set). CSV cell: option keys best first, ``;``-separated.

    Results rank the options by Borda score: with m options, the i-th place
    (i = 1…m) earns m − i points and an option left unranked earns 0. When
    ``max_choices`` = k limits the ballot to a top k, ``top_k_points`` also gives the
    k + 1 − i points (3-2-1 for a top three) that participatory budgets often use.
    """

    categorical: ClassVar[bool] = True
    key: ClassVar[str] = "ranking"
    label: ClassVar[dict[str, str]] = {"en": "Ranking", "bg": "Подреждане"}

    def check_question(self, question: Question) -> list[str]:
        """At least two options, no "other", ``max_choices`` within the options."""
        problems = []
        if len(question.options) < 2:
            problems.append("a ranking needs at least two options")
        if any(o.other for o in question.options):
            problems.append("a ranking has no 'other' option")
        return problems + max_choices_problems(question)

    def parse_cell(self, question: Question, cell: str) -> Any:
        """``"b;a;c"`` → ``("b", "a", "c")``."""
        return split_cell(cell)

    def format_cell(self, question: Question, value: Any) -> str:
        """``("b", "a")`` → ``b;a``."""
        return SEPARATOR.join(value)

    def validate(self, question: Question, answer: Answer) -> list[str]:
        """Distinct option keys, best first."""
        return option_list_problems(question, answer.value, "ranked", "best first")

    def tokens(self, question: Question, answer: Answer) -> frozenset[str]:
        """The option ranked first."""
        return frozenset({answer.value[0]})

    def accumulator(self, question: Question) -> _BordaCounter:
        """Borda scores, first places, mean positions and the resulting order."""
        return _BordaCounter(question)

    def sample(self, question: Question, rng: random.Random, mood: float,
               lang: str) -> Answer | None:
        """A Plackett–Luce draw favouring the options listed first."""
        pool = [o.key for o in question.options]
        w = weights(len(pool))
        order = []
        for _ in range(question.max_choices or len(pool)):
            i = rng.choices(range(len(pool)), w)[0]
            order.append(pool.pop(i))
            w.pop(i)
        return Answer(question.key, tuple(order))
