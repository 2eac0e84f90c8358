"""Importing a file or a data folder into a store without loss.

Records are read one at a time and written in batches (one transaction each), so a
crash leaves whole batches only, and a re-run finishes the job: a record already
stored as it is changes nothing. Each record goes where its kind belongs
(submissions, policies, activities, surveys, survey responses, the administration).
Every record that cannot be imported goes to the rejects file with its source, line
and every reason: one that cannot be read, one whose id came earlier in the same
input, one the store refuses, and one stored with other content (a *conflict*: not
written unless ``replace``, see :meth:`~participation.store.SqliteStore.write_submissions`).
"""

from __future__ import annotations

import contextlib
import functools
import gc
import glob
import io
import json
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from datetime import tzinfo
from pathlib import Path
from typing import IO, Any

import attrs

from participation.errors import InvalidDocumentError, Problem, UnknownKeyError
from participation.files import read_utf8, utf8_lines
from participation.importers import reader_process
from participation.importers.base import ImportContext, Importer
from participation.model import Activity, Administration, Policy, Submission
from participation.registry import Registry
from participation.serialization import LineResult, Serializer
from participation.store.codec import EncodedSubmission, encode_submission
from participation.store.protocol import Store, WriteOutcome, WriteResult
from participation.surveys.model import Survey, SurveyResponse
from participation.validation import SeenIds, check_references

__all__ = ["FOLDER_FILES", "ImportReport", "choose_importer", "default_rejects_path",
           "import_file", "import_folder", "import_stream", "record_kind", "rejects_path",
           "remove_stale_temporaries"]

#: The files of a data folder, in the order they are imported, and the kind each holds
#: (the layout ``participation report --data`` reads, and ``surveys.jsonl``).
FOLDER_FILES = (("administration.json", Administration), ("surveys.jsonl", Survey),
                ("policies.jsonl", Policy), ("activities.jsonl", Activity),
                ("submissions.jsonl", Submission), ("survey_responses.jsonl", SurveyResponse))

_KINDS: dict[type, str] = {Submission: "submission", Policy: "policy", Activity: "activity",
                           Survey: "survey", SurveyResponse: "survey_response",
                           Administration: "administration"}


def record_kind(value: Any) -> str | None:
    """The store kind of a read record (``"submission"``, ``"policy"``, …), or ``None``.

    >>> record_kind(object()) is None
    True
    """
    for cls, kind in _KINDS.items():
        if isinstance(value, cls):
            return kind
    return None


@attrs.frozen
class ImportReport:
    """What an import did. ``rejected`` records (``conflicts`` among them) are in the
    rejects file; ``kinds`` counts the records read per kind."""

    records: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    rejects_file: str | None = None
    conflicts: int = 0
    kinds: dict[str, int] = attrs.field(factory=dict)

    @property
    def ok(self) -> bool:
        """Every record was imported (or was already there)."""
        return self.rejected == 0

    @property
    def imported(self) -> int:
        """Records now in the store as read (added, updated or already there)."""
        return self.inserted + self.updated + self.unchanged

    def to_dict(self) -> dict[str, Any]:
        """The counts as a JSON-ready dict (``participation import --json``)."""
        return {"read": self.records, "imported": self.imported, "inserted": self.inserted,
                "updated": self.updated, "unchanged": self.unchanged,
                "rejected": self.rejected, "conflicts": self.conflicts,
                "kinds": dict(self.kinds), "rejects_file": self.rejects_file}


def rejects_path(path: str | Path, folder: str | Path | None = None) -> Path:
    """Where the rejects of ``path`` go: ``NAME.rejects.jsonl`` in ``folder`` (default:
    beside ``path``)."""
    p = Path(path)
    name = (p.name or "input") + ".rejects.jsonl"
    return (Path(folder) if folder is not None else p.parent) / name


def default_rejects_path(path: str | Path, store: Any) -> Path:
    """The default rejects file of importing ``path`` into ``store``: beside the store's
    file when it has one, else in the working folder (never necessarily beside the
    input, whose folder may be read-only or shared)."""
    where = getattr(store, "path", None)
    if isinstance(where, str) and where != ":memory:":
        return rejects_path(path, Path(where).resolve().parent)
    return rejects_path(path, Path.cwd())


