"""Serialization: one cattrs converter per :class:`Serializer` (never the global one),
JSON documents with a schema tag, and JSON Lines read and written streaming.

Every document carries ``"schema": "participation.<name>/<version>"``. Bad input
raises :class:`~participation.errors.InvalidDocumentError` listing every failing
field path (``$.events[2].at``), with the line number for JSON Lines.
"""

from __future__ import annotations

import enum
import json
import math
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import date, datetime
from typing import IO, Any, TypeVar

import attrs
import cattrs
import pluggy
from cattrs.errors import (
    AttributeValidationNote,
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)
from cattrs.preconf.json import make_converter as _make_json_converter

from participation.catalogue.model import Practice
from participation.errors import FieldError, InvalidDocumentError, Problem
from participation.model import Activity, Administration, ChannelType, Policy, Submission
from participation.moments import check_day, check_moment
from participation.surveys.model import Survey, SurveyResponse

__all__ = [
    "DOCUMENT_TYPES",
    "MAX_INTEGER_DIGITS",
    "MAX_NESTING",
    "SCHEMA_PREFIX",
    "LineResult",
    "Serializer",
    "make_converter",
    "parse_json",
]

T = TypeVar("T")

#: Schema tags start with this.
SCHEMA_PREFIX = "participation."

#: Document name → (class, current version). Plugins add their own with
#: :meth:`Serializer.add_document_type`.
DOCUMENT_TYPES: dict[str, tuple[type, int]] = {
    "submission": (Submission, 1),
    "policy": (Policy, 1),
    "activity": (Activity, 1),
    "administration": (Administration, 1),
    "channel_type": (ChannelType, 1),
    "practice": (Practice, 2),
    "survey": (Survey, 1),
    "survey_response": (SurveyResponse, 1),
}


#: Input limits, the same in every reader (``validate``, ``import``, ``report --data``,
#: ``survey results``, ``catalogue --extra``, ``--targets``): JSON nested deeper than
#: this many levels is refused before it is read …
MAX_NESTING = 64
#: … so is a whole number with more digits than this (a float must be finite) …
MAX_INTEGER_DIGITS = 18
#: … and so is a date or moment outside the years the library computes with
#: (:data:`participation.moments.FIRST_YEAR` to :data:`~participation.moments.LAST_YEAR`).
#: How much of a line beyond the limits is kept (for a rejects file).
_RAW_KEPT = 1000

#: orjson (the ``fast`` extra), when installed: :meth:`Serializer.iter_jsonl` reads plain
#: submissions with it (see there why that is exact).
_orjson_loads: Callable[[str], Any] | None
try:
    from orjson import loads as _orjson_loads
except ImportError:  # pragma: no cover - the ``fast`` extra is not installed
    _orjson_loads = None

_STRUCTURE = re.compile(r'"(?:[^"\\]|\\.)*"|[\[{]|[\]}]')


class _LimitError(ValueError):
    """A JSON value beyond the input limits (raised while parsing)."""


def _nesting(text: str) -> int:
    """How deep the arrays and objects of JSON ``text`` nest (strings skipped)."""
    depth = deepest = 0
    for match in _STRUCTURE.finditer(text):
        mark = match.group()
        if mark in "[{":
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > MAX_NESTING:
                    break
        elif mark in "]}":
            depth -= 1
    return deepest


def _parse_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INTEGER_DIGITS:
        raise _LimitError(f"a number of {len(text.lstrip('-')):,} digits is beyond the limit "
                          f"of {MAX_INTEGER_DIGITS} digits")
    return int(text)


def _parse_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise _LimitError(f"the number {text[:20]}{'…' if len(text) > 20 else ''} is too large")
    return value


def _parse_constant(name: str) -> float:
    raise _LimitError(f"{name} is not a number JSON allows")


