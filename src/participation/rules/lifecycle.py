"""Moving a submission through its lifecycle, and what is derived from it (overdue, late).

"Overdue" is never stored: it is derived for a given moment from the history and
the deadline rule.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, tzinfo

import attrs

from participation.errors import FieldError, IllegalTransitionError
from participation.model.status import TRANSITIONS, Status
from participation.model.submissions import Event, Response, Submission
from participation.rules.calendars import Calendar
from participation.rules.deadlines import DeadlineComputation, DeadlineRule

__all__ = [
    "adjust",
    "allowed_targets",
    "deadline_for",
    "deadline_from_days",
    "is_late",
    "is_overdue",
    "status_at",
    "transition",
]


def allowed_targets(status: Status) -> frozenset[Status]:
    """The statuses a submission in ``status`` may move to.

    >>> sorted(s.value for s in allowed_targets(Status.ANSWERED))
    ['closed']
    """
    return TRANSITIONS[status]


def _check_moment(submission: Submission, at: datetime) -> None:
    last = submission.events[-1].at if submission.events else submission.received_at
    if at.tzinfo is None:
        raise FieldError("at", f"naive datetime {at.isoformat()} (add a timezone offset)")
    if at < last:
        raise FieldError("at", f"{at.isoformat()} is before the submission's last step "
                         f"({last.isoformat()})")


def transition(submission: Submission, target: Status, at: datetime, *, note: str = "",
               actor: str | None = None, extension: str | None = None,
               response: Response | None = None) -> Submission:
    """A copy of ``submission`` that has moved to ``target`` at ``at``.

    :raises IllegalTransitionError: the lifecycle does not allow the move.

    >>> from datetime import timezone
    >>> from participation.model import SubmissionKind
    >>> t = datetime(2025, 1, 2, 9, tzinfo=timezone.utc)
    >>> s = Submission("S-7", "web_form", SubmissionKind.QUESTION, t, "Opening hours?")
    >>> transition(s, Status.CLOSED, t)
    Traceback (most recent call last):
    ...
    participation.errors.IllegalTransitionError: submission 'S-7': cannot go from 'received' to 'closed' ...
    """
    if target not in TRANSITIONS[submission.status]:
        raise IllegalTransitionError(submission.id, submission.status.value, target.value,
                                     sorted(s.value for s in TRANSITIONS[submission.status]))
    _check_moment(submission, at)
    event = Event(at, target, note=note, actor=actor, extension=extension)
    events = (*submission.events, event)
    if response is not None:
        return attrs.evolve(submission, events=events, response=response)
    return attrs.evolve(submission, events=events)


def adjust(submission: Submission, target: Status, at: datetime, reason: str, *,
           actor: str | None = None) -> Submission:
    """A correction outside the normal lifecycle (e.g. reopening a wrongly closed case).

    The reason is required and kept in the history as the event's note.
    """
    if not reason.strip():
        raise FieldError("reason", "an adjustment needs a reason")
    _check_moment(submission, at)
    event = Event(at, target, note=reason, actor=actor, adjustment=True)
    return attrs.evolve(submission, events=(*submission.events, event))


def status_at(submission: Submission, moment: datetime) -> Status | None:
    """The status the submission had at ``moment`` (``None`` before it was received)."""
    if moment < submission.received_at:
        return None
    status = Status.RECEIVED
    for event in submission.events:
        if event.at > moment:
            break
        status = event.status
    return status


def deadline_for(submission: Submission, rule: DeadlineRule, calendar: Calendar,
                 tz: tzinfo) -> DeadlineComputation:
    """The submission's due date under ``rule``, with the extensions it recorded.

    The term counts from the moment the submission entered the rule's ``anchor``
    status (receipt, registration, acknowledgement), read in ``tz`` (the
    administration's zone). Not there yet: from the receipt (a provisional due day), or
    from the rule's ``anchor_fallback`` (:meth:`DeadlineRule.compute_fallback`).
    """
    anchor = submission.entered(rule.anchor)
    return deadline_from_days(rule, None if anchor is None else _local_day(anchor, tz),
                              _local_day(submission.received_at, tz), submission.extensions,
                              calendar)


def deadline_from_days(rule: DeadlineRule, anchor_day: date | None, received_day: date,
                       extensions: Sequence[str], calendar: Calendar) -> DeadlineComputation:
    """:func:`deadline_for` from what it depends on alone: the local day the submission
    entered the rule's anchor status (``None``: not yet), the local day of receipt and the
    keys of the extensions in its history, in order (those the rule does not know are
    ignored). The DuckDB engine computes each distinct combination once through it.
    """
    applied = [k for k in extensions if any(e.key == k for e in rule.extensions)]
    if anchor_day is None and rule.anchor_fallback is not None:
        return rule.compute_fallback(received_day, calendar, applied)
    return rule.compute(anchor_day or received_day, calendar, applied)


def _local_day(moment: datetime, tz: tzinfo) -> date:
    """The day ``moment`` falls on in ``tz``; a moment whose local day is past the supported
    range is a :class:`FieldError`."""
    try:
        return moment.astimezone(tz).date()
    except OverflowError:
        raise FieldError("at", f"{moment.isoformat()} is outside the supported range") from None


def is_overdue(submission: Submission, as_of: datetime, rule: DeadlineRule,
               calendar: Calendar, tz: tzinfo) -> bool:
    """Open at ``as_of`` and past its due day.

    >>> from datetime import timezone
    >>> from participation.model import SubmissionKind
    >>> from participation.rules.calendars import WeekendCalendar
    >>> from participation.rules.deadlines import Term
    >>> rule = DeadlineRule("x.14d", {"en": "14 days"}, Term(14))
    >>> s = Submission("S", "web_form", SubmissionKind.QUESTION,
    ...                datetime(2025, 6, 2, 9, tzinfo=timezone.utc), "Q")
    >>> [is_overdue(s, datetime(2025, 6, d, 12, tzinfo=timezone.utc), rule,
    ...             WeekendCalendar(), timezone.utc) for d in (16, 17)]
    [False, True]
    """
    status = status_at(submission, as_of)
    if status is None or not status.is_open:
        return False
    return as_of >= deadline_for(submission, rule, calendar, tz).due_at(tz)


def is_late(submission: Submission, rule: DeadlineRule, calendar: Calendar, tz: tzinfo) -> bool | None:
    """Whether the answer came after the due day; ``None`` while there is no answer."""
    answered = submission.answered_at
    if answered is None:
        return None
    return answered >= deadline_for(submission, rule, calendar, tz).due_at(tz)
