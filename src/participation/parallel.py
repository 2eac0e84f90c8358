"""Reading a data folder's submissions in several processes at once, with the figures of
one process.

:class:`ParallelFeed` is a ``feed`` for :func:`~participation.evaluation.assess` (and
:func:`~participation.report.run.make_report`): it cuts ``submissions.jsonl`` into as many
parts as there are processes, at line boundaries, and each process reads, checks and
evaluates its part into a fresh copy of the evaluation
(:meth:`~participation.evaluation.Evaluation.fresh`); the parts' partial results are then
combined in file order (:meth:`~participation.indicators.Accumulator.combine`), which
gives the state one process would have reached. ``participation report --data`` uses it
(``--jobs``).

It stays exact by giving up rather than guessing. The submissions are read again in one
process, as without it, when:

- a part meets any problem (a bad line, an unknown channel, an id repeated within the
  part), or an id appears in two parts: a bad file is reported exactly as always (same
  problems, same lines), only later;
- a process fails or dies (its error, if it is one, then happens again in the one
  process, where it is reported as usual).

And it does not split at all (:attr:`ParallelFeed.serial_because` says why) when an
accumulator that reads submissions cannot combine partial results (a plugin's that does
not implement :meth:`~participation.indicators.Accumulator.partial`), when the source is
not a :class:`~participation.sources.DirectorySource`, when the file is small, or where
processes cannot be forked (not Linux).

Processes are started with ``fork``: they share the parent's registry, plugins and
evaluation without pickling them. Forking a process that runs other threads is unsafe,
so the readers read in one process when other threads run (a web server's pool), inside
a daemonic :mod:`multiprocessing` worker, or off Linux (:func:`cannot_fork`); a process
that cannot be started has the file read in one process too. A forked process stops
when the one that started it has ended.
"""

from __future__ import annotations

import gc
import itertools
import multiprocessing
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from participation.evaluation import DataSource, Evaluation
from participation.registry import Registry
from participation.serialization import Serializer
from participation.sources import DATA_FILES, DirectorySource
from participation.validation import (
    SeenIds,
    ValidationReport,
    is_jsonl,
    validate_file,
    validate_part,
)

__all__ = ["MIN_PART_BYTES", "MIN_PART_SUBMISSIONS", "ParallelFeed", "StoreFeed", "available_jobs",
           "cannot_fork", "split_lines", "validate_in_parts"]

T = TypeVar("T")

#: The smallest part worth a process (about 4,000 submissions of the demo's size).
MIN_PART_BYTES = 4 << 20

#: The smallest part of a store worth a process (:class:`StoreFeed`).
MIN_PART_SUBMISSIONS = 4000

#: Records read between two looks at whether another part has given up.
_CHECK_EVERY = 4096


