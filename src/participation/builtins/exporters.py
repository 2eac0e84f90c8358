"""Built-in exporters: the report as JSON, Markdown, HTML and CSV tables (measurements,
scores, trends); a store's data as iCalendar and as a Frictionless data package."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import IO, Any

from participation.exporters import Exporter
from participation.exporters.csvsafe import write_csv
from participation.exporters.data import ExportData
from participation.plugins import hookimpl
from participation.report.html import write_html
from participation.report.markdown import write_markdown

MEASUREMENT_COLUMNS = ("indicator", "area", "label", "unit", "direction", "value", "n", "numerator",
                       "denominator", "target", "baseline", "met", "previous", "change", "note")


def write_json(report: Mapping[str, Any], stream: IO[str]) -> None:
    """The report document as JSON (UTF-8, two-space indent, stable key order)."""
    stream.write(json.dumps(report, ensure_ascii=False, indent=2))
    stream.write("\n")


def write_measurements_csv(report: Mapping[str, Any], stream: IO[str]) -> None:
    """One row per indicator (spreadsheet formulas neutralised)."""
    write_csv(stream, MEASUREMENT_COLUMNS,
              ([m[c] for c in MEASUREMENT_COLUMNS] for m in report["measurements"]))


def write_scores_csv(report: Mapping[str, Any], stream: IO[str]) -> None:
    """One row per scorer and area: value, weight and contribution to the total (and a
    row per scorer for the total itself, with area ``total``)."""
    rows = []
    for score in report["scores"]:
        rows.append([score["scorer"], "total", score["label"], score["value"], "", "",
                     score["previous"], score["change"]])
        rows.extend([score["scorer"], a["area"], a["label"], a["value"], a["weight"],
                     a["contribution"], "", ""] for a in score["areas"])
    write_csv(stream, ("scorer", "area", "label", "value", "weight", "contribution",
                       "previous", "change"), rows)


def write_trends_csv(report: Mapping[str, Any], stream: IO[str]) -> None:
    """One row per indicator, one column per trend period (quarters, months)."""
    trends = report["trends"]
    write_csv(stream, ("indicator", *trends["periods"]),
              ([key, *values] for key, values in trends["indicators"].items()))


def write_ical(data: ExportData, stream: IO[bytes]) -> None:
    """:func:`participation.exporters.ical.write_ical` (imported when used)."""
    from participation.exporters.ical import write_ical as write

    write(data, stream)


def write_datapackage(data: ExportData, stream: IO[bytes]) -> None:
    """:func:`participation.exporters.datapackage.write_datapackage` (imported when used)."""
    from participation.exporters.datapackage import write_datapackage as write

    write(data, stream)


@hookimpl
def register_exporters() -> list[Exporter]:
    """The built-in report and data formats."""
    return [
        Exporter("json", "report.json", "application/json",
                 "The whole report document, for machines and for `catalogue recommend`.", write_json),
        Exporter("markdown", "report.md", "text/markdown", "The report as Markdown.", write_markdown),
        Exporter("html", "report.html", "text/html",
                 "A self-contained page with inline SVG charts; opens offline and prints.", write_html),
        Exporter("csv", "measurements.csv", "text/csv", "One row per indicator.", write_measurements_csv),
        Exporter("scores-csv", "scores.csv", "text/csv", "Each score and every area's part in it.",
                 write_scores_csv),
        Exporter("trends-csv", "trends.csv", "text/csv", "Each indicator over the trend periods.",
                 write_trends_csv),
        Exporter("ical", "participation.ics", "text/calendar",
                 "The activities and the open submissions' due days as an iCalendar file "
                 "(needs participation[ical]).", write_ical, binary=True, scope="data"),
        Exporter("datapackage", "datapackage.zip", "application/zip",
                 "A Frictionless data package (datapackage.json and CSV tables with schemas) "
                 "for an open-data portal.", write_datapackage, binary=True, scope="data"),
    ]
