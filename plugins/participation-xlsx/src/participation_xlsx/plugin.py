"""The ``xlsx`` data exporter, contributed through ``register_exporters``.

openpyxl (and NumPy, which it imports when installed) is loaded only when a workbook is
written, not whenever the plugins load: every ``participation`` command starts without it.
"""

from __future__ import annotations

from typing import IO, TYPE_CHECKING

from participation.exporters import Exporter
from participation.plugins import hookimpl

if TYPE_CHECKING:
    from participation.exporters.data import ExportData


def _write_workbook(data: ExportData, stream: IO[bytes]) -> None:
    from participation_xlsx.workbook import write_workbook

    write_workbook(data, stream)


@hookimpl
def register_exporters() -> list[Exporter]:
    """``participation export xlsx``: the report's tables and the data, one sheet each."""
    return [Exporter("xlsx", "participation.xlsx",
                     "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                     "An Excel workbook: the report's tables and the data on separate sheets.",
                     _write_workbook, binary=True, scope="data")]
