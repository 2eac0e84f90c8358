"""Survey results, accumulated in one pass over the responses.

Each question keeps only its type's counters (per option, per point, per row) and
a running mean; free texts are never kept. The one thing that grows with the number
of responses is the set of response ids seen, so that a repeated id is left out
(counted as invalid) rather than counted twice. For every question the results say
how many respondents were shown it (``shown``), how many answered (``n``), how many
skipped it (``skipped`` = shown − n) and how many never saw it because display
conditions hid it (``hidden``): a hidden question is not counted as unanswered.

>>> from datetime import datetime, timezone
>>> from participation.surveys import Answer, Question, Survey, SurveyResponse, builtin
>>> s = Survey("s", {"en": "S"}, questions=[Question("score", "rating", {"en": "Score?"})])
>>> at = datetime(2025, 5, 1, tzinfo=timezone.utc)
>>> rs = [SurveyResponse(f"r{i}", "s", 1, at, [Answer("score", v)])
...       for i, v in enumerate([6, 8, 10])]
>>> res = tabulate(s, rs, builtin.BUILTIN_TYPES)
>>> q = res.question("score")
>>> q.n, q.figures["mean"], round(q.figures["positive_share"], 3)
(3, 8.0, 0.667)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

import attrs

from participation.errors import FieldError, UnknownKeyError
from participation.surveys.conditions import visibility
from participation.surveys.model import Question, Survey, SurveyResponse
from participation.surveys.questiontype import Accumulator, QuestionType, is_empty
from participation.surveys.validation import validate_response

__all__ = ["CrossTab", "QuestionResult", "ResultsBuilder", "SurveyResults", "tabulate"]


@attrs.frozen
class QuestionResult:
    """The figures of one question.

    :param figures: what the question's type accumulates (counts, shares, mean and
        ``ci95``, ``positive_share``, Borda scores …), JSON-ready.
    """

    key: str
    type: str
    text: Mapping[str, str]
    confidential: bool
    indicator: str | None
    shown: int
    n: int
    hidden: int
    figures: Mapping[str, Any]

    @property
    def skipped(self) -> int:
        """Respondents shown the question who did not answer it."""
        return self.shown - self.n


@attrs.frozen
class CrossTab:
    """Counts of the respondents who answered both ``row`` and ``column``, by category.

    A multiple-choice answer counts in every category chosen, so cells may add up to
    more than ``n``.
    """

    row: str
    column: str
    n: int
    counts: Mapping[str, Mapping[str, int]]

    def row_totals(self) -> dict[str, int]:
        """The sum of each row."""
        return {r: sum(cols.values()) for r, cols in self.counts.items()}

    def column_totals(self) -> dict[str, int]:
        """The sum of each column."""
        out: dict[str, int] = {}
        for cols in self.counts.values():
            for c, v in cols.items():
                out[c] = out.get(c, 0) + v
        return out


@attrs.frozen
class SurveyResults:
    """The results of a survey over a set of responses."""

    survey: str
    version: int
    title: Mapping[str, str]
    n: int
    invalid: int
    first: datetime | None
    last: datetime | None
    questions: tuple[QuestionResult, ...]
    crosstabs: tuple[CrossTab, ...] = ()

    def question(self, key: str) -> QuestionResult:
        """The result of question ``key``."""
        for q in self.questions:
            if q.key == key:
                return q
        raise UnknownKeyError("question", key, [q.key for q in self.questions])

    def crosstab(self, row: str, column: str) -> CrossTab:
        """The cross-tabulation of ``row`` by ``column``."""
        for c in self.crosstabs:
            if (c.row, c.column) == (row, column):
                return c
        raise UnknownKeyError("cross-tabulation", f"{row}×{column}",
                              [f"{c.row}×{c.column}" for c in self.crosstabs])


class _QuestionTally:
    def __init__(self, accumulator: Accumulator) -> None:
        self.accumulator = accumulator
        self.shown = 0
        self.n = 0
        self.hidden = 0


class ResultsBuilder:
    """Adds valid responses one at a time; :meth:`finish` gives the results.

    A response whose id was already added is left out and counted as invalid; to
    know, the builder keeps the set of ids it has added (memory grows with the
    number of distinct responses, a few dozen bytes each).

    :param crosstabs: pairs of question keys to cross-tabulate (row, column); both must
        be of a categorical type (not free text).
    """

    def __init__(self, survey: Survey, types: Mapping[str, QuestionType],
                 crosstabs: Sequence[tuple[str, str]] = ()) -> None:
        self.survey = survey
        self.types = types
        self.tallies: dict[str, _QuestionTally] = {}
        for q in survey.questions:
            if q.type not in types:
                raise UnknownKeyError("question type", q.type, list(types))
            self.tallies[q.key] = _QuestionTally(types[q.type].accumulator(q))
        for pair in crosstabs:
            for key in pair:
                q = survey.question(key)
                if not types[q.type].categorical:
                    raise FieldError("crosstabs", f"question {key!r} is free text and cannot "
                                     "be cross-tabulated")
        self.pairs: list[tuple[str, str]] = [(a, b) for a, b in crosstabs]
        self.cross: dict[tuple[str, str], dict[str, dict[str, int]]] = {p: {} for p in self.pairs}
        self.cross_n = dict.fromkeys(self.pairs, 0)
        self.n = 0
        self.invalid = 0
        self.seen: set[str] = set()
        self.first: datetime | None = None
        self.last: datetime | None = None

    def add(self, response: SurveyResponse) -> None:
        """Count a response (already validated against the survey); a response whose
        id was already added is counted as invalid instead."""
        if response.id in self.seen:
            self.invalid += 1
            return
        self.seen.add(response.id)
        self.n += 1
        at = response.submitted_at
        self.first = at if self.first is None or at < self.first else self.first
        self.last = at if self.last is None or at > self.last else self.last
        answers = {k: a for k, a in response.answer_map().items() if not is_empty(a.value)}
        shown = visibility(self.survey, answers, self.types)
        for q in self.survey.questions:
            tally = self.tallies[q.key]
            if not shown[q.key]:
                tally.hidden += 1
                continue
            tally.shown += 1
            if q.key in answers:
                tally.n += 1
                tally.accumulator.add(answers[q.key])
        for row, col in self.pairs:
            if not (shown[row] and shown[col] and row in answers and col in answers):
                continue
            qr, qc = self.survey.question(row), self.survey.question(col)
            table = self.cross[(row, col)]
            self.cross_n[(row, col)] += 1
            for a in self.types[qr.type].categories(qr, answers[row]):
                cells = table.setdefault(a, {})
                for b in self.types[qc.type].categories(qc, answers[col]):
                    cells[b] = cells.get(b, 0) + 1

    def _crosstab(self, row: str, column: str) -> CrossTab:
        table = self.cross[(row, column)]
        qr, qc = self.survey.question(row), self.survey.question(column)
        columns = _in_order(qc, {c for cells in table.values() for c in cells})
        counts = {r: {c: table[r][c] for c in columns if c in table[r]}
                  for r in _in_order(qr, table)}
        return CrossTab(row, column, self.cross_n[(row, column)], counts)

    def finish(self) -> SurveyResults:
        """The results so far."""
        questions = tuple(
            QuestionResult(q.key, q.type, dict(q.text), q.confidential, q.indicator,
                           t.shown, t.n, t.hidden, t.accumulator.result())
            for q in self.survey.questions for t in [self.tallies[q.key]])
        crosstabs = tuple(self._crosstab(r, c) for r, c in self.pairs)
        return SurveyResults(self.survey.key, self.survey.version, dict(self.survey.title),
                             self.n, self.invalid, self.first, self.last, questions, crosstabs)


def _in_order(question: Question, keys: Iterable[str]) -> list[str]:
    """Categories in the question's option order, then numerically, then by name."""
    place = {o.key: i for i, o in enumerate(question.options)}
    return sorted(keys, key=lambda k: (place.get(k, len(place)),
                                       int(k) if k.isdigit() else 0, k))


def tabulate(survey: Survey, responses: Iterable[SurveyResponse],
             types: Mapping[str, QuestionType], crosstabs: Sequence[tuple[str, str]] = (),
             *, validate: bool = True) -> SurveyResults:
    """The results of ``survey`` over ``responses``, in one pass.

    With ``validate`` (the default) a response that is not valid for the survey is left
    out and counted in :attr:`SurveyResults.invalid`; pass ``validate=False`` for
    responses already validated.
    """
    builder = ResultsBuilder(survey, types, crosstabs)
    for response in responses:
        if validate and validate_response(survey, response, types):
            builder.invalid += 1
            continue
        builder.add(response)
    return builder.finish()
