"""What the engine derives once per submission and period, shared by every indicator."""

from __future__ import annotations

import functools
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import TYPE_CHECKING

import attrs

from participation.model import (
    OPEN_STATUSES,
    Administration,
    ChannelType,
    Event,
    Medium,
    Period,
    Response,
    Status,
    Submission,
)
from participation.rules import Calendar, DeadlineRule, lifecycle

if TYPE_CHECKING:
    from participation.indicators.base import Target
    from participation.registry import Registry

__all__ = ["EvaluationContext", "FactsDeriver", "SubmissionFacts", "SubmissionState", "as_seen_at"]

_SUBMISSION_FIELDS = tuple(a.name for a in attrs.fields(Submission))


def _cut_back(submission: Submission, events: tuple[Event, ...], response: Response | None
              ) -> Submission:
    """``submission`` with its history cut back to ``events`` and ``response``, without
    running the model's checks again: a prefix of a valid history is valid (the checks
    read each step against the one before it, and the answer against the receipt)."""
    copy = object.__new__(Submission)
    for name in _SUBMISSION_FIELDS:
        object.__setattr__(copy, name, getattr(submission, name))
    object.__setattr__(copy, "events", events)
    object.__setattr__(copy, "response", response)
    return copy


@attrs.frozen
class EvaluationContext:
    """The frame of one evaluation: who, which period, as of when.

    ``as_of`` is the moment the figures are taken at; for a period that ends before it,
    the period's own end is used (each period is judged as it stood when it closed).
    """

    administration: Administration
    period: Period
    as_of: datetime
    registry: Registry = attrs.field(repr=False)
    calendar: Calendar = attrs.field(repr=False)
    targets: dict[str, Target] = attrs.field(factory=dict, repr=False)
    #: How many items of each kind (``"submissions"``, …) the engine has read that
    #: were there by this period's cut-off, whether or not it fed them to every
    #: accumulator (see :attr:`~participation.indicators.Accumulator.needs`).
    tally: dict[str, int] = attrs.field(factory=dict, eq=False, repr=False)

    # computed once: they are read for every submission, many times
    @functools.cached_property
    def tz(self) -> tzinfo:
        """The administration's time zone."""
        return self.administration.tzinfo

    @functools.cached_property
    def start(self) -> datetime:
        """The first moment of the period."""
        return self.period.start_at(self.tz)

    @functools.cached_property
    def end(self) -> datetime:
        """The first moment after the period."""
        return self.period.end_at(self.tz)

    @functools.cached_property
    def cutoff(self) -> datetime:
        """The moment figures are taken at: ``min(as_of, end)``, an exclusive bound (what
        happens at that very moment is not seen, as a period excludes its end)."""
        return min(self.as_of, self.end)

    def days_between(self, earlier: datetime, later: datetime) -> int:
        """Whole calendar days from ``earlier`` to ``later``, in the administration's zone."""
        return (later.astimezone(self.tz).date() - earlier.astimezone(self.tz).date()).days


def as_seen_at(submission: Submission, moment: datetime) -> Submission:
    """The submission as it stood just before ``moment``: events and an answer at or after
    it removed. ``moment`` is an exclusive bound, like a period's end and the cut-off: an
    answer at 00:00 on 1 July belongs to July, not to June."""
    events = tuple(e for e in submission.events if e.at < moment)
    response = submission.response
    if response is not None and response.answered_at >= moment:
        response = None
    if len(events) == len(submission.events) and response is submission.response:
        return submission
    return _cut_back(submission, events, response)


