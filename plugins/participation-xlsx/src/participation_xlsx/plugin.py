"""The ``xlsx`` data exporter, contributed through ``register_exporters``."""

from __future__ import annotations

from participation.exporters import Exporter
from participation.plugins import hookimpl
from participation_xlsx.workbook import write_workbook


@hookimpl
def register_exporters() -> list[Exporter]:
    """``participation export xlsx``: the report's tables and the data, one sheet each."""
    return [Exporter("xlsx", "participation.xlsx",
                     "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                     "An Excel workbook: the report's tables and the data on separate sheets.",
                     write_workbook, binary=True, scope="data")]
