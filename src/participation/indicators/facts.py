"""What the engine derives once per submission and period, shared by every indicator."""

from __future__ import annotations

import functools
from datetime import datetime, time, timedelta, tzinfo
from typing import TYPE_CHECKING

import attrs

from participation.model import Administration, ChannelType, Medium, Period, Status, Submission
from participation.rules import Calendar, DeadlineRule, lifecycle

if TYPE_CHECKING:
    from participation.indicators.base import Target
    from participation.registry import Registry

__all__ = ["EvaluationContext", "SubmissionFacts", "as_seen_at"]


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
    return attrs.evolve(submission, events=events, response=response)


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

        :param due_cache: shared while one submission is derived for several periods: a
            submission seen unchanged at two cut-offs has one due date, computed once.
        """
        cutoff = ctx.cutoff
        seen = as_seen_at(submission, cutoff)
        registry = ctx.registry
        channel = registry.channel_types.get(seen.channel)
        rule = registry.rule_for(seen) if channel is not None or seen.deadline_rule else None
        due_at = None
        if rule is not None:
            # the seen history is a prefix of the whole one: its length identifies it
            key = len(seen.events)
            if due_cache is not None and key in due_cache:
                due_at = due_cache[key]
            else:
                due_at = lifecycle.deadline_for(seen, rule, ctx.calendar, ctx.tz).due_at(ctx.tz)
                if due_cache is not None:
                    due_cache[key] = due_at
        answered_at = seen.answered_at
        status = seen.status
        # an answer recorded without its ``answered`` step (legacy imports) still closes it
        open_ = status.is_open and answered_at is None
        return cls(
            submission=seen,
            channel=channel,
            received_in_period=ctx.start <= seen.received_at < ctx.end,
            answered_at=answered_at,
            answered_in_period=answered_at is not None and ctx.start <= answered_at < ctx.end,
            rule=rule,
            due_at=due_at,
            open_at_cutoff=open_,
            overdue_at_cutoff=open_ and due_at is not None and cutoff >= due_at,
            on_time=None if answered_at is None or due_at is None else answered_at < due_at,
            days_to_answer=None if answered_at is None else ctx.days_between(seen.received_at,
                                                                              answered_at),
            acknowledged_at=seen.entered(Status.ACKNOWLEDGED),
        )

    def acknowledged_within(self, days: int, ctx: EvaluationContext) -> bool | None:
        """Acknowledged (or already answered) by the end of the ``days``-th calendar day
        after the day of receipt, in the administration's zone (counted as a
        :class:`~participation.rules.Term` in days is, but not moved off weekends);
        ``None`` while that can still happen."""
        last_day = self.submission.received_at.astimezone(ctx.tz).date() + timedelta(days=days)
        limit = datetime.combine(last_day + timedelta(days=1), time.min, tzinfo=ctx.tz)
        first = min((t for t in (self.acknowledged_at, self.answered_at) if t is not None),
                    default=None)
        if first is not None and first < limit:
            return True
        if ctx.cutoff < limit:
            return None
        return False
