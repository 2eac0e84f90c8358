"""The feedback desk: receive a submission and move it through its lifecycle.

Every operation checks the lifecycle (:func:`participation.rules.lifecycle.transition`),
writes to the store in one transaction, then — after the commit — fires the event
hooks (``submission_received``, ``submission_transitioned``) so an embedding system
can send a notification. A hook that raises is logged (logger ``participation.desk``,
naming the plugin) and never undoes or fails the operation: what was stored stays
stored, and the caller is told it succeeded.

:meth:`Desk.intake` is the one call for untrusted input (a web form, an API): see
:mod:`participation.intake`. A :class:`Desk` may be shared by the threads of a web
service when its store may (a :class:`~participation.store.SqliteStore` may).

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

import heapq
import logging
import secrets
from collections.abc import Callable, Iterator, Mapping
from datetime import UTC, date, datetime, tzinfo
from typing import Any

import attrs

from participation.errors import FieldError, Problem, UnknownKeyError
from participation.intake import IntakeError, IntakeLimits, IntakeRequest, check_request
from participation.model import (
    OPEN_STATUSES,
    Contact,
    Outcome,
    Response,
    Status,
    Submission,
    SubmissionKind,
)
from participation.moments import check_moment
from participation.plugins import check_registered
from participation.registry import Registry
from participation.rules import lifecycle
from participation.rules.admissibility import AdmissibilityRule, Inadmissible, check_admissibility
from participation.rules.deadlines import DeadlineComputation
from participation.store.errors import StoreConflictError
from participation.store.protocol import Store
from participation.validation import consent_problem, contact_problem

__all__ = ["Desk", "IntakeReceipt", "OverdueItem", "OverduePage", "check_contact", "rules_for_channel"]

logger = logging.getLogger("participation.desk")


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

    @property
    def sort_key(self) -> tuple[str, str]:
        """Due day, then id: the order of :meth:`Desk.overdue`."""
        return (self.due, self.submission.id)

    @property
    def cursor(self) -> str:
        """Where a page ending with this item stops: pass it as ``after`` for the next
        page (``2025-07-02:S-1``)."""
        return f"{self.due}:{self.submission.id}"


@attrs.frozen
class OverduePage:
    """A page of the overdue list: ``items`` earliest due first, ``total`` overdue at
    ``as_of`` in all, and ``next``, the cursor of the next page (``None`` on the last)."""

    as_of: datetime
    items: tuple[OverdueItem, ...]
    total: int
    next: str | None


def _parse_cursor(text: str) -> tuple[str, str]:
    """The sort key a cursor names.

    >>> _parse_cursor("2025-07-02:S-1:a")
    ('2025-07-02', 'S-1:a')
    """
    due, sep, sid = text.partition(":")
    try:
        date.fromisoformat(due)
    except ValueError:
        sep = ""
    if not sep:
        raise FieldError("after", "not a cursor of this listing (write DUE:ID, as printed "
                         "for the next page)")
    return (due, sid)


@attrs.frozen
class IntakeReceipt:
    """What :meth:`Desk.intake` stored: the submission (registered, or registered and
    rejected as not examined when an admissibility rule refused it), its due day
    (``None`` when no answer is owed), and the admissibility finding."""

    submission: Submission
    deadline: DeadlineComputation | None
    inadmissible: Inadmissible | None = None

    @property
    def due(self) -> str | None:
        """The due day, ISO, or ``None``."""
        return None if self.deadline is None else self.deadline.due.isoformat()


def rules_for_channel(registry: Registry, channel: str,
                      jurisdiction: str) -> list[AdmissibilityRule]:
    """The admissibility rules of the channel's jurisdiction: the part of the channel
    key before its first dot (``bg`` for ``bg.apc.signal``), or the desk's jurisdiction
    for a channel without one (``web_form``); a rule belongs to the jurisdiction its key
    starts with (``bg.apc.anonymous``).

    >>> rules_for_channel(Registry.default(load_entrypoints=False), "web_form", "default")
    []
    """
    prefix = channel.split(".", 1)[0] if "." in channel else jurisdiction
    return [rule for key, rule in registry.admissibility_rules.items()
            if key.split(".", 1)[0] == prefix]


def _now() -> datetime:
    return datetime.now(UTC)


def _new_id(moment: datetime) -> str:
    """A fresh register number: the day and 10 random hex digits (``20250602-3F9A1C2B7E``)."""
    return f"{moment:%Y%m%d}-{secrets.token_hex(5).upper()}"


class Desk:
    """The desk of one administration, over one store.

    :param store: where submissions are kept.
    :param registry: channel types, deadline rules, calendars, and the hooks to fire.
    :param jurisdiction: picks the holiday calendar (default: the store's
        ``jurisdiction`` setting, else ``"default"``).
    :param tz: the administration's time zone, in which due days are counted (default:
        the store's ``timezone`` setting, else UTC).
    :param clock: gives "now" when an operation is not told when it happened.
    :raises PluginError: a plugin of the registry's plugin manager has a hook function
        without ``@hookimpl`` or implements an unknown hook, however it was registered.
    """

    def __init__(self, store: Store, registry: Registry, *, jurisdiction: str | None = None,
                 tz: tzinfo | None = None, clock: Callable[[], datetime] = _now) -> None:
        self.store = store
        self.registry = registry
        self.jurisdiction: str = jurisdiction or str(getattr(store, "jurisdiction", "default"))
        self.tz: tzinfo = tz if tz is not None else getattr(store, "timezone", UTC)
        self.clock = clock
        if registry.plugin_manager is not None:
            # plugins registered in-process (pm.register) are checked like installed ones:
            # an event hook without @hookimpl would silently never be called
            check_registered(registry.plugin_manager)

    # events ------------------------------------------------------------------------
    def _notify(self, hook: str, **kwargs: Any) -> None:
        """Call every implementation of the event ``hook``, after the commit. One that
        raises is logged with its plugin's name; the others still run."""
        manager = self.registry.plugin_manager
        if manager is None:
            return
        caller = getattr(manager.hook, hook)
        for impl in reversed(caller.get_hookimpls()):  # pluggy's order: last registered first
            if getattr(impl, "hookwrapper", False) or getattr(impl, "wrapper", False):
                continue
            try:
                impl.function(**{name: kwargs[name] for name in impl.argnames})
            except Exception:
                submission = kwargs.get("submission")
                logger.exception("plugin %r: %s failed for submission %r; the submission "
                                 "was stored and the operation stands", impl.plugin_name, hook,
                                 getattr(submission, "id", None))

    # receiving ---------------------------------------------------------------------
    def receive(self, submission: Submission) -> Submission:
        """Store a new submission (as received: no history, no response) and fire
        ``submission_received``.

        For untrusted input use :meth:`intake`, which also checks limits and
        admissibility and registers in the same transaction.

        :raises FieldError: contact details on an anonymous channel without consent, or
            a submission that already has a history or a response.
        :raises UnknownKeyError: an unknown channel type.
        :raises StoreConflictError: a submission with this id is already stored.
        """
        if submission.events or submission.response is not None:
            raise FieldError("events", f"submission {submission.id!r}: a new submission starts "
                             "as received, without a history or a response (move it with the "
                             "desk's operations)")
        check_contact(submission, self.registry)
        if submission.deadline_rule is not None:
            self.registry.deadline_rule(submission.deadline_rule)
        self.store.insert_submission(submission)
        stored = self.store.get_submission(submission.id)
        self._notify("submission_received", submission=stored, registry=self.registry)
        return stored

    def intake(self, request: IntakeRequest | Mapping[str, Any], *,
               submission_id: str | None = None,
               limits: IntakeLimits | None = None) -> IntakeReceipt:
        """Receive, check, register and compute the due day of a citizen's submission, in
        one transaction: either all of it is stored or nothing is.

        Checks, all reported together in one :class:`~participation.intake.IntakeError`:
        the :class:`~participation.intake.IntakeLimits` (lengths, control characters,
        e-mail and phone syntax, ``received_at`` not in the future), the references
        (a known channel type, a stored policy), the channel's contact rules (contact
        details on an anonymous channel only with consent; no anonymous submission on a
        channel that does not accept them). The admissibility rules of the channel's
        jurisdiction (:func:`rules_for_channel`) do not refuse: an inadmissible
        submission is stored registered and rejected, with the outcome ``not_examined``
        and the rule's legal basis, so it counts in the statistics and the sender can be
        told why.

        The submission is registered at the desk's clock (or at ``received_at`` when
        that is later). Status and history never come from the request. Without
        ``submission_id`` a fresh one is made (:func:`_new_id`). The event hooks run
        after the commit.

        :param request: an :class:`IntakeRequest`, or a mapping read with
            :meth:`IntakeRequest.from_mapping` (times without offset in the desk's zone).
        :raises IntakeError: the request was refused (nothing stored).
        :raises StoreConflictError: ``submission_id`` is already taken.
        """
        limits = limits if limits is not None else IntakeLimits()
        if not isinstance(request, IntakeRequest):
            request = IntakeRequest.from_mapping(request, self.tz)
        now = self.clock()
        problems = check_request(request, limits, now)
        if submission_id is not None:
            problems += _id_problems(submission_id, limits)
        problems += self._reference_problems(request)
        if problems:
            raise IntakeError(problems)
        received = request.received_at or now
        registered = max(received, now)
        chosen = submission_id if submission_id is not None else _new_id(received)
        try:
            submission = self._intake_submission(request, chosen, received)
        except FieldError as exc:
            raise IntakeError([Problem(f"$.{exc.field}", exc.message)]) from None
        submission = lifecycle.transition(submission, Status.REGISTERED, registered)
        finding = check_admissibility(rules_for_channel(self.registry, request.channel,
                                                        self.jurisdiction),
                                      submission, registered)
        deadline: DeadlineComputation | None = None
        if finding is not None:
            response = Response(registered, Outcome.NOT_EXAMINED, reasoned=True,
                                legal_basis=finding.legal_basis, text=finding.reason)
            submission = lifecycle.transition(submission, Status.REJECTED, registered,
                                              note=f"not examined: {finding.reason}",
                                              response=response)
        else:
            try:
                deadline = self.deadline(submission)
            except (FieldError, OverflowError) as exc:
                raise IntakeError([Problem("$.received_at", f"no due day can be computed "
                                           f"({exc})")]) from None
        for attempt in range(5):
            try:
                self.store.insert_submission(submission)
                break
            except StoreConflictError:
                if submission_id is not None or attempt == 4:
                    raise
                submission = attrs.evolve(submission, id=_new_id(received))
        received_copy = attrs.evolve(submission, events=(), response=None)
        self._notify("submission_received", submission=received_copy, registry=self.registry)
        previous = Status.RECEIVED
        for index, event in enumerate(submission.events):
            moved = attrs.evolve(submission, events=submission.events[:index + 1],
                                 response=submission.response if index else None)
            self._notify("submission_transitioned", submission=moved, event=event,
                         previous=previous, registry=self.registry)
            previous = event.status
        return IntakeReceipt(submission, deadline, finding)

    def _intake_submission(self, request: IntakeRequest, submission_id: str,
                           received: datetime) -> Submission:
        name, email, phone, address = (v.strip() if v and v.strip() else None for v in
                                       (request.name, request.email, request.phone,
                                        request.address))
        contact = (Contact(name, email, phone, address, consent=request.consent)
                   if any((name, email, phone, address)) else None)
        return Submission(submission_id, request.channel, SubmissionKind(request.kind), received,
                          request.subject.strip(), request.text, policy_id=request.policy_id,
                          anonymous=request.anonymous, contact=contact,
                          occurred_on=request.occurred_on, extra=request.extra)

    def _reference_problems(self, request: IntakeRequest) -> list[Problem]:
        problems = []
        if not isinstance(request.channel, str):
            return problems  # reported by check_request
        channel = self.registry.channel_types.get(request.channel)
        if channel is None:
            problems.append(Problem("$.channel", f"unknown channel type {request.channel[:80]!r}"
                                    f"; known: {', '.join(sorted(self.registry.channel_types))}"))
            return problems
        has_contact = any(isinstance(v, str) and v.strip() for v in
                          (request.name, request.email, request.phone, request.address))
        refused = consent_problem(channel, has_contact=has_contact, consent=bool(request.consent),
                                  opt_in="consent: true")
        if refused is not None:
            problems.append(Problem("$.consent", refused))
        if request.anonymous and not channel.anonymous:
            problems.append(Problem("$.anonymous", f"channel {channel.key!r} does not accept "
                                    "anonymous submissions"))
        if request.anonymous and has_contact and not request.consent:
            problems.append(Problem("$.anonymous", "an anonymous submission carries contact "
                                    "details only when the person opted in (consent: true)"))
        policy = request.policy_id
        if isinstance(policy, str) and policy and len(policy) <= 200:
            has_policy = getattr(self.store, "has_policy", None)
            if has_policy is not None and not has_policy(policy):
                problems.append(Problem("$.policy_id", f"unknown policy {policy[:80]!r}"))
        return problems

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
        self._notify("submission_transitioned", submission=moved, event=event,
                     previous=current.status, registry=self.registry)
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
        """Stream the open submissions past their due day at ``as_of`` (constant memory),
        in the store's order (by receipt)."""
        if as_of.tzinfo is None:
            raise FieldError("as_of", f"naive datetime {as_of.isoformat()} (add a timezone offset)")
        check_moment(as_of, "as_of")
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

    def overdue(self, as_of: datetime | None = None, *, limit: int | None = None,
                after: str | None = None) -> list[OverdueItem]:
        """The open submissions past their due day at ``as_of`` (default: now), earliest
        due first (then by id); with ``limit`` and ``after``, one page of them (see
        :meth:`overdue_page`)."""
        return list(self.overdue_page(as_of, limit=limit, after=after).items)

    def overdue_page(self, as_of: datetime | None = None, *, limit: int | None = None,
                     after: str | None = None) -> OverduePage:
        """One page of the overdue list, and how many are overdue in all, in one pass over
        the store.

        :param limit: at most this many; memory then holds ``limit`` items whatever the
            number overdue.
        :param after: the :attr:`OverduePage.next` cursor of the previous page.
        """
        if limit is not None and limit < 1:
            raise FieldError("limit", f"must be 1 or more, got {limit}")
        start = _parse_cursor(after) if after is not None else None
        moment = as_of if as_of is not None else self.clock()
        counts = [0, 0]  # overdue in all, after the cursor

        def counted() -> Iterator[OverdueItem]:
            for item in self.iter_overdue(moment):
                counts[0] += 1
                if start is None or item.sort_key > start:
                    counts[1] += 1
                    yield item

        if limit is None:
            items = sorted(counted(), key=lambda i: i.sort_key)
        else:
            items = heapq.nsmallest(limit, counted(), key=lambda i: i.sort_key)
        more = counts[1] > len(items)
        return OverduePage(moment, tuple(items), counts[0], items[-1].cursor if more else None)


def _id_problems(submission_id: Any, limits: IntakeLimits) -> list[Problem]:
    """A caller's submission id: text of at most ``limits.max_id`` characters, no control
    characters, no spaces at either end."""
    if not isinstance(submission_id, str) or not submission_id.strip():
        return [Problem("$.id", "must be non-empty text")]
    if len(submission_id) > limits.max_id:
        return [Problem("$.id", f"too long: {len(submission_id)} characters, at most "
                        f"{limits.max_id}")]
    if submission_id != submission_id.strip() or not submission_id.isprintable():
        return [Problem("$.id", "only printable characters, without spaces at either end")]
    return []
