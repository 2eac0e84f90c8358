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

from collections.abc import Iterable, Mapping
from typing import IO, Any

from participation.exporters.csvsafe import write_csv
from participation.importers.csvfile import CSV_COLUMNS, EXPORT_ONLY_COLUMNS
from participation.model import Submission
from participation.serialization import Serializer

__all__ = ["csv_header", "csv_row", "csv_row_from_fields", "write_stored_submissions_csv",
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
    """The CSV cells, as :func:`csv_row` makes them, of a submission's stored columns
    (:meth:`~participation.store.SqliteStore.iter_submission_fields`), without
    building the submission: the same cells, several times faster."""
    contact = any(f[k] is not None for k in ("name", "email", "phone", "address"))
    return [f["id"], f["channel"], f["kind"], f["received_at"], f["subject"], f["text"],
            f["policy_id"], f["topic"], bool(f["anonymous"]), f["deadline_rule"],
            f["occurred_on"], f["name"], f["email"], f["phone"], f["address"],
            contact and bool(f["consent"]), f["status"],
            f["answered_at"] or f["first_answered_at"], f["outcome"]]


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


def write_submissions_jsonl(submissions: Iterable[Submission], stream: IO[str],
                            serializer: Serializer, *, include_personal_data: bool = False) -> int:
    """Write one tagged submission document per line; contact details only when asked."""
    chosen = submissions if include_personal_data else (
        s.without_personal_data() for s in submissions)
    return serializer.write_jsonl(chosen, stream)
