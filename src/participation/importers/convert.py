"""Converting a file in another system's format into a data folder of the library's own
documents: ``submissions.jsonl``, ``policies.jsonl``, ``activities.jsonl``,
``surveys.jsonl``, ``survey_responses.jsonl`` (the folder ``participation validate``,
``report --data`` and ``import`` read) and, when the administration is given,
``administration.json``.

Every input record is accounted for: converted into one file of the folder, or written
to ``rejects.jsonl`` (mode 0600: rejected lines may hold personal data) with its line
and every reason. A record is checked as ``participation validate`` checks it (a known
channel, deadline rule and survey; a survey response against the survey the same
file defines), and a repeated id is a reject naming the first line.

The folder appears whole or not at all: it is written beside the target under a
temporary name and renamed at the end; a target folder that already holds files is
refused, so nothing is silently overwritten.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import tempfile
from collections.abc import Mapping
from datetime import tzinfo
from pathlib import Path
from typing import IO, Any

import attrs

from participation.errors import InvalidDocumentError, Problem
from participation.importers.base import ImportContext, Importer
from participation.importers.run import choose_importer
from participation.model import Activity, Administration, Policy, Submission
from participation.registry import Registry
from participation.serialization import LineResult, Serializer
from participation.sources import DATA_FILES
from participation.surveys import Survey, SurveyResponse, check_survey, validate_response
from participation.validation import SeenIds, check_references

__all__ = ["REJECTS_FILE", "ConvertReport", "convert_file", "folder_file"]

#: The rejects file of a converted folder.
REJECTS_FILE = "rejects.jsonl"

_KINDS: tuple[tuple[type, str], ...] = (
    (Submission, "submissions"), (Policy, "policies"), (Activity, "activities"),
    (Survey, "surveys"), (SurveyResponse, "survey_responses"),
)


def folder_file(kind: str) -> str:
    """The file name of a record kind in a data folder (``surveys`` → ``surveys.jsonl``)."""
    return str(DATA_FILES.get(kind, f"{kind}.jsonl"))


@attrs.frozen
class ConvertReport:
    """What a conversion did: records read, converted (by kind) and rejected, and what
    the importer counted besides (repairs, warnings)."""

    read: int
    converted: int
    rejected: int
    kinds: Mapping[str, int]
    notes: Mapping[str, int]
    out: str
    rejects_file: str | None = None
    administration: bool = False

    @property
    def ok(self) -> bool:
        """Nothing was rejected."""
        return self.rejected == 0

    def to_dict(self) -> dict[str, Any]:
        """The report as JSON-ready data (``--json``)."""
        return {"read": self.read, "converted": self.converted, "rejected": self.rejected,
                "kinds": dict(self.kinds), "notes": dict(self.notes), "out": self.out,
                "rejects_file": self.rejects_file, "administration": self.administration}


class _Checker:
    """The checks ``participation validate`` makes, with the surveys of this file known."""

    def __init__(self, registry: Registry) -> None:
        self.registry = registry
        self.surveys: dict[str, Survey] = {}
        self.ids = SeenIds()

    def problems(self, obj: Any, line: int) -> list[Problem]:
        if isinstance(obj, SurveyResponse) and obj.survey in self.surveys:
            found = [p if p.path.startswith("$") else attrs.evolve(p, path=f"$.answers[{p.path}]")
                     for p in validate_response(self.surveys[obj.survey], obj,
                                                self.registry.question_types)]
        elif isinstance(obj, Survey):
            found = check_survey(obj, self.registry.question_types)
        else:
            found = check_references(obj, self.registry)
        if isinstance(obj, Survey):
            first = self.surveys.get(obj.key)
            if first is not None and first != obj:
                found.append(Problem("$.key", f"survey {obj.key!r} is defined twice, differently"))
            self.surveys.setdefault(obj.key, obj)
        else:
            repeated = self.ids.first_seen(obj, line)
            if repeated is not None:
                found.append(Problem("$.id", f"repeated id {obj.id!r} (first on line {repeated})"))
        return [attrs.evolve(p, line=line) for p in found]


def _reject_line(result: LineResult, source: str) -> str:
    """A rejects-file line: the same fields as ``participation import`` writes."""
    return json.dumps({"source": source, "line": result.line,
                       "reasons": [f"{p.path}: {p.message}" for p in result.problems],
                       "raw": result.raw.rstrip("\r\n")}, ensure_ascii=False) + "\n"


def _kind(obj: Any) -> str | None:
    return next((name for cls, name in _KINDS if isinstance(obj, cls)), None)


def _prepare(out: Path) -> Path:
    """A fresh temporary folder beside ``out``; ``out`` must not hold files already."""
    if out.exists():
        if not out.is_dir():
            raise InvalidDocumentError([Problem("$", "exists and is not a folder", source=str(out))])
        if any(out.iterdir()):
            raise InvalidDocumentError([Problem("$", "the folder is not empty; give a new or "
                                                "empty folder (nothing is overwritten)",
                                                source=str(out))])
    out.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".converting", dir=out.parent))


def _publish(work: Path, out: Path) -> None:
    if out.exists():
        out.rmdir()  # empty, checked by _prepare
    os.replace(work, out)


def convert_file(path: str | Path, out: str | Path, registry: Registry, serializer: Serializer, *,
                 fmt: str | None = None, timezone: tzinfo | None = None,
                 options: Mapping[str, str] | None = None,
                 administration: Administration | None = None) -> ConvertReport:
    """Convert ``path`` into the data folder ``out`` (see the module documentation).

    :param fmt: the importer key; default: what the file says it is (see
        :func:`~participation.importers.run.choose_importer`).
    :param timezone: the zone of times the format writes without one.
    :param options: the importer's options (``--option KEY=VALUE``).
    :param administration: written as ``administration.json`` (``report --data`` needs it).
    :raises InvalidDocumentError: the file as a whole is unreadable, or ``out`` holds files.
    :raises TimezoneRequiredError: the format needs ``timezone`` and none was given.
    """
    importer = choose_importer(registry, path, fmt)
    source = str(path)
    context = ImportContext(source, timezone, options or {})
    if importer.needs_timezone:
        context.require_timezone(importer.key)
    target = Path(out)
    work = _prepare(target)
    try:
        counts = _convert(importer, Path(path), work, registry, serializer, context)
        if administration is not None:
            (work / DATA_FILES["administration"]).write_text(
                serializer.dumps(administration) + "\n", encoding="utf-8")
        rejects = work / REJECTS_FILE
        if not counts["rejected"]:
            rejects.unlink()
        _publish(work, target)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    kinds = {k: v for k, v in counts.items() if k not in ("read", "rejected") and v}
    return ConvertReport(counts["read"], sum(kinds.values()), counts["rejected"], kinds,
                         dict(sorted(context.tally.items())), str(target),
                         str(target / REJECTS_FILE) if counts["rejected"] else None,
                         administration is not None)


def _convert(importer: Importer, path: Path, work: Path, registry: Registry,
             serializer: Serializer, context: ImportContext) -> dict[str, int]:
    counts = dict.fromkeys(["read", "rejected", *(name for _, name in _KINDS)], 0)
    checker = _Checker(registry)
    fd = os.open(work / REJECTS_FILE, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with contextlib.ExitStack() as stack:
        rejects = stack.enter_context(os.fdopen(fd, "w", encoding="utf-8"))
        files: dict[str, IO[str]] = {}
        raw = stack.enter_context(open(path, "rb"))
        text = stack.enter_context(io.TextIOWrapper(
            raw, encoding="utf-8-sig", newline="" if importer.raw_newlines else None))
        try:
            for result in importer.read(text, serializer, context):
                counts["read"] += 1
                kind = _kind(result.value) if result.ok else None
                if result.ok and kind is None:
                    result = LineResult(result.line, problems=(Problem(
                        "$", f"the importer gave a {type(result.value).__name__}, which is "
                        "not a record a data folder holds", line=result.line),), raw=result.raw)
                if result.ok:
                    found = checker.problems(result.value, result.line)
                    if found:
                        result = LineResult(result.line, problems=tuple(found), raw=result.raw)
                if not result.ok or kind is None:
                    counts["rejected"] += 1
                    rejects.write(_reject_line(result, str(path)))
                    continue
                if kind not in files:
                    files[kind] = stack.enter_context(
                        open(work / folder_file(kind), "w", encoding="utf-8"))
                files[kind].write(json.dumps(serializer.dump(result.value), ensure_ascii=False,
                                             separators=(",", ":")) + "\n")
                counts[kind] += 1
        except UnicodeDecodeError as exc:
            raise InvalidDocumentError([Problem("$", f"not UTF-8 text ({exc.reason}); save "
                                                "the file as UTF-8", source=str(path))]) from None
        except InvalidDocumentError as exc:
            raise InvalidDocumentError([attrs.evolve(p, source=str(path))
                                        for p in exc.problems]) from None
    return counts