def parse_json(text: str) -> Any:
    """Parse JSON ``text`` within the input limits (:data:`MAX_NESTING`,
    :data:`MAX_INTEGER_DIGITS`, finite numbers).

    :raises InvalidDocumentError: not JSON, or beyond a limit (with the line for JSON).

    >>> parse_json('{"n": 1}')
    {'n': 1}
    >>> parse_json("[" * 100 + "]" * 100)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    participation.errors.InvalidDocumentError: ...$: nested more than 64 levels deep (the limit)
    >>> parse_json('{"n": ' + "9" * 30 + '}')  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    participation.errors.InvalidDocumentError: ...$: a number of 30 digits is beyond the limit of 18 digits
    """
    if text.count("[") + text.count("{") > MAX_NESTING and _nesting(text) > MAX_NESTING:
        raise InvalidDocumentError([Problem("$", f"nested more than {MAX_NESTING} levels deep "
                                            "(the limit)")])
    try:
        return json.loads(text, parse_int=_parse_int, parse_float=_parse_float,
                          parse_constant=_parse_constant)
    except json.JSONDecodeError as exc:
        raise InvalidDocumentError([Problem("$", f"not JSON: {exc.msg} (column {exc.colno})",
                                            line=exc.lineno)]) from None
    except _LimitError as exc:
        raise InvalidDocumentError([Problem("$", str(exc))]) from None
    except (RecursionError, ValueError) as exc:  # pragma: no cover - guarded by the limits
        raise InvalidDocumentError([Problem("$", f"cannot be read: {exc}")]) from None


def _in_range(moment: date, value: Any) -> None:
    try:
        if isinstance(moment, datetime):
            check_moment(moment, "date")
        else:
            check_day(moment, "date")
    except FieldError as exc:
        raise ValueError(exc.message) from None


def _structure_datetime(value: Any, _type: type) -> datetime:
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            raise ValueError(f"{value!r} is not an ISO 8601 date-time") from None
    else:
        raise ValueError(f"expected an ISO 8601 date-time string, got {type(value).__name__}")
    if moment.tzinfo is None:
        raise ValueError(f"naive datetime {value!r} (add a timezone offset, e.g. +02:00 or Z)")
    _in_range(moment, value)
    return moment


def _structure_date(value: Any, _type: type) -> date:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if not isinstance(value, str):
        raise ValueError(f"expected an ISO 8601 date string, got {type(value).__name__}")
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{value!r} is not an ISO 8601 date (YYYY-MM-DD)") from None
    _in_range(day, value)
    return day


def _structure_bool(value: Any, _type: type) -> bool:
    if isinstance(value, bool):
        return value
    raise ValueError(f"expected true or false, got {value!r}")


def _structure_str(value: Any, _type: type) -> str:
    if isinstance(value, str):
        return value
    raise ValueError(f"expected text, got {type(value).__name__} {value!r:.40}")


def _structure_int(value: Any, _type: type) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    raise ValueError(f"expected a whole number, got {value!r:.40}")


def _enum_hook(cls: type[enum.Enum]) -> Callable[[Any, type], enum.Enum]:
    members = cls._value2member_map_

    def structure(value: Any, _type: type) -> enum.Enum:
        try:
            return members[value]  # what cls(value) finds first, without its overhead
        except (KeyError, TypeError):
            pass
        try:
            return cls(value)
        except ValueError:
            known = ", ".join(repr(m.value) for m in cls)
            raise ValueError(f"unknown {cls.__name__} {value!r}; expected one of {known}") from None

    return structure


def _optional(hook: Callable[[Any, type], T]) -> Callable[[Any, type], T | None]:
    def structure(value: Any, type_: type) -> T | None:
        return None if value is None else hook(value, type_)

    return structure


