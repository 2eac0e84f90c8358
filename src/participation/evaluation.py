"""The evaluation engine: one streaming pass, many periods, an :class:`Assessment`.

An assessment is *for a period, as of a moment*: the period itself, the previous
period (for the change) and the period's quarters or months (for trends) are all
computed in the same single pass over the data.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any, Protocol, TypeVar

import attrs

from participation.indicators.base import AREAS, Accumulator, IndicatorSpec, Measurement, Target
from participation.indicators.facts import (
    EvaluationContext,
    FactsDeriver,
    SubmissionFacts,
    SubmissionState,
    _forget_last_acknowledged,
)
from participation.indicators.reach import _forget_last_contact
from participation.model import (
    Activity,
    Administration,
    Period,
    PeriodKind,
    Policy,
    Status,
    Submission,
)
from participation.registry import Registry
from participation.scoring import Score

T = TypeVar("T")

__all__ = ["Assessment", "DataSource", "Evaluation", "InMemorySource", "assess", "trend_periods"]


class DataSource(Protocol):
    """Where an assessment reads its data from; each method streams, once."""

    def iter_policies(self) -> Iterable[Policy]:
        """Every policy."""
        ...  # pragma: no cover

    def iter_activities(self) -> Iterable[Activity]:
        """Every participation activity."""
        ...  # pragma: no cover

    def iter_submissions(self) -> Iterable[Submission]:
        """Every submission (they may come in any order)."""
        ...  # pragma: no cover

    def iter_survey_responses(self) -> Iterable[Any]:
        """Every survey response."""
        ...  # pragma: no cover


@attrs.frozen
class InMemorySource:
    """A :class:`DataSource` over lists already in memory (tests, small scripts)."""

    submissions: Sequence[Submission] = ()
    policies: Sequence[Policy] = ()
    activities: Sequence[Activity] = ()
    survey_responses: Sequence[Any] = ()

    def iter_policies(self) -> Iterator[Policy]:
        """Every policy."""
        return iter(self.policies)

    def iter_activities(self) -> Iterator[Activity]:
        """Every activity."""
        return iter(self.activities)

    def iter_submissions(self) -> Iterator[Submission]:
        """Every submission."""
        return iter(self.submissions)

    def iter_survey_responses(self) -> Iterator[Any]:
        """Every survey response."""
        return iter(self.survey_responses)


_FLAGS = ("received_in_period", "answered_in_period", "open_at_cutoff")


def _overrides(acc: Accumulator, method: str) -> bool:
    """Whether ``acc``'s class does something with ``method``'s input (the base ignores it)."""
    return getattr(type(acc), method) is not getattr(Accumulator, method)


def _feeders(accumulators: Sequence[Accumulator]) -> list[Callable[[SubmissionFacts], None]]:
    """The calls that give ``accumulators`` one submission's facts: one per built-in kind
    whose class feeds several of its accumulators in one call (a ``_feeder`` of its very
    class, so a subclass with its own ``add_submission`` is fed through that), and each
    other accumulator's ``add_submission``. The accumulators are independent of each
    other, so the order they are fed in does not matter."""
    calls: list[Callable[[SubmissionFacts], None]] = []
    batches: dict[type, list[Accumulator]] = {}
    for acc in accumulators:
        # fed by its class's feeder only when nothing replaced add_submission on the
        # object itself (a tracing wrapper, a test's patch): that one is called instead
        if "_feeder" in vars(type(acc)) and "add_submission" not in getattr(acc, "__dict__", ()):
            batches.setdefault(type(acc), []).append(acc)
        else:
            calls.append(acc.add_submission)
    return [*(kind._feeder(accs) for kind, accs in batches.items()), *calls]  # type: ignore[attr-defined]


class _PeriodFeed:
    """One period's part of the pass: its bounds, and which accumulators take which
    submissions (every one, or only those with a given facts flag)."""

    __slots__ = ("answered", "ctx", "cutoff", "end", "every", "open", "received", "settled",
                 "start", "tally")

    def __init__(self, ctx: EvaluationContext, accumulators: Sequence[Accumulator]) -> None:
        self.ctx = ctx
        self.cutoff, self.start, self.end = ctx.cutoff, ctx.start, ctx.end
        #: a submission answered before this moment and received before the period is
        #: neither received nor answered in it nor open at its cut-off
        self.settled = min(ctx.start, ctx.cutoff)
        self.tally = ctx.tally
        self.tally.setdefault("submissions", 0)
        wanted = [acc for acc in accumulators if _overrides(acc, "add_submission")]
        by_flag: dict[str | None, list[Accumulator]] = {}
        for acc in wanted:
            flag = acc.needs if acc.needs in _FLAGS else None
            by_flag.setdefault(flag, []).append(acc)
        self.every = _feeders(by_flag.get(None, []))
        self.received, self.answered, self.open = (_feeders(by_flag.get(f, [])) for f in _FLAGS)


class Evaluation:
    """Accumulators for every indicator × period, fed in one pass.

    Each submission is read once: what follows from its history at each distinct
    cut-off is derived once (:class:`~participation.indicators.facts.FactsDeriver`) and
    shared by the periods, and an accumulator that declares which submissions it needs
    (:attr:`~participation.indicators.Accumulator.needs`) is fed only those.

    >>> from datetime import timezone
    >>> from participation.model import GovernmentLevel
    >>> reg = Registry.default(load_entrypoints=False)
    >>> admin = Administration("Example", "BG", GovernmentLevel.REGIONAL, 200_000)
    >>> ev = Evaluation(admin, [Period.parse("2025")], datetime(2026, 1, 1, tzinfo=timezone.utc), reg)
    >>> ev.add_submissions([])
    >>> ev.finish()[Period.parse("2025")]["answered_on_time"].note
    'no data: no submissions to count'
    """

    def __init__(self, administration: Administration, periods: Sequence[Period], as_of: datetime,
                 registry: Registry, targets: Mapping[str, Target] | None = None,
                 indicators: Sequence[IndicatorSpec] | None = None) -> None:
        self.registry = registry
        self.specs = list(indicators if indicators is not None else registry.indicators.values())
        self.targets = dict(targets or {})
        calendar = registry.calendar(administration.jurisdiction)
        self.contexts = [EvaluationContext(administration, p, as_of, registry, calendar, self.targets)
                         for p in periods]
        self.accumulators = [[spec.accumulator(spec, ctx) for spec in self.specs]
                             for ctx in self.contexts]
        self.counts = {"policies": 0, "activities": 0, "submissions": 0, "survey_responses": 0}
        self.deriver = FactsDeriver(registry, calendar, administration.tzinfo)
        self._feeds = [_PeriodFeed(ctx, accs) for ctx, accs in zip(self.contexts, self.accumulators,
                                                                   strict=True)]
        self._args = (administration, list(periods), as_of, registry, targets, self.specs)

    def fresh(self) -> Evaluation:
        """A new evaluation of the same periods and indicators that has seen nothing."""
        administration, periods, as_of, registry, targets, specs = self._args
        return Evaluation(administration, periods, as_of, registry, targets, specs)

    def splittable(self) -> bool:
        """Whether the submissions may be fed in parts to :meth:`fresh` copies and
        :meth:`combine`-d here: every accumulator that reads submissions says its
        :meth:`~participation.indicators.Accumulator.partial`."""
        return all(acc.partial() is not None for accs in self.accumulators for acc in accs
                   if _overrides(acc, "add_submission"))

    def partial(self) -> tuple[int, list[int], list[list[Any]]]:
        """What was gathered from submissions (when :meth:`splittable`): how many were
        read, how many each period saw by its cut-off, each accumulator's partial."""
        return (self.counts["submissions"], [ctx.tally.get("submissions", 0) for ctx in self.contexts],
                [[acc.partial() if _overrides(acc, "add_submission") else None for acc in accs]
                 for accs in self.accumulators])

    def combine(self, partial: tuple[int, list[int], list[list[Any]]]) -> None:
        """Add the :meth:`partial` of a :meth:`fresh` copy that read the submissions that
        come after those this one read (in the input's order)."""
        read, tallies, states = partial
        self.counts["submissions"] += read
        for ctx, tally, accs, acc_states in zip(self.contexts, tallies, self.accumulators, states,
                                                strict=True):
            ctx.tally["submissions"] = ctx.tally.get("submissions", 0) + tally
            for acc, state in zip(accs, acc_states, strict=True):
                if state is not None:
                    acc.combine(state)

    def _takers(self, method: str) -> list[Callable[[Any], None]]:
        return [getattr(acc, method) for accs in self.accumulators for acc in accs
                if _overrides(acc, method)]

    def add_policies(self, policies: Iterable[Policy]) -> None:
        """Feed policies."""
        takers = self._takers("add_policy")
        for policy in policies:
            self.counts["policies"] += 1
            for add in takers:
                add(policy)

    def add_activities(self, activities: Iterable[Activity]) -> None:
        """Feed activities."""
        takers = self._takers("add_activity")
        for activity in activities:
            self.counts["activities"] += 1
            for add in takers:
                add(activity)

    def add_submissions(self, submissions: Iterable[Submission], *,
                        indicators: Collection[str] | None = None) -> None:
        """Feed submissions; the facts of each are derived once and shared by the periods.

        :param indicators: feed only the accumulators of these indicator keys (the DuckDB
            engine computes the others in SQL); default: all.
        """
        period_feeds = self._feeds
        if indicators is not None:
            period_feeds = [_PeriodFeed(ctx, [acc for spec, acc in zip(self.specs, accs, strict=True)
                                              if spec.key in indicators])
                            for ctx, accs in zip(self.contexts, self.accumulators, strict=True)]
        # each period's bounds and takers as a tuple: read for every submission and period.
        # Moments are compared in UTC, every one of them: two aware datetimes with the same
        # tzinfo object compare field by field, some 25 times faster than two in different
        # zones (each asked for its offset), and in UTC that order is the order in time
        # (two moments that share a ZoneInfo compare by their wall clocks, wrong across a
        # summer-time fold)
        feeds = [(f.cutoff.astimezone(UTC), f.start.astimezone(UTC),
                  f.end.astimezone(UTC), f.settled.astimezone(UTC), f.tally, f.every, f.received,
                  f.answered, f.open, bool(f.every)) for f in period_feeds]
        deriver = self.deriver
        channel_and_rule, derive_state, whole_state = (deriver.channel_and_rule, deriver.state,
                                                       deriver.whole_state)
        answered_status = Status.ANSWERED
        seen = 0
        try:
            for submission in submissions:
                seen += 1
                received = submission.received_at.astimezone(UTC)
                events = submission.events
                response = submission.response
                # its final answer and the last moment of its history, in UTC: a cut-off
                # after that moment sees the whole history (the events are in time order)
                final_answer = (response.answered_at if response is not None
                                else submission.entered(answered_status))
                last = events[-1].at.astimezone(UTC) if events else received
                if final_answer is not None:
                    final_answer = final_answer.astimezone(UTC)
                    if final_answer > last:
                        last = final_answer
                whole: SubmissionState | None = None
                states: dict[tuple[int, bool], SubmissionState] = {}
                channel_rule = None
                # the last facts built and what they were built from: the next period's, if
                # the same (they depend on the cut-off only while the submission is open)
                facts: SubmissionFacts | None = None
                facts_of: tuple[SubmissionState, bool, bool, datetime | None] | None = None
                for (cutoff, start, end, settled, tally, every, takes_received,
                     takes_answered, takes_open, feeds_every) in feeds:
                    if received >= cutoff:
                        continue
                    tally["submissions"] += 1
                    if (not feeds_every and received < start and final_answer is not None
                            and final_answer < settled):
                        continue  # nothing to feed: skip working out its state
                    if channel_rule is None:
                        channel_rule = channel_and_rule(submission)
                    if last < cutoff:
                        if whole is None:
                            whole = whole_state(submission, channel_rule[1], final_answer)
                        state = whole
                    else:
                        state = derive_state(submission, channel_rule[1], cutoff, states)
                    in_period = start <= received < end
                    answered_at = state.answered_utc
                    answered = answered_at is not None and start <= answered_at < end
                    is_open = state.open
                    if not (feeds_every or (in_period and takes_received)
                            or (answered and takes_answered) or (is_open and takes_open)):
                        continue
                    built_from = (state, in_period, answered, cutoff if is_open else None)
                    if facts is None or built_from != facts_of:
                        facts = state.period_facts(channel_rule[0], channel_rule[1], in_period,
                                                   answered, cutoff)
                        facts_of = built_from
                    for add in every:
                        add(facts)
                    if in_period:
                        for add in takes_received:
                            add(facts)
                    if answered:
                        for add in takes_answered:
                            add(facts)
                    if is_open:
                        for add in takes_open:
                            add(facts)
        finally:
            self.counts["submissions"] += seen
            _forget_last_contact()
            _forget_last_acknowledged()

    def add_survey_responses(self, responses: Iterable[Any]) -> None:
        """Feed survey responses."""
        takers = self._takers("add_survey_response")
        for response in responses:
            self.counts["survey_responses"] += 1
            for add in takers:
                add(response)

    def finish(self) -> dict[Period, dict[str, Measurement]]:
        """Measurements per period, each judged against its target."""
        out: dict[Period, dict[str, Measurement]] = {}
        for ctx, accs in zip(self.contexts, self.accumulators, strict=True):
            results = {}
            for spec, acc in zip(self.specs, accs, strict=True):
                target = self.targets.get(spec.key)
                if target is None and spec.default_target is not None:
                    target = Target(spec.key, spec.default_target, source="default")
                results[spec.key] = acc.finish().with_target(target, spec.direction)
            out[ctx.period] = results
        return out