def choose_importer(registry: Registry, path: str | Path, fmt: str | None) -> Importer:
    """The importer for ``fmt``; else the one importer whose :meth:`~Importer.sniff`
    recognises the file's first kilobytes; else the one whose suffix ``path`` ends with.

    :raises UnknownKeyError: no such format.
    :raises InvalidDocumentError: no format given and the file does not say which.
    """
    if fmt is not None:
        if fmt not in registry.importers:
            raise UnknownKeyError("import format", fmt, list(registry.importers))
        return registry.importers[fmt]
    known = ", ".join(sorted(registry.importers))
    head = _head(path)
    sniffed = [i for i in registry.importers.values() if head and i.sniff(head)]
    if len(sniffed) == 1:
        return sniffed[0]
    name = str(path).lower()
    by_suffix = [i for i in registry.importers.values()
                 if any(name.endswith(s) for s in getattr(i, "suffixes", ()))]
    candidates = [i for i in by_suffix if i in sniffed] or ([] if sniffed else by_suffix)
    if len(candidates) == 1:
        return candidates[0]
    if len(candidates) > 1 or len(sniffed) > 1:
        several = ", ".join(sorted(i.key for i in (candidates or sniffed)))
        raise InvalidDocumentError([Problem("$", f"the file could be in several formats "
                                            f"({several}); give --format", source=str(path))])
    raise InvalidDocumentError([Problem("$", f"cannot tell the format from the file; "
                                        f"give --format ({known})", source=str(path))])


def _head(path: str | Path, size: int = 8192) -> str:
    """The first ``size`` bytes of ``path`` as text ("" when unreadable or a folder)."""
    try:
        with open(path, "rb") as stream:
            return stream.read(size).decode("utf-8", errors="replace")
    except OSError:
        return ""


def _identity(value: Any) -> str | None:
    if isinstance(value, Survey):
        return f"{value.key}/{value.version}"
    ident = getattr(value, "id", None)
    return ident if isinstance(ident, str) else None


