"""A fast reader for the commonest document, the submission, beside the cattrs converter.

Reading a large file is mostly structuring submissions. :func:`submission_reader`
builds a function that turns a plain JSON dict into a :class:`Submission` equal to what
``converter.structure(doc, Submission)`` gives, about twice as fast. It reads only
the plain shape (the fields of the model, with JSON values of the expected types) and
answers ``None`` for anything else; :class:`~participation.serialization.Serializer`
then reads the document with the converter. So the converter stays the one judge of
an unusual document and the author of every error message.

How it stays exact:

- the values go through the converter's own hooks (``_structure_datetime`` and the
  others) or a stricter test (``type(v) is str`` where the hook accepts any ``str``);
- the objects are built without ``__init__``, so every check ``__init__`` would run is
  run here instead: each field's validator and converter, and the class's
  ``__attrs_post_init__`` itself. Validators implied by the value's own reading (an
  enum member looked up by value is an instance of the enum; a moment the datetime hook
  accepted is aware) are not run twice;
- it is built only when the model's fields, defaults, validators and converters are
  exactly those it was written for (:data:`_SHAPES`) and no plugin changed how the
  converter reads these types (``configure_converter``); otherwise
  :func:`submission_reader` returns ``None`` and everything goes through cattrs.
  ``tests/foundation/test_fastload.py`` checks both, and compares the two readers on generated
  documents, valid and broken.

>>> from participation.serialization import Serializer
>>> ser = Serializer()
>>> read = submission_reader(ser._fast)
>>> s = read({"id": "S-1", "channel": "web_form", "kind": "question",
...           "received_at": "2025-01-02T09:00:00+02:00", "events": []})
>>> s.id, s.kind.value
('S-1', 'question')
>>> read({"id": "S-1", "channel": "web_form", "kind": "question"}) is None  # left to cattrs
True
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

import attrs
import cattrs

from participation.model import (
    Contact,
    Event,
    Outcome,
    Response,
    Status,
    Submission,
    SubmissionKind,
    _checks,
    submissions,
)
from participation.moments import FIRST_YEAR, LAST_YEAR

__all__ = ["submission_reader"]

SubmissionReader = Callable[[dict[str, Any]], Submission | None]

_NOTHING = attrs.NOTHING
#: (field, default, validator, converter) of each class, as this reader was written for.
_SHAPES: dict[type, tuple[tuple[str, object, object, object], ...]] = {
    Submission: (
        ("id", _NOTHING, _checks.non_empty, None),
        ("channel", _NOTHING, _checks.key_like, None),
        ("kind", _NOTHING, ("instance_of", SubmissionKind), None),
        ("received_at", _NOTHING, _checks.aware, None),
        ("subject", "", None, None), ("text", "", None, None),
        ("policy_id", None, None, None), ("topic", None, None, None),
        ("anonymous", False, None, None), ("contact", None, None, None),
        ("events", (), None, submissions._events), ("response", None, None, None),
        ("deadline_rule", None, None, None), ("occurred_on", None, None, None),
        ("extra", attrs.Factory(dict), submissions._check_extra, submissions._extra)),
    Event: (
        ("at", _NOTHING, _checks.aware, None),
        ("status", _NOTHING, ("instance_of", Status), None),
        ("note", "", None, None), ("actor", None, None, None),
        ("extension", None, None, None), ("adjustment", False, None, None)),
    Contact: (
        ("name", None, None, None), ("email", None, None, None), ("phone", None, None, None),
        ("address", None, None, None), ("consent", False, None, None)),
    Response: (
        ("answered_at", _NOTHING, _checks.aware, None),
        ("outcome", _NOTHING, ("instance_of", Outcome), None),
        ("reasoned", True, None, None), ("published", False, None, None),
        ("legal_basis", None, None, None), ("text", "", None, None)),
}

#: The classes whose ``__attrs_post_init__`` the reader calls.
_POST_INIT = (Submission, Event, Contact)
_OPTIONAL_TEXT = (str, type(None))


class _Fallback(Exception):
    """Not the plain shape: let the converter read it."""


def _validator_shape(validator: object) -> object:
    if type(validator).__name__ == "_InstanceOfValidator":
        return ("instance_of", validator.type)  # type: ignore[attr-defined]
    return validator


def model_as_written() -> bool:
    """Whether the model classes have exactly the fields, defaults, validators and
    converters this reader was written for (and no ``__init__`` hook it would miss)."""
    for cls, shape in _SHAPES.items():
        found = tuple((a.name, a.default, _validator_shape(a.validator), a.converter)
                      for a in attrs.fields(cls))
        if found != shape or hasattr(cls, "__attrs_pre_init__"):
            return False
        if hasattr(cls, "__attrs_post_init__") != (cls in _POST_INIT):
            return False
        slots = getattr(cls, "__slots__", ())
        if tuple(s for s in slots if s != "__weakref__") != tuple(f[0] for f in shape):
            return False
    return True


def _generated(hook: object) -> bool:
    code = getattr(hook, "__code__", None)
    return code is not None and code.co_filename.startswith("<cattrs generated structure")


def converter_as_built(converter: cattrs.Converter) -> bool:
    """Whether ``converter`` reads submissions with the library's own hooks (no plugin
    registered one for a type a submission holds)."""
    from participation import serialization as s

    expected = {str: s._structure_str, bool: s._structure_bool,
                datetime: s._structure_datetime, date: s._structure_date}
    if any(converter.get_structure_hook(cls) is not hook for cls, hook in expected.items()):
        return False
    if not all(_generated(converter.get_structure_hook(cls)) for cls in _SHAPES):
        return False
    hooks = [(converter.get_structure_hook(cls), "_enum_hook.<locals>.structure")
             for cls in (SubmissionKind, Status, Outcome)]
    hooks += [(converter.get_structure_hook(t), "_optional.<locals>.structure")
              for t in (str | None, datetime | None, date | None)]
    return all(getattr(hook, "__qualname__", "") == name for hook, name in hooks)


def _setters(cls: type) -> tuple[Callable[[Any, Any], None], ...]:
    """The slot setters of ``cls``, in field order (bypassing the frozen ``__setattr__``)."""
    return tuple(cls.__dict__[name].__set__ for name, *_ in _SHAPES[cls])


def submission_reader(converter: cattrs.Converter) -> SubmissionReader | None:
    """A reader equal to ``converter.structure(doc, Submission)`` for plain documents
    (``None`` for any other, to be read by the converter), or ``None`` itself when the
    model or ``converter`` is not what it was written for (see the module)."""
    if not (model_as_written() and converter_as_built(converter)):
        return None
    from participation import serialization as s

    moment = s._structure_datetime
    day = s._structure_date
    kinds = SubmissionKind._value2member_map_
    statuses = Status._value2member_map_
    outcomes = Outcome._value2member_map_
    non_empty, key_like = _checks.non_empty, _checks.key_like
    to_extra, check_extra = submissions._extra, submissions._check_extra
    sub_fields = {a.name: a for a in attrs.fields(Submission)}
    id_field, channel_field, extra_field = sub_fields["id"], sub_fields["channel"], sub_fields["extra"]
    event_post, submission_post = Event.__attrs_post_init__, Submission.__attrs_post_init__
    contact_post = Contact.__attrs_post_init__
    new = object.__new__
    e_at, e_status, e_note, e_actor, e_extension, e_adjustment = _setters(Event)
    c_name, c_email, c_phone, c_address, c_consent = _setters(Contact)
    r_at, r_outcome, r_reasoned, r_published, r_basis, r_text = _setters(Response)
    (s_id, s_channel, s_kind, s_received, s_subject, s_text, s_policy, s_topic, s_anonymous,
     s_contact, s_events, s_response, s_rule, s_occurred, s_extra) = _setters(Submission)
    event_fields = frozenset(f[0] for f in _SHAPES[Event])
    contact_fields = frozenset(f[0] for f in _SHAPES[Contact])
    response_fields = frozenset(f[0] for f in _SHAPES[Response])
    submission_fields = frozenset(f[0] for f in _SHAPES[Submission]) | {"schema"}

    def text(value: Any) -> str:
        if type(value) is not str:
            raise _Fallback
        return value

    def optional_text(value: Any) -> str | None:
        if type(value) not in _OPTIONAL_TEXT:
            raise _Fallback
        return value  # type: ignore[no-any-return]

    def flag(value: Any) -> bool:
        if type(value) is not bool:
            raise _Fallback
        return value

    def member(table: dict[Any, Any], value: Any) -> Any:
        if type(value) is not str:
            raise _Fallback
        found = table.get(value)
        if found is None:
            raise _Fallback
        return found

    fromisoformat = datetime.fromisoformat
    first_year, last_year = FIRST_YEAR, LAST_YEAR

    def when(value: Any) -> datetime:
        if type(value) is not str:
            raise _Fallback
        found = fromisoformat(value)
        if found.tzinfo is None or not first_year < found.year < last_year:
            return moment(value, datetime)  # the hook's own reading and error
        return found  # what the hook returns for it (aware, and in range whatever the offset)

    def event(doc: Any) -> Event:
        if type(doc) is not dict or not doc.keys() <= event_fields:
            raise _Fallback
        get = doc.get
        at, status, note = doc["at"], doc["status"], get("note", "")
        actor, extension, adjustment = get("actor"), get("extension"), get("adjustment", False)
        if (type(at) is not str or type(status) is not str or type(note) is not str
                or type(actor) not in _OPTIONAL_TEXT or type(extension) not in _OPTIONAL_TEXT
                or type(adjustment) is not bool):
            raise _Fallback
        obj = new(Event)
        e_at(obj, when(at))
        e_status(obj, statuses[status])
        e_note(obj, note)
        e_actor(obj, actor)
        e_extension(obj, extension)
        e_adjustment(obj, adjustment)
        event_post(obj)
        return obj

    def contact(doc: Any) -> Contact | None:
        if doc is None:
            return None
        if type(doc) is not dict or not doc.keys() <= contact_fields:
            raise _Fallback
        get = doc.get
        obj = new(Contact)
        c_name(obj, optional_text(get("name")))
        c_email(obj, optional_text(get("email")))
        c_phone(obj, optional_text(get("phone")))
        c_address(obj, optional_text(get("address")))
        c_consent(obj, flag(get("consent", False)))
        contact_post(obj)
        return obj

    def response(doc: Any) -> Response | None:
        if doc is None:
            return None
        if type(doc) is not dict or not doc.keys() <= response_fields:
            raise _Fallback
        get = doc.get
        obj = new(Response)
        r_at(obj, when(doc["answered_at"]))
        r_outcome(obj, member(outcomes, doc["outcome"]))
        r_reasoned(obj, flag(get("reasoned", True)))
        r_published(obj, flag(get("published", False)))
        r_basis(obj, optional_text(get("legal_basis")))
        r_text(obj, text(get("text", "")))
        return obj

    def read(doc: dict[str, Any]) -> Submission | None:
        if not doc.keys() <= submission_fields:
            return None
        get = doc.get
        try:
            events = get("events", ())
            if type(events) is list:
                events = tuple([event(e) for e in events])
            elif events != ():
                raise _Fallback
            occurred = get("occurred_on")
            if occurred is not None:
                occurred = day(text(occurred), date)
            extra = get("extra", {})
            if type(extra) is not dict or not all(
                    type(k) is str and type(v) is str for k, v in extra.items()):
                raise _Fallback
            obj = new(Submission)
            identifier = text(doc["id"])
            non_empty(obj, id_field, identifier)
            s_id(obj, identifier)
            channel = text(doc["channel"])
            key_like(obj, channel_field, channel)
            s_channel(obj, channel)
            s_kind(obj, member(kinds, doc["kind"]))
            s_received(obj, when(doc["received_at"]))
            s_subject(obj, text(get("subject", "")))
            s_text(obj, text(get("text", "")))
            s_policy(obj, optional_text(get("policy_id")))
            s_topic(obj, optional_text(get("topic")))
            s_anonymous(obj, flag(get("anonymous", False)))
            s_contact(obj, contact(get("contact")))
            s_events(obj, events)
            s_response(obj, response(get("response")))
            s_rule(obj, optional_text(get("deadline_rule")))
            s_occurred(obj, occurred)
            extra = to_extra(extra)
            check_extra(obj, extra_field, extra)
            s_extra(obj, extra)
            submission_post(obj)
            return obj
        except Exception:
            return None

    return read