def trend_periods(period: Period) -> list[Period]:
    """The periods a trend is drawn over: the quarters of a year, the months of a quarter
    or of a custom range longer than two months, and for a month the series of six
    consecutive months ending with it.

    >>> [str(p) for p in trend_periods(Period.parse("2025-03"))]
    ['2024-10', '2024-11', '2024-12', '2025-01', '2025-02', '2025-03']
    """
    if period.kind is PeriodKind.YEAR:
        return list(period.split(PeriodKind.QUARTER))
    if period.kind is PeriodKind.MONTH:
        return period.series(6)
    if period.kind is PeriodKind.QUARTER or (period.kind is PeriodKind.CUSTOM and period.days > 62):
        return list(period.split(PeriodKind.MONTH))
    return []


@attrs.frozen
class Assessment:
    """How an administration did in a period, as of a moment.

    :param measurements: indicator key → measurement for the period.
    :param previous: the same for the previous period (for the change).
    :param trends: sub-period → indicator key → measurement.
    :param scores: one per scorer.
    :param weakest_areas: the three areas with the lowest composite area score.
    :param counts: how many items of each kind were read.
    :param surveys: the results of every survey answered in the period
        (:func:`participation.surveys.results_to_dict` each).
    :param activities: the activities that ran in the period, by kind (any registered
        kind): ``kind``, ``activities``, ``participants``, ``inputs_received``.
    """

    administration: Administration
    period: Period
    as_of: datetime
    measurements: Mapping[str, Measurement]
    previous: Mapping[str, Measurement]
    trends: Mapping[Period, Mapping[str, Measurement]]
    scores: tuple[Score, ...]
    previous_scores: tuple[Score, ...]
    weakest_areas: tuple[str, ...]
    counts: Mapping[str, int]
    surveys: tuple[Mapping[str, Any], ...] = ()
    activities: tuple[Mapping[str, Any], ...] = ()

    def change(self, key: str) -> float | None:
        """The change of indicator ``key`` from the previous period, or ``None``."""
        now, before = self.measurements.get(key), self.previous.get(key)
        if now is None or before is None or now.value is None or before.value is None:
            return None
        return now.value - before.value

    def score(self, scorer: str) -> Score | None:
        """The score by ``scorer``."""
        return next((s for s in self.scores if s.scorer == scorer), None)