class _Pipeline:
    """Routes read records to the store: checks, one batch per kind, counts, rejects."""

    def __init__(self, store: Store, registry: Registry, *, rejects: IO[str] | None,
                 batch_size: int, replace: bool, on_batch: Callable[[], None] | None) -> None:
        self.store = store
        self.registry = registry
        self.rejects = rejects
        self.batch_size = batch_size
        self.replace = replace
        self.on_batch = on_batch
        self.counts = dict.fromkeys(("records", "inserted", "updated", "unchanged", "rejected",
                                     "conflicts"), 0)
        self.kinds: dict[str, int] = {}
        self.batches: dict[str, list[tuple[LineResult, str]]] = {}
        self.seen: dict[str, SeenIds | dict[str, int]] = {}
        self.stored_surveys: dict[str, Survey] | None = None
        #: whether submissions are turned into rows where they are read
        self.encode = callable(getattr(store, "write_encoded_submissions", None))

    # surveys of the administration's own --------------------------------------------
    def _know(self, survey: Survey) -> None:
        """Check responses to ``survey`` (read or stored) against it, as against an
        installed one (an installed survey of that key wins)."""
        if survey.key not in self.registry.surveys:
            self.registry = attrs.evolve(self.registry,
                                         surveys={**self.registry.surveys, survey.key: survey})

    def _survey_problems(self, survey: Survey) -> list[Problem]:
        from participation.surveys.validation import check_survey

        return check_survey(survey, self.registry.question_types)

    def preload_stored_surveys(self) -> None:
        """Read the surveys kept in the store now (else at the first response that
        needs one)."""
        if self.stored_surveys is None:
            iter_surveys = getattr(self.store, "iter_surveys", None)
            self.stored_surveys = {s.key: s for s in iter_surveys()} if iter_surveys else {}

    def _load_stored_surveys(self, key: str) -> None:
        self.preload_stored_surveys()
        assert self.stored_surveys is not None
        if key in self.stored_surveys:
            self._know(self.stored_surveys[key])

    # rejects ------------------------------------------------------------------------
    def reject(self, result: LineResult, source: str) -> None:
        self.counts["rejected"] += 1
        if self.rejects is not None:
            self.rejects.write(json.dumps(
                {"source": source, "line": result.line,
                 "reasons": [f"{p.path}: {p.message}" for p in result.problems],
                 "raw": result.raw.rstrip("\r\n")}, ensure_ascii=False) + "\n")

    def _problem(self, result: LineResult, path: str, message: str) -> LineResult:
        return LineResult(result.line, problems=(Problem(path, message, line=result.line),),
                          raw=result.raw)

    # reading ------------------------------------------------------------------------
    def _repeated(self, kind: str, value: Any, line: int) -> int | None:
        if kind == "survey":
            surveys = self.seen.setdefault(kind, {})
            assert isinstance(surveys, dict)
            ident = _identity(value) or ""
            first = surveys.get(ident)
            surveys.setdefault(ident, line)
            return first
        ids = self.seen.get(kind)
        if ids is None:
            # built once per kind: ``setdefault(kind, SeenIds())`` would build (and throw
            # away) 32 arrays for every record
            ids = self.seen[kind] = SeenIds()
        assert isinstance(ids, SeenIds)
        return ids.first_seen(value, line)

    def add(self, result: LineResult, source: str) -> None:
        """Check one read record and queue it for its kind's batch (or reject it)."""
        kind, checked = self.examine(result)
        self.take(kind, checked, source)

    def examine(self, result: LineResult) -> tuple[str | None, LineResult]:
        """The reading half of :meth:`add`: the record's kind (``None`` when it is not a
        record the store keeps) and the record checked: with its problems (to reject),
        else with its value, a submission's as its rows when the store takes them
        (:func:`~participation.store.codec.encode_submission`)."""
        if not result.ok:
            return None, result
        kind = record_kind(result.value)
        if kind is None:
            return None, self._problem(result, "$", f"a {type(result.value).__name__} is not "
                                       "a record the store keeps")
        if kind == "survey_response" and result.value.survey not in self.registry.surveys:
            self._load_stored_surveys(result.value.survey)
        problems = [attrs.evolve(p, line=result.line)
                    for p in (self._survey_problems(result.value) if kind == "survey" else
                              check_references(result.value, self.registry))]
        first = self._repeated(kind, result.value, result.line)
        if first is not None:
            problems.append(Problem("$.id", f"repeated id {_identity(result.value)!r}: the "
                                    f"{kind.replace('_', ' ')} on line {first} of this input "
                                    "has it (only the first is imported)", line=result.line))
        if problems:
            return kind, LineResult(result.line, problems=tuple(problems), raw=result.raw)
        if kind == "survey":
            self._know(result.value)  # responses later in this input may answer it
        if kind == "submission" and self.encode:
            try:
                return kind, LineResult(result.line, value=encode_submission(result.value),
                                        raw=result.raw)
            except (ValueError, OverflowError, TypeError):
                pass  # the store's write says why, as for any record it cannot keep
        return kind, result

    def take(self, kind: str | None, result: LineResult, source: str) -> None:
        """The writing half of :meth:`add`: count a checked record (:meth:`examine`),
        reject it, write it (the administration) or queue it for its kind's batch."""
        self.counts["records"] += 1
        if kind is not None:
            self.kinds[kind] = self.kinds.get(kind, 0) + 1
        if result.problems:
            self.reject(result, source)
            return
        assert kind is not None
        if kind == "administration":
            self.count(result, source, self._safe_one(
                lambda: self.store.write_administration(result.value, replace=self.replace,
                                                        source=source), result))
            return
        batch = self.batches.get(kind)
        if batch is None:
            batch = self.batches[kind] = []
        batch.append((result, source))
        if len(batch) >= self.batch_size:
            self.flush(kind)

    # writing ------------------------------------------------------------------------
    def _write(self, kind: str, values: list[Any], source: str) -> list[WriteResult]:
        if kind == "submission" and self.encode:
            encoded = [v if type(v) is EncodedSubmission else encode_submission(v)
                       for v in values]
            return self.store.write_encoded_submissions(  # type: ignore[attr-defined,no-any-return]
                encoded, replace=self.replace, source=source)
        if kind == "submission":
            return self.store.write_submissions(values, replace=self.replace, source=source)
        return self.store.write_records(kind, values, replace=self.replace, source=source)

    def _safe_one(self, write: Callable[[], WriteResult], result: LineResult) -> WriteResult:
        try:
            return write()
        except (ValueError, OverflowError, TypeError) as exc:
            return WriteResult(_identity(result.value) or "", WriteOutcome.CONFLICT,
                               f"the store cannot keep it: {exc}", ("!",))

    def count(self, result: LineResult, source: str, outcome: WriteResult) -> None:
        if outcome.outcome is WriteOutcome.CONFLICT:
            if outcome.fields == ("!",):
                self.reject(self._problem(result, "$", outcome.message), source)
                return
            self.counts["conflicts"] += 1
            hint = "" if outcome.fields == ("events",) else "; give --update to replace it"
            self.reject(self._problem(result, "$", f"conflict with the stored record: "
                                      f"{outcome.message}{hint}"), source)
        else:
            self.counts[outcome.outcome._value_] += 1  # not the ``value`` property: faster

    def _one(self, kind: str, value: Any, source: str) -> WriteResult:
        return self._write(kind, [value], source)[0]

    def flush(self, kind: str) -> None:
        batch = self.batches.pop(kind, [])
        if not batch:
            return
        sources = {source for _r, source in batch}
        source = sources.pop() if len(sources) == 1 else ""
        try:
            written = self._write(kind, [r.value for r, _s in batch], source)
        except (ValueError, OverflowError, TypeError):
            # one record the store cannot keep must not take its batch down: one by one
            written = [self._safe_one(functools.partial(self._one, kind, r.value, s), r)
                       for r, s in batch]
        for (result, where), outcome in zip(batch, written, strict=True):
            self.count(result, where, outcome)
        if self.on_batch is not None:
            self.on_batch()

    def finish(self) -> ImportReport:
        for kind in list(self.batches):
            self.flush(kind)
        c = self.counts
        return ImportReport(c["records"], c["inserted"], c["updated"], c["unchanged"],
                            c["rejected"], conflicts=c["conflicts"], kinds=dict(self.kinds))