def make_converter(pm: pluggy.PluginManager | None = None, *, detailed: bool = True
                   ) -> cattrs.Converter:
    """A new JSON converter that knows the model, and whatever plugins teach it through
    ``configure_converter``. Unknown keys are refused, so a misspelled field is an error.

    :param detailed: collect every failing field of a bad document (cattrs' detailed
        validation). Without it, structuring stops at the first problem and is about
        twice as fast: :class:`Serializer` reads with such a converter and asks the
        detailed one only to explain a document that failed.
    """
    conv = _make_json_converter(forbid_extra_keys=True, detailed_validation=detailed)
    conv.register_unstructure_hook(datetime, lambda d: d.isoformat())
    conv.register_structure_hook(datetime, _structure_datetime)
    conv.register_unstructure_hook(date, lambda d: d.isoformat())
    conv.register_structure_hook(date, _structure_date)
    conv.register_structure_hook(bool, _structure_bool)
    conv.register_structure_hook(str, _structure_str)
    conv.register_structure_hook(int, _structure_int)
    for simple, hook in ((str, _structure_str), (datetime, _structure_datetime),
                         (date, _structure_date)):
        # optional fields are most fields: one direct hook each instead of cattrs' generic one
        conv.register_structure_hook(simple | None, _optional(hook))
    conv.register_structure_hook_factory(lambda t: isinstance(t, type) and issubclass(t, enum.Enum),
                                         _enum_hook)
    conv.register_unstructure_hook_factory(
        lambda t: isinstance(t, type) and issubclass(t, enum.Enum), lambda _t: lambda e: e.value)
    if pm is not None:
        pm.hook.configure_converter(converter=conv)
    return conv


def _problems(exc: BaseException, path: str) -> list[Problem]:
    """Flatten a cattrs error tree into one :class:`Problem` per failing path."""
    if isinstance(exc, ForbiddenExtraKeysError):
        return [Problem(f"{path}.{k}", "unknown field") for k in sorted(exc.extra_fields)]
    if isinstance(exc, ClassValidationError | IterableValidationError):
        out: list[Problem] = []
        with_notes, without = exc.group_exceptions()
        for sub, note in with_notes:
            if isinstance(note, AttributeValidationNote):
                sub_path = f"{path}.{note.name}"
            elif isinstance(note, IterableValidationNote):
                sub_path = f"{path}[{note.index!r}]"
            else:
                sub_path = path
            if isinstance(sub, KeyError) and not isinstance(sub, FieldError):
                out.append(Problem(sub_path, "required field is missing"))
            else:
                out.extend(_problems(sub, sub_path))
        for sub in without:
            out.extend(_problems(sub, path))
        return out
    if isinstance(exc, FieldError):
        # a class-level check names the attribute the path already ends with
        field_path = path if path.endswith(f".{exc.field}") else f"{path}.{exc.field}"
        return [Problem(field_path, exc.message)]
    message = str(exc) or type(exc).__name__
    if isinstance(exc, TypeError):
        message = f"wrong type ({message})"
    if _PERSONAL_PATH.search(path):
        message = _without_values(message)
    return [Problem(path, message)]


_PERSONAL_PATH = re.compile(r"\.contact(\.|$)")


def _without_values(message: str) -> str:
    """``message`` without the values it quotes: errors about contact details name the
    field and the kind of mistake, never the personal data.

    >>> _without_values("expected text, got int 359888123456")
    'expected text, got int'
    >>> _without_values("'+359 88' is not valid")
    '(value not shown) is not valid'
    """
    message = re.sub(r"'[^']*'|\"[^\"]*\"", "(value not shown)", message)
    return re.sub(r"(got [A-Za-z_]+) .*", r"\1", message)


@attrs.frozen
class LineResult:
    """One line of a JSON Lines file: its number and either the object or the problems."""

    line: int
    value: Any = None
    problems: tuple[Problem, ...] = ()
    raw: str = ""

    @property
    def ok(self) -> bool:
        """Whether the line was read."""
        return not self.problems


