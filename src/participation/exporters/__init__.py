"""Exporters: writing a report document into the formats people use.

An :class:`Exporter` is handed the report document (see
:func:`participation.report.build_report`) and a text stream; it never queries a
store or recomputes a figure. Exporters are contributed through
``register_exporters``; the built-ins are ``json``, ``markdown``, ``html`` and ``csv``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import IO, Any

import attrs

from participation.files import atomic_writer
from participation.model._checks import key_like
from participation.model.protocols import ExporterProtocol

__all__ = ["Exporter", "write_report"]


@attrs.frozen
class Exporter:
    """A report format.

    :param key: registry key (``"html"``).
    :param filename: the file it writes in an output folder (``"report.html"``).
    :param write: ``write(report, stream)`` writes the report document to ``stream``.
    """

    key: str = attrs.field(validator=key_like)
    filename: str
    media_type: str
    description: str
    write: Callable[[Mapping[str, Any], IO[str]], None] = attrs.field(eq=False, repr=False)


def write_report(report: Mapping[str, Any], exporters: Iterable[ExporterProtocol], folder: str | Path
                 ) -> list[Path]:
    """Write ``report`` with each exporter into ``folder``; returns the paths written.

    The set is all or nothing: every file is first written under a temporary name, and
    only when all succeeded are they renamed into place, so a failing exporter never
    leaves a new ``report.json`` beside an old ``report.html``.
    """
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    staged: list[tuple[Path, Path]] = []
    try:
        for exporter in exporters:
            final = target / exporter.filename
            temporary = target / f".{exporter.filename}.writing"
            with atomic_writer(temporary, newline="") as fh:
                exporter.write(report, fh)
            staged.append((temporary, final))
    except BaseException:
        for temporary, _final in staged:
            temporary.unlink(missing_ok=True)
        raise
    for temporary, final in staged:
        os.replace(temporary, final)
    return [final for _temporary, final in staged]
