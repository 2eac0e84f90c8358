"""CSV that a spreadsheet cannot be tricked into executing (OWASP "CSV Injection").

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab, a carriage return or a line
feed is prefixed with a single quote, so spreadsheet programs show it as text
instead of evaluating it as a formula. RFC 4180 quoting (which :mod:`csv` does)
handles separators and quotes inside values. This is the one place the library
neutralises cells: every CSV writer uses it.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from typing import IO, Any

__all__ = ["FORMULA_TRIGGERS", "neutralise", "unprotect", "write_csv"]

#: First characters that make a spreadsheet evaluate a cell.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n",
                    "\uff1d", "\uff0b", "\uff0d", "\uff20")  # and their full-width forms


def neutralise(value: Any) -> str:
    """The text of ``value``, prefixed with ``'`` when it could start a formula.

    Numbers are written as they are (a negative number is data, not a formula).

    >>> neutralise("=HYPERLINK(\\"http://evil\\")")
    '\\'=HYPERLINK("http://evil")'
    >>> neutralise(-3), neutralise(None), neutralise("plain")
    ('-3', '', 'plain')
    >>> neutralise("'=already quoted")
    "''=already quoted"
    """
    if type(value) is str and (not value or value[0] not in _SUSPECT_FIRST):
        return value  # the common case, decided by its first character alone
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value) if isinstance(value, float) else str(value)
    text = str(value)
    if _looks_like_formula(text):
        # a text that already looks protected is protected again, so that reading the
        # file back (removing one quote) gives exactly the original
        return "'" + text
    return text


#: The first characters after which a text needs a closer look: a trigger, a space
#: (skipped before a formula) or a quote (an already protected cell).
_SUSPECT_FIRST = frozenset("".join(FORMULA_TRIGGERS) + " '")


def _looks_like_formula(text: str) -> bool:
    head = text.lstrip(" ")  # spreadsheets skip leading spaces before a formula
    return head.startswith(FORMULA_TRIGGERS) or (head.startswith("'")
                                                 and head[1:].lstrip(" ").startswith(FORMULA_TRIGGERS))


def unprotect(cell: str) -> str:
    """Undo :func:`neutralise` when reading a CSV back: ``'=SUM(A1)`` → ``=SUM(A1)``,
    ``''=x`` → ``'=x``; any other cell is returned as it is.

    >>> unprotect("'=1+1"), unprotect("'quoted'"), unprotect("plain")
    ('=1+1', "'quoted'", 'plain')
    >>> all(unprotect(neutralise(t)) == t for t in ["'=x", " =1", "-3 °C", "'plain", "＝1"])
    True
    """
    if cell.startswith("'") and _looks_like_formula(cell[1:]):
        return cell[1:]
    return cell


def write_csv(stream: IO[str], header: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Write ``header`` and ``rows`` as RFC 4180 CSV with every cell neutralised;
    returns the number of rows written (streaming, constant memory)."""
    writer = csv.writer(stream, lineterminator="\r\n")
    writer.writerow([neutralise(h) for h in header])
    write, suspect, count = writer.writerow, _SUSPECT_FIRST, 0
    for row in rows:
        # neutralise's common case inline: a text whose first character is harmless
        write([v if type(v) is str and (not v or v[0] not in suspect)
               else "" if v is None else neutralise(v) for v in row])
        count += 1
    return count
