"""Reading evaluation data from a folder of documents, streaming, checking every line.

The folder holds ``administration.json`` and JSON Lines files: ``submissions.jsonl``,
``policies.jsonl``, ``activities.jsonl`` and (optionally) ``surveys.jsonl`` (survey
instruments of the folder's own, such as a converted participatory-budgeting ballot) and
``survey_responses.jsonl`` (answers to a registered survey or to one of the folder's).
A :class:`DirectorySource` reads each once; every bad line is collected with its
file, line and field path, and :meth:`DirectorySource.check` raises them all at the
end, so a caller never acts on half-read data.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import attrs

from participation.errors import InvalidDocumentError, Problem
from participation.files import part_lines, read_utf8, utf8_lines
from participation.model import Activity, Administration, Period, Policy, Submission
from participation.registry import Registry
from participation.serialization import LineResult, Serializer
from participation.validation import SeenIds, check_references

__all__ = ["DATA_FILES", "DirectorySource", "StoreSource", "load_administration", "with_store_surveys"]

#: File name of each stream in a data folder.
DATA_FILES = {
    "administration": "administration.json",
    "submissions": "submissions.jsonl",
    "policies": "policies.jsonl",
    "activities": "activities.jsonl",
    "survey_responses": "survey_responses.jsonl",
    "surveys": "surveys.jsonl",
}

#: At most this many problems are kept (the count of all is reported).
MAX_PROBLEMS = 500


def load_administration(folder: Path, serializer: Serializer) -> Administration:
    """Read ``administration.json`` from ``folder``."""
    path = folder / DATA_FILES["administration"]
    if not path.is_file():
        raise InvalidDocumentError([Problem("$", "file not found", source=str(path))])
    try:
        return serializer.loads(read_utf8(path), Administration)
    except InvalidDocumentError as exc:
        raise InvalidDocumentError([attrs.evolve(p, source=str(path)) for p in exc.problems]) from None


class DirectorySource:
    """A streaming :class:`~participation.evaluation.DataSource` over a data folder.

    :param folder: the data folder.
    :param required: streams whose file must exist (the others may be missing).
    :param progress: called with the number of characters of each line read (for a
        progress bar over :meth:`size`); with a negative number when a read in several
        processes (:class:`~participation.parallel.ParallelFeed`) gave up and starts
        over in one, to take back what the parts had counted.
    """

    def __init__(self, folder: str | Path, serializer: Serializer, registry: Registry,
                 required: tuple[str, ...] = ("submissions",),
                 progress: Callable[[int], None] | None = None) -> None:
        self.folder = Path(folder)
        self.progress = progress
        self.serializer = serializer
        self.registry = registry
        self.problems: list[Problem] = []
        self.problem_count = 0
        if not self.folder.is_dir():
            raise InvalidDocumentError([Problem("$", "data folder not found", source=str(self.folder))])
        for name in required:
            if not (self.folder / DATA_FILES[name]).is_file():
                self._problem(Problem("$", "file not found", source=str(self.folder / DATA_FILES[name])))
        self.registry = self._with_folder_surveys()

    def _with_folder_surveys(self) -> Registry:
        """The registry, also knowing the valid surveys of ``surveys.jsonl`` (a key the
        plugins define as well is a problem: the plugins' survey would be ambiguous)."""
        from participation.surveys import Survey, check_survey

        surveys = {}
        for survey in self._stream("surveys", Survey):
            found = check_survey(survey, self.registry.question_types)
            if survey.key in self.registry.surveys or survey.key in surveys:
                found.append(Problem("$.key", f"survey {survey.key!r} is defined already"))
            for p in found:
                self._problem(attrs.evolve(p, source=str(self.folder / DATA_FILES["surveys"])))
            if not found:
                surveys[survey.key] = survey
        if not surveys:
            return self.registry
        return attrs.evolve(self.registry, surveys={**self.registry.surveys, **surveys})

    def _problem(self, problem: Problem) -> None:
        self.problem_count += 1
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(problem)

    def _stream(self, name: str, cls: type, survey: bool = False) -> Iterator[Any]:
        path = self.folder / DATA_FILES[name]
        if not path.is_file():
            return
        with path.open("rb") as fh:
            results = self.serializer.iter_jsonl(utf8_lines(fh, path), None if survey else cls)
            yield from self._checked(results, path, SeenIds(), self._problem)

    def _checked(self, results: Iterable[LineResult], path: Path, ids: SeenIds,
                 problem: Callable[[Problem], None]) -> Iterator[Any]:
        """The valid records of ``results``; every problem goes to ``problem``."""
        registry, progress = self.registry, self.progress
        for result in results:
            if progress is not None:
                progress(len(result.raw))
            value = result.value
            if result.ok:
                found = check_references(value, registry)
                first = ids.first_seen(value, result.line)
                if not found and first is None:
                    yield value  # the usual case: nothing to report
                    continue
                found = [attrs.evolve(p, line=result.line) for p in found]
                if first is not None:
                    found.append(Problem("$.id", f"repeated id {value.id!r} (first on "
                                         f"line {first})", line=result.line))
            else:
                found = list(result.problems)
            for p in found:
                problem(attrs.evolve(p, source=str(path)))

    def iter_part(self, name: str, start: int, end: int, ids: SeenIds,
                  problem: Callable[[Problem], None]) -> Iterator[Any]:
        """The valid records of the lines of stream ``name`` (``"submissions"``, …) that
        begin in the bytes ``start`` to ``end`` of its file, checked as by the ``iter_*``
        methods, for reading a file in parts (:mod:`participation.parallel`).

        :param start: the first byte of a line (0, or just after a line feed).
        :param ids: the ids seen so far (a repeated one is a problem).
        :param problem: called with each problem; its line number counts from ``start``.
        """
        path = self.folder / DATA_FILES[name]
        cls = Submission if name == "submissions" else None
        with path.open("rb") as fh:
            lines = part_lines(fh, path, start, end)
            yield from self._checked(self.serializer.iter_jsonl(lines, cls), path, ids, problem)

    def size(self) -> int:
        """Bytes in the folder's data files (the length of a progress bar)."""
        return sum(p.stat().st_size for name, f in DATA_FILES.items()
                   if name not in ("administration", "surveys") and (p := self.folder / f).is_file())

    def iter_policies(self) -> Iterator[Policy]:
        """Every valid policy in ``policies.jsonl``."""
        return self._stream("policies", Policy)

    def iter_activities(self) -> Iterator[Activity]:
        """Every valid activity in ``activities.jsonl``."""
        return self._stream("activities", Activity)

    def iter_submissions(self) -> Iterator[Submission]:
        """Every valid submission in ``submissions.jsonl``."""
        return self._stream("submissions", Submission)

    def iter_survey_responses(self) -> Iterator[Any]:
        """Every valid survey response in ``survey_responses.jsonl`` (tagged documents)."""
        return self._stream("survey_responses", object, survey=True)

    def check(self) -> None:
        """Raise every problem met so far (file, line, field), if any."""
        if self.problems:
            problems = list(self.problems)
            if self.problem_count > len(problems):
                problems.append(Problem("$", f"… and {self.problem_count - len(problems)} more "
                                        "problems", source=str(self.folder)))
            raise InvalidDocumentError(problems)


def with_store_surveys(registry: Registry, store: Any, serializer: Serializer) -> Registry:
    """The registry, also knowing the surveys kept in the store (an imported ballot)
    whose key no plugin defines; of several versions, the latest."""
    from participation.surveys import Survey

    cursor = store.connection.execute("SELECT document FROM surveys ORDER BY key, version")
    try:
        kept = {s.key: s for s in (serializer.loads(d, Survey) for (d,) in cursor)
                if s.key not in registry.surveys}
    finally:
        cursor.close()
    return attrs.evolve(registry, surveys={**registry.surveys, **kept}) if kept else registry


class StoreSource:
    """A streaming :class:`~participation.evaluation.DataSource` over a store (see
    :mod:`participation.store`), up to the end of ``period``.

    Submissions received up to the end of ``period`` are read (those received earlier
    still matter: they may be open and overdue at its end); survey responses, kept in
    the store as documents, are read back through ``serializer``.
    """

    def __init__(self, store: Any, serializer: Serializer, period: Period,
                 administration: Administration) -> None:
        self.store = store
        self.serializer = serializer
        self.until = Period.custom(date(1900, 1, 1), period.end)
        self.tz = administration.tzinfo

    def iter_policies(self) -> Iterator[Policy]:
        """Every policy in the store."""
        return iter(self.store.iter_policies())

    def iter_activities(self) -> Iterator[Activity]:
        """Every activity in the store that started by the end of the period."""
        return iter(self.store.iter_activities(self.until))

    def iter_submissions(self) -> Iterator[Submission]:
        """Every submission received by the end of the period, with its contact details
        (the distinct-participants indicator counts people; nothing is written out), in
        the order the store reads fastest (by id, from an SQLite store)."""
        from participation.store.sqlite import SqliteStore

        order = {"order": "id"} if isinstance(self.store, SqliteStore) else {}
        return iter(self.store.iter_submissions(self.until, tz=self.tz, with_contact=True,
                                                **order))

    def iter_survey_responses(self) -> Iterator[Any]:
        """Every survey response, as model objects."""
        for document in self.store.iter_survey_responses():
            yield self.serializer.load(document)
