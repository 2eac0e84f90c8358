"""Building blocks for importers of other systems' formats: CSV records with the line
each starts on, moments read with the ``--timezone`` rule, and one record turned into a
:class:`~participation.serialization.LineResult` whatever goes wrong with it, so that a
bad record is a reject with its line and reason, never a traceback."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from datetime import date, datetime
from typing import IO, Any

from participation.errors import FieldError, InvalidDocumentError, Problem
from participation.importers.base import ImportContext, TimezoneRequiredError
from participation.serialization import LineResult

__all__ = ["CsvRecord", "csv_line", "csv_records", "moment", "record_result", "short"]

#: A CSV record: the line it starts on, its cells (``None``: the rest of the file is
#: unreadable, see :func:`csv_records`), and the parser's complaint.
CsvRecord = tuple[int, list[str] | None, str]


def csv_line(cells: list[str], delimiter: str = ",") -> str:
    """The record as one CSV line (quoted as the file would quote it), for rejects files."""
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="").writerow(cells)
    return buffer.getvalue()


def csv_records(stream: IO[str] | Iterator[str], delimiter: str = ",",
                first_line: int = 1) -> Iterator[CsvRecord]:
    """The records of a CSV stream (opened with ``newline=""``), each with the line it
    starts on (counting ``first_line`` for the first). Blank records are skipped. Where
    the parser gives up (an unterminated quote), one last record ``(line, None,
    reason)`` stands for the rest of the file.

    >>> list(csv_records(io.StringIO('a,"b\\nc"\\n\\nd,e\\n')))
    [(1, ['a', 'b\\nc'], ''), (4, ['d', 'e'], '')]
    """
    reader = csv.reader(stream, delimiter=delimiter, strict=True)
    offset = first_line - 1
    previous = 0
    while True:
        line = previous + 1 + offset
        try:
            cells = next(reader, None)
        except csv.Error as exc:
            yield line, None, (f"unreadable CSV from this line to the end of the file ({exc}); "
                               "nothing after it was read")
            return
        if cells is None:
            return
        previous = reader.line_num
        if cells and any(c.strip() for c in cells):
            yield line, cells, ""


def moment(text: str, field: str, context: ImportContext, importer: str) -> datetime:
    """An ISO 8601 date-time (a bare date is midnight); one without an offset is read in
    ``--timezone``, and without that option the whole import stops with
    :class:`~participation.importers.TimezoneRequiredError` (never a silent guess).

    :raises FieldError: not a date-time.
    """
    value = text.strip()
    try:
        parsed = (datetime.combine(date.fromisoformat(value), datetime.min.time())
                  if len(value) == 10 else datetime.fromisoformat(value.replace("Z", "+00:00")))
    except ValueError:
        raise FieldError(field, f"{text!r} is not an ISO 8601 date-time") from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=context.require_timezone(importer))
    return parsed


def short(value: str, limit: int = 60) -> str:
    """``value`` cut for a message.

    >>> short("x" * 70, 10)
    "'xxxxxxxxx…'"
    """
    return repr(value if len(value) <= limit else value[:limit - 1] + "…")


def record_result(line: int, raw: str, build: Callable[[], Any]) -> LineResult:
    """``build()``'s record as a result for ``line``, or the problems it raised
    (a :class:`FieldError`, an :class:`InvalidDocumentError`, a ``ValueError`` from a
    model check) as a reject of the raw record.

    >>> record_result(3, "x", lambda: int("x")).problems[0].message
    "invalid literal for int() with base 10: 'x'"
    """
    try:
        return LineResult(line, value=build(), raw=raw)
    except TimezoneRequiredError:
        raise
    except FieldError as exc:
        return LineResult(line, problems=(Problem(f"$.{exc.field}", exc.message, line=line),),
                          raw=raw)
    except InvalidDocumentError as exc:
        return LineResult(line, problems=tuple(Problem(p.path, p.message, line=line)
                                               for p in exc.problems), raw=raw)
    except (ValueError, TypeError, OverflowError) as exc:
        return LineResult(line, problems=(Problem("$", str(exc), line=line),), raw=raw)