class Serializer:
    """Reads and writes the library's documents with one private cattrs converter.

    >>> from datetime import timezone
    >>> from participation.model import SubmissionKind
    >>> ser = Serializer()
    >>> s = Submission("S-1", "web_form", SubmissionKind.QUESTION,
    ...                datetime(2025, 3, 3, 9, tzinfo=timezone.utc), "Opening hours?")
    >>> doc = ser.dump(s)
    >>> doc["schema"], doc["received_at"]
    ('participation.submission/1', '2025-03-03T09:00:00+00:00')
    >>> ser.load(doc) == s
    True
    >>> ser.load({"schema": "participation.submission/1", "id": "S-2", "channel": "web_form",
    ...           "kind": "wish", "received_at": "2025-03-03T09:00"})
    Traceback (most recent call last):
    ...
    participation.errors.InvalidDocumentError: 2 problems:
      $.kind: unknown SubmissionKind 'wish'; expected one of 'proposal', ...
      $.received_at: naive datetime '2025-03-03T09:00' (add a timezone offset, e.g. +02:00 or Z)
    """

    def __init__(self, pm: pluggy.PluginManager | None = None) -> None:
        #: The converter (detailed validation): hooks belong in ``configure_converter``,
        #: which teaches both this one and the fast one :meth:`load` reads with.
        self.converter = make_converter(pm)
        self._fast = make_converter(pm, detailed=False)
        from participation.fastload import submission_reader

        self._read_submission = submission_reader(self._fast)
        self.document_types: dict[str, tuple[type, int]] = dict(DOCUMENT_TYPES)
        self._names = {cls: name for name, (cls, _v) in self.document_types.items()}

    def add_document_type(self, name: str, cls: type, version: int = 1) -> None:
        """Teach this serializer a document type (``participation.<name>/<version>``)."""
        self.document_types[name] = (cls, version)
        self._names[cls] = name

    def tag(self, cls: type) -> str:
        """The schema tag written for ``cls``."""
        name = self._names[cls]
        return f"{SCHEMA_PREFIX}{name}/{self.document_types[name][1]}"

    # objects ↔ dicts -------------------------------------------------------------------
    def dump(self, obj: Any, *, tagged: bool = True) -> dict[str, Any]:
        """``obj`` as a JSON-ready dict, with its schema tag first."""
        data = self.converter.unstructure(obj)
        if tagged and type(obj) in self._names:
            return {"schema": self.tag(type(obj)), **data}
        return dict(data)

    def _resolve(self, data: Mapping[str, Any], cls: type | None,
                 default: type | None = None) -> type:
        tag = data.get("schema")
        if tag is None:
            if cls is None and default is not None:
                return default
            if cls is None:
                raise InvalidDocumentError([Problem("$.schema", "missing schema tag (e.g. "
                                                    "'participation.submission/1')")])
            return cls
        if not isinstance(tag, str) or not tag.startswith(SCHEMA_PREFIX) or "/" not in tag:
            raise InvalidDocumentError([Problem("$.schema", f"{tag!r} is not a participation "
                                                "schema tag")])
        name, _, version_text = tag[len(SCHEMA_PREFIX):].partition("/")
        if name not in self.document_types:
            raise InvalidDocumentError([Problem("$.schema", f"unknown document type {name!r}; "
                                                f"known: {', '.join(sorted(self.document_types))}")])
        found, current = self.document_types[name]
        if not version_text.isdigit() or int(version_text) > current:
            raise InvalidDocumentError([Problem("$.schema", f"version {version_text!r} of "
                                                f"{name!r} is newer than this library reads "
                                                f"({current})")])
        if cls is not None and found is not cls:
            expected = self._names.get(cls, cls.__name__)
            raise InvalidDocumentError([Problem("$.schema", f"expected a {expected}, got a {name}")])
        return found

    def load(self, data: Any, cls: type[T] | None = None, *, default: type | None = None) -> T:
        """Structure ``data`` (a dict) into a model object.

        The type comes from the schema tag, or from ``cls`` (else ``default``) when the
        tag is absent.

        :raises InvalidDocumentError: with every failing field path.
        """
        if not isinstance(data, Mapping):
            raise InvalidDocumentError([Problem("$", f"expected a JSON object, got "
                                                f"{type(data).__name__}")])
        target = self._resolve(data, cls, default)
        if target is Submission and self._read_submission is not None and type(data) is dict:
            found = self._read_submission(data)
            if found is not None:
                return found  # type: ignore[return-value]
        body = {k: v for k, v in data.items() if k != "schema"}
        try:
            return self._fast.structure(body, target)
        except Exception:  # noqa: S110 - explained below by the detailed pass
            pass
        try:  # the same document again, collecting every problem to report
            return self.converter.structure(body, target)
        except Exception as exc:
            raise InvalidDocumentError(_problems(exc, "$")) from None

    # JSON ------------------------------------------------------------------------------
    def dumps(self, obj: Any) -> str:
        """``obj`` as a JSON document (UTF-8 text, keys in field order)."""
        return json.dumps(self.dump(obj), ensure_ascii=False)

    def loads(self, text: str, cls: type[T] | None = None) -> T:
        """Read a JSON document."""
        return self.load(parse_json(text), cls)

    # JSON Lines ------------------------------------------------------------------------
    def iter_jsonl(self, stream: Iterable[str], cls: type | None = None, *,
                   default: type | None = None) -> Iterator[LineResult]:
        """Read a JSON Lines stream one line at a time (constant memory), yielding a
        :class:`LineResult` per non-blank line whether or not it is valid.

        :param cls: the type every line must be (else any tagged document).
        :param default: with no ``cls``, the type of a line without a schema tag.
        """
        plain = self._plain_submissions(cls, default)
        for number, raw in enumerate(stream, start=1):
            if plain is not None:
                found = plain(raw)
                if found is not None:
                    yield LineResult(number, value=found, raw=raw)
                    continue
            if not raw.strip():
                continue
            try:
                data = parse_json(raw)
            except InvalidDocumentError as exc:
                yield LineResult(number, problems=tuple(attrs.evolve(p, line=number)
                                                        for p in exc.problems),
                                 raw=raw if len(raw) <= _RAW_KEPT else raw[:_RAW_KEPT] + "…")
                continue
            try:
                yield LineResult(number, value=self.load(data, cls, default=default), raw=raw)
            except InvalidDocumentError as exc:
                yield LineResult(number, problems=tuple(attrs.evolve(p, line=number)
                                                        for p in exc.problems), raw=raw)

    def _plain_submissions(self, cls: type | None, default: type | None
                           ) -> Callable[[str], Submission | None] | None:
        """A reader of a line that is a plain submission, or ``None`` for any other line,
        for :meth:`iter_jsonl`, when orjson is installed: orjson parses the line and the
        fast submission reader (:mod:`participation.fastload`) structures it.

        This gives exactly what :func:`parse_json` and :meth:`load` give. A document the
        fast reader accepts holds only objects, arrays, text, booleans and nulls, nested
        three deep: no number, so the limits on numbers and nesting have nothing to refuse
        in it, and orjson reads such a document to the same values as the standard parser
        (it refuses what the standard parser would read differently, a lone surrogate
        for one). Any other line is read as without orjson.
        """
        read = self._read_submission
        if _orjson_loads is None or read is None:
            return None
        loads, resolve = _orjson_loads, self._resolve

        def plain(raw: str) -> Submission | None:
            try:
                doc = loads(raw)
                if type(doc) is not dict or resolve(doc, cls, default) is not Submission:
                    return None
            except (ValueError, InvalidDocumentError):
                return None
            return read(doc)

        return plain

    def read_jsonl(self, stream: Iterable[str], cls: type[T] | None = None, *,
                   source: str | None = None) -> Iterator[T]:
        """Read a JSON Lines stream strictly: yield each object, and raise
        :class:`InvalidDocumentError` at the first bad line (naming ``source`` and the line).

        A caller that must not act on half-read data reads to the end before acting.
        """
        for result in self.iter_jsonl(stream, cls):
            if not result.ok:
                raise InvalidDocumentError([attrs.evolve(p, source=source) for p in result.problems])
            yield result.value

    def write_jsonl(self, objects: Iterable[Any], stream: IO[str]) -> int:
        """Write one tagged JSON object per line, streaming; returns how many were written."""
        count = 0
        for obj in objects:
            stream.write(json.dumps(self.dump(obj), ensure_ascii=False))
            stream.write("\n")
            count += 1
        return count
