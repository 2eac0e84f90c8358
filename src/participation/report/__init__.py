"""Reports: an :class:`~participation.evaluation.Assessment` turned into a JSON-ready
document (:func:`build_report`), then written by exporters (JSON, Markdown,
self-contained HTML with inline SVG charts, CSV)."""

from participation.report.build import build_report, format_value

__all__ = ["build_report", "format_value"]
