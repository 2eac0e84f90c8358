"""Running a report end to end: read a data folder (or any data source), assess, write.

Nothing is written unless every input line was valid: problems are collected with
file, line and field during the single pass and raised before any output is made.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

import attrs

from participation.errors import InvalidDocumentError, Problem, UnknownKeyError
from participation.evaluation import Assessment, DataSource, Evaluation, assess
from participation.exporters import scope_of, write_report
from participation.files import read_utf8
from participation.indicators.base import Target, Unit
from participation.model import Administration, Period
from participation.model.protocols import ExporterProtocol
from participation.registry import Registry
from participation.report.build import build_report
from participation.serialization import parse_json

__all__ = ["ReportResult", "load_targets", "make_report", "select_exporters"]


@attrs.frozen
class ReportResult:
    """What :func:`make_report` produced."""

    assessment: Assessment
    report: Mapping[str, Any]
    written: tuple[Path, ...]


def _number_problem(value: Any, unit: Unit, optional: bool = False) -> str | None:
    """Why ``value`` cannot be a target (or baseline) of an indicator in ``unit``."""
    if value is None and optional:
        return None
    if not isinstance(value, int | float) or isinstance(value, bool) or not math.isfinite(value):
        return f"expected a finite number, got {value!r}"
    if unit is Unit.SHARE and not 0 <= value <= 1:
        return f"a share is between 0 and 1, got {value!r}"
    if value < 0:
        return f"must not be negative, got {value!r}"
    return None


def load_targets(path: str | Path, registry: Registry) -> dict[str, Target]:
    """Read targets from a JSON file: ``{"answered_on_time": 0.9, ...}`` or
    ``{"answered_on_time": {"value": 0.9, "baseline": 0.8, "source": "..."}}``.

    :raises InvalidDocumentError: naming the file and every bad key.
    """
    p = Path(path)
    try:
        data = parse_json(read_utf8(p))
    except InvalidDocumentError as exc:
        raise InvalidDocumentError([attrs.evolve(q, source=str(p)) for q in exc.problems]) from None
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
        unit = registry.indicators[key].unit
        found = [Problem(f"{where}.{name}", message, source=str(p))
                 for name in ("value", "baseline") if name in entry or name == "value"
                 if (message := _number_problem(entry.get(name), unit, optional=name == "baseline"))]
        if found:
            problems.extend(found)
            continue
        number, baseline = entry["value"], entry.get("baseline")
        targets[key] = Target(key, float(number), None if baseline is None else float(baseline),
                              str(entry.get("source", str(p))))
    if problems:
        raise InvalidDocumentError(problems)
    return targets


def select_exporters(registry: Registry, formats: Sequence[str] | None) -> list[ExporterProtocol]:
    """The report exporters to write: all of scope ``"report"``, or those named.

    :raises UnknownKeyError: a name is not a report exporter (listing the known ones).
    """
    known = {k: e for k, e in registry.exporters.items() if scope_of(e) == "report"}
    if not formats:
        return list(known.values())
    chosen = []
    for key in dict.fromkeys(formats):
        if key not in known:
            raise UnknownKeyError("report format", key, list(known))
        chosen.append(known[key])
    return chosen


def make_report(administration: Administration, period: Period, source: DataSource,
                registry: Registry, out: str | Path, *, lang: str = "en",
                as_of: datetime | None = None, targets: Mapping[str, Target] | None = None,
                check: Callable[[], None] | None = None, formats: Sequence[str] | None = None,
                scorers: Sequence[str] | None = None,
                feed: Callable[[Evaluation, DataSource], None] | None = None) -> ReportResult:
    """Assess ``administration`` for ``period`` from ``source`` and write every registered
    report format into ``out`` (or only ``formats``, exporter keys).

    :param check: called after the pass and before anything is written; it raises when
        the source met bad input (e.g. :meth:`DirectorySource.check`).
    :param scorers: the scores the report shows, in this order (default: all).
    :param feed: how submissions reach the evaluation (see :func:`~participation.evaluation.assess`).
    :raises UnknownKeyError: a format or scorer is not registered (checked before the pass).
    """
    exporters = select_exporters(registry, formats)
    for key in scorers or ():
        if key not in registry.scorers:
            raise UnknownKeyError("scorer", key, list(registry.scorers))
    assessment = assess(administration, period, source, registry, as_of=as_of, targets=targets, feed=feed)
    if check is not None:
        check()
    report = build_report(assessment, registry, lang, scorers=scorers)
    written = write_report(report, exporters, out)
    return ReportResult(assessment, report, tuple(written))
