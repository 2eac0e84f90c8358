"""The feedback desk: receive a submission and move it through its lifecycle.

Every operation checks the lifecycle (:func:`participation.rules.lifecycle.transition`),
writes to the store, then fires the event hooks (``submission_received``,
``submission_transitioned``) so an embedding system can send a notification.

>>> from datetime import datetime, timezone
>>> from participation.model import Submission, SubmissionKind, Status
>>> from participation.registry import Registry
>>> from participation.store import open_store
>>> desk = Desk(open_store(":memory:"), Registry.default(load_entrypoints=False))
>>> t = datetime(2025, 6, 2, 9, tzinfo=timezone.utc)
>>> _ = desk.receive(Submission("S-1", "web_form", SubmissionKind.QUESTION, t, "Hours?"))
>>> desk.register("S-1", at=t).status
<Status.REGISTERED: 'registered'>
>>> desk.close("S-1", at=t)  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
participation.errors.IllegalTransitionError: submission 'S-1': cannot go from 'registered' ...
>>> [o.submission.id for o in desk.overdue(datetime(2025, 7, 3, tzinfo=timezone.utc))]
['S-1']
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime, tzinfo

import attrs

from participation.errors import FieldError, UnknownKeyError
from participation.model import OPEN_STATUSES, Response, Status, Submission
from participation.registry import Registry
from participation.rules import lifecycle
from participation.rules.deadlines import DeadlineComputation
from participation.store.protocol import Store
from participation.validation import contact_problem

__all__ = ["Desk", "OverdueItem", "check_contact"]


def check_contact(submission: Submission, registry: Registry) -> None:
    """Refuse contact details the channel may not keep: a channel that accepts anonymous
    submissions keeps them only when the person opted in (``Contact.consent``).

    :raises FieldError: naming ``contact``.
    :raises UnknownKeyError: the channel is not a known channel type.
    """
    refused = contact_problem(submission, registry.channel_type(submission.channel))
    if refused is not None:
        raise FieldError("contact", refused)


@attrs.frozen
class OverdueItem:
    """An open submission past its due day, and how the due day was computed."""

    submission: Submission
    deadline: DeadlineComputation

    @property
    def due(self) -> str:
        """The due day, ISO."""
        return self.deadline.due.isoformat()


def _now() -> datetime:
    return datetime.now(UTC)


class Desk:
    """The desk of one administration, over one store.

    :param store: where submissions are kept.
    :param registry: channel types, deadline rules, calendars, and the hooks to fire.
    :param jurisdiction: picks the holiday calendar (default: the store's
        ``jurisdiction`` setting, else ``"default"``).
    :param tz: the administration's time zone, in which due days are counted (default:
        the store's ``timezone`` setting, else UTC).
    :param clock: gives "now" when an operation is not told when it happened.
    """

    def __init__(self, store: Store, registry: Registry, *, jurisdiction: str | None = None,
                 tz: tzinfo | None = None, clock: Callable[[], datetime] = _now) -> None:
        self.store = store
        self.registry = registry
        self.jurisdiction: str = jurisdiction or str(getattr(store, "jurisdiction", "default"))
        self.tz: tzinfo = tz if tz is not None else getattr(store, "timezone", UTC)
        self.clock = clock

    # receiving ---------------------------------------------------------------------
    def receive(self, submission: Submission) -> Submission:
        """Store a new submission and fire ``submission_received``.

        :raises FieldError: contact details on an anonymous channel without consent.
        :raises UnknownKeyError: an unknown channel type.
        :raises StoreConflictError: a submission with this id is already stored.
        """
        check_contact(submission, self.registry)
        if submission.deadline_rule is not None:
            self.registry.deadline_rule(submission.deadline_rule)
        self.store.insert_submission(submission)
        stored = self.store.get_submission(submission.id)
        self.registry.hook.submission_received(submission=stored, registry=self.registry)
        return stored

    # moving ------------------------------------------------------------------------
    def _move(self, submission_id: str, target: Status, at: datetime | None, *, note: str = "",
              actor: str | None = None, extension: str | None = None,
              response: Response | None = None) -> Submission:
        current = self.store.get_submission(submission_id)
        moved = lifecycle.transition(current, target, at if at is not None else self.clock(),
                                     note=note, actor=actor, extension=extension,
                                     response=response)
        event = moved.events[-1]
        self.store.append_event(submission_id, event, expected_position=len(current.events),
                                response=response)
        self.registry.hook.submission_transitioned(submission=moved, event=event,
                                                   previous=current.status,
                                                   registry=self.registry)
        return moved

    def register(self, submission_id: str, at: datetime | None = None, *, note: str = "",
                 actor: str | None = None) -> Submission:
        """Enter the submission in the register (it gets its registration moment)."""
        return self._move(submission_id, Status.REGISTERED, at, note=note, actor=actor)

    def acknowledge(self, submission_id: str, at: datetime | None = None, *, note: str = "",
                    actor: str | None = None) -> Submission:
        """Confirm receipt to the sender."""
        return self._move(submission_id, Status.ACKNOWLEDGED, at, note=note, actor=actor)

    def assign(self, submission_id: str, assignee: str, at: datetime | None = None, *,
               note: str = "") -> Submission:
        """Put the submission in review with ``assignee`` (recorded as the event's actor,
        and in its note)."""
        if not assignee.strip():
            raise FieldError("assignee", "name who handles the submission")
        text = f"assigned to {assignee}" + (f": {note}" if note else "")
        return self._move(submission_id, Status.IN_REVIEW, at, note=text, actor=assignee)

    def extend(self, submission_id: str, extension: str, at: datetime | None = None, *,
               note: str = "", actor: str | None = None) -> Submission:
        """Extend the deadline by one of the extensions the channel's rule allows.

        :raises UnknownKeyError: the rule has no such extension.
        :raises FieldError: no deadline rule applies to the submission, or the extension
            was already applied and may not be repeated.
        """
        current = self.store.get_submission(submission_id, with_contact=False)
        rule = self.registry.rule_for(current)
        if rule is None:
            raise FieldError("extension", f"submission {submission_id!r} has no deadline rule "
                             "to extend")
        allowed = rule.extension(extension)  # UnknownKeyError lists the rule's extensions
        if extension in current.extensions and not allowed.repeatable:
            raise FieldError("extension", f"submission {submission_id!r} was already extended "
                             f"under {extension!r}; the law allows it once")
        return self._move(submission_id, Status.EXTENDED, at, note=note, actor=actor,
                          extension=extension)

    def forward(self, submission_id: str, to: str, at: datetime | None = None, *,
                note: str = "", actor: str | None = None) -> Submission:
        """Send the submission on to another body or unit (``to``, kept in the note)."""
        if not to.strip():
            raise FieldError("to", "name the body the submission is forwarded to")
        text = f"forwarded to {to}" + (f": {note}" if note else "")
        return self._move(submission_id, Status.FORWARDED, at, note=text, actor=actor)

    def answer(self, submission_id: str, response: Response, at: datetime | None = None, *,
               note: str = "", actor: str | None = None) -> Submission:
        """Record the administration's answer (the moment defaults to the response's)."""
        return self._move(submission_id, Status.ANSWERED,
                          at if at is not None else response.answered_at,
                          note=note, actor=actor, response=response)

    def close(self, submission_id: str, at: datetime | None = None, *, note: str = "",
              actor: str | None = None) -> Submission:
        """Close an answered, rejected or withdrawn submission."""
        return self._move(submission_id, Status.CLOSED, at, note=note, actor=actor)

    def reject(self, submission_id: str, reason: str, at: datetime | None = None, *,
               actor: str | None = None, response: Response | None = None) -> Submission:
        """Reject the submission (inadmissible, out of competence …); ``reason`` is kept."""
        if not reason.strip():
            raise FieldError("reason", "a rejection needs its reason")
        return self._move(submission_id, Status.REJECTED, at, note=reason, actor=actor,
                          response=response)

    def withdraw(self, submission_id: str, at: datetime | None = None, *, note: str = "",
                 actor: str | None = None) -> Submission:
        """Record that the sender withdrew the submission."""
        return self._move(submission_id, Status.WITHDRAWN, at, note=note, actor=actor)

    # deadlines ---------------------------------------------------------------------
    def deadline(self, submission: Submission) -> DeadlineComputation | None:
        """The submission's due day under its rule (``None`` when no answer is owed)."""
        rule = self.registry.rule_for(submission)
        if rule is None:
            return None
        return lifecycle.deadline_for(submission, rule, self.registry.calendar(self.jurisdiction),
                                      self.tz)

    def iter_overdue(self, as_of: datetime) -> Iterator[OverdueItem]:
        """Stream the open submissions past their due day at ``as_of`` (constant memory)."""
        if as_of.tzinfo is None:
            raise FieldError("as_of", f"naive datetime {as_of.isoformat()} (add a timezone offset)")
        calendar = self.registry.calendar(self.jurisdiction)
        # Open now is enough when asking about now or later; about the past, a submission
        # closed since may have been open then, so look at all of them.
        status = OPEN_STATUSES if as_of >= self.clock() else None
        for submission in self.store.iter_submissions(status=status):
            try:
                rule = self.registry.rule_for(submission)
            except UnknownKeyError:
                continue  # a rule of a plugin that is not installed: not this desk's to judge
            if rule is None or submission.received_at > as_of:
                continue
            if lifecycle.is_overdue(submission, as_of, rule, calendar, self.tz):
                yield OverdueItem(submission,
                                  lifecycle.deadline_for(submission, rule, calendar, self.tz))

    def overdue(self, as_of: datetime | None = None) -> list[OverdueItem]:
        """The open submissions past their due day at ``as_of`` (default: now), earliest
        due first."""
        items = list(self.iter_overdue(as_of if as_of is not None else self.clock()))
        return sorted(items, key=lambda i: (i.deadline.due, i.submission.id))