@attrs.frozen
class SubmissionFacts:
    """One submission seen from one period, as of the cut-off.

    :param received_in_period: received inside the period (most indicators count these).
    :param answered_at: when it was answered, if by the cut-off.
    :param due_at: the first moment after its due day, under its deadline rule.
    :param open_at_cutoff: an answer was still owed at the cut-off (open status, no answer).
    :param overdue_at_cutoff: open and past its due day at the cut-off.
    :param on_time: answered before ``due_at`` (``None`` when not answered or no rule).
    :param days_to_answer: calendar days from receipt to answer.
    """

    submission: Submission
    channel: ChannelType | None
    received_in_period: bool
    answered_at: datetime | None
    answered_in_period: bool
    rule: DeadlineRule | None
    due_at: datetime | None
    open_at_cutoff: bool
    overdue_at_cutoff: bool
    on_time: bool | None
    days_to_answer: int | None
    acknowledged_at: datetime | None

    @property
    def medium(self) -> Medium | None:
        """The channel's medium, if the channel is known."""
        return self.channel.medium if self.channel is not None else None

    @classmethod
    def derive(cls, submission: Submission, ctx: EvaluationContext,
               due_cache: dict[int, datetime | None] | None = None) -> SubmissionFacts:
        """Work out the facts of ``submission`` for ``ctx``'s period and cut-off.

        The engine derives facts through one :class:`FactsDeriver` for all periods;
        this is the same for a single period. ``due_cache`` is accepted for
        compatibility and not used (the deriver caches due dates itself).
        """
        deriver = FactsDeriver(ctx.registry, ctx.calendar, ctx.tz)
        channel, rule = deriver.channel_and_rule(submission)
        state = deriver.state(submission, rule, ctx.cutoff, {})
        return state.facts(channel, rule, ctx.start <= submission.received_at < ctx.end,
                           ctx.start, ctx.end, ctx.cutoff)

    def acknowledged_within(self, days: int, ctx: EvaluationContext) -> bool | None:
        """Acknowledged (or already answered) by the end of the ``days``-th calendar day
        after the day of receipt, in the administration's zone (counted as a
        :class:`~participation.rules.Term` in days is, but not moved off weekends);
        ``None`` while that can still happen."""
        global _last_acknowledged
        received, acknowledged, answered, tz = (self.submission.received_at, self.acknowledged_at,
                                                self.answered_at, ctx.tz)
        last = _last_acknowledged
        if (last[0] is received and last[1] is acknowledged and last[2] is answered
                and last[3] == days and last[4] is tz):  # the same submission, another period
            limit, in_time = last[5], last[6]
        else:
            limit = _day_end(received.astimezone(tz).date(), days, tz)
            first = acknowledged
            if first is None or (answered is not None and answered < first):
                first = answered
            in_time = first is not None and first < limit
            _last_acknowledged = (received, acknowledged, answered, days, tz, limit, in_time)
        if in_time:
            return True
        if ctx.cutoff < limit:
            return None
        return False


#: What :meth:`SubmissionFacts.acknowledged_within` last worked out, with what it read (the
#: moments it holds, so they are the same objects only if they are the same values): the
#: periods that see a submission ask it in turn, and compare its moments only once.
_last_acknowledged: tuple[datetime | None, datetime | None, datetime | None, int, tzinfo | None,
                         datetime, bool] = (None, None, None, 0, None,
                                            datetime.min.replace(tzinfo=UTC), False)
_NOTHING_ACKNOWLEDGED = _last_acknowledged


def _forget_last_acknowledged() -> None:
    """Let go of the moments :data:`_last_acknowledged` holds (the engine, when a pass
    ends: nothing of a submission stays referenced after it)."""
    global _last_acknowledged
    _last_acknowledged = _NOTHING_ACKNOWLEDGED


@functools.lru_cache(maxsize=4096)
def _day_end(day: date, days: int, tz: tzinfo) -> datetime:
    """The first moment after the ``days``-th calendar day after ``day``, in ``tz``."""
    return datetime.combine(day + timedelta(days=days + 1), time.min, tzinfo=tz)


class SubmissionState:
    """A submission as it stood at one cut-off, with what follows from that alone (not
    from the period): shared by every period with that cut-off.

    ``answered_utc`` is ``answered_at`` in UTC (the engine compares it with the periods'
    bounds in UTC)."""

    __slots__ = ("acknowledged_at", "answered_at", "answered_utc", "days_to_answer", "due_at",
                 "on_time", "open", "seen")

    def __init__(self, seen: Submission, answered_at: datetime | None, open_: bool,
                 due_at: datetime | None, acknowledged_at: datetime | None,
                 days_to_answer: int | None, answered_utc: datetime | None = None) -> None:
        self.seen = seen
        self.answered_at = answered_at
        self.open = open_
        self.due_at = due_at
        self.acknowledged_at = acknowledged_at
        self.days_to_answer = days_to_answer
        self.on_time = None if answered_at is None or due_at is None else answered_at < due_at
        if answered_utc is None and answered_at is not None:
            answered_utc = answered_at.astimezone(UTC)
        self.answered_utc = answered_utc

    def facts(self, channel: ChannelType | None, rule: DeadlineRule | None, received_in_period: bool,
              start: datetime, end: datetime, cutoff: datetime) -> SubmissionFacts:
        """The facts for a period from ``start`` to ``end`` (exclusive) with this cut-off."""
        answered_at = self.answered_at
        return self.period_facts(channel, rule, received_in_period,
                                 answered_at is not None and start <= answered_at < end, cutoff)

    def period_facts(self, channel: ChannelType | None, rule: DeadlineRule | None,
                     received_in_period: bool, answered_in_period: bool, cutoff: datetime
                     ) -> SubmissionFacts:
        """:meth:`facts`, told whether it was received and answered in the period."""
        due_at = self.due_at
        open_ = self.open
        # SubmissionFacts(...) without its generated __init__ (no validators or converters
        # to run): this is built for every submission and period
        facts = _new(SubmissionFacts)
        _f_submission(facts, self.seen)
        _f_channel(facts, channel)
        _f_received(facts, received_in_period)
        _f_answered_at(facts, self.answered_at)
        _f_answered(facts, answered_in_period)
        _f_rule(facts, rule)
        _f_due(facts, due_at)
        _f_open(facts, open_)
        _f_overdue(facts, open_ and due_at is not None and cutoff >= due_at)
        _f_on_time(facts, self.on_time)
        _f_days(facts, self.days_to_answer)
        _f_acknowledged(facts, self.acknowledged_at)
        return facts