def _weakest(scores: Sequence[Score], how_many: int = 3) -> tuple[str, ...]:
    main = next((s for s in scores if s.scorer == "composite"), scores[0] if scores else None)
    if main is None:
        return ()
    rated = [(a.value, AREAS.index(a.area) if a.area in AREAS else 99, a.area)
             for a in main.areas if a.value is not None]
    return tuple(area for _, _, area in sorted(rated)[:how_many])


def assess(administration: Administration, period: Period, source: DataSource, registry: Registry,
           *, as_of: datetime | None = None, targets: Mapping[str, Target] | None = None,
           feed: Callable[[Evaluation, DataSource], None] | None = None) -> Assessment:
    """Assess ``administration`` for ``period`` from ``source`` in one pass.

    :param as_of: the moment figures are taken at (default: the end of the period).
    :param targets: targets by indicator key (default: each indicator's default target).
    :param feed: how the submissions reach the accumulators, instead of
        :meth:`Evaluation.add_submissions` over ``source.iter_submissions()`` (the DuckDB
        engine's :meth:`~participation.duckdb_engine.DuckDBFeed.__call__`).
    """
    as_of = as_of or period.end_at(administration.tzinfo)
    subs = trend_periods(period)
    previous = period.previous()
    periods = list(dict.fromkeys([period, previous, *subs]))  # a month's series holds both
    ev = Evaluation(administration, periods, as_of, registry, targets)
    ev.add_policies(source.iter_policies())
    from participation.activity_tally import ActivityTally

    tally = ActivityTally(period.start, period.end)
    ev.add_activities(_tee(source.iter_activities(), tally.add))
    if feed is None:
        ev.add_submissions(source.iter_submissions())
    else:
        feed(ev, source)
    from participation.surveys import SurveysSection

    tz = administration.tzinfo
    section = SurveysSection(registry.surveys, registry.question_types, start=period.start_at(tz),
                             end=min(as_of, period.end_at(tz)))
    ev.add_survey_responses(_tee(source.iter_survey_responses(), section.add))
    results = ev.finish()
    specs = {s.key: s for s in ev.specs}
    scorers = list(registry.scorers.values())
    scores = tuple(s.score(results[period], specs) for s in scorers)
    previous_scores = tuple(s.score(results[previous], specs) for s in scorers)
    return Assessment(administration, period, as_of, results[period], results[previous],
                      {p: results[p] for p in subs}, scores, previous_scores, _weakest(scores),
                      dict(ev.counts), tuple(section.finish()), tuple(tally.rows()))


def _tee(items: Iterable[T], sink: Callable[[T], None]) -> Iterator[T]:
    """Yield ``items`` and hand each to ``sink`` too (two consumers, one pass)."""
    for item in items:
        sink(item)
        yield item
