"""Survey results out: a JSON-ready dict (the ``surveys`` section of a report) and a
tidy CSV written through :func:`participation.exporters.csvsafe.write_csv`.

Only aggregates leave this module: individual answers (confidential or not) and
free texts are never in the results.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import IO, Any

from participation.exporters.csvsafe import write_csv
from participation.surveys.model import Survey, text_in
from participation.surveys.results import SurveyResults

__all__ = ["CSV_COLUMNS", "results_rows", "results_to_dict", "write_results_csv"]

#: The columns of the results CSV.
CSV_COLUMNS = ("survey", "question", "type", "row", "option", "label", "measure", "value", "n")


def results_to_dict(results: SurveyResults) -> dict[str, Any]:
    """The results as a JSON-ready dict.

    Every question carries its type's figures and ``key``, ``type``, ``text``,
    ``indicator``, ``confidential``, ``shown``, ``n``, ``skipped``, ``hidden`` (these
    names win over a figure of the same name, so a question type must not use them).

    >>> from datetime import datetime, timezone
    >>> from participation.surveys import Answer, Question, Survey, SurveyResponse, tabulate
    >>> from participation.surveys.builtin import BUILTIN_TYPES
    >>> s = Survey("s", {"en": "S"}, questions=[Question("score", "rating", {"en": "0-10?"})])
    >>> at = datetime(2025, 5, 1, tzinfo=timezone.utc)
    >>> res = tabulate(s, [SurveyResponse("r1", "s", 1, at, [Answer("score", 9)])], BUILTIN_TYPES)
    >>> d = results_to_dict(res)
    >>> d["n"], d["questions"][0]["key"], d["questions"][0]["positive_share"]
    (1, 'score', 1.0)
    """
    return {
        "survey": results.survey,
        "version": results.version,
        "title": dict(results.title),
        "n": results.n,
        "invalid": results.invalid,
        "first": results.first.isoformat() if results.first else None,
        "last": results.last.isoformat() if results.last else None,
        "questions": [
            {**q.figures, "key": q.key, "type": q.type, "text": dict(q.text),
             "indicator": q.indicator, "confidential": q.confidential, "shown": q.shown,
             "n": q.n, "skipped": q.skipped, "hidden": q.hidden}
            for q in results.questions],
        "crosstabs": [
            {"row": c.row, "column": c.column, "n": c.n,
             "counts": {r: dict(cols) for r, cols in c.counts.items()}}
            for c in results.crosstabs],
    }


def _flatten(figures: Mapping[str, Any], row: str = "") -> Iterator[tuple[str, str, str, Any]]:
    """(row, option, measure, value) for every number in ``figures``."""
    for measure, value in figures.items():
        if measure == "rows" and isinstance(value, Mapping):
            for row_key, row_figures in value.items():
                yield from _flatten(row_figures, row_key)
        elif measure == "order" and isinstance(value, list):
            for rank, option in enumerate(value, start=1):
                yield row, str(option), "rank", rank
        elif isinstance(value, Mapping):
            for option, number in value.items():
                yield row, str(option), measure, number
        elif isinstance(value, list | tuple):
            for suffix, number in zip(("low", "high"), value, strict=False):
                yield row, "", f"{measure}_{suffix}", number
        else:
            yield row, "", measure, value


def results_rows(results: SurveyResults, survey: Survey | None = None,
                 lang: str = "en") -> Iterator[tuple[Any, ...]]:
    """The rows of the results CSV (see :data:`CSV_COLUMNS`), one number per row.

    :param survey: to label options and rows in ``lang`` (labels left empty without it).
    """
    def label(question: str, option: str, row: str) -> str:
        if survey is None:
            return ""
        q = survey.question(question)
        found = q.option(option) if option else next((r for r in q.rows if r.key == row), None)
        return text_in(found.label, lang) if found else ""

    for q in results.questions:
        base = (results.survey, q.key, q.type)
        for measure, value in (("shown", q.shown), ("n", q.n), ("skipped", q.skipped),
                               ("hidden", q.hidden)):
            yield (*base, "", "", "", measure, value, q.n)
        for row, option, measure, value in _flatten(q.figures):
            yield (*base, row, option, label(q.key, option, row), measure, value, q.n)
    for c in results.crosstabs:
        for r, cols in c.counts.items():
            for col, count in cols.items():
                yield (results.survey, f"{c.row}×{c.column}", "crosstab", r, col, "", "count",
                       count, c.n)


def write_results_csv(stream: IO[str], results: SurveyResults, survey: Survey | None = None,
                      lang: str = "en") -> int:
    """Write the results as tidy CSV (formula-neutralised); returns the rows written."""
    return write_csv(stream, CSV_COLUMNS, results_rows(results, survey, lang))
