"""Writing practices out as tidy tables: CSV (through
:func:`participation.exporters.csvsafe.write_csv`, so no cell can start a formula),
Parquet and pandas DataFrames with typed columns, and JSON (tagged documents).

Tables (:data:`TABLES`):

* ``practices`` — one row per practice, every field of the model;
* ``figures`` — one row per figure, with its kind, currency, the value in euro where
  a rate is shipped (:mod:`participation.catalogue.rates`) and per 1,000 inhabitants
  where the population is known;
* ``areas`` — one row per evaluation area addressed, with the reason;
* ``methods``, ``stages``, ``channels``, ``target_groups``, ``regions``, ``sources``,
  ``outcomes`` — one row per value;
* ``extra`` — one row per imported value kept verbatim.

In a DataFrame, yes/no columns are booleans (nullable), IAP2 and CoE levels, stages
and levels of government are ordered categoricals, other vocabularies categoricals,
years nullable integers, and multi-valued fields Python lists. In CSV, lists are
joined with ``"; "`` and booleans written ``true``/``false``.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from participation.catalogue.countries import ISO_3166_1
from participation.catalogue.fields import FIELDS
from participation.catalogue.model import COUNT_KINDS, Practice
from participation.catalogue.rates import rate
from participation.errors import UnknownKeyError
from participation.exporters.csvsafe import write_csv
from participation.model import GovernmentLevel, Iap2Level, ParticipationLevel, Stage

if TYPE_CHECKING:
    from participation.serialization import Serializer

__all__ = ["CSV_COLUMNS", "TABLES", "require_pandas", "table_rows", "to_frame",
           "write_json", "write_parquet", "write_practices_csv", "write_table_csv"]

#: Columns of the ``practices`` table, in order.
CSV_COLUMNS = (
    "id", "name", "name_original", "country", "country_name", "eu", "eea", "eu_group",
    "subregion", "regions", "level", "run_by", "needs_national_law", "transfer_note",
    "start_year", "end_year", "ongoing", "dates_note", "type", "stages", "iap2", "coe",
    "level_note", "methods", "channels", "target_groups", "areas", "figure_kinds",
    "description", "outcomes", "figures", "population", "population_year",
    "population_area", "population_source", "sources", "extra",
)

FIGURE_COLUMNS = ("practice_id", "country", "kind", "what", "value", "unit", "currency",
                  "year", "source", "note", "uncertain", "value_eur", "eur_rate",
                  "eur_rate_basis", "eur_rate_source", "population", "population_year",
                  "per_1000")

#: Ordered vocabularies: these columns become ordered categoricals.
ORDERED: Mapping[str, tuple[str, ...]] = {
    "iap2": tuple(m.value for m in Iap2Level),
    "coe": tuple(m.value for m in ParticipationLevel),
    "level": tuple(m.value for m in GovernmentLevel),
    "stage": tuple(m.value for m in Stage),
}


def _plain(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    return value


def _values(practice: Practice, name: str) -> Any:
    fld = FIELDS[name]
    if fld.multi:
        return [_plain(v) for v in fld.values(practice)]
    return _plain(fld.get(practice))


def _figure_text(practice: Practice) -> str:
    return "; ".join(
        f"{f.what}: {_number(f.value)} {f.unit}"
        + (f" ({f.year})" if f.year is not None else "") + f" <{f.source}>"
        for f in practice.figures)


def _number(value: float) -> str:
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


def practice_record(practice: Practice) -> dict[str, Any]:
    """One ``practices`` row: every field, typed (lists, booleans, ``None``)."""
    pop = practice.population
    row: dict[str, Any] = {}
    for name in CSV_COLUMNS:
        if name in FIELDS:
            row[name] = _values(practice, name)
    row.update({
        "country_name": ISO_3166_1.get(practice.country, ""),
        "transfer_note": practice.transfer_note,
        "dates_note": practice.dates_note,
        "level_note": practice.level_note,
        "description": " ".join(practice.description.split()),
        "outcomes": list(practice.outcomes),
        "figures": len(practice.figures),
        "population": pop.value if pop else None,
        "population_year": pop.year if pop else None,
        "population_area": pop.area if pop else None,
        "population_source": pop.source if pop else None,
        "sources": list(practice.sources),
        "extra": dict(practice.extra),
    })
    return {name: row[name] for name in CSV_COLUMNS}


def figure_records(practice: Practice) -> Iterator[dict[str, Any]]:
    """One ``figures`` row per figure of ``practice``."""
    pop = practice.population
    for f in practice.figures:
        found = rate(f.currency, f.year) if f.currency else None
        per_1000 = None
        if pop is not None and f.kind in COUNT_KINDS:
            per_1000 = pop.per_1000(f.value)
        yield {
            "practice_id": practice.id, "country": practice.country, "kind": _plain(f.kind),
            "what": f.what, "value": f.value, "unit": f.unit, "currency": f.currency,
            "year": f.year, "source": f.source, "note": f.note, "uncertain": f.uncertain,
            "value_eur": round(f.value / found.per_euro, 2) if found else None,
            "eur_rate": found.per_euro if found else None,
            "eur_rate_basis": found.basis if found else None,
            "eur_rate_source": found.source if found else None,
            "population": pop.value if pop else None,
            "population_year": pop.year if pop else None,
            "per_1000": per_1000,
        }


def _long(name: str, column: str) -> Callable[[Practice], Iterator[dict[str, Any]]]:
    def rows(practice: Practice) -> Iterator[dict[str, Any]]:
        for value in FIELDS[name].values(practice):
            yield {"practice_id": practice.id, "country": practice.country,
                   column: _plain(value)}
    return rows


def _areas(practice: Practice) -> Iterator[dict[str, Any]]:
    for area, reason in practice.addresses.items():
        yield {"practice_id": practice.id, "country": practice.country, "area": area.value,
               "reason": " ".join(reason.split())}


def _listed(attr: str, column: str) -> Callable[[Practice], Iterator[dict[str, Any]]]:
    def rows(practice: Practice) -> Iterator[dict[str, Any]]:
        for value in getattr(practice, attr):
            yield {"practice_id": practice.id, "country": practice.country, column: value}
    return rows


def _extra(practice: Practice) -> Iterator[dict[str, Any]]:
    for key, value in practice.extra.items():
        yield {"practice_id": practice.id, "country": practice.country, "key": key,
               "value": value}


def _one(practice: Practice) -> Iterator[dict[str, Any]]:
    yield practice_record(practice)


#: Table name → (columns, rows of one practice).
TABLES: Mapping[str, tuple[tuple[str, ...], Callable[[Practice], Iterator[dict[str, Any]]]]] = {
    "practices": (CSV_COLUMNS, _one),
    "figures": (FIGURE_COLUMNS, figure_records),
    "areas": (("practice_id", "country", "area", "reason"), _areas),
    "methods": (("practice_id", "country", "method"), _long("methods", "method")),
    "stages": (("practice_id", "country", "stage"), _long("stages", "stage")),
    "channels": (("practice_id", "country", "channel"), _long("channels", "channel")),
    "target_groups": (("practice_id", "country", "target_group"),
                      _long("target_groups", "target_group")),
    "regions": (("practice_id", "country", "region"), _long("regions", "region")),
    "sources": (("practice_id", "country", "source"), _listed("sources", "source")),
    "outcomes": (("practice_id", "country", "outcome"), _listed("outcomes", "outcome")),
    "extra": (("practice_id", "country", "key", "value"), _extra),
}


def table_rows(practices: Iterable[Practice], table: str = "practices"
               ) -> tuple[tuple[str, ...], Iterator[dict[str, Any]]]:
    """The columns of ``table`` and its rows (dicts with typed values), streaming.

    :raises UnknownKeyError: no such table.
    """
    if table not in TABLES:
        raise UnknownKeyError("table", table, list(TABLES))
    columns, rows = TABLES[table]
    return columns, (row for p in practices for row in rows(p))


def _cell(value: Any) -> Any:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(str(_cell(v)) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False) if value else ""
    if isinstance(value, float):
        return _number(value)
    return value


def write_table_csv(practices: Iterable[Practice], stream: IO[str],
                    table: str = "practices") -> int:
    """Write ``table`` as CSV; returns how many rows were written."""
    columns, rows = table_rows(practices, table)
    return write_csv(stream, columns, ([_cell(r[c]) for c in columns] for r in rows))


def write_practices_csv(practices: Iterable[Practice], stream: IO[str]) -> int:
    """Write the ``practices`` table as CSV; returns how many rows were written."""
    return write_table_csv(practices, stream, "practices")


def require_pandas() -> Any:
    """The pandas module.

    :raises ImportError: pandas is not installed, with how to install it.
    """
    try:
        import pandas  # type: ignore[import-untyped,unused-ignore]
    except ImportError:
        raise ImportError("tables as DataFrames need pandas: pip install "
                          "'participation[pandas]'") from None
    return pandas


_ORDERED_COLUMNS = {"iap2": "iap2", "coe": "coe", "level": "level", "stage": "stage"}
_BOOLEAN = {"eu", "eea", "ongoing", "needs_national_law", "uncertain"}
_INTEGER = {"start_year", "end_year", "year", "population", "population_year", "figures"}
_CATEGORIES = {"eu_group": "eu_group", "subregion": "subregion", "type": "type",
               "run_by": "run_by", "kind": "figure_kinds", "method": "methods",
               "channel": "channels", "target_group": "target_groups", "area": "areas",
               "region": "regions"}


def to_frame(practices: Iterable[Practice], table: str = "practices", *,
             currency: str | None = None) -> Any:
    """``table`` as a pandas DataFrame with typed columns (see the module docs).

    :param currency: only ``None`` or ``"EUR"``: euro columns are always in the
        ``figures`` table; another currency is an error.
    :raises ImportError: pandas is not installed.
    :raises UnknownKeyError: no such table, or a currency other than EUR.
    """
    if currency not in (None, "EUR"):
        raise UnknownKeyError("conversion currency", str(currency), ["EUR"])
    pd = require_pandas()
    columns, rows = table_rows(practices, table)
    frame = pd.DataFrame(list(rows), columns=list(columns))
    for col in frame.columns:
        if col in _ORDERED_COLUMNS:
            frame[col] = pd.Categorical(frame[col], categories=ORDERED[_ORDERED_COLUMNS[col]],
                                        ordered=True)
        elif col in _CATEGORIES:
            vocabulary = FIELDS[_CATEGORIES[col]].vocabulary or ()
            frame[col] = pd.Categorical(frame[col],
                                        categories=[_plain(v) for v in vocabulary])
        elif col in _BOOLEAN:
            frame[col] = frame[col].astype("boolean")
        elif col in _INTEGER:
            frame[col] = frame[col].astype("Int64")
        elif col in {"value", "value_eur", "eur_rate", "per_1000"}:
            frame[col] = frame[col].astype("Float64")
    return frame


def write_parquet(practices: Iterable[Practice], path: str | Path,
                  table: str = "practices") -> int:
    """Write ``table`` as a Parquet file (needs pandas and pyarrow), atomically;
    returns the row count. The ``extra`` column is written as JSON text."""
    import os
    import tempfile

    frame = to_frame(practices, table)
    if "extra" in frame.columns:
        frame["extra"] = [json.dumps(v, ensure_ascii=False) if v else None
                          for v in frame["extra"]]
    try:
        import pyarrow  # type: ignore[import-untyped,import-not-found,unused-ignore]  # noqa: F401
    except ImportError:
        raise ImportError("Parquet needs pyarrow: pip install 'participation[pandas]'"
                          ) from None
    target = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    try:
        frame.to_parquet(tmp, index=False)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return len(frame)


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
    """Write a JSON array of tagged practice documents (``participation.practice/2``),
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
