"""Rows ↔ model objects. Personal data (:class:`Contact`) come from their own table.

Moments are stored twice: as written (ISO 8601 with the original offset, so a
submission reads back exactly as it was stored) and in UTC (``*_utc``, fixed width,
so ranges compare as text and use the indexes).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, date, datetime, timezone
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
    "EncodedSubmission",
    "contact_row",
    "encode_submission",
    "event_row",
    "local_text",
    "moment_texts",
    "submission_decoder",
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
    >>> utc_text(datetime(2025, 3, 3, 9, 0, 0, 500000, tzinfo=timezone(timedelta(seconds=0.5))))
    '2025-03-03T09:00:00.000000'
    """
    utc = moment.astimezone(UTC)
    text = utc.isoformat()[:-6]  # without its "+00:00"
    # the fraction of the UTC reading: an offset may have one of its own (+01:00:00.5)
    return text if utc.microsecond else text + ".000000"


#: ``":MM:SS"`` by ``minute * 60 + second``, and the same with ``".000000"`` (a UTC
#: text always has its fraction), for :func:`moment_texts`.
_MINUTES = tuple(f":{m:02d}:{s:02d}" for m in range(60) for s in range(60))
_MINUTES_UTC = tuple(text + ".000000" for text in _MINUTES)
#: ``"YYYY-MM-DDTHH"`` by the hour's key, ``toordinal() * 24 + hour``, the hours of the
#: calendar having the keys from :data:`_FIRST_HOUR` up to :data:`_END_HOUR`.
_HOURS: dict[int, str] = {}
_FIRST_HOUR, _END_HOUR = 24, (date.max.toordinal() + 1) * 24
#: How many hours :data:`_HOURS` keeps at the most (it is emptied then).
_HOURS_KEPT = 1 << 16
#: Of a fixed offset (:class:`datetime.timezone`): its text, as ``isoformat`` ends with
#: it, and when it is whole hours, how many (else ``None``: ``+05:45``). The UTC date and
#: hour of a local hour is then that of the local hour's key less the hours, found in
#: :data:`_HOURS` too: one table of hours for every offset, so its bound is the bound.
_ZONES: dict[timezone, tuple[str, int | None]] = {}


def _zone(moment: datetime) -> tuple[str, int | None]:
    """The :data:`_ZONES` entry of ``moment``'s offset (a :class:`datetime.timezone`)."""
    zone = moment.tzinfo
    assert isinstance(zone, timezone)
    text = moment.isoformat()
    offset = moment.utcoffset()
    assert offset is not None
    hours = None
    if not offset.microseconds and not offset.seconds % 3600:
        hours = offset.days * 24 + offset.seconds // 3600
    if len(_ZONES) >= 256:
        _ZONES.clear()
    found = _ZONES[zone] = (text[26:] if moment.microsecond else text[19:], hours)
    return found


def _hour(key: int) -> str:
    """The :data:`_HOURS` entry of ``key`` (one of the calendar's)."""
    if len(_HOURS) >= _HOURS_KEPT:
        _HOURS.clear()
    day, hour = divmod(key, 24)
    text = _HOURS[key] = f"{date.fromordinal(day).isoformat()}T{hour:02d}"
    return text


def moment_texts(moment: datetime) -> tuple[str, str]:
    """``moment`` as written (``isoformat``) and :func:`utc_text` of it, the two texts a
    stored moment has, without calling ``isoformat`` for a moment with a fixed offset
    (what reading ISO text gives): ``isoformat`` costs more than the rest of a row.

    Both texts are put together from pieces: the date and hour (kept by the hour's
    key), ``":MM:SS"``, the fraction, and the offset's text (kept by the offset, as
    ``isoformat`` wrote it once). Where the offset is whole hours, the UTC reading
    differs from the local one only in its date and hour, whose key is the local key
    less the offset's hours; any other offset (``+05:45``), any other kind of
    ``tzinfo`` and a UTC reading outside the calendar go through :func:`utc_text`.

    >>> from datetime import timedelta
    >>> moment_texts(datetime(2025, 3, 3, 1, 30, tzinfo=timezone(timedelta(hours=2))))
    ('2025-03-03T01:30:00+02:00', '2025-03-02T23:30:00.000000')
    >>> moment_texts(datetime(2025, 3, 3, 1, 30, 0, 5, tzinfo=timezone(timedelta(minutes=-30))))
    ('2025-03-03T01:30:00.000005-00:30', '2025-03-03T02:00:00.000005')
    """
    zone = moment.tzinfo
    if type(zone) is not timezone or type(moment) is not datetime:
        return moment.isoformat(), utc_text(moment)
    offset, hours = _ZONES.get(zone) or _zone(moment)
    key = moment.toordinal() * 24 + moment.hour
    local = _HOURS.get(key) or _hour(key)
    second = moment.minute * 60 + moment.second
    fraction = moment.microsecond
    if hours is None or not _FIRST_HOUR <= key - hours < _END_HOUR:
        # not whole hours, or a UTC reading outside the calendar (utc_text says how)
        rest = f"{_MINUTES[second]}.{fraction:06d}" if fraction else _MINUTES[second]
        return local + rest + offset, utc_text(moment)
    utc = _HOURS.get(key - hours) or _hour(key - hours)
    if fraction:
        rest = f"{_MINUTES[second]}.{fraction:06d}"
        return local + rest + offset, utc + rest
    return local + _MINUTES[second] + offset, utc + _MINUTES_UTC[second]


