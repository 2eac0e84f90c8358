"""An Excel workbook export for participation (``participation export xlsx``).

``write_workbook`` is imported on first use (it needs openpyxl), so loading the plugin
costs nothing.
"""

from __future__ import annotations

from typing import Any

__all__ = ["write_workbook"]


def __getattr__(name: str) -> Any:
    if name == "write_workbook":
        from participation_xlsx.workbook import write_workbook

        return write_workbook
    raise AttributeError(f"module 'participation_xlsx' has no attribute {name!r}")
