"""Submissions: what citizens send, its history and its outcome."""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta
from types import MappingProxyType

import attrs

from participation.errors import FieldError
from participation.model._checks import aware, key_like, non_empty
from participation.model.status import TRANSITIONS, Status

__all__ = ["Contact", "Event", "Outcome", "Response", "Submission", "SubmissionKind"]

# An enum member read from its class takes the slow path of attribute lookup (Python
# 3.11), some ten times a global's: the checks and properties below, which run for
# every record, read these instead.
_RECEIVED, _EXTENDED, _ANSWERED = Status.RECEIVED, Status.EXTENDED, Status.ANSWERED


class SubmissionKind(enum.Enum):
    """What a submission is. Deadlines and indicators differ by kind."""

    __hash__ = object.__hash__  # members are singletons: hash by identity, in C

    PROPOSAL = "proposal"
    SIGNAL = "signal"
    COMPLAINT = "complaint"
    QUESTION = "question"
    INFORMATION_REQUEST = "information_request"
    CORRUPTION_REPORT = "corruption_report"
    WHISTLEBLOWER_REPORT = "whistleblower_report"
    PRAISE = "praise"
    COMMENT = "comment"


class Outcome(enum.Enum):
    """How a submission ended."""

    __hash__ = object.__hash__  # members are singletons: hash by identity, in C

    ACCEPTED = "accepted"
    PARTLY_ACCEPTED = "partly_accepted"
    REJECTED = "rejected"
    INFORMATIONAL = "informational"
    FORWARDED = "forwarded"
    GRANTED = "granted"
    PARTLY_GRANTED = "partly_granted"
    REFUSED = "refused"
    NOT_EXAMINED = "not_examined"


@attrs.frozen
class Contact:
    """Personal data of the person behind a submission, kept apart so it can be left
    out of exports and erased without touching the statistics.

    :param consent: the person opted in to be contacted (required on channels that
        accept anonymous submissions).
    """

    name: str | None = None
    email: str | None = None
    phone: str | None = None
    address: str | None = None
    consent: bool = False

    def __attrs_post_init__(self) -> None:
        if not any((self.name, self.email, self.phone, self.address)):
            raise FieldError("contact", "give at least one of name, email, phone, address")


@attrs.frozen
class Event:
    """One step in a submission's history: it entered ``status`` at ``at``.

    :param note: free text (for an extension: why; for a forward: to whom).
    :param extension: for ``extended``, the key of the extension of the deadline rule
        that was applied.
    :param adjustment: the step is a correction outside the normal lifecycle; a
        ``note`` giving the reason is then required.
    """

    at: datetime = attrs.field(validator=aware)
    status: Status = attrs.field(validator=attrs.validators.instance_of(Status))
    note: str = ""
    actor: str | None = None
    extension: str | None = None
    adjustment: bool = False

    def __attrs_post_init__(self) -> None:
        if self.adjustment and not self.note.strip():
            raise FieldError("note", "an adjustment needs a reason")
        if self.extension is not None and self.status is not _EXTENDED:
            raise FieldError("extension", "only an 'extended' event names an extension")


@attrs.frozen
class Response:
    """The administration's answer.

    :param reasoned: the answer gives its reasons (not a form letter).
    :param published: the answer was made public.
    :param legal_basis: the provision an outcome rests on (e.g. why not examined).
    """

    answered_at: datetime = attrs.field(validator=aware)
    outcome: Outcome = attrs.field(validator=attrs.validators.instance_of(Outcome))
    reasoned: bool = True
    published: bool = False
    legal_basis: str | None = None
    text: str = ""


def _events(value: Iterable[Event]) -> tuple[Event, ...]:
    return tuple(value)


def _extra(value: Mapping[str, str] | None) -> Mapping[str, str]:
    """A read-only copy of ``value`` with its keys in order (so two equal submissions
    print and serialise alike)."""
    if not value:
        return _NO_EXTRA
    return MappingProxyType(dict(sorted(value.items())))


_NO_EXTRA: Mapping[str, str] = MappingProxyType({})


def _check_extra(_instance: object, _attribute: object, value: Mapping[str, str]) -> None:
    for key, text in value.items():
        if not isinstance(key, str) or not key.strip():
            raise FieldError("extra", f"keys must be non-empty text, got {key!r}")
        if not isinstance(text, str):
            raise FieldError(f"extra.{key}", f"values are kept as text, got {type(text).__name__}")