def import_stream(results: Iterable[LineResult], store: Store, registry: Registry, *,
                  source: str = "<stream>", rejects: IO[str] | None = None,
                  batch_size: int = 1000, replace: bool = False,
                  on_batch: Callable[[], None] | None = None) -> ImportReport:
    """Write the readable records of ``results`` (of any kind the store keeps) to
    ``store`` in batches and each unreadable, repeated or conflicting one to
    ``rejects`` (JSON Lines: source, line, reasons, raw).

    :param replace: write a record stored with other content (``--update``), logging
        the change, instead of rejecting it as a conflict.
    :param on_batch: called after each committed batch (progress).
    """
    pipeline = _Pipeline(store, registry, rejects=rejects, batch_size=batch_size,
                         replace=replace, on_batch=on_batch)
    with _bulk_load(store), _few_collections():
        for result in results:
            pipeline.add(result, source)
        return pipeline.finish()


#: The number of allocations (less deallocations) that start Python's cyclic garbage
#: collector while importing (Python's default is 700).
GC_THRESHOLD = 20_000


@contextlib.contextmanager
def _few_collections() -> Iterator[None]:
    """Run Python's cyclic garbage collector less often while importing, restored after.

    Reading a record makes some forty objects that its reference count frees at once;
    with the default threshold the collector still ran some 1,900 times for 100,000
    submissions, each time walking the records held in the batches, for an eighth of
    the CPU time. Importing makes almost no cycles (81 objects of cyclic garbage for
    10,000 submissions), so almost nothing waits longer to be freed."""
    before = gc.get_threshold()
    gc.set_threshold(max(before[0], GC_THRESHOLD), *before[1:])
    try:
        yield
    finally:
        gc.set_threshold(*before)


def _bulk_load(store: Store) -> contextlib.AbstractContextManager[Any]:
    """The store's bulk-load settings (:meth:`SqliteStore.bulk_load`), when it has some."""
    bulk_load = getattr(store, "bulk_load", None)
    return bulk_load() if bulk_load is not None else contextlib.nullcontext()


class _CountingReader(io.RawIOBase):
    """Counts the bytes read from a binary file, for the progress bar."""

    def __init__(self, raw: IO[bytes]) -> None:
        self._raw = raw
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self._raw.read(len(buffer))
        buffer[:len(data)] = data
        self.count += len(data)
        return len(data)

    def close(self) -> None:
        self._raw.close()
        super().close()


def remove_stale_temporaries(final: Path) -> list[Path]:
    """Remove the temporary rejects files of ``final`` left by an import that was killed:
    those whose name carries the id of a process that is gone (a running import's are
    kept), and those of earlier releases, which named none (``.NAME.XXXXXXXX.tmp``)."""
    removed = []
    prefix = f".{final.name}."
    with contextlib.suppress(OSError):
        for candidate in final.parent.glob(f"{glob.escape(prefix)}*.tmp"):
            middle = candidate.name[len(prefix):-len(".tmp")]
            pid, dot, _random = middle.partition(".")
            if dot and (not pid.isdigit() or _alive(int(pid))):
                continue
            with contextlib.suppress(OSError):
                candidate.unlink()
                removed.append(candidate)
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # someone else's process: leave its file alone
    return True


