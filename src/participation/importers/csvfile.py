"""The ``csv`` importer: one record per row, in the documented flat columns of its kind
(:mod:`participation.importers.columns`: submissions, policies, activities, an
administration; ``participation template KIND`` writes them).

The header says the kind (the one whose required columns it has). For submissions the
required columns are ``id``, ``channel``, ``kind``, ``received_at`` (ISO 8601 with an
offset); ``participation export csv`` also writes ``status``, ``answered_at`` and
``outcome``, which the importer ignores (the CSV carries the receipt; JSON Lines carry
the whole history). Any other column is an error, so a misspelled header is not
silently lost, and so is a column named twice. Cells are separated by ``,`` or ``;``
(what spreadsheets in many languages write), told from the header; a UTF-8
byte-order mark is skipped.

A cell that the CSV exporter protected against formula injection (``'=…``) is read
back without its quote.
"""

from __future__ import annotations

import csv
import io
import itertools
from collections.abc import Iterator
from typing import IO, Any

from participation.errors import InvalidDocumentError, Problem
from participation.exporters.csvsafe import unprotect
from participation.importers.base import ImportContext, Importer
from participation.importers.columns import COLUMN_SETS, SUBMISSION, ColumnSet, column_set_for
from participation.serialization import LineResult, Serializer

__all__ = ["CSV_COLUMNS", "DELIMITERS", "EXPORT_ONLY_COLUMNS", "REQUIRED_COLUMNS", "CsvImporter",
           "read_header", "row_document"]

#: Columns the importer reads for submissions, in the order the exporter writes them.
CSV_COLUMNS = SUBMISSION.names
#: Columns the exporter adds and the importer ignores.
EXPORT_ONLY_COLUMNS = SUBMISSION.ignored
REQUIRED_COLUMNS = SUBMISSION.required
#: The cell separators a header may use.
DELIMITERS = (",", ";")


def _csv_line(cells: list[str], delimiter: str = ",") -> str:
    """The record as one CSV line (quoted as the file would quote it), for rejects files."""
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="").writerow(cells)
    return buffer.getvalue()


def row_document(row: dict[str, str], line: int,
                 columns: ColumnSet = SUBMISSION) -> tuple[dict[str, Any], list[Problem]]:
    """The document of one CSV row, and the problems of its flat cells."""
    cells = {k: unprotect(v) for k, v in row.items() if v is not None}
    return columns.document(cells, line)


def _parse(line: str, delimiter: str) -> list[str]:
    return next(csv.reader([line], delimiter=delimiter, strict=True), [])


def read_header(first: str) -> tuple[list[str], str, ColumnSet]:
    """The column names of a header line, the delimiter it uses and the record kind.

    :raises InvalidDocumentError: no delimiter makes it a known header (naming what
        was tried, the missing and unknown columns), or a column is named twice.

    >>> read_header("id;title;area")[1:]
    (';', ColumnSet(kind='policy', ...))
    """
    tried = []
    for delimiter in DELIMITERS:
        try:
            header = [h.strip() for h in _parse(first.lstrip("\ufeff"), delimiter)]
        except csv.Error as exc:
            tried.append(f"with {delimiter!r}: {exc}")
            continue
        columns = column_set_for(header)
        if columns is None:
            tried.append(f"with {delimiter!r} as the delimiter: " + ", ".join(header)[:120])
            continue
        repeated = sorted({h for h in header if header.count(h) > 1})
        problems = [Problem(f"$.{h}", "column named more than once (which value would "
                            "count?)", line=1) for h in repeated]
        known = {*columns.names, *columns.ignored}
        problems += [Problem(f"$.{c}", f"unknown column for a {columns.kind} (known: "
                             + ", ".join(columns.names) + ")", line=1)
                     for c in header if c not in known]
        if problems:
            raise InvalidDocumentError(problems)
        return header, delimiter, columns
    # no kind fits: say what a submission header lacks (the usual case) and what was tried
    header = [h.strip() for h in _parse(first.lstrip("\ufeff"), ",")] if first.strip() else []
    problems = [Problem(f"$.{c}", "required column is missing", line=1)
                for c in SUBMISSION.required if c not in header]
    problems += [Problem(f"$.{c}", "unknown column (known: " + ", ".join(CSV_COLUMNS) + ")",
                         line=1)
                 for c in header if c not in CSV_COLUMNS and c not in EXPORT_ONLY_COLUMNS]
    kinds = "; ".join(f"{k}: " + ", ".join(s.required) for k, s in COLUMN_SETS.items())
    problems.append(Problem("$", f"the header names no record kind's required columns ({kinds}); "
                            "read " + "; ".join(tried), line=1))
    raise InvalidDocumentError(problems)


class CsvImporter(Importer):
    """Flat CSV rows of one record kind (see the module documentation).

    >>> import io
    >>> from participation.serialization import Serializer
    >>> data = io.StringIO("id,channel,kind,received_at,contact_email\\r\\n"
    ...                    "S-1,web_form,question,2025-01-02T09:00:00+02:00,a@b.eu\\r\\n"
    ...                    "S-2,web_form,wish,2025-01-02T09:00:00+02:00,\\r\\n")
    >>> [(r.line, r.ok) for r in CsvImporter().read(data, Serializer())]
    [(2, True), (3, False)]
    """

    key = "csv"
    label = "CSV, one record per row (submissions, policies, activities, administration)"
    suffixes = (".csv",)
    raw_newlines = True

    def sniff(self, head: str) -> bool:
        """A first line that is a known header."""
        first = head.lstrip("\ufeff").splitlines()[0] if head.strip() else ""
        try:
            read_header(first)
        except InvalidDocumentError:
            return False
        return True

    def read(self, stream: IO[str], serializer: Serializer,
             context: ImportContext | None = None) -> Iterator[LineResult]:
        """One result per record; the line is where the record starts (blank lines are
        skipped but counted). A record the CSV parser cannot read (an unterminated quote,
        a cell longer than :func:`csv.field_size_limit`) is rejected with its line, and so is the
        rest of the file, which cannot be told apart from it."""
        first = stream.readline()
        header, delimiter, columns = read_header(first)
        reader = csv.reader(itertools.chain([first], stream), delimiter=delimiter, strict=True)
        next(reader)
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
            raw = _csv_line(cells, delimiter)
            if len(cells) != len(header):
                yield LineResult(line, problems=(Problem("$", f"{len(header)} columns expected, "
                                                         f"{len(cells)} found", line=line),), raw=raw)
                continue
            doc, found = row_document(dict(zip(header, cells, strict=True)), line, columns)
            record: Any = None
            try:
                record = serializer.load(doc, columns.cls)
            except InvalidDocumentError as exc:
                found += [Problem(p.path, p.message, line=line) for p in exc.problems]
            if found:
                yield LineResult(line, problems=tuple(found), raw=raw)
            else:
                yield LineResult(line, value=record, raw=raw)
