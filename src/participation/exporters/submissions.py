"""Exporting submissions (handed over as an iterable, e.g. streamed from the store)
as JSON Lines or CSV, written atomically, personal data only when asked.

>>> import io
>>> from datetime import datetime, timezone
>>> from participation.model import Contact, Submission, SubmissionKind
>>> s = Submission("S-1", "web_form", SubmissionKind.PROPOSAL,
...                datetime(2025, 3, 3, 9, tzinfo=timezone.utc), "=1+1",
...                contact=Contact(email="ana@example.org"))
>>> out = io.StringIO()
>>> write_submissions_csv([s], out)
1
>>> print(out.getvalue().splitlines()[1])
S-1,web_form,proposal,2025-03-03T09:00:00+00:00,'=1+1,,,,false,,,,,,,false,received,,
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Iterator, Mapping
from datetime import UTC, date, datetime, timedelta, timezone
from typing import IO, Any

from participation.exporters.csvsafe import write_csv
from participation.importers.csvfile import CSV_COLUMNS, EXPORT_ONLY_COLUMNS
from participation.model import (
    Contact,
    Event,
    Outcome,
    Response,
    Status,
    Submission,
    SubmissionKind,
)
from participation.serialization import Serializer

__all__ = ["csv_header", "csv_row", "csv_row_from_fields", "document_from_fields",
           "documents_from_fields", "sql_lines_agree", "write_lines",
           "write_stored_submissions_csv", "write_stored_submissions_jsonl",
           "write_submissions_csv", "write_submissions_jsonl"]


def csv_row(s: Submission, include_personal_data: bool = False) -> list[Any]:
    """The CSV cells of ``s`` in the order of :func:`csv_header`."""
    c = s.contact if include_personal_data else None
    values: dict[str, Any] = {
        "id": s.id, "channel": s.channel, "kind": s.kind.value,
        "received_at": s.received_at.isoformat(), "subject": s.subject, "text": s.text,
        "policy_id": s.policy_id, "topic": s.topic, "anonymous": s.anonymous,
        "deadline_rule": s.deadline_rule,
        "occurred_on": None if s.occurred_on is None else s.occurred_on.isoformat(),
        "contact_name": c and c.name, "contact_email": c and c.email,
        "contact_phone": c and c.phone, "contact_address": c and c.address,
        "contact_consent": bool(c and c.consent),
        "status": s.status.value,
        "answered_at": s.answered_at.isoformat() if s.answered_at else None,
        "outcome": s.response.outcome.value if s.response else None,
    }
    return [values[k] for k in csv_header()]


def csv_row_from_fields(f: Mapping[str, Any]) -> list[Any]:
    """The CSV cells of a submission's stored columns
    (:meth:`~participation.store.SqliteStore.iter_submission_fields`), without
    building the submission: the cells of :func:`csv_row`, flags already written as
    ``true``/``false`` (what :func:`~participation.exporters.csvsafe.write_csv` makes
    of them), several times faster."""
    name, email, phone, address = f["name"], f["email"], f["phone"], f["address"]
    contact = name is not None or email is not None or phone is not None or address is not None
    return [f["id"], f["channel"], f["kind"], f["received_at"], f["subject"], f["text"],
            f["policy_id"], f["topic"], "true" if f["anonymous"] else "false",
            f["deadline_rule"], f["occurred_on"], name, email, phone, address,
            "true" if contact and f["consent"] else "false", f["status"],
            f["answered"], f["outcome"]]


def csv_header() -> list[str]:
    """The exported columns: the importer's, then ``status``, ``answered_at``, ``outcome``.

    Without personal data the contact columns are still there, but empty, so files
    with and without personal data have the same shape.
    """
    return [*CSV_COLUMNS, *EXPORT_ONLY_COLUMNS]


def write_submissions_csv(submissions: Iterable[Submission], stream: IO[str], *,
                          include_personal_data: bool = False) -> int:
    """Write one row per submission (cells neutralised against formula injection by
    :func:`~participation.exporters.csvsafe.write_csv`); returns the number of rows."""
    return write_csv(stream, csv_header(),
                     (csv_row(s, include_personal_data) for s in submissions))


def write_stored_submissions_csv(fields: Iterable[Mapping[str, Any]], stream: IO[str]) -> int:
    """:func:`write_submissions_csv` from the stored columns of each submission
    (:meth:`~participation.store.SqliteStore.iter_submission_fields`, whose
    ``with_contact`` decides whether personal data is there); the same file."""
    return write_csv(stream, csv_header(), (csv_row_from_fields(f) for f in fields))


def document_from_fields(f: Mapping[str, Any], tag: str) -> dict[str, Any]:
    """The document :meth:`Serializer.dump <participation.serialization.Serializer.dump>`
    gives for the submission whose stored columns and events are ``f``
    (:meth:`~participation.store.SqliteStore.iter_submission_fields` with ``events``),
    without building the submission; ``tag`` is its schema tag."""
    contact = None
    if any(f[k] is not None for k in ("name", "email", "phone", "address")):
        contact = {"name": f["name"], "email": f["email"], "phone": f["phone"],
                   "address": f["address"], "consent": bool(f["consent"])}
    response = None
    if f["answered_at"] is not None:
        response = {"answered_at": f["answered_at"], "outcome": f["outcome"],
                    "reasoned": bool(f["reasoned"]), "published": bool(f["published"]),
                    "legal_basis": f["legal_basis"], "text": f["response_text"] or ""}
    return {"schema": tag, "id": f["id"], "channel": f["channel"], "kind": f["kind"],
            "received_at": f["received_at"], "subject": f["subject"], "text": f["text"],
            "policy_id": f["policy_id"], "topic": f["topic"], "anonymous": bool(f["anonymous"]),
            "contact": contact,
            "events": [{"at": at, "status": status, "note": note, "actor": actor,
                        "extension": extension, "adjustment": bool(adjustment)}
                       for _position, at, status, note, actor, extension, adjustment
                       in f["events"]],
            "response": response, "deadline_rule": f["deadline_rule"],
            "occurred_on": f["occurred_on"], "extra": json.loads(f["extra"]) if f["extra"] else {}}


#: A submission with every field filled in: what :func:`documents_from_fields` is checked on.
_PROBE = Submission(
    "S-probe", "web_form", SubmissionKind.COMPLAINT,
    datetime(2025, 3, 3, 9, 30, 15, 120, tzinfo=timezone(timedelta(hours=2))), "Subject", "Text",
    policy_id="P-1", topic="roads", contact=Contact("Name", "e@example.org", "+359", "Street",
                                                     consent=True),
    events=(Event(datetime(2025, 3, 3, 10, tzinfo=UTC), Status.REGISTERED, "n", "desk"),
            Event(datetime(2025, 3, 3, 11, tzinfo=UTC), Status.EXTENDED, extension="x"),
            Event(datetime(2025, 3, 4, 10, tzinfo=UTC), Status.ANSWERED)),
    response=Response(datetime(2025, 3, 4, 10, tzinfo=UTC), Outcome.ACCEPTED, reasoned=False,
                      published=True, legal_basis="art. 1", text="Answer"),
    deadline_rule="rule", occurred_on=date(2025, 3, 2), extra={"b": "2", "a": "1"})


def documents_from_fields(serializer: Serializer) -> bool:
    """Whether :func:`document_from_fields` writes what ``serializer`` writes: the model
    has the fields it was written for, and the serializer dumps a submission with every
    field filled in exactly as it does (a plugin that changes how the converter writes
    a type makes it ``False``, and the export then goes through the serializer)."""
    from participation.fastload import model_as_written
    from participation.store import codec

    if not model_as_written():
        return False
    s = _PROBE
    fields = dict(zip(codec.SUBMISSION_COLUMNS, codec.submission_row(s), strict=True))
    fields.update(zip(codec.CONTACT_COLUMNS, codec.contact_row(s.id, s.contact)[1:], strict=True))  # type: ignore[arg-type]
    fields["events"] = [(r[1], r[2], *r[4:]) for r in (codec.event_row(s.id, i, e)
                                                       for i, e in enumerate(s.events))]
    try:
        return document_from_fields(fields, serializer.tag(Submission)) == serializer.dump(s)
    except Exception:
        return False


def write_stored_submissions_jsonl(fields: Iterable[Mapping[str, Any]], stream: IO[str],
                                   serializer: Serializer) -> int:
    """:func:`write_submissions_jsonl` from the stored columns and events of each
    submission (``iter_submission_fields(events=True)``, whose ``with_contact`` decides
    whether personal data is there), when :func:`documents_from_fields`; the same file."""
    return write_lines(_lines_from_fields(fields, serializer.tag(Submission)), stream)


def _lines_from_fields(fields: Iterable[Mapping[str, Any]], tag: str) -> Iterator[str]:
    """The JSON line (without its newline) of each submission's stored columns and events."""
    # one encoder for every line (json.dumps with an option makes one per call); a
    # document of text, numbers and lists cannot refer to itself, so no circularity check
    encode = json.JSONEncoder(ensure_ascii=False, check_circular=False).encode
    for f in fields:
        yield encode(document_from_fields(f, tag))