def local_text(moment: datetime) -> str:
    """``moment.isoformat()``, from the pieces :func:`moment_texts` keeps.

    >>> local_text(datetime(1000, 1, 1, 0, 0, 0, 120000, tzinfo=UTC))
    '1000-01-01T00:00:00.120000+00:00'
    """
    zone = moment.tzinfo
    if type(zone) is not timezone or type(moment) is not datetime:
        return moment.isoformat()
    offset = (_ZONES.get(zone) or _zone(moment))[0]
    key = moment.toordinal() * 24 + moment.hour
    local = _HOURS.get(key) or _hour(key)
    fraction = moment.microsecond
    if fraction:
        return f"{local}{_MINUTES[moment.minute * 60 + moment.second]}.{fraction:06d}{offset}"
    return local + _MINUTES[moment.minute * 60 + moment.second] + offset


def submission_row(s: Submission) -> tuple[Any, ...]:
    """The ``submissions`` row of ``s`` (no personal data, no events). (An enum's value
    is read as ``_value_``, the attribute behind the ``value`` property: ten times
    faster, the same text.)"""
    r = s.response
    received_at, received_utc = moment_texts(s.received_at)
    if r is None:
        answer: tuple[Any, ...] = (None, None, None, None, None, None)
    else:
        answer = (local_text(r.answered_at), r.outcome._value_, int(r.reasoned),
                  int(r.published), r.legal_basis, r.text)
    return (
        s.id, s.channel, s.kind._value_, received_at, received_utc,
        s.subject, s.text, s.policy_id, s.topic, int(s.anonymous), s.deadline_rule,
        s.status._value_, *answer,
        None if s.occurred_on is None else s.occurred_on.isoformat(),
        json.dumps(dict(s.extra), ensure_ascii=False, sort_keys=True) if s.extra else None,
    )


def contact_row(submission_id: str, c: Contact) -> tuple[Any, ...]:
    """The ``contacts`` row for ``c``."""
    return (submission_id, c.name, c.email, c.phone, c.address, int(c.consent))


def event_row(submission_id: str, position: int, e: Event) -> tuple[Any, ...]:
    """The ``events`` row for ``e`` at ``position`` (0 is the first step after receipt)."""
    at, at_utc = moment_texts(e.at)
    return (submission_id, position, at, at_utc, e.status._value_, e.note,
            e.actor, e.extension, int(e.adjustment))


class EncodedSubmission:
    """A new submission's rows, made once (by :func:`encode_submission`, where the record
    is read) and written as they are when its id is new to the store; the submission
    itself (:meth:`submission`) only for the careful path of a stored id.

    ``load`` gives the submission when it is not at hand (rows made in another process
    travel without it)."""

    __slots__ = ("_load", "_value", "contact", "events", "id", "row")

    def __init__(self, row: tuple[Any, ...], contact: tuple[Any, ...] | None,
                 events: list[tuple[Any, ...]], value: Submission | None = None,
                 load: Callable[[], Submission] | None = None) -> None:
        self.id: str = row[0]
        self.row = row
        self.contact = contact
        self.events = events
        self._value = value
        self._load = load

    def submission(self) -> Submission:
        """The submission these rows are of."""
        if self._value is None:
            assert self._load is not None
            self._value = self._load()
        return self._value

    def parts(self) -> tuple[tuple[Any, ...], tuple[Any, ...] | None, list[tuple[Any, ...]]]:
        """The rows as plain tuples (what crosses to another process)."""
        return self.row, self.contact, self.events


def encode_submission(s: Submission) -> EncodedSubmission:
    """The rows of a new submission: :func:`submission_row`, :func:`contact_row` (or
    ``None``) and :func:`event_row` of each event, positions from 0."""
    sid = s.id
    return EncodedSubmission(submission_row(s),
                             None if s.contact is None else contact_row(sid, s.contact),
                             [event_row(sid, i, e) for i, e in enumerate(s.events)], s)


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


#: Builds a submission from its row and the rows of its events (see :func:`submission_decoder`).
SubmissionDecoder = Callable[[Sequence[Any], Sequence[Sequence[Any]]], Submission]


