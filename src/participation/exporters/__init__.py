"""Exporters: writing a report document, or a store's data, into the formats people use.

An :class:`Exporter` of scope ``"report"`` is handed the report document (see
:func:`participation.report.build_report`) and a stream, and is written into every
report folder; one of scope ``"data"`` is handed an
:class:`~participation.exporters.data.ExportData` (the store's records, streamed, with
no personal data unless asked, and the report of a period) and is run by
``participation export KEY``. Neither queries a store or recomputes a figure itself.
A ``binary`` exporter gets a binary stream. Exporters are contributed through
``register_exporters``; the built-ins are ``json``, ``markdown``, ``html``, ``csv``,
``scores-csv``, ``trends-csv`` (report) and ``ical``, ``datapackage`` (data).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import IO, Any

import attrs

from participation.files import open_output
from participation.model._checks import key_like
from participation.model.protocols import ExporterProtocol

__all__ = ["SCOPES", "Exporter", "is_binary", "scope_of", "write_report"]

#: What an exporter writes: the report document, or the data of a store.
SCOPES = ("report", "data")


@attrs.frozen
class Exporter:
    """A report or data format.

    :param key: registry key (``"html"``).
    :param filename: the file it writes in an output folder (``"report.html"``), or
        the default file name of ``participation export KEY``.
    :param write: scope ``"report"``: ``write(report, stream)`` writes the report
        document; scope ``"data"``: ``write(data, stream)`` writes an
        :class:`~participation.exporters.data.ExportData`.
    :param binary: ``stream`` is a binary stream (XLSX, ZIP) instead of a text one.
    :param scope: ``"report"`` (written into every report folder) or ``"data"``
        (``participation export KEY``).
    """

    key: str = attrs.field(validator=key_like)
    filename: str
    media_type: str
    description: str
    write: Callable[[Any, IO[Any]], None] = attrs.field(eq=False, repr=False)
    binary: bool = False
    scope: str = attrs.field(default="report", validator=attrs.validators.in_(SCOPES))


def scope_of(exporter: ExporterProtocol) -> str:
    """The exporter's ``scope`` (``"report"`` for an exporter that does not say)."""
    return str(getattr(exporter, "scope", "report"))


def is_binary(exporter: ExporterProtocol) -> bool:
    """Whether the exporter writes bytes (``False`` for an exporter that does not say)."""
    return bool(getattr(exporter, "binary", False))


def write_report(report: Mapping[str, Any], exporters: Iterable[ExporterProtocol], folder: str | Path
                 ) -> list[Path]:
    """Write ``report`` with each exporter of scope ``"report"`` into ``folder``; returns
    the paths written (exporters of scope ``"data"`` are skipped).

    The set is all or nothing: every file is first written under a temporary name, and
    only when all succeeded are they renamed into place, so a failing exporter never
    leaves a new ``report.json`` beside an old ``report.html``.
    """
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    staged: list[tuple[Path, Path]] = []
    try:
        for exporter in exporters:
            if scope_of(exporter) != "report":
                continue
            final = target / exporter.filename
            temporary = target / f".{exporter.filename}.writing"
            with open_output(temporary, newline="", binary=is_binary(exporter)) as fh:
                exporter.write(report, fh)
            staged.append((temporary, final))
    except BaseException:
        for temporary, _final in staged:
            temporary.unlink(missing_ok=True)
        raise
    for temporary, final in staged:
        os.replace(temporary, final)
    return [final for _temporary, final in staged]
