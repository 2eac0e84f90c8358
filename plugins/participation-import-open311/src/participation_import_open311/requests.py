"""Open311 GeoReport v2 service requests as submissions: JSON (an array, or an object
holding one), XML (``<service_requests><request>…``) and CSV, with a header row or
without one (then in the column order of :data:`participation.open311.CSV_REQUEST_COLUMNS`).

See ``docs/import-open311.md`` for the mapping table. In short: a request is a
submission of kind ``signal`` through the ``open311`` channel, received at its
``requested_datetime``; its ``status`` gives the history of
:func:`participation.open311.lifecycle_events`; ``title`` (or the service name) is the
subject and ``description`` the text; a requester's name, e-mail and phone are its
contact (personal data, kept apart); every other non-empty field is kept verbatim in
``extra`` under its GeoReport name.

A key given twice in one record with the same value counts once; with different values
the record is rejected (which one is right cannot be told). Double-encoded UTF-8 in the
subject, text and topic is repaired where unambiguous and counted in the summary.
"""

from __future__ import annotations

import itertools
import json
import re
import xml.parsers.expat
from collections.abc import Iterator, Mapping
from functools import partial
from typing import IO, Any

from participation.errors import FieldError, InvalidDocumentError, Problem
from participation.importers import ImportContext, Importer
from participation.importers.records import csv_line, csv_records, moment, record_result, short
from participation.importers.text import repair_mojibake, unescaped
from participation.model import Contact, Submission, SubmissionKind
from participation.open311 import CSV_REQUEST_COLUMNS, lifecycle_events
from participation.serialization import LineResult, Serializer

__all__ = ["Open311Importer", "request_submission"]

#: The channel type requests come through (``--option channel=KEY`` picks another).
CHANNEL = "open311"
#: Fields that hold the requester's personal data: they go to the contact, never to ``extra``.
PERSONAL = ("first_name", "last_name", "email", "phone", "device_id", "account_id")
#: Fields mapped onto a submission field (everything else goes to ``extra``).
MAPPED = ("service_request_id", "requested_datetime", "status", "title", "description")
_ROOTS = ("service_requests", "requests", "service_request")
_RECORDS = ("request", "service_request")

Fields = Mapping[str, list[str]]


def _one(fields: Fields, key: str, context: ImportContext) -> str:
    """The value of ``key`` ("" when absent); a repeat with the same value counts once,
    one with another value is an error."""
    values = [v for v in fields.get(key, []) if v.strip()]
    distinct = list(dict.fromkeys(v.strip() for v in values))
    if len(distinct) > 1:
        raise FieldError(key, "given more than once with different values: "
                         + ", ".join(short(v, 40) for v in distinct))
    if len(values) > 1:
        context.note("repeated keys with the same value, counted once")
    return values[0] if values else ""


def _text(value: str, context: ImportContext) -> str:
    repaired, changed = repair_mojibake(unescaped(value))
    if changed:
        context.note("mojibake repaired (fields)")
    return repaired


def request_submission(fields: Fields, context: ImportContext,
                       services: Mapping[str, str] | None = None) -> Submission:
    """The submission of one request (``fields``: each key's values in file order).

    :param services: service names by code (``--option services=FILE``), for the topic.
    :raises FieldError: a required field is missing or wrong.
    """
    get = {key: _one(fields, key, context) for key in fields}
    ident = get.get("service_request_id", "").strip()
    if not ident:
        raise FieldError("service_request_id", "missing (a request with only a token is not "
                         "registered yet)" if get.get("token") else "missing")
    if not get.get("requested_datetime", "").strip():
        raise FieldError("requested_datetime", "missing")
    requested = moment(get["requested_datetime"], "requested_datetime", context, "open311")
    status = get.get("status", "")
    if not status.strip():
        raise FieldError("status", "missing (open or closed)")
    closed = status.strip().lower() == "closed"
    updated_text = get.get("updated_datetime", "").strip()
    updated = moment(updated_text, "updated_datetime", context, "open311") if updated_text else None
    notes = get.get("status_notes", "").strip()
    events = lifecycle_events(status, requested, updated if closed else None,
                              _text(notes, context) if closed else "")
    code = get.get("service_code", "").strip()
    service = _text(get.get("service_name", ""), context) or (services or {}).get(code, "")
    name = " ".join(p for p in (get.get("first_name", "").strip(), get.get("last_name", "").strip()) if p)
    email, phone = get.get("email", "").strip(), get.get("phone", "").strip()
    contact = Contact(name or None, email or None, phone or None) if name or email or phone else None
    used = set(MAPPED) | set(PERSONAL)
    if closed:
        used |= {"updated_datetime", "status_notes"}
    extra = {key: value for key, value in get.items()
             if key not in used and value.strip()}
    return Submission(ident, context.options.get("channel", CHANNEL), SubmissionKind.SIGNAL,
                      requested, subject=_text(get.get("title", ""), context) or service,
                      text=_text(get.get("description", ""), context),
                      topic=service or code or None, anonymous=contact is None,
                      contact=contact, events=events, extra=extra)


