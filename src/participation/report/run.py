"""Running a report end to end: read a data folder (or any data source), assess, write.

Nothing is written unless every input line was valid: problems are collected with
file, line and field during the single pass and raised before any output is made.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

import attrs

from participation.errors import InvalidDocumentError, Problem
from participation.evaluation import Assessment, DataSource, assess
from participation.exporters import write_report
from participation.files import read_utf8
from participation.indicators.base import Target
from participation.model import Administration, Period
from participation.registry import Registry
from participation.report.build import build_report

__all__ = ["ReportResult", "load_targets", "make_report"]


@attrs.frozen
class ReportResult:
    """What :func:`make_report` produced."""

    assessment: Assessment
    report: Mapping[str, Any]
    written: tuple[Path, ...]


def load_targets(path: str | Path, registry: Registry) -> dict[str, Target]:
    """Read targets from a JSON file: ``{"answered_on_time": 0.9, ...}`` or
    ``{"answered_on_time": {"value": 0.9, "baseline": 0.8, "source": "..."}}``.

    :raises InvalidDocumentError: naming the file and every bad key.
    """
    p = Path(path)
    try:
        data = json.loads(read_utf8(p))
    except json.JSONDecodeError as exc:
        raise InvalidDocumentError([Problem("$", f"not JSON: {exc.msg}", line=exc.lineno,
                                            source=str(p))]) from None
    if not isinstance(data, dict):
        raise InvalidDocumentError([Problem("$", "expected an object of indicator → target",
                                            source=str(p))])
    targets, problems = {}, []
    for key, value in data.items():
        where = f"$.{key}"
        if key not in registry.indicators:
            problems.append(Problem(where, "unknown indicator", source=str(p)))
            continue
        entry = value if isinstance(value, dict) else {"value": value}
        number = entry.get("value")
        baseline = entry.get("baseline")
        if not isinstance(number, int | float) or isinstance(number, bool):
            problems.append(Problem(f"{where}.value", "expected a number", source=str(p)))
            continue
        if baseline is not None and not isinstance(baseline, int | float):
            problems.append(Problem(f"{where}.baseline", "expected a number", source=str(p)))
            continue
        targets[key] = Target(key, float(number), None if baseline is None else float(baseline),
                              str(entry.get("source", str(p))))
    if problems:
        raise InvalidDocumentError(problems)
    return targets


def make_report(administration: Administration, period: Period, source: DataSource,
                registry: Registry, out: str | Path, *, lang: str = "en",
                as_of: datetime | None = None, targets: Mapping[str, Target] | None = None,
                check: Callable[[], None] | None = None) -> ReportResult:
    """Assess ``administration`` for ``period`` from ``source`` and write every registered
    report format into ``out``.

    :param check: called after the pass and before anything is written; it raises when
        the source met bad input (e.g. :meth:`DirectorySource.check`).
    """
    assessment = assess(administration, period, source, registry, as_of=as_of, targets=targets)
    if check is not None:
        check()
    report = build_report(assessment, registry, lang)
    written = write_report(report, registry.exporters.values(), out)
    return ReportResult(assessment, report, tuple(written))