@attrs.frozen
class Submission:
    """A proposal, signal, complaint, question, request or report from a citizen.

    The status history starts at ``received`` at ``received_at``; ``events`` are the
    later steps, in order. The current status is the last event's. ``occurred_on`` is
    when the reported facts happened (a signal's violation), where the law cares
    (e.g. signals about violations older than two years are not examined).

    ``extra`` keeps values that have no field of their own, verbatim and as text: what
    an importer read from another system and could not map (``"source.status"``,
    ``"supports"``), or what a channel asks for beside the text (an Open311 request's
    ``lat``, ``long`` and ``address_string``). It is not personal data by contract:
    put names, e-mails, phones and postal addresses of people in :class:`Contact`.

    >>> from datetime import datetime, timezone
    >>> s = Submission("S-1", "web_form", SubmissionKind.PROPOSAL,
    ...                datetime(2025, 3, 3, 9, 0, tzinfo=timezone.utc), "More benches")
    >>> s.status
    <Status.RECEIVED: 'received'>
    >>> Submission("S-2", "web_form", SubmissionKind.PROPOSAL,
    ...            datetime(2025, 3, 3, 9, 0), "No zone")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    participation.errors.FieldError: received_at: naive datetime 2025-03-03T09:00:00 ...
    """

    id: str = attrs.field(validator=non_empty)
    channel: str = attrs.field(validator=key_like)
    kind: SubmissionKind = attrs.field(validator=attrs.validators.instance_of(SubmissionKind))
    received_at: datetime = attrs.field(validator=aware)
    subject: str = ""
    text: str = ""
    policy_id: str | None = None
    topic: str | None = None
    anonymous: bool = False
    contact: Contact | None = None
    events: tuple[Event, ...] = attrs.field(default=(), converter=_events)
    response: Response | None = None
    deadline_rule: str | None = None
    occurred_on: date | None = None
    extra: Mapping[str, str] = attrs.field(factory=dict, converter=_extra,
                                           validator=_check_extra, hash=False)

    def __attrs_post_init__(self) -> None:
        if self.occurred_on is not None and self.occurred_on > self.received_at.date() + timedelta(days=1):
            raise FieldError("occurred_on", f"{self.occurred_on.isoformat()} is after the submission "
                             f"was received ({self.received_at.date().isoformat()})")
        previous, before = _RECEIVED, self.received_at
        for i, event in enumerate(self.events):
            if event.at < before:
                raise FieldError(f"events[{i}].at", f"{event.at.isoformat()} is before "
                                 f"the previous step ({before.isoformat()})")
            if not event.adjustment and event.status not in TRANSITIONS[previous]:
                raise FieldError(f"events[{i}].status", f"cannot go from {previous.value!r} "
                                 f"to {event.status.value!r} without an adjustment")
            previous, before = event.status, event.at
        if self.response is not None and self.response.answered_at < self.received_at:
            raise FieldError("response.answered_at",
                             f"{self.response.answered_at.isoformat()} is before "
                             f"received_at ({self.received_at.isoformat()})")
        if self.anonymous and self.contact is not None and not self.contact.consent:
            raise FieldError("contact", "an anonymous submission carries contact details "
                             "only when the person opted in (contact.consent)")

    @property
    def status(self) -> Status:
        """The current status (the last event's, or ``received``)."""
        return self.events[-1].status if self.events else _RECEIVED

    @property
    def is_open(self) -> bool:
        """Whether an answer is still owed."""
        return self.status.is_open

    def entered(self, status: Status) -> datetime | None:
        """When the submission first entered ``status``, or ``None``.

        >>> from datetime import datetime, timezone
        >>> t = datetime(2025, 1, 2, tzinfo=timezone.utc)
        >>> s = Submission("S", "web_form", SubmissionKind.QUESTION, t, "Q",
        ...                events=[Event(t, Status.REGISTERED)])
        >>> s.entered(Status.REGISTERED) == t, s.entered(Status.ANSWERED)
        (True, None)
        """
        if status is _RECEIVED:
            return self.received_at
        for event in self.events:
            if event.status is status:
                return event.at
        return None

    @property
    def answered_at(self) -> datetime | None:
        """When the answer was given: the response's moment, else the first ``answered`` event."""
        if self.response is not None:
            return self.response.answered_at
        return self.entered(_ANSWERED)

    @property
    def extensions(self) -> tuple[str, ...]:
        """Keys of the deadline extensions applied, in order."""
        return tuple([e.extension for e in self.events if e.extension is not None])

    def without_personal_data(self) -> Submission:
        """A copy with no :class:`Contact` (for exports and erasure): itself when it has none."""
        return self if self.contact is None else attrs.evolve(self, contact=None)