def available_jobs() -> int:
    """How many processors this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def split_lines(path: str | Path, parts: int) -> list[tuple[int, int]]:
    """``parts`` byte ranges ``(start, end)`` that cover the file, each starting at the
    beginning of a line (fewer when the file has fewer lines).

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = Path(folder) / "s.jsonl"
    ...     _ = path.write_bytes(b"a\\nbb\\nccc\\ndddd\\n")  # the middle, byte 7, is in "ccc"
    ...     split_lines(path, 2)
    [(0, 9), (9, 14)]
    """
    size = os.path.getsize(path)
    cuts = [0]
    with open(path, "rb") as fh:
        for k in range(1, parts):
            at = max(size * k // parts, cuts[-1])
            if at >= size:
                break
            fh.seek(at)
            fh.readline()  # to the end of the line the cut falls in
            at = fh.tell()
            if at >= size:
                break
            if at > cuts[-1]:
                cuts.append(at)
    cuts.append(size)
    return list(itertools.pairwise(cuts))


def cannot_fork() -> str | None:
    """Why this process should not fork processes to read in parts, or ``None``: forking
    is safe only on Linux, from a process that runs no other thread (one holding a lock
    would leave it held in the child) and that is not itself a daemonic process of
    :mod:`multiprocessing` (which may not start others)."""
    if not sys.platform.startswith("linux") or "fork" not in multiprocessing.get_all_start_methods():
        return "processes are forked only on Linux"
    if threading.active_count() > 1:
        return "other threads run in this process"
    if multiprocessing.current_process().daemon:
        return "a daemonic process may not start others"
    return None


class _GaveUp(Exception):
    """A part met a problem, or another part did: read the file in one process."""


def _problem(_found: Any) -> None:
    raise _GaveUp("a line has a problem")


class _Split:
    """Whether and how to cut a file into parts (shared by the readers below)."""

    def __init__(self, jobs: int | None = None, *, min_part: int | None = None) -> None:
        self.jobs = available_jobs() if jobs is None else max(1, jobs)
        self.min_part = max(1, MIN_PART_BYTES if min_part is None else min_part)
        #: Why the file was read in one process from the start, if it was.
        self.serial_because: str | None = None
        #: Why it was read again in one process after the parts, if it was.
        self.fell_back: str | None = None
        #: How many processes read the parts.
        self.processes = 1

    def parts(self, path: Path) -> list[tuple[int, int]]:
        """The parts of ``path`` to read, or ``[]`` (and :attr:`serial_because` says why)."""
        if not path.is_file():
            self.serial_because = "there is no such file"
            return []
        jobs = min(self.jobs, path.stat().st_size // self.min_part)
        if jobs < 2:
            self.serial_because = ("one process was asked for" if self.jobs < 2
                                   else "the file is small")
            return []
        cannot = cannot_fork()
        if cannot is not None:
            self.serial_because = cannot
            return []
        return split_lines(path, jobs)

    def run(self, parts: list[tuple[int, int]], work: _Work,
            progress: Callable[[int], None] | None = None) -> list[Any] | None:
        """Each part's ``work`` result, in order, or ``None`` (and :attr:`fell_back` says
        why) when a part gave up or failed, or when an id is in two parts: each result's
        last item is the part's :meth:`SeenIds.digests`."""
        self.processes = len(parts)
        shown = [0]  # what the progress callback was told the parts read

        def counted(size: int) -> None:
            shown[0] += size
            progress(size)  # type: ignore[misc]

        results = _in_parts(parts, work, None if progress is None else counted)
        failed = next((r[1] for r in results if r[0] != "done"), None)
        if failed is None and SeenIds.overlap(r[1][-1] for r in results):
            failed = "an id is in two parts of the file"
        if failed is not None:
            self.fell_back = failed
            if progress is not None and shown[0]:
                progress(-shown[0])  # the read in one process starts the count over
            return None
        return [r[1] for r in results]

    def _feed(self, ev: Evaluation, source: DataSource, parts: list[Any], work: _Work,
              progress: Callable[[int], None] | None = None) -> None:
        """Feed ``ev`` the partial results of ``parts`` in order, or, when they gave up,
        the source read in one process."""
        results = self.run(parts, work, progress)
        if results is None:
            ev.add_submissions(source.iter_submissions())
            return
        for partial, _digests in results:
            ev.combine(partial)


class ParallelFeed(_Split):
    """Feeds an :class:`~participation.evaluation.Evaluation` the submissions of a data
    folder read in ``jobs`` processes (see the module).

    :param jobs: processes to use (the calling one included); ``None``: one per processor
        this process may run on.
    :param min_part: the fewest bytes of ``submissions.jsonl`` per process (default:
        :data:`MIN_PART_BYTES`).

    After the call, :attr:`processes` says how many processes read the parts,
    :attr:`serial_because` why the file was read in one process from the start, and
    :attr:`fell_back` why it was read again in one process after the parts.
    """

    def __call__(self, ev: Evaluation, source: DataSource) -> None:
        """Feed ``ev`` the submissions of ``source``."""
        parts: list[tuple[int, int]] = []
        if not isinstance(source, DirectorySource):
            self.serial_because = "the source is not a data folder"
        elif not ev.splittable():
            self.serial_because = "an indicator cannot combine partial results"
        else:
            parts = self.parts(source.folder / DATA_FILES["submissions"])
        if len(parts) < 2:
            ev.add_submissions(source.iter_submissions())
            return
        assert isinstance(source, DirectorySource)

        def work(part: tuple[int, int], gave_up: Any, progress: Callable[[int], None] | None
                 ) -> tuple[Any, ...]:
            source.progress = progress  # this process's own source (the first part: restored)
            ids = SeenIds()
            fresh = ev.fresh()
            records = source.iter_part("submissions", part[0], part[1], ids, _problem)
            fresh.add_submissions(_watched(records, gave_up))
            return fresh.partial(), ids.digests()

        own_progress = source.progress
        try:
            self._feed(ev, source, parts, work, own_progress)
        finally:
            source.progress = own_progress