def _scalar(value: Any) -> str:
    """A JSON value as verbatim text (numbers as written, thanks to the parse hooks)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object keeping every value of a repeated key (as a ``_Repeated`` list)."""
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            previous = out[key]
            out[key] = (_Repeated([*previous, value]) if isinstance(previous, _Repeated)
                        else _Repeated([previous, value]))
        else:
            out[key] = value
    return out


class _Repeated(list):  # type: ignore[type-arg]
    """The values of a key given more than once in one JSON object."""


def _json_fields(record: dict[str, Any]) -> dict[str, list[str]]:
    return {key: ([_scalar(v) for v in value] if isinstance(value, _Repeated) else [_scalar(value)])
            for key, value in record.items()}


class Open311Importer(Importer):
    """Open311 GeoReport v2 service requests (JSON, XML, CSV; see the module text).

    Options: ``services=FILE`` (a service list: names for the topic), ``channel=KEY``
    (another channel type than ``open311``).
    """

    key = "open311"
    label = "Open311 GeoReport v2 service requests (JSON, XML, CSV)"
    suffixes = (".xml",)
    raw_newlines = True

    def sniff(self, head: str) -> bool:
        """A request list in JSON or XML, or a CSV whose first record is a request."""
        text = head.lstrip("\ufeff \t\r\n")
        if text.startswith(("[", "{")):  # a request's id has a value (a schema's is an object)
            return re.search(r'"service_request_id"\s*:\s*["0-9]', text) is not None
        if text.startswith("<"):
            return any(f"<{root}" in text for root in _ROOTS) and "<services" not in text
        first = next(csv_records(iter(text.splitlines(keepends=True)[:50])), None)
        if first is None or first[1] is None:
            return False
        cells = first[1]
        if "service_request_id" in cells:
            return True
        return len(cells) == len(CSV_REQUEST_COLUMNS) and cells[7].strip().lower() in ("open", "closed")

    def read(self, stream: IO[str], serializer: Serializer,
             context: ImportContext | None = None) -> Iterator[LineResult]:
        """One result per request, with the line it starts on (JSON: its number in the list)."""
        context = context or ImportContext()
        services = None
        if context.options.get("services"):
            from participation_import_open311.services import read_services

            services = {s.code: s.name for s in read_services(context.options["services"])}
        first = stream.readline()
        while first and not first.strip():
            first = stream.readline()
        start = first.lstrip("\ufeff \t")
        if not start:
            return
        lines = itertools.chain([first], stream)
        if start.startswith(("[", "{")):
            records = _json_records("".join(lines))
        elif start.startswith("<"):
            records = _xml_records(lines)
        else:
            records = _csv_records(lines)
        for line, fields, raw in records:
            if fields is None:
                yield LineResult(line, problems=(Problem("$", raw, line=line),), raw="")
                continue
            yield record_result(line, raw, partial(request_submission, fields, context, services))


Records = Iterator[tuple[int, dict[str, list[str]] | None, str]]