def submission_decoder(with_contact: bool) -> SubmissionDecoder:
    """A function ``(row, event_rows) -> Submission`` equal to
    :func:`submission_from_row` (``with_contact`` as given), about twice as fast.

    Like :mod:`participation.fastload`, it builds the objects without ``__init__`` and
    runs every check ``__init__`` would (each field's validator and converter, and
    ``__attrs_post_init__``), so a row that breaks a rule of the model fails as it
    would through the constructor; when the model is not the one it was written for
    (:func:`~participation.fastload.model_as_written`) it is :func:`submission_from_row`
    itself.

    >>> row = ("S-1", "web_form", "question", "2025-01-02T09:00:00+02:00", "", "Subject",
    ...        "", None, None, 0, None, "registered", *[None] * 8, *[None] * 4, 0)
    >>> s = submission_decoder(False)(row, [(0, "2025-01-02T10:00:00+02:00", "registered",
    ...                                       "", None, None, 0)])
    >>> s == submission_from_row(row, [(0, "2025-01-02T10:00:00+02:00", "registered",
    ...                                 "", None, None, 0)], False)
    True
    """
    from participation.fastload import _setters, model_as_written
    from participation.model import _checks, submissions

    if not model_as_written():
        return lambda row, events: submission_from_row(row, events, with_contact)
    import attrs

    new, fromisoformat, fromisodate = object.__new__, datetime.fromisoformat, date.fromisoformat
    aware, non_empty, key_like = _checks.aware, _checks.non_empty, _checks.key_like
    to_extra, check_extra, no_extra = submissions._extra, submissions._check_extra, submissions._NO_EXTRA
    fields = {cls: {a.name: a for a in attrs.fields(cls)} for cls in (Submission, Event, Response)}
    id_field, channel_field = fields[Submission]["id"], fields[Submission]["channel"]
    received_field, extra_field = fields[Submission]["received_at"], fields[Submission]["extra"]
    at_field, answered_field = fields[Event]["at"], fields[Response]["answered_at"]
    statuses, kinds, outcomes = _STATUSES, _KINDS, _OUTCOMES
    event_post, submission_post = Event.__attrs_post_init__, Submission.__attrs_post_init__
    e_at, e_status, e_note, e_actor, e_extension, e_adjustment = _setters(Event)
    r_at, r_outcome, r_reasoned, r_published, r_basis, r_text = _setters(Response)
    (s_id, s_channel, s_kind, s_received, s_subject, s_text, s_policy, s_topic, s_anonymous,
     s_contact, s_events, s_response, s_rule, s_occurred, s_extra) = _setters(Submission)
    n_sub, n_con = len(SUBMISSION_COLUMNS), len(CONTACT_COLUMNS)

    def event(values: Sequence[Any]) -> Event:
        _pos, at, status, note, actor, extension, adjustment = values
        when, status = fromisoformat(at), statuses.get(status) or Status(status)
        obj = new(Event)
        if when.tzinfo is None:
            aware(obj, at_field, when)  # raises, naming the field
        e_at(obj, when)
        e_status(obj, status)
        e_note(obj, note)
        e_actor(obj, actor)
        e_extension(obj, extension)
        e_adjustment(obj, bool(adjustment))
        event_post(obj)
        return obj

    def decode(row: Sequence[Any], event_rows: Sequence[Sequence[Any]]) -> Submission:
        (sid, channel, kind, received_at, _utc, subject, text, policy_id, topic, anonymous,
         deadline_rule, _status, answered_at, outcome, reasoned, published, legal_basis,
         response_text, occurred_on, extra) = row[:n_sub]
        obj = new(Submission)
        response = None
        if answered_at is not None:
            response = new(Response)
            answered, the_outcome = fromisoformat(answered_at), outcomes.get(outcome) or Outcome(outcome)
            if answered.tzinfo is None:
                aware(response, answered_field, answered)  # raises, naming the field
            r_at(response, answered)
            r_outcome(response, the_outcome)
            r_reasoned(response, bool(reasoned))
            r_published(response, bool(published))
            r_basis(response, legal_basis)
            r_text(response, response_text or "")
        contact = None
        if with_contact:
            name, email, phone, address, consent = row[n_sub:n_sub + n_con]
            if name is not None or email is not None or phone is not None or address is not None:
                contact = Contact(name, email, phone, address, consent=bool(consent))
        the_kind = kinds.get(kind) or SubmissionKind(kind)
        received = fromisoformat(received_at)
        events = tuple([event(e) for e in event_rows])
        s_id(obj, sid)
        s_channel(obj, channel)
        s_kind(obj, the_kind)
        s_received(obj, received)
        s_subject(obj, subject)
        s_text(obj, text)
        s_policy(obj, policy_id)
        s_topic(obj, topic)
        s_anonymous(obj, bool(anonymous))
        s_contact(obj, contact)
        s_events(obj, events)
        s_response(obj, response)
        s_rule(obj, deadline_rule)
        s_occurred(obj, None if occurred_on is None else fromisodate(occurred_on))
        extra = to_extra(json.loads(extra)) if extra else no_extra
        # the validators, in the order of the fields, as __init__ runs them
        non_empty(obj, id_field, sid)
        key_like(obj, channel_field, channel)
        if received.tzinfo is None:
            aware(obj, received_field, received)  # raises, naming the field
        check_extra(obj, extra_field, extra)
        s_extra(obj, extra)
        submission_post(obj)
        return obj

    return decode
