"""Reusable accumulator kinds: a share of items, a quantile of days, a count.

Most indicators are one of these with a different test, so each built-in indicator
is a few lines of data and one small function.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from participation.indicators.base import Accumulator, IndicatorSpec, Measurement
from participation.indicators.facts import EvaluationContext, SubmissionFacts
from participation.indicators.sketches import DayHistogram, Ratio
from participation.model import Activity

__all__ = [
    "AccumulatorFactory",
    "activity_days",
    "activity_share",
    "count_submissions",
    "submission_days",
    "submission_share",
]

AccumulatorFactory = Callable[[IndicatorSpec, EvaluationContext], Accumulator]
SubmissionTest = Callable[[SubmissionFacts, EvaluationContext], bool | None]
ActivityTest = Callable[[Activity, EvaluationContext], bool | None]


def _share(spec: IndicatorSpec, ratio: Ratio, what: str) -> Measurement:
    n = int(ratio.denominator)
    return Measurement(spec.key, ratio.value, n, numerator=ratio.numerator,
                       denominator=ratio.denominator,
                       note="" if n else f"no data: no {what} to count")


class _SubmissionShare(Accumulator):
    def __init__(self, spec: IndicatorSpec, ctx: EvaluationContext, test: SubmissionTest,
                 needs: str | None) -> None:
        super().__init__(spec, ctx)
        self.test = test
        self.needs = needs
        self.ratio = Ratio()

    def add_submission(self, facts: SubmissionFacts) -> None:
        verdict = self.test(facts, self.ctx)
        if verdict is not None:  # Ratio.add, inlined: this runs for every submission
            ratio = self.ratio
            ratio.denominator += 1.0
            if verdict:
                ratio.numerator += 1.0

    @staticmethod
    def _feeder(accumulators: Sequence[_SubmissionShare]) -> Callable[[SubmissionFacts], None]:
        """One call that does :meth:`add_submission` of each of ``accumulators`` (the
        engine calls it once per submission and period instead of once per indicator)."""
        slots = tuple((acc.test, acc.ctx, acc.ratio) for acc in accumulators)

        def add(facts: SubmissionFacts) -> None:
            for test, ctx, ratio in slots:
                verdict = test(facts, ctx)
                if verdict is not None:
                    ratio.denominator += 1.0
                    if verdict:
                        ratio.numerator += 1.0

        return add

    def finish(self) -> Measurement:
        return _share(self.spec, self.ratio, "submissions")

    def partial(self) -> tuple[float, float]:
        return self.ratio.numerator, self.ratio.denominator

    def combine(self, partial: tuple[float, float]) -> None:
        self.ratio.add_counts(*partial)


def submission_share(test: SubmissionTest, *, needs: str | None = None) -> AccumulatorFactory:
    """A share of submissions: ``test`` says ``True`` (counts above the line),
    ``False`` (below) or ``None`` (not counted).

    :param needs: a facts flag without which ``test`` always says ``None`` (see
        :attr:`Accumulator.needs`), so the engine can skip those submissions.
    """
    return lambda spec, ctx: _SubmissionShare(spec, ctx, test, needs)


class _ActivityShare(Accumulator):
    def __init__(self, spec: IndicatorSpec, ctx: EvaluationContext, test: ActivityTest) -> None:
        super().__init__(spec, ctx)
        self.test = test
        self.ratio = Ratio()

    def add_activity(self, activity: Activity) -> None:
        verdict = self.test(activity, self.ctx)
        if verdict is not None:
            self.ratio.add(verdict)

    def finish(self) -> Measurement:
        return _share(self.spec, self.ratio, "activities")


def activity_share(test: ActivityTest) -> AccumulatorFactory:
    """A share of activities (see :func:`submission_share`)."""
    return lambda spec, ctx: _ActivityShare(spec, ctx, test)


class _Days(Accumulator):
    def __init__(self, spec: IndicatorSpec, ctx: EvaluationContext, q: float,
                 extract: Callable[[Any, EvaluationContext], int | None], source: str,
                 needs: str | None = None) -> None:
        super().__init__(spec, ctx)
        self.needs = needs
        self.q = q
        self.extract = extract
        self.source = source
        self.hist = DayHistogram()

    def _see(self, item: Any) -> None:
        days = self.extract(item, self.ctx)
        if days is not None:
            self.hist.add(days)


    def finish(self) -> Measurement:
        value = self.hist.quantile(self.q)
        return Measurement(self.spec.key, value, self.hist.n,
                           note="" if self.hist.n else f"no data: no {self.source} to time",
                           detail={"histogram": self.hist.as_dict(), "quantile": self.q})

    def partial(self) -> tuple[dict[int, int], int]:
        return dict(self.hist.counts), self.hist.n

    def combine(self, partial: tuple[dict[int, int], int]) -> None:
        self.hist.merge(*partial)


class _SubmissionDays(_Days):
    def add_submission(self, facts: SubmissionFacts) -> None:
        days = self.extract(facts, self.ctx)  # _see, inlined: this runs for every submission
        if days is not None:
            self.hist.add(days)

    @staticmethod
    def _feeder(accumulators: Sequence[_SubmissionDays]) -> Callable[[SubmissionFacts], None]:
        """One call that does :meth:`add_submission` of each of ``accumulators``."""
        slots = tuple((acc.extract, acc.ctx, acc.hist) for acc in accumulators)

        def add(facts: SubmissionFacts) -> None:
            for extract, ctx, hist in slots:
                days = extract(facts, ctx)
                if days is not None:  # DayHistogram.add, inlined
                    counts = hist.counts
                    counts[days] = counts.get(days, 0) + 1
                    hist.n += 1

        return add


class _ActivityDays(_Days):
    def add_activity(self, activity: Activity) -> None:
        self._see(activity)


def submission_days(q: float, extract: Callable[[SubmissionFacts, EvaluationContext], int | None],
                    *, needs: str | None = None) -> AccumulatorFactory:
    """The ``q`` quantile of whole days that ``extract`` reads off each submission
    (``needs``: see :func:`submission_share`)."""
    return lambda spec, ctx: _SubmissionDays(spec, ctx, q, extract, "submissions", needs)


def activity_days(q: float, extract: Callable[[Activity, EvaluationContext], int | None]
                  ) -> AccumulatorFactory:
    """The ``q`` quantile of whole days that ``extract`` reads off each activity."""
    return lambda spec, ctx: _ActivityDays(spec, ctx, q, extract, "activities")


class _Count(Accumulator):
    def __init__(self, spec: IndicatorSpec, ctx: EvaluationContext, test: SubmissionTest,
                 needs: str | None) -> None:
        super().__init__(spec, ctx)
        self.test = test
        self.needs = needs
        self.ratio = Ratio()
        self.seen = 0

    def add_submission(self, facts: SubmissionFacts) -> None:
        self.seen += 1
        verdict = self.test(facts, self.ctx)
        if verdict is not None:
            self.ratio.add(verdict)

    @staticmethod
    def _feeder(accumulators: Sequence[_Count]) -> Callable[[SubmissionFacts], None]:
        """One call that does :meth:`add_submission` of each of ``accumulators``."""
        every = tuple(accumulators)

        def add(facts: SubmissionFacts) -> None:
            for acc in every:
                acc.seen += 1
                verdict = acc.test(facts, acc.ctx)
                if verdict is not None:
                    ratio = acc.ratio
                    ratio.denominator += 1.0
                    if verdict:
                        ratio.numerator += 1.0

        return add

    def finish(self) -> Measurement:
        # zero is a real figure once any submission was seen; with none, there is no data
        # (the engine counts them all, fed or not: see Accumulator.needs)
        if not max(self.seen, self.ctx.tally.get("submissions", 0)):
            return Measurement(self.spec.key, None, 0, note="no data: no submissions by the cut-off")
        return Measurement(self.spec.key, self.ratio.numerator, int(self.ratio.denominator),
                           numerator=self.ratio.numerator, denominator=self.ratio.denominator)

    def partial(self) -> tuple[int, float, float]:
        return self.seen, self.ratio.numerator, self.ratio.denominator

    def combine(self, partial: tuple[int, float, float]) -> None:
        seen, numerator, denominator = partial
        self.seen += seen
        self.ratio.add_counts(numerator, denominator)


def count_submissions(test: SubmissionTest, *, needs: str | None = None) -> AccumulatorFactory:
    """How many submissions ``test`` says ``True`` of; those it says ``False`` of form the
    denominator too (kept for context), ``None`` ones are ignored. With no submission
    received by the cut-off at all, there is no data (``needs``: see
    :func:`submission_share`)."""
    return lambda spec, ctx: _Count(spec, ctx, test, needs)
