"""The workbook: the report's tables and the store's data, one sheet each.

- Every cell is written as a value, never a formula: a text is stored as a string cell
  even when it starts with ``=`` (a citizen's ``=HYPERLINK(...)`` stays text), and
  characters a workbook cannot hold (control characters) are dropped.
- Column types follow the tables' Table Schema types (the same tables as the data
  package): numbers as numbers (shares as percentages), dates as dates, moments in the
  administration's time zone (named in the header), yes/no as booleans.
- Column widths are set from the header and the first rows; the header row is frozen.
- Streamed (openpyxl's write-only mode): memory stays flat however many submissions.
- No personal data unless the export asked for it (the tables come without it).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from participation.exporters.data import ExportData
from participation.exporters.datapackage import Field, package_tables

__all__ = ["write_workbook"]

_FORMATS = {"number": "0.####", "integer": "#,##0", "date": "yyyy-mm-dd",
            "datetime": "yyyy-mm-dd hh:mm", "share": "0.0%", "any": "General"}
_SAMPLE = 200  # rows looked at to size the columns


def _text(value: Any) -> str:
    return str(ILLEGAL_CHARACTERS_RE.sub("", str(value)))


def _cell(ws: WriteOnlyWorksheet, value: Any, kind: str, tz: Any, bold: bool = False) -> WriteOnlyCell:
    """A cell holding ``value`` as a value of the column's ``kind``."""
    if value is None or value == "":
        cell = WriteOnlyCell(ws, value=None)
    elif kind in ("number", "integer", "share", "any") and isinstance(value, int | float) \
            and not isinstance(value, bool):
        cell = WriteOnlyCell(ws, value=value)
        cell.number_format = _FORMATS[kind]
    elif kind in ("boolean", "any") and isinstance(value, bool):
        cell = WriteOnlyCell(ws, value=value)
    elif kind == "date" and isinstance(value, str | date):
        cell = WriteOnlyCell(ws, value=date.fromisoformat(value) if isinstance(value, str) else value)
        cell.number_format = _FORMATS["date"]
    elif kind == "datetime" and isinstance(value, str | datetime):
        moment = datetime.fromisoformat(value) if isinstance(value, str) else value
        cell = WriteOnlyCell(ws, value=moment.astimezone(tz).replace(tzinfo=None))
        cell.number_format = _FORMATS["datetime"]
    else:
        cell = WriteOnlyCell(ws, value=_text(value))
        cell.data_type = "s"  # a text, even one that starts with "=": never a formula
    if bold:
        cell.font = Font(bold=True)
    return cell


def _width(value: Any) -> int:
    if isinstance(value, datetime):
        return 16
    if isinstance(value, date):
        return 10
    return min(60, max(6, len(str(value)) + 2)) if value is not None else 6


def _sheet(wb: Workbook, title: str, fields: Sequence[Field], rows: Iterable[Sequence[Any]],
           tz: Any) -> int:
    """A sheet with a bold, frozen header; returns the number of data rows."""
    ws = wb.create_sheet(title=title[:31])
    rows = iter(rows)
    head: list[Sequence[Any]] = []
    for row in rows:
        head.append(row)
        if len(head) >= _SAMPLE:
            break
    widths = [_width(f[0]) for f in fields]
    for row in head:
        widths = [max(w, _width(v)) for w, v in zip(widths, row, strict=False)]
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A2"
    ws.append([_cell(ws, f[0] + (f" ({tz})" if f[1] == "datetime" else ""), "string", tz, bold=True)
               for f in fields])
    count = 0
    for row in _chain(head, rows):
        ws.append([_cell(ws, v, f[1], tz) for v, f in zip(row, fields, strict=False)])
        count += 1
    return count


def _chain(head: list[Sequence[Any]], rest: Iterator[Sequence[Any]]) -> Iterator[Sequence[Any]]:
    yield from head
    yield from rest


def _summary(report: Mapping[str, Any], data: ExportData) -> list[list[Any]]:
    admin = report["administration"]
    rows: list[list[Any]] = [
        ["title", report["title"]], ["administration", admin["name"]],
        ["population", admin["population"]], ["period", report["period"]],
        ["period_start", report["period_start"]], ["period_end", report["period_end"]],
        ["as_of", report["as_of"]], ["generated_by", report["generated_by"]],
        ["personal_data", data.include_personal_data],
    ]
    rows += [[f"score.{s['scorer']}", s["value"]] for s in report["scores"]]
    rows += [[f"weakest_area.{i}", a["label"]] for i, a in enumerate(report["weakest_areas"], 1)]
    rows += [[f"count.{k}", v] for k, v in report["counts"].items()]
    return rows


def _survey_rows(report: Mapping[str, Any]) -> Iterator[list[Any]]:
    """One row per figure: survey, question, row, option (key and label), count, share,
    Borda points; open questions give their count of answers only."""
    lang = report["language"]
    for survey in report.get("surveys", []):
        for q in survey["questions"]:
            text = q["text"].get(lang) or q["text"].get("en") or q["key"]
            labels = q.get("labels") or {}
            base = [survey["survey"], q["key"], text, q["type"], q["n"]]
            if q.get("borda"):
                for key, points in sorted(q["borda"].items(), key=lambda kv: (-kv[1], kv[0])):
                    yield [*base, "", key, labels.get(key, key), q.get("first_place", {}).get(key),
                           None, points]
            elif isinstance(q.get("rows"), Mapping):
                row_labels = q.get("row_labels") or {}
                for row, figures in q["rows"].items():
                    for key, count in figures.get("counts", {}).items():
                        yield [*base, row_labels.get(row, row), key, labels.get(key, key), count,
                               figures.get("shares", {}).get(key), None]
            elif isinstance(q.get("counts"), Mapping):
                for key, count in q["counts"].items():
                    yield [*base, "", key, labels.get(key, key), count,
                           (q.get("shares") or {}).get(key), None]
            else:
                yield [*base, "", "", "", None, None, None]


_SURVEY_FIELDS: list[Field] = [
    ("survey", "string", ""), ("question", "string", ""), ("text", "string", ""),
    ("type", "string", ""), ("n", "integer", ""), ("row", "string", ""), ("option", "string", ""),
    ("label", "string", ""), ("count", "integer", ""), ("share", "share", ""),
    ("borda_points", "integer", ""),
]
_RECOMMENDATION_FIELDS: list[Field] = [
    ("area", "string", ""), ("area_label", "string", ""), ("rank", "integer", ""),
    ("practice", "string", ""), ("name", "string", ""), ("country", "string", ""),
    ("reason", "string", ""), ("sources", "string", ""),
]


def write_workbook(data: ExportData, stream: IO[bytes]) -> None:
    """Write the workbook to ``stream``: Summary, Recommendations, Surveys, then the
    tables of :func:`participation.exporters.datapackage.package_tables`."""
    tz = data.administration.tzinfo
    report = data.report()
    wb = Workbook(write_only=True)
    _sheet(wb, "summary", [("item", "string", ""), ("value", "any", "")], _summary(report, data), tz)
    _sheet(wb, "recommendations", _RECOMMENDATION_FIELDS,
           ([r["area"], r["area_label"], r["rank"], r["practice"], r["name"], r["country"],
             r["reason"], " ".join(r["sources"])] for r in report.get("recommendations", [])), tz)
    _sheet(wb, "surveys", _SURVEY_FIELDS, _survey_rows(report), tz)
    for name, _title, fields, _key, rows in package_tables(data):
        _sheet(wb, name, fields, rows, tz)
    wb.save(stream)
