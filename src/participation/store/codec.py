"""Rows ↔ model objects. Personal data (:class:`Contact`) come from their own table.

Moments are stored twice: as written (ISO 8601 with the original offset, so a
submission reads back exactly as it was stored) and in UTC (``*_utc``, fixed width,
so ranges compare as text and use the indexes).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime
from typing import Any

from participation.model import (
    Contact,
    Event,
    Outcome,
    Response,
    Status,
    Submission,
    SubmissionKind,
)

__all__ = [
    "SUBMISSION_COLUMNS",
    "contact_row",
    "event_row",
    "submission_from_row",
    "submission_from_rows",
    "submission_row",
    "utc_text",
]

#: Columns of ``submissions`` in the order :func:`submission_row` fills them.
SUBMISSION_COLUMNS = (
    "id", "channel", "kind", "received_at", "received_utc", "subject", "text", "policy_id",
    "topic", "anonymous", "deadline_rule", "status", "answered_at", "outcome", "reasoned",
    "published", "legal_basis", "response_text", "occurred_on", "extra",
)
CONTACT_COLUMNS = ("name", "email", "phone", "address", "consent")
EVENT_COLUMNS = ("position", "at", "status", "note", "actor", "extension", "adjustment")


def utc_text(moment: datetime) -> str:
    """``moment`` in UTC as fixed-width text that sorts like time.

    >>> from datetime import timedelta, timezone
    >>> utc_text(datetime(2025, 3, 3, 9, tzinfo=timezone(timedelta(hours=2))))
    '2025-03-03T07:00:00.000000'
    """
    text = moment.astimezone(UTC).isoformat()[:-6]  # without its "+00:00"
    return text if moment.microsecond else text + ".000000"


def submission_row(s: Submission) -> tuple[Any, ...]:
    """The ``submissions`` row of ``s`` (no personal data, no events)."""
    r = s.response
    return (
        s.id, s.channel, s.kind.value, s.received_at.isoformat(), utc_text(s.received_at),
        s.subject, s.text, s.policy_id, s.topic, int(s.anonymous), s.deadline_rule,
        s.status.value,
        None if r is None else r.answered_at.isoformat(),
        None if r is None else r.outcome.value,
        None if r is None else int(r.reasoned),
        None if r is None else int(r.published),
        None if r is None else r.legal_basis,
        None if r is None else r.text,
        None if s.occurred_on is None else s.occurred_on.isoformat(),
        json.dumps(dict(s.extra), ensure_ascii=False, sort_keys=True) if s.extra else None,
    )


def contact_row(submission_id: str, c: Contact) -> tuple[Any, ...]:
    """The ``contacts`` row for ``c``."""
    return (submission_id, c.name, c.email, c.phone, c.address, int(c.consent))


def event_row(submission_id: str, position: int, e: Event) -> tuple[Any, ...]:
    """The ``events`` row for ``e`` at ``position`` (0 is the first step after receipt)."""
    return (submission_id, position, e.at.isoformat(), utc_text(e.at), e.status.value, e.note,
            e.actor, e.extension, int(e.adjustment))


#: Members by value: a dictionary look-up is several times faster than calling the enum
#: (a value that is not there still goes through the call, and fails the same way).
_STATUSES = {m.value: m for m in Status}
_KINDS = {m.value: m for m in SubmissionKind}
_OUTCOMES = {m.value: m for m in Outcome}


def _event(values: Sequence[Any]) -> Event:
    _pos, at, status, note, actor, extension, adjustment = values
    return Event(datetime.fromisoformat(at), _STATUSES.get(status) or Status(status), note=note,
                 actor=actor, extension=extension, adjustment=bool(adjustment))


def submission_from_rows(rows: Iterable[Sequence[Any]], with_contact: bool) -> Submission:
    """One submission from the rows of the joined query (one row per event, or one row
    when there are none): submission columns, then contact columns, then event columns."""
    n_sub, n_con = len(SUBMISSION_COLUMNS), len(CONTACT_COLUMNS)
    first: Sequence[Any] | None = None
    events = []
    for row in rows:
        if first is None:
            first = row
        if row[n_sub + n_con] is not None:
            events.append(row[n_sub + n_con:])
    assert first is not None
    return submission_from_row(first, events, with_contact)


def submission_from_row(row: Sequence[Any], event_rows: Iterable[Sequence[Any]],
                        with_contact: bool) -> Submission:
    """One submission from its row (submission columns, then contact columns) and the
    rows of its events in order (:data:`EVENT_COLUMNS`)."""
    n_sub, n_con = len(SUBMISSION_COLUMNS), len(CONTACT_COLUMNS)
    (sid, channel, kind, received_at, _utc, subject, text, policy_id, topic, anonymous,
     deadline_rule, _status, answered_at, outcome, reasoned, published, legal_basis,
     response_text, occurred_on, extra) = row[:n_sub]
    response = None
    if answered_at is not None:
        response = Response(datetime.fromisoformat(answered_at),
                            _OUTCOMES.get(outcome) or Outcome(outcome),
                            reasoned=bool(reasoned), published=bool(published),
                            legal_basis=legal_basis, text=response_text or "")
    contact = None
    if with_contact:
        name, email, phone, address, consent = row[n_sub:n_sub + n_con]
        if any(v is not None for v in (name, email, phone, address)):
            contact = Contact(name, email, phone, address, consent=bool(consent))
    return Submission(sid, channel, _KINDS.get(kind) or SubmissionKind(kind),
                      datetime.fromisoformat(received_at),
                      subject, text, policy_id=policy_id, topic=topic,
                      anonymous=bool(anonymous), contact=contact,
                      events=tuple(_event(e) for e in event_rows),
                      response=response, deadline_rule=deadline_rule,
                      occurred_on=None if occurred_on is None else date.fromisoformat(occurred_on),
                      extra=json.loads(extra) if extra else None)
