"""Reading open-data exports as flat records: CSV (``;`` or ``,``, told from the header)
or JSON (an array of objects, nested objects flattened to ``a/b/c`` keys as Decidim's CSV
names them), each record with its line (JSON: its number) and its raw text."""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator, Mapping
from typing import IO, Any

from participation.errors import FieldError, InvalidDocumentError, Problem
from participation.importers import ImportContext
from participation.importers.records import csv_line, csv_records
from participation.importers.text import plain_text, unescaped

__all__ = ["Flat", "first_line", "flat_records", "i18n", "number", "plain"]

#: One record: its line, its cells by column (``None``: unreadable, the reason in raw).
Flat = tuple[int, dict[str, str] | None, str]


def first_line(head: str) -> str:
    """The first line of ``head`` without a byte-order mark."""
    return head.lstrip("\ufeff").split("\n", 1)[0].rstrip("\r")


def _flatten(value: Any, prefix: str, out: dict[str, str]) -> None:
    if isinstance(value, dict):
        for key, inner in value.items():
            _flatten(inner, f"{prefix}/{key}" if prefix else str(key), out)
    elif isinstance(value, list):
        if value:
            out[prefix] = json.dumps(value, ensure_ascii=False)
    elif value is None:
        return
    elif isinstance(value, bool):
        out[prefix] = "true" if value else "false"
    else:
        out[prefix] = str(value)


def flat_records(stream: IO[str]) -> Iterator[Flat]:
    """The records of a CSV or JSON export (see the module text).

    :raises InvalidDocumentError: not JSON, a JSON that is not a list of objects, or a
        CSV header naming a column twice.
    """
    first = stream.readline()
    while first and not first.strip():
        first = stream.readline()
    if first.lstrip("\ufeff \t").startswith(("[", "{")):
        text = first + stream.read()
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InvalidDocumentError([Problem("$", f"not JSON: {exc.msg}", line=exc.lineno)]) from None
        if isinstance(data, dict):
            data = [data]
        if not isinstance(data, list):
            raise InvalidDocumentError([Problem("$", "expected a list of records")])
        for number, item in enumerate(data, start=1):
            if not isinstance(item, dict):
                yield number, None, f"record {number} is not an object"
                continue
            flat: dict[str, str] = {}
            _flatten(item, "", flat)
            yield number, flat, json.dumps(item, ensure_ascii=False)
        return
    delimiter = ";" if first.count(";") > first.count(",") else ","
    header: list[str] | None = None
    for line, cells, complaint in csv_records(itertools.chain([first], stream), delimiter):
        if cells is None:
            yield line, None, complaint
            return
        if header is None:
            header = [c.strip().lstrip("\ufeff") for c in cells]
            repeated = sorted({c for c in header if header.count(c) > 1})
            if repeated:
                raise InvalidDocumentError([Problem("$", f"the header names {', '.join(repeated)} "
                                                    "twice", line=line)])
            continue
        raw = csv_line(cells, delimiter)
        if len(cells) != len(header):
            yield line, None, f"{len(header)} columns expected, {len(cells)} found"
            continue
        yield line, dict(zip(header, cells, strict=True)), raw


def i18n(record: Mapping[str, str], name: str, context: ImportContext) -> str:
    """The text of a translated field ``name`` (``name/en``, ``name/ca`` …, or ``name``
    itself): in ``--option lang=XX`` if given, else English, else the first language
    that has one; machine translations only when nothing else is there."""
    if record.get(name, "").strip():
        return record[name]
    wanted = [context.options.get("lang", ""), "en"]
    for lang in wanted:
        if lang and record.get(f"{name}/{lang}", "").strip():
            return record[f"{name}/{lang}"]
    keys = sorted((k for k in record if k.startswith(f"{name}/") and record[k].strip()),
                  key=lambda k: "machine_translations" in k)
    return record[keys[0]] if keys else ""


def plain(value: str) -> str:
    """Safe plain text of an export's HTML or entity-escaped text."""
    return plain_text(value) if "<" in value or "&" in value else unescaped(value)


def number(record: Mapping[str, str], name: str) -> int:
    """A count column: empty is 0; a float written as ``12.0`` is 12.

    :raises FieldError: not a whole number, or negative.
    """
    text = record.get(name, "").strip()
    if not text:
        return 0
    try:
        value = float(text)
    except ValueError:
        raise FieldError(name, f"{text!r} is not a number") from None
    if value < 0 or value != int(value):
        raise FieldError(name, f"{text!r} is not a count")
    return int(value)