@contextlib.contextmanager
def _rejects_file(final: Path) -> Iterator[tuple[IO[str], Callable[[bool], str | None]]]:
    """A temporary rejects file beside ``final`` (mode 0600: rejected lines may carry
    personal data), and a function that, given whether anything was rejected, renames
    it to ``final`` (or removes both it and a stale ``final``). The temporary file is
    removed on any exit; one left by a killed run is removed by the next."""
    final.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_temporaries(final)
    fd, temporary_name = tempfile.mkstemp(prefix=f".{final.name}.{os.getpid()}.",
                                          suffix=".tmp", dir=final.parent)
    temporary = Path(temporary_name)
    stream = os.fdopen(fd, "w", encoding="utf-8")

    def settle(keep: bool) -> str | None:
        stream.close()
        if keep:
            os.replace(temporary, final)
            return str(final)
        temporary.unlink(missing_ok=True)
        final.unlink(missing_ok=True)
        return None

    try:
        yield stream, settle
    except BaseException:
        # keep the lines rejected before a fatal error; never leave an older rejects file
        # that would look like this run's
        with contextlib.suppress(OSError):
            stream.flush()
            settle(temporary.exists() and temporary.stat().st_size > 0)
        raise
    finally:
        stream.close()
        temporary.unlink(missing_ok=True)


def _read_file(path: Path, importer: Importer, serializer: Serializer, context: ImportContext,
               counter_out: list[_CountingReader]) -> Iterator[LineResult]:
    counter = _CountingReader(open(path, "rb"))  # noqa: SIM115 - closed through the wrapper
    counter_out.append(counter)
    text = io.TextIOWrapper(io.BufferedReader(counter), encoding="utf-8-sig",
                            newline="" if importer.raw_newlines else None)
    with text:
        try:
            yield from importer.read(text, serializer, context)
        except UnicodeDecodeError as exc:
            raise InvalidDocumentError([Problem("$", f"not UTF-8 text near byte "
                                                f"{counter.count}: {exc.reason}",
                                                source=str(path))]) from None
        except InvalidDocumentError as exc:
            raise InvalidDocumentError([attrs.evolve(p, source=str(path))
                                        for p in exc.problems]) from None


def import_file(path: str | Path, store: Store, registry: Registry, serializer: Serializer, *,
                fmt: str | None = None, batch_size: int = 1000,
                progress: Callable[[int], None] | None = None,
                timezone: tzinfo | None = None, rejects: str | Path | None = None,
                replace: bool = False, parallel: bool | None = None) -> ImportReport:
    """Import ``path`` (a file in any registered format, or a data folder: see
    :func:`import_folder`) into ``store``.

    Rejects go to ``rejects`` (default :func:`default_rejects_path`), written to a
    temporary file and renamed at the end; removed when nothing was rejected, so a
    stale one never lingers.

    :param fmt: the importer key (default: sniffed from the content, else the name).
    :param progress: called with the number of bytes read so far, after each batch.
    :param timezone: the zone of moments the format writes without one (``--timezone``).
    :param replace: replace records stored with other content (``--update``).
    :param parallel: for a data folder, see :func:`import_folder`.
    :raises InvalidDocumentError: the file as a whole is unreadable (bad header, not UTF-8).
    """
    if Path(path).is_dir():
        return import_folder(path, store, registry, serializer, batch_size=batch_size,
                             progress=progress, rejects=rejects, replace=replace,
                             parallel=parallel)
    importer = choose_importer(registry, path, fmt)
    source = str(path)
    context = ImportContext(source, timezone)
    if importer.needs_timezone:
        context.require_timezone(importer.key)
    final = Path(rejects) if rejects is not None else default_rejects_path(path, store)
    if final.resolve().parent != Path(path).resolve().parent:
        # where earlier releases wrote them: beside the input (best effort)
        remove_stale_temporaries(rejects_path(path))
    counters: list[_CountingReader] = []
    with _rejects_file(final) as (stream, settle):
        report = import_stream(
            _read_file(Path(path), importer, serializer, context, counters), store, registry,
            source=source, rejects=stream, batch_size=batch_size, replace=replace,
            on_batch=(lambda: progress(counters[0].count)) if progress else None)
        return attrs.evolve(report, rejects_file=settle(report.rejected > 0))