def _json_records(text: str) -> Records:
    try:
        data = json.loads(text, object_pairs_hook=_pairs, parse_float=str, parse_int=str)
    except json.JSONDecodeError as exc:
        raise InvalidDocumentError([Problem("$", f"not JSON: {exc.msg}", line=exc.lineno)]) from None
    if isinstance(data, dict):
        inner = next((data[k] for k in ("service_requests", "requests", "request") if k in data), None)
        if not isinstance(inner, list) and "service_request_id" not in data:
            raise InvalidDocumentError([Problem("$", "not an Open311 request list: a JSON object "
                                                "without service_request_id (a schema or an "
                                                "API description?)")])
        data = inner if isinstance(inner, list) else [data]
    if not isinstance(data, list):
        raise InvalidDocumentError([Problem("$", "expected a list of service requests")])
    for number, record in enumerate(data, start=1):
        raw = json.dumps(record, ensure_ascii=False)
        if not isinstance(record, dict):
            yield number, None, f"request {number} is not an object"
            continue
        yield number, _json_fields(record), raw


def _csv_records(lines: Iterator[str]) -> Records:
    header: list[str] | None = None
    for line, cells, complaint in csv_records(lines):
        if cells is None:
            yield line, None, complaint
            return
        if header is None:
            if "service_request_id" in (c.strip() for c in cells):
                header = [c.strip() for c in cells]
                continue
            if len(cells) != len(CSV_REQUEST_COLUMNS):
                raise InvalidDocumentError([Problem("$", (
                    f"a CSV without a header row must have the {len(CSV_REQUEST_COLUMNS)} columns "
                    f"of a GeoReport v2 request in this order: {', '.join(CSV_REQUEST_COLUMNS)}; "
                    f"the first record has {len(cells)}"), line=line)])
            header = list(CSV_REQUEST_COLUMNS)
        raw = csv_line(cells)
        if len(cells) != len(header):
            yield line, None, f"{len(header)} columns expected, {len(cells)} found"
            continue
        fields: dict[str, list[str]] = {}
        for name, value in zip(header, cells, strict=True):
            fields.setdefault(name, []).append(value)
        yield line, fields, raw


class _XmlRequests:
    """An expat parser collecting ``<request>`` elements with the line each starts on."""

    def __init__(self) -> None:
        self.parser = xml.parsers.expat.ParserCreate()
        self.parser.StartElementHandler = self.start
        self.parser.EndElementHandler = self.end
        self.parser.CharacterDataHandler = self.data
        self.parser.StartDoctypeDeclHandler = self.refuse
        self.parser.EntityDeclHandler = self.refuse
        self.path: list[str] = []
        self.record: dict[str, list[str]] | None = None
        self.line = 0
        self.buffer: list[str] = []
        self.done: list[tuple[int, dict[str, list[str]], str]] = []

    def refuse(self, *_args: Any) -> None:
        raise InvalidDocumentError([Problem("$", "XML with a document type or entity "
                                            "declarations is refused", line=self.parser.CurrentLineNumber)])

    def start(self, name: str, _attrs: dict[str, str]) -> None:
        self.path.append(name)
        if len(self.path) == 1 and name not in _ROOTS:
            raise InvalidDocumentError([Problem("$", f"<{name}> is not an Open311 request list "
                                                "(<service_requests>)", line=self.parser.CurrentLineNumber)])
        if len(self.path) == 2 and name in _RECORDS:
            self.record, self.line = {}, self.parser.CurrentLineNumber
        self.buffer = []

    def data(self, text: str) -> None:
        self.buffer.append(text)

    def end(self, name: str) -> None:
        if self.record is not None and len(self.path) == 2:
            raw = json.dumps(self.record, ensure_ascii=False)
            self.done.append((self.line, self.record, raw))
            self.record = None
        elif self.record is not None and len(self.path) >= 3:
            key = ".".join(self.path[2:])
            value = "".join(self.buffer)
            if len(self.path) == 3 or value.strip():
                self.record.setdefault(key, []).append(value)
        self.buffer = []
        self.path.pop()


def _xml_records(lines: Iterator[str]) -> Records:
    reader = _XmlRequests()
    for chunk in lines:
        try:
            reader.parser.Parse(chunk.encode("utf-8"), False)
        except xml.parsers.expat.ExpatError as exc:
            yield from reader.done
            yield exc.lineno, None, f"unreadable XML from this line on ({exc}); nothing after it was read"
            return
        yield from reader.done
        reader.done.clear()
    try:
        reader.parser.Parse(b"", True)
    except xml.parsers.expat.ExpatError as exc:
        yield exc.lineno, None, f"unreadable XML ({exc})"
    yield from reader.done
