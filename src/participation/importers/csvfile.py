"""The ``csv`` importer: one submission per row, in a documented flat column set.

Required columns: ``id``, ``channel``, ``kind``, ``received_at`` (ISO 8601 with an
offset). Optional: ``subject``, ``text``, ``policy_id``, ``topic``, ``anonymous``
(true/false, yes/no, 1/0), ``deadline_rule``, ``occurred_on`` (a date), and the contact
columns ``contact_name``, ``contact_email``, ``contact_phone``, ``contact_address``,
``contact_consent``.
``participation export csv`` also writes ``status``, ``answered_at`` and ``outcome``,
which the importer ignores (the CSV carries the receipt; JSON Lines carry the whole
history). Any other column is an error, so a misspelled header is not silently lost.

A cell that the CSV exporter protected against formula injection (``'=…``) is read
back without its quote.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import IO, Any

from participation.errors import InvalidDocumentError, Problem
from participation.exporters.csvsafe import unprotect
from participation.importers.base import ImportContext, Importer
from participation.model import Submission
from participation.serialization import LineResult, Serializer

__all__ = ["CSV_COLUMNS", "EXPORT_ONLY_COLUMNS", "REQUIRED_COLUMNS", "CsvImporter"]

#: Columns the importer reads, in the order the exporter writes them.
CSV_COLUMNS = ("id", "channel", "kind", "received_at", "subject", "text", "policy_id", "topic",
               "anonymous", "deadline_rule", "occurred_on", "contact_name", "contact_email", "contact_phone",
               "contact_address", "contact_consent")
#: Columns the exporter adds and the importer ignores.
EXPORT_ONLY_COLUMNS = ("status", "answered_at", "outcome")
REQUIRED_COLUMNS = ("id", "channel", "kind", "received_at")
_CONTACT = ("name", "email", "phone", "address")
_TRUE, _FALSE = {"true", "yes", "1", "y"}, {"false", "no", "0", "n", ""}


def _csv_line(cells: list[str]) -> str:
    """The record as one CSV line (quoted as the file would quote it), for rejects files."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="").writerow(cells)
    return buffer.getvalue()




def _flag(row: dict[str, str], column: str, problems: list[Problem], line: int) -> bool:
    value = row.get(column, "").strip().lower()
    if value in _TRUE:
        return True
    if value not in _FALSE:
        problems.append(Problem(f"$.{column}", f"{row[column]!r} is not true/false", line=line))
    return False


def row_document(row: dict[str, str], line: int) -> tuple[dict[str, Any], list[Problem]]:
    """The submission document of one CSV row, and the problems of its flat cells."""
    problems: list[Problem] = []
    cells = {k: unprotect(v) for k, v in row.items() if v is not None}
    doc: dict[str, Any] = {k: cells.get(k, "") for k in ("id", "channel", "kind", "received_at",
                                                          "subject", "text")}
    for column in ("policy_id", "topic", "deadline_rule", "occurred_on"):
        if cells.get(column):
            doc[column] = cells[column]
    doc["anonymous"] = _flag(cells, "anonymous", problems, line)
    contact = {k: cells[f"contact_{k}"] for k in _CONTACT if cells.get(f"contact_{k}")}
    consent = _flag(cells, "contact_consent", problems, line)
    if contact:
        doc["contact"] = {**contact, "consent": consent}
    return doc, problems


class CsvImporter(Importer):
    """Flat CSV rows (see the module documentation for the columns).

    >>> import io
    >>> from participation.serialization import Serializer
    >>> data = io.StringIO("id,channel,kind,received_at,contact_email\\r\\n"
    ...                    "S-1,web_form,question,2025-01-02T09:00:00+02:00,a@b.eu\\r\\n"
    ...                    "S-2,web_form,wish,2025-01-02T09:00:00+02:00,\\r\\n")
    >>> [(r.line, r.ok) for r in CsvImporter().read(data, Serializer())]
    [(2, True), (3, False)]
    """

    key = "csv"
    label = "CSV, one submission per row"
    suffixes = (".csv",)
    raw_newlines = True

    def sniff(self, head: str) -> bool:
        """A first line naming the required columns."""
        first = head.lstrip("\ufeff").splitlines()[0] if head.strip() else ""
        names = {c.strip().strip('"') for c in first.split(",")}
        return all(c in names for c in REQUIRED_COLUMNS)

    def read(self, stream: IO[str], serializer: Serializer,
             context: ImportContext | None = None) -> Iterator[LineResult]:
        """One result per record; the line is where the record starts (blank lines are
        skipped but counted). A record the CSV parser cannot read (an unterminated quote,
        a cell longer than :func:`csv.field_size_limit`) is rejected with its line, and so is the
        rest of the file, which cannot be told apart from it."""
        reader = csv.reader(stream, strict=True)
        try:
            header = next(reader, [])
        except csv.Error as exc:
            raise InvalidDocumentError([Problem("$", f"the header cannot be read: {exc}", line=1)]) from None
        problems = [Problem(f"$.{c}", "required column is missing", line=1)
                    for c in REQUIRED_COLUMNS if c not in header]
        problems += [Problem(f"$.{c}", "unknown column (known: " + ", ".join(CSV_COLUMNS) + ")",
                             line=1)
                     for c in header if c not in CSV_COLUMNS and c not in EXPORT_ONLY_COLUMNS]
        if problems:
            raise InvalidDocumentError(problems)
        previous = reader.line_num
        while True:
            line = previous + 1
            try:
                cells = next(reader, None)
            except csv.Error as exc:
                yield LineResult(line, problems=(Problem(
                    "$", f"unreadable CSV from this line to the end of the file ({exc}); "
                    "nothing after it was imported", line=line),), raw="")
                return
            if cells is None:
                return
            previous = reader.line_num
            if not cells:
                continue
            raw = _csv_line(cells)
            if len(cells) != len(header):
                yield LineResult(line, problems=(Problem("$", f"{len(header)} columns expected, "
                                                         f"{len(cells)} found", line=line),), raw=raw)
                continue
            row = dict(zip(header, cells, strict=True))
            doc, found = row_document(row, line)
            try:
                submission = serializer.load(doc, Submission)
            except InvalidDocumentError as exc:
                found += [Problem(p.path, p.message, line=line) for p in exc.problems]
            if found:
                yield LineResult(line, problems=tuple(found), raw=raw)
            else:
                yield LineResult(line, value=submission, raw=raw)
