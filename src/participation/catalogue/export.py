"""Writing practices out: CSV (through :func:`participation.exporters.csvsafe.write_csv`,
so no cell can start a formula), JSON (tagged documents), and a pandas DataFrame.

Multi-valued fields are joined with ``"; "`` in CSV and the DataFrame.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from participation.catalogue.fields import FIELDS, display
from participation.catalogue.model import Practice
from participation.exporters.csvsafe import write_csv

if TYPE_CHECKING:
    from participation.serialization import Serializer

__all__ = ["CSV_COLUMNS", "atomic_write", "practice_row", "require_pandas", "write_json",
           "write_practices_csv"]

#: Columns of the CSV export, in order.
CSV_COLUMNS = ("id", "name", "name_original", "country", "eu", "level", "start_year",
               "end_year", "type", "stages", "iap2", "coe", "methods", "channels",
               "target_groups", "areas", "description", "outcomes", "figures", "sources")


def _figure_text(practice: Practice) -> str:
    return "; ".join(
        f"{f.what}: {display(f.value)} {f.unit}"
        + (f" ({f.year})" if f.year is not None else "") + f" <{f.source}>"
        for f in practice.figures)


def practice_row(practice: Practice) -> list[Any]:
    """One CSV row (values in :data:`CSV_COLUMNS` order)."""
    row: list[Any] = []
    for name in CSV_COLUMNS:
        if name in FIELDS:
            row.append("; ".join(display(v) for v in FIELDS[name].values(practice)))
        elif name == "description":
            row.append(" ".join(practice.description.split()))
        elif name == "outcomes":
            row.append("; ".join(practice.outcomes))
        elif name == "figures":
            row.append(_figure_text(practice))
        else:
            row.append(" ".join(practice.sources))
    return row


def write_practices_csv(practices: Iterable[Practice], stream: IO[str]) -> int:
    """Write ``practices`` as CSV; returns how many rows were written."""
    return write_csv(stream, CSV_COLUMNS, (practice_row(p) for p in practices))


def _serializer(serializer: Serializer | None) -> Serializer:
    if serializer is not None:
        return serializer
    from participation.serialization import Serializer

    return Serializer()


def iter_json_array(practices: Iterable[Practice], serializer: Serializer | None = None
                    ) -> Iterator[str]:
    """The text of a JSON array of tagged practice documents, piece by piece."""
    ser = _serializer(serializer)
    yield "["
    for i, practice in enumerate(practices):
        yield ("," if i else "") + "\n  " + json.dumps(ser.dump(practice), ensure_ascii=False)
    yield "\n]\n"


def write_json(practices: Iterable[Practice], stream: IO[str],
               serializer: Serializer | None = None) -> int:
    """Write a JSON array of tagged practice documents (``participation.practice/1``),
    streaming; returns how many were written. :meth:`Catalogue.load` reads it back."""
    count = 0

    def counted() -> Iterator[Practice]:
        nonlocal count
        for p in practices:
            count += 1
            yield p

    for piece in iter_json_array(counted(), serializer):
        stream.write(piece)
    return count


class atomic_write:
    """Open ``path`` for writing text through a temporary file in the same folder,
    renamed over ``path`` only when the block ends without an error."""

    def __init__(self, path: str | Path, newline: str | None = None) -> None:
        self.path = Path(path)
        self.newline = newline
        self._tmp: str | None = None
        self._fh: IO[str] | None = None

    def __enter__(self) -> IO[str]:
        fd, self._tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp",
                                         dir=self.path.parent or ".")
        self._fh = os.fdopen(fd, "w", encoding="utf-8", newline=self.newline)
        return self._fh

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        assert self._fh is not None
        assert self._tmp is not None
        self._fh.close()
        if exc_type is None:
            os.replace(self._tmp, self.path)
        else:
            os.unlink(self._tmp)


def require_pandas() -> Any:
    """The pandas module.

    :raises ImportError: pandas is not installed, with how to install it.
    """
    try:
        import pandas  # type: ignore[import-untyped,unused-ignore]
    except ImportError:
        raise ImportError("to_dataframe() needs pandas: pip install 'participation[pandas]'"
                          ) from None
    return pandas


def to_dataframe(practices: Iterable[Practice]) -> Any:
    """The practices as a pandas DataFrame, one row per practice, one column per
    :data:`CSV_COLUMNS` entry (multi-valued fields joined with ``"; "``; years as
    nullable integers)."""
    pd = require_pandas()
    frame = pd.DataFrame([practice_row(p) for p in practices], columns=list(CSV_COLUMNS))
    for col in ("start_year", "end_year"):
        frame[col] = pd.to_numeric(frame[col].replace("", None)).astype("Int64")
    return frame