def folder_of(path: str | Path) -> Path:
    """The data folder at ``path``, or its ``data/`` subfolder (what a demo writes)."""
    folder = Path(path)
    if not (folder / FOLDER_FILES[0][0]).exists() and (folder / "data").is_dir():
        return folder / "data"
    return folder


def _folder_results(folder: Path, serializer: Serializer,
                    progress: Callable[[int], None] | None) -> Iterator[tuple[LineResult, str]]:
    done = 0
    for name, cls in FOLDER_FILES:
        path = folder / name
        if not path.is_file():
            continue
        if name.endswith(".json"):
            text = read_utf8(path)
            try:
                yield LineResult(1, value=serializer.loads(text, cls), raw=text), str(path)
            except InvalidDocumentError as exc:
                yield LineResult(1, problems=tuple(attrs.evolve(p, line=p.line or 1)
                                                   for p in exc.problems), raw=text), str(path)
            continue
        with path.open("rb") as fh:
            for result in serializer.iter_jsonl(utf8_lines(fh, path), cls):
                done += len(result.raw.encode("utf-8"))
                if progress is not None and result.line % 1000 == 0:
                    progress(done)
                yield result, str(path)


def import_folder(path: str | Path, store: Store, registry: Registry, serializer: Serializer, *,
                  batch_size: int = 1000, progress: Callable[[int], None] | None = None,
                  rejects: str | Path | None = None, replace: bool = False,
                  parallel: bool | None = None) -> ImportReport:
    """Import a data folder (the layout ``participation report --data`` reads:
    ``administration.json``, ``policies.jsonl``, ``activities.jsonl``,
    ``submissions.jsonl``, ``survey_responses.jsonl``, and ``surveys.jsonl``; any may be
    missing) into ``store``, each file's records where their kind belongs.

    :param parallel: read and check the records in a second process while this one
        writes (:mod:`~participation.importers.reader_process`; the same outcome, the
        same rejects). Default: when the files hold :data:`PARALLEL_FROM_BYTES` or more
        and a core is idle (the load average is below the number of cores less one);
        never where a process cannot be forked safely, nor into a store that is not a
        :class:`~participation.store.SqliteStore`.

    :raises InvalidDocumentError: ``path`` holds none of those files, or one is not UTF-8.
    """
    folder = folder_of(path)
    if not any((folder / name).is_file() for name, _cls in FOLDER_FILES):
        raise InvalidDocumentError([Problem("$", "no data files here (expected "
                                            + ", ".join(n for n, _c in FOLDER_FILES) + ")",
                                            source=str(folder))])
    final = Path(rejects) if rejects is not None else default_rejects_path(folder, store)
    with _rejects_file(final) as (stream, settle):
        pipeline = _Pipeline(store, registry, rejects=stream, batch_size=batch_size,
                             replace=replace, on_batch=None)
        if parallel is None:
            parallel = _worth_a_reader_process(folder)
        with _bulk_load(store), _few_collections():
            if parallel and pipeline.encode and reader_process.available():
                pipeline.preload_stored_surveys()  # the child must not read the store
                checked = reader_process.checked_records(
                    functools.partial(_folder_results, folder, serializer), pipeline.examine,
                    functools.partial(serializer.loads, cls=Submission), progress)
                for kind, result, source in checked:
                    pipeline.take(kind, result, source)
            else:
                for result, source in _folder_results(folder, serializer, progress):
                    pipeline.add(result, source)
            report = pipeline.finish()
        return attrs.evolve(report, rejects_file=settle(report.rejected > 0))


#: The size of a data folder's files from which :func:`import_folder` reads and checks
#: in a second process by default (below it, starting one costs more than it saves).
PARALLEL_FROM_BYTES = 4 << 20


def _worth_a_reader_process(folder: Path) -> bool:
    """Whether the folder is large enough, and a core is idle: on a machine whose
    cores are all busy, the second process only adds the cost of the pipe (about a
    fifth more CPU time)."""
    total = 0
    for name, _cls in FOLDER_FILES:
        with contextlib.suppress(OSError):
            total += (folder / name).stat().st_size
    if total < PARALLEL_FROM_BYTES:
        return False
    try:
        load = os.getloadavg()[0]
    except (AttributeError, OSError):
        return True
    return load < (os.cpu_count() or 1) - 1
