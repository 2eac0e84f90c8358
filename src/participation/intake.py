"""Intake of untrusted input: what a citizen sends through a web form, an API or a kiosk.

An :class:`IntakeRequest` holds the citizen's fields only: no id, no status, no
history, no response. :meth:`participation.desk.Desk.intake` checks it against
:class:`IntakeLimits` and the registry, then receives, registers and computes the
due day in one transaction. Every problem found is reported at once in an
:class:`IntakeError`, each with the path of its field (``$.subject``,
``$.email``, ``$.extra.lat``), ready for an HTTP 422 answer (see
``docs/embedding.md``). Messages never repeat a contact value.

>>> request = IntakeRequest.from_mapping({"channel": "web_form", "kind": "question",
...                                       "subject": "Opening hours?", "email": "ana@x"})
>>> [str(p) for p in check_request(request, IntakeLimits(), datetime.now(UTC))]
['$.email: not an e-mail address (write it as name@example.org)']
>>> IntakeRequest.from_mapping({"channel": "web_form", "kind": "question",
...                             "status": "answered"})
Traceback (most recent call last):
...
participation.intake.IntakeError: 1 problem:
  $.status: not accepted here: the desk sets the status
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Any

import attrs

from participation.errors import FieldError, InvalidDocumentError, Problem
from participation.model import SubmissionKind
from participation.moments import check_day, check_moment, parse_day, parse_moment

__all__ = ["IntakeError", "IntakeLimits", "IntakeRequest", "check_request", "raise_problems"]


class IntakeError(InvalidDocumentError):
    """The request was refused; nothing was stored. ``problems`` lists every field at
    fault (:class:`~participation.errors.Problem`: ``path`` such as ``$.subject``, and
    ``message``). A :class:`~participation.errors.ParticipationError` and a
    :class:`ValueError`.

    An embedding web service answers it with HTTP 422 and :meth:`as_json`.
    """

    def as_json(self) -> list[dict[str, str]]:
        """The problems as ``[{"field": "subject", "path": "$.subject", "message": …}]``.

        >>> IntakeError([Problem("$.extra.lat", "too long")]).as_json()
        [{'field': 'extra.lat', 'path': '$.extra.lat', 'message': 'too long'}]
        """
        return [{"field": p.path.removeprefix("$."), "path": p.path, "message": p.message}
                for p in self.problems]


#: The citizen's fields, in the order problems are reported.
FIELDS = ("channel", "kind", "subject", "text", "received_at", "name", "email", "phone",
          "address", "consent", "anonymous", "policy_id", "occurred_on", "extra")

#: Keys an :class:`IntakeRequest` never takes from outside, and why.
REFUSED_KEYS = {
    "id": "the desk gives the id (pass submission_id to Desk.intake to choose one)",
    "status": "the desk sets the status",
    "events": "the desk keeps the history",
    "history": "the desk keeps the history",
    "response": "the administration gives the answer",
    "deadline_rule": "the channel's rule applies",
    "contact": "give name, email, phone, address and consent as fields of their own",
}


@attrs.frozen
class IntakeLimits:
    """What intake accepts. The defaults suit a public web form.

    :param max_subject: characters in ``subject`` (one line).
    :param max_text: characters in ``text`` (newlines and tabs allowed).
    :param max_id: characters in a submission id chosen by the caller.
    :param max_contact: characters in ``name``, ``email`` or ``phone``.
    :param max_address: characters in ``address``.
    :param max_reference: characters in ``policy_id``.
    :param max_extra: entries in ``extra``.
    :param max_extra_key: characters in a key of ``extra``.
    :param max_extra_value: characters in a value of ``extra``.
    :param future_tolerance: how far in the future ``received_at`` may be (clocks of
        two machines differ a little); later is refused.
    :param require_text: a subject or a text must be given.

    Control characters (C0, C1, DEL, and lone surrogates, which are not text) are
    refused everywhere, except line feed, carriage return and tab in ``text`` and
    ``address``. E-mails must look like ``name@domain.tld`` (no spaces, one ``@``, at
    most 254 characters); phones may hold digits, spaces, ``+ - ( ) . /`` and need 5 to
    15 digits (E.164 has at most 15).
    """

    max_subject: int = 300
    max_text: int = 20_000
    max_id: int = 64
    max_contact: int = 254
    max_address: int = 500
    max_reference: int = 200
    max_extra: int = 32
    max_extra_key: int = 64
    max_extra_value: int = 2_000
    future_tolerance: timedelta = timedelta(minutes=5)
    require_text: bool = True


_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s.]+(\.[^@\s.]+)+$")
_PHONE = re.compile(r"^[0-9+\-(). /]+$")
_MULTILINE_OK = frozenset("\n\r\t")


def _bad_char(text: str, multiline: bool) -> str | None:
    """The description of the first character not allowed in ``text``, or ``None``."""
    for index, ch in enumerate(text):
        if multiline and ch in _MULTILINE_OK:
            continue
        category = unicodedata.category(ch)
        if category == "Cc":
            return f"control character U+{ord(ch):04X} at position {index + 1}"
        if category == "Cs":
            return f"a lone surrogate (U+{ord(ch):04X}, not text) at position {index + 1}"
    return None


def _text_problems(path: str, value: str, limit: int, *, multiline: bool = False,
                   personal: bool = False) -> list[Problem]:
    problems = []
    if len(value) > limit:
        problems.append(Problem(path, f"too long: {len(value)} characters, at most {limit}"))
    bad = _bad_char(value, multiline)
    if bad is not None:
        problems.append(Problem(path, bad if not personal else bad.split(" at ")[0]))
    return problems


def _contains_digits(text: str) -> int:
    return sum(ch.isdigit() for ch in text)


@attrs.frozen
class IntakeRequest:
    """What a citizen sends: the fields of a new submission, nothing more.

    :param channel: the channel type's key (``web_form``, ``bg.apia.request``).
    :param kind: a :class:`~participation.model.SubmissionKind` or its value.
    :param received_at: when it arrived (aware); ``None``: now, by the desk's clock.
    :param name: the sender's name (personal data; so are ``email``, ``phone``,
        ``address``).
    :param consent: the person opted in to be contacted (needed for contact details on
        a channel that accepts anonymous submissions).
    :param anonymous: the sender does not identify themselves (refused on a channel
        that does not accept anonymous submissions).
    :param policy_id: the stored policy it concerns.
    :param occurred_on: when the reported facts happened (a signal's violation).
    :param extra: channel-specific values kept verbatim as text (Open311 ``lat``,
        ``long``, ``address_string``); not personal data by contract.
    """

    channel: str
    kind: SubmissionKind | str
    subject: str = ""
    text: str = ""
    received_at: datetime | None = None
    name: str | None = None
    email: str | None = None
    phone: str | None = None
    address: str | None = None
    consent: bool = False
    anonymous: bool = False
    policy_id: str | None = None
    occurred_on: date | None = None
    extra: Mapping[str, str] = attrs.field(factory=dict)

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], tz: tzinfo = UTC) -> IntakeRequest:
        """Read a request from decoded JSON or form fields: text values, ``consent`` and
        ``anonymous`` as booleans, ``received_at`` as ISO 8601 (without an offset: in
        ``tz``), ``occurred_on`` as ``YYYY-MM-DD``, ``extra`` as an object of texts.

        Unknown keys, and keys the desk sets itself (``id``, ``status``, ``events``,
        ``response`` …), are refused.

        :raises IntakeError: every problem, with its field path.
        """
        if not isinstance(data, Mapping):
            raise IntakeError([Problem("$", f"expected an object, got {type(data).__name__}")])
        problems: list[Problem] = []
        values: dict[str, Any] = {}
        for key, value in data.items():
            path = f"$.{key}" if isinstance(key, str) and key.isidentifier() else "$"
            if key in REFUSED_KEYS:
                problems.append(Problem(path, f"not accepted here: {REFUSED_KEYS[key]}"))
            elif key not in FIELDS:
                problems.append(Problem(path, f"unknown field {str(key)[:40]!r} (expected: "
                                        f"{', '.join(FIELDS)})"))
            elif value is None:
                continue
            elif key in ("consent", "anonymous"):
                if isinstance(value, bool):
                    values[key] = value
                else:
                    problems.append(Problem(path, f"expected true or false, got "
                                            f"{type(value).__name__}"))
            elif key == "extra":
                if isinstance(value, Mapping):
                    values[key] = value
                else:
                    problems.append(Problem(path, "expected an object of texts"))
            elif not isinstance(value, str):
                problems.append(Problem(path, f"expected text, got {type(value).__name__}"))
            elif key == "received_at":
                try:
                    values[key] = parse_moment(value, tz, "received_at")
                except FieldError as exc:
                    problems.append(Problem(path, exc.message))
            elif key == "occurred_on":
                try:
                    values[key] = parse_day(value, "occurred_on")
                except FieldError as exc:
                    problems.append(Problem(path, exc.message))
            else:
                values[key] = value
        for required in ("channel", "kind"):
            if required not in values and not any(p.path == f"$.{required}" for p in problems):
                problems.append(Problem(f"$.{required}", "required"))
        if problems:
            raise IntakeError(problems)
        return cls(**values)


def check_request(request: IntakeRequest, limits: IntakeLimits, now: datetime) -> list[Problem]:
    """What :class:`IntakeLimits` finds wrong with ``request`` at ``now`` (types, lengths,
    characters, e-mail and phone syntax, moments); ``[]`` when nothing.

    References (the channel, the policy) and the rules of the channel's jurisdiction are
    checked by the desk.
    """
    problems: list[Problem] = []
    text_fields = (("channel", limits.max_reference, False),
                   ("subject", limits.max_subject, False),
                   ("text", limits.max_text, True),
                   ("policy_id", limits.max_reference, False))
    for name, limit, multiline in text_fields:
        value = getattr(request, name)
        if value is None:
            continue
        if not isinstance(value, str):
            problems.append(Problem(f"$.{name}", f"expected text, got {type(value).__name__}"))
            continue
        problems += _text_problems(f"$.{name}", value, limit, multiline=multiline)
    kinds = {k.value for k in SubmissionKind}
    if not isinstance(request.kind, SubmissionKind) and (
            not isinstance(request.kind, str) or request.kind not in kinds):
        shown = request.kind[:40] if isinstance(request.kind, str) else type(request.kind).__name__
        problems.append(Problem("$.kind", f"unknown kind {shown!r}; expected one of "
                                + ", ".join(k.value for k in SubmissionKind)))
    if (limits.require_text and isinstance(request.subject, str) and isinstance(request.text, str)
            and not request.subject.strip() and not request.text.strip()):
        problems.append(Problem("$.text", "give a subject or a text"))
    problems += _contact_problems(request, limits)
    problems += _moment_problems(request, limits, now)
    problems += _extra_problems(request.extra, limits)
    for flag in ("consent", "anonymous"):
        if not isinstance(getattr(request, flag), bool):
            problems.append(Problem(f"$.{flag}", "expected true or false"))
    return problems


def _contact_problems(request: IntakeRequest, limits: IntakeLimits) -> list[Problem]:
    """Problems with the contact fields; messages never repeat the values."""
    problems: list[Problem] = []
    for name in ("name", "email", "phone", "address"):
        value = getattr(request, name)
        if value is None:
            continue
        path = f"$.{name}"
        if not isinstance(value, str):
            problems.append(Problem(path, f"expected text, got {type(value).__name__}"))
            continue
        limit = limits.max_address if name == "address" else limits.max_contact
        found = _text_problems(path, value, limit, multiline=name == "address", personal=True)
        problems += found
        if found or not value.strip():
            if not value.strip():
                problems.append(Problem(path, "empty; leave it out instead"))
            continue
        if name == "email" and not _EMAIL.match(value.strip()):
            problems.append(Problem(path, "not an e-mail address (write it as name@example.org)"))
        if name == "phone" and (not _PHONE.match(value.strip())
                                or not 5 <= _contains_digits(value) <= 15):
            problems.append(Problem(path, "not a phone number (5 to 15 digits; spaces and "
                                    "+ - ( ) . / allowed)"))
    return problems


def _moment_problems(request: IntakeRequest, limits: IntakeLimits, now: datetime) -> list[Problem]:
    problems: list[Problem] = []
    received = request.received_at
    if received is not None:
        if not isinstance(received, datetime):
            problems.append(Problem("$.received_at", "expected a date-time"))
        elif received.tzinfo is None or received.utcoffset() is None:
            problems.append(Problem("$.received_at", f"naive date-time {received.isoformat()} "
                                    "(add a timezone offset)"))
        else:
            try:
                check_moment(received, "received_at")
            except FieldError as exc:
                problems.append(Problem("$.received_at", exc.message))
            else:
                if received > now + limits.future_tolerance:
                    problems.append(Problem("$.received_at", f"{received.isoformat()} is in the "
                                            f"future (now is {now.isoformat(timespec='seconds')})"))
    occurred = request.occurred_on
    if occurred is not None:
        if not isinstance(occurred, date) or isinstance(occurred, datetime):
            problems.append(Problem("$.occurred_on", "expected a date"))
        else:
            try:
                check_day(occurred, "occurred_on")
            except FieldError as exc:
                problems.append(Problem("$.occurred_on", exc.message))
    return problems


def _extra_problems(extra: Any, limits: IntakeLimits) -> list[Problem]:
    if not isinstance(extra, Mapping):
        return [Problem("$.extra", "expected an object of texts")]
    problems: list[Problem] = []
    if len(extra) > limits.max_extra:
        return [Problem("$.extra", f"too many entries: {len(extra)}, at most {limits.max_extra}")]
    for key, value in extra.items():
        if not isinstance(key, str) or not key.strip():
            problems.append(Problem("$.extra", "keys must be non-empty text"))
            continue
        key_problems = _text_problems("$.extra", key, limits.max_extra_key)
        if key_problems:
            problems += [attrs.evolve(p, message=f"a key: {p.message}") for p in key_problems]
            continue
        path = f"$.extra.{key}"
        if not isinstance(value, str):
            problems.append(Problem(path, f"expected text, got {type(value).__name__}"))
            continue
        problems += _text_problems(path, value, limits.max_extra_value)
    return problems


def raise_problems(problems: Iterable[Problem]) -> None:
    """Raise an :class:`IntakeError` with ``problems`` when there are any."""
    found = list(problems)
    if found:
        raise IntakeError(found)