@functools.cache
def sql_lines_agree() -> bool:
    """Whether the lines SQLite puts together
    (:meth:`~participation.store.SqliteStore.iter_submission_lines`) are, on this SQLite,
    those :func:`write_stored_submissions_jsonl` writes: checked once per process on
    a submission with every field filled in (every ASCII character in a text) and one
    with none, with and without contact details. Where they
    differ (an SQLite that escapes otherwise), the export builds each document in Python.
    """
    import attrs

    from participation.store import SqliteStore
    from participation.store.lines import quote_agrees

    every = "".join(chr(c) for c in range(128)) + "é€😀\u2028"
    probes = [attrs.evolve(_PROBE, subject=every, text=every),
              attrs.evolve(_PROBE, id="S-bare", contact=None, events=(), response=None, policy_id=None,
                           topic=None, deadline_rule=None, occurred_on=None, extra={}, subject="",
                           text="")]
    serializer = Serializer()
    tag = serializer.tag(Submission)
    try:
        with SqliteStore(":memory:") as store:
            if not quote_agrees(store._conn):
                return False
            store.write_submissions(probes)
            for personal in (False, True):
                expected = list(_lines_from_fields(store.iter_submission_fields(
                    with_contact=personal, events=True), tag))
                if list(store.iter_submission_lines(tag, with_contact=personal)) != expected:
                    return False
    except Exception:  # an SQLite without what the SQL needs: the Python path
        return False
    return True


def write_lines(lines: Iterable[str], stream: IO[str]) -> int:
    """Write each of ``lines`` and a newline (documents, as
    :meth:`~participation.store.SqliteStore.iter_submission_lines` gives them); returns
    how many."""
    count = 0
    write = stream.write
    for line in lines:
        write(line)
        write("\n")
        count += 1
    return count


def write_submissions_jsonl(submissions: Iterable[Submission], stream: IO[str],
                            serializer: Serializer, *, include_personal_data: bool = False) -> int:
    """Write one tagged submission document per line; contact details only when asked."""
    chosen = submissions if include_personal_data else (
        s.without_personal_data() for s in submissions)
    return serializer.write_jsonl(chosen, stream)