_new = object.__new__
(_f_submission, _f_channel, _f_received, _f_answered_at, _f_answered, _f_rule, _f_due, _f_open,
 _f_overdue, _f_on_time, _f_days, _f_acknowledged) = (
    SubmissionFacts.__dict__[a.name].__set__ for a in attrs.fields(SubmissionFacts))
if any(a.validator or a.converter for a in attrs.fields(SubmissionFacts)):  # pragma: no cover
    raise TypeError("SubmissionFacts gained a check: build it with its __init__ again")


_ACKNOWLEDGED = Status.ACKNOWLEDGED  # read from here, not from its class (Python 3.11: slower)


class FactsDeriver:
    """Derives what the engine needs of each submission, once, for every period.

    A submission's state at a cut-off (see :class:`SubmissionState`) is worked out once
    per distinct cut-back history and shared by the periods that see it so; channel
    types and rules are looked up once per (channel, rule) pair; due dates are cached by
    what they depend on — the rule, the day of the anchor step (or of receipt) and the
    extensions applied — so the submissions received on one day under one rule share a
    single computation. The caches are bounded (:attr:`MAX_CACHED` entries each) and do
    not grow with the number of submissions.
    """

    MAX_CACHED = 50_000

    def __init__(self, registry: Registry, calendar: Calendar, tz: tzinfo) -> None:
        self.registry = registry
        self.calendar = calendar
        self.tz = tz
        self._rules: dict[tuple[str, str | None], tuple[ChannelType | None, DeadlineRule | None]] = {}
        self._due: dict[tuple[object, ...], datetime] = {}

    def channel_and_rule(self, submission: Submission
                         ) -> tuple[ChannelType | None, DeadlineRule | None]:
        """The submission's channel type (``None`` if unknown) and deadline rule."""
        key = (submission.channel, submission.deadline_rule)
        found = self._rules.get(key)
        if found is None:
            channel = self.registry.channel_types.get(submission.channel)
            rule = (self.registry.rule_for(submission)
                    if channel is not None or submission.deadline_rule else None)
            if len(self._rules) >= self.MAX_CACHED:
                self._rules.clear()
            found = self._rules[key] = (channel, rule)
        return found

    def due_at(self, seen: Submission, rule: DeadlineRule) -> datetime:
        """The first moment after ``seen``'s due day under ``rule``."""
        return self._due_at(seen, rule, seen.received_at.astimezone(self.tz).date())

    def _due_at(self, seen: Submission, rule: DeadlineRule, received_day: date) -> datetime:
        """:meth:`due_at`, told the local day ``seen`` was received."""
        anchor = seen.entered(rule.anchor)
        key: tuple[str, date | None, date | None, tuple[str, ...]]
        if anchor is None:
            key = (rule.key, None, received_day, seen.extensions)
        else:
            key = (rule.key, received_day if anchor is seen.received_at
                   else anchor.astimezone(self.tz).date(), None, seen.extensions)
        due = self._due.get(key)
        if due is None:
            if len(self._due) >= self.MAX_CACHED:
                self._due.clear()
            due = self._due[key] = lifecycle.deadline_for(seen, rule, self.calendar,
                                                          self.tz).due_at(self.tz)
        return due

    def state(self, submission: Submission, rule: DeadlineRule | None, cutoff: datetime,
              cache: dict[tuple[int, bool], SubmissionState]) -> SubmissionState:
        """``submission`` as it stood just before ``cutoff`` (see :func:`as_seen_at`).

        :param cache: one per submission, shared by its periods.
        """
        events = submission.events
        response = submission.response
        n = k = len(events)
        if n and events[-1].at >= cutoff:
            k = 0  # the history is in time order (the model checks it): cut a prefix
            while events[k].at < cutoff:
                k += 1
        answered = response is not None and response.answered_at < cutoff
        key = (k, answered)
        state = cache.get(key)
        if state is None:
            if k == n and (answered or response is None):
                seen = submission
            else:
                seen = _cut_back(submission, events[:k], response if answered else None)
            state = cache[key] = self.whole_state(seen, rule)
        return state

    def whole_state(self, seen: Submission, rule: DeadlineRule | None,
                    answered_utc: datetime | None = None) -> SubmissionState:
        """``seen`` with all of its history (``answered_utc``: its ``answered_at`` in UTC,
        if the caller has it)."""
        answered_at = seen.answered_at
        tz = self.tz
        received_day = seen.received_at.astimezone(tz).date()
        return SubmissionState(
            seen, answered_at, answered_at is None and seen.status in OPEN_STATUSES,
            None if rule is None else self._due_at(seen, rule, received_day),
            seen.entered(_ACKNOWLEDGED),
            None if answered_at is None else (answered_at.astimezone(tz).date() - received_day).days,
            answered_utc)
