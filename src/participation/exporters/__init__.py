"""Exporters: writing a report document into the formats people use.

An :class:`Exporter` is handed the report document (see
:func:`participation.report.build_report`) and a text stream; it never queries a
store or recomputes a figure. Exporters are contributed through
``register_exporters``; the built-ins are ``json``, ``markdown``, ``html`` and ``csv``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import IO, Any

import attrs

from participation.files import atomic_writer
from participation.model._checks import key_like

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


def write_report(report: Mapping[str, Any], exporters: Iterable[Exporter], folder: str | Path
                 ) -> list[Path]:
    """Write ``report`` with each exporter into ``folder``, each file atomically;
    returns the paths written."""
    written = []
    for exporter in exporters:
        path = Path(folder) / exporter.filename
        with atomic_writer(path, newline="") as fh:
            exporter.write(report, fh)
        written.append(path)
    return written