class StoreFeed(_Split):
    """Feeds an :class:`~participation.evaluation.Evaluation` the submissions of a
    :class:`~participation.sources.StoreSource` over an SQLite store file read in ``jobs``
    processes: each reads its own range of ids
    (:meth:`~participation.store.SqliteStore.split_ids`) through its own connection,
    and the parts' partial results are combined in id order, as :class:`ParallelFeed`
    does for a data folder; ``participation report --db`` uses it.

    Each process reads the last state committed when it starts: a store written to
    while the report is made may be read a moment apart by the parts (each submission
    by exactly one). It reads in one process when the store is in memory or small, an
    indicator cannot combine partial results, processes cannot be forked, or a part
    fails (then everything is read again in one process, which reports any error as
    usual).

    :param jobs: processes to use (the calling one included); ``None``: one per processor.
    :param min_part: the fewest submissions per process (default: :data:`MIN_PART_SUBMISSIONS`).
    """

    def __init__(self, jobs: int | None = None, *, min_part: int | None = None) -> None:
        super().__init__(jobs)
        self.min_submissions = max(1, MIN_PART_SUBMISSIONS if min_part is None else min_part)

    def __call__(self, ev: Evaluation, source: DataSource) -> None:
        """Feed ``ev`` the submissions of ``source``."""
        from participation.sources import StoreSource
        from participation.store import SqliteStore

        parts: list[tuple[str | None, str | None]] = []
        store = getattr(source, "store", None)
        if not isinstance(source, StoreSource) or not isinstance(store, SqliteStore) \
                or store.path == ":memory:":
            self.serial_because = "the source is not a store file"
        elif not ev.splittable():
            self.serial_because = "an indicator cannot combine partial results"
        elif (cannot := cannot_fork()) is not None:
            self.serial_because = cannot
        else:
            jobs = min(self.jobs, store.count_submissions() // self.min_submissions)
            if jobs < 2:
                self.serial_because = ("one process was asked for" if self.jobs < 2
                                       else "the store is small")
            else:
                parts = store.split_ids(jobs)
        if len(parts) < 2:
            ev.add_submissions(source.iter_submissions())
            return
        assert isinstance(source, StoreSource) and isinstance(store, SqliteStore)
        path, until, tz = store.path, source.until, source.tz

        def work(part: tuple[str | None, str | None], gave_up: Any, _progress: Any
                 ) -> tuple[Any, ...]:
            fresh = ev.fresh()
            with SqliteStore(path, create=False, read_only=True,
                             serializer=store.serializer) as own:  # never the parent's connection
                fresh.add_submissions(_watched(own.iter_submissions(
                    until, tz=tz, with_contact=True, order="id", ids=part), gave_up))
            return fresh.partial(), SeenIds().digests()  # ids are unique in a store

        self._feed(ev, source, parts, work)  # type: ignore[arg-type]


def validate_in_parts(path: str | Path, serializer: Serializer, registry: Registry, *,
                      jobs: int | None = None, min_part: int | None = None) -> ValidationReport:
    """:func:`~participation.validation.validate_file`, reading a large JSON Lines file in
    ``jobs`` processes (``None``: one per processor): the same report. Parts are only worth
    it for a valid file; any problem has the file read again in one process, which lists
    every problem as always.

    >>> import tempfile
    >>> from participation import Registry, Serializer
    >>> from participation.demo import write
    >>> registry = Registry.default()
    >>> ser = Serializer(registry.plugin_manager)
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = write(registry, folder, ser, submissions=500)
    >>> report = validate_in_parts(folder / "submissions.jsonl", ser, registry, jobs=3,
    ...                            min_part=10_000)
    >>> report.ok, report.documents
    (True, 500)
    """
    p = Path(path)
    split = _Split(jobs, min_part=min_part)
    parts = split.parts(p) if is_jsonl(p) else []

    def work(part: tuple[int, int], gave_up: Any, _progress: Any) -> tuple[int, Any]:
        ids = SeenIds()
        count = 0
        for found in _watched(validate_part(p, serializer, registry, part[0], part[1], ids), gave_up):
            if found:
                _problem(found)
            count += 1
        return count, ids.digests()

    results = split.run(parts, work) if len(parts) > 1 else None
    if results is None:
        return validate_file(p, serializer, registry)
    return ValidationReport(str(p), sum(count for count, _ in results), ())


#: ``work(part, gave_up, progress)``: what a process does with its part (raising
#: :class:`_GaveUp` to give up); its result pickles and ends with the part's id digests.
_Work = Callable[[tuple[int, int], Any, Callable[[int], None] | None], Any]


class _Progress:
    """The progress callback, also told what the other processes read (they count it in
    shared memory: one slot each)."""

    def __init__(self, report: Callable[[int], None], read: Any) -> None:
        self.report = report
        self.read = read
        self.reported = 0
        self.calls = 0

    def __call__(self, size: int) -> None:
        self.report(size)
        self.calls += 1
        if not self.calls % 1024:
            self.catch_up()

    def catch_up(self) -> None:
        total = sum(self.read)
        if total > self.reported:
            self.report(total - self.reported)
            self.reported = total


def _in_parts(parts: list[tuple[int, int]], work: _Work, progress: Callable[[int], None] | None
              ) -> list[tuple[str, Any]]:
    """Each part's ``("done", result)``, or ``("gave up" | "failed", why)``: the first
    part in this process, the others in forked ones."""
    context = multiprocessing.get_context("fork")
    gave_up = context.Event()
    read = context.RawArray("q", len(parts))  # characters each child has read
    for stream in (sys.stdout, sys.stderr):  # else a child would write their buffers again
        if stream is not None:
            stream.flush()
    children = []
    finished = False
    gc.freeze()  # the children's collections then leave the shared pages alone
    parent = os.getpid()
    try:
        for number, part in enumerate(parts[1:], start=1):
            receive, send = context.Pipe(duplex=False)
            child = context.Process(target=_child, args=(work, part, gave_up, receive, send, read,
                                                         number, progress is not None, parent),
                                    daemon=True, name="participation-part")
            try:
                child.start()
            except OSError as exc:  # no more processes or memory: read in one process
                receive.close()
                send.close()
                return [("failed", f"could not start a process ({exc.strerror or exc})")]
            finally:
                send.close()
            children.append((child, receive))
        shown = None if progress is None else _Progress(progress, read)
        results = [_attempt(work, parts[0], gave_up, shown)]
        for child, receive in children:
            try:
                while shown is not None and not receive.poll(0.2):
                    shown.catch_up()
                results.append(receive.recv())
            except EOFError:  # it died without a word (killed, out of memory)
                child.join()
                results.append(("failed", f"a process ended with status {child.exitcode}"))
            finally:
                receive.close()
        if shown is not None:
            shown.catch_up()
        finished = True
        return results
    finally:
        gc.unfreeze()
        for child, _ in children:
            if not finished:  # interrupted (Ctrl-C) or failed here: stop the others now
                child.terminate()
            child.join()


def _child(work: _Work, part: tuple[int, int], gave_up: Any, receive: Any, send: Any, read: Any,
           number: int, counted: bool, parent: int) -> None:
    """A forked process's work: one part, its result sent back."""
    global _parent

    def count(size: int) -> None:
        read[number] += size

    # the parent's end: with it closed here, a parent that is gone breaks the pipe instead
    # of leaving this process waiting to write; and it stops reading (see _watched)
    receive.close()
    _parent = parent
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    try:
        send.send(_attempt(work, part, gave_up, count if counted else None))
    finally:
        send.close()


def _attempt(work: _Work, part: tuple[int, int], gave_up: Any,
             progress: Callable[[int], None] | None) -> tuple[str, Any]:
    try:
        return ("done", work(part, gave_up, progress))
    except _GaveUp as exc:
        gave_up.set()
        return ("gave up", str(exc))
    except Exception as exc:  # read again in one process, which reports it as usual
        gave_up.set()
        return ("failed", f"{type(exc).__name__}: {exc}")


#: In a forked process: the process that started it (its work stops if that one is gone).
_parent: int | None = None


def _watched(records: Iterable[T], gave_up: Any) -> Iterator[T]:
    """``records``, stopping when another part has given up or the parent has ended."""
    for count, record in enumerate(records, start=1):
        if not count % _CHECK_EVERY:
            if gave_up.is_set():
                raise _GaveUp("another part has a problem")
            if _parent is not None and os.getppid() != _parent:
                raise _GaveUp("the process that started this one has ended")
        yield record
