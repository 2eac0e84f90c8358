"""An Excel workbook export for participation (``participation export xlsx``)."""

from participation_xlsx.workbook import write_workbook

__all__ = ["write_workbook"]
