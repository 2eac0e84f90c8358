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
so use it from a single-threaded program (the command line does); in a threaded server
keep ``jobs=1`` (the default of the API).
"""

from __future__ import annotations

import gc
import itertools
import multiprocessing
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from participation.errors import Problem
from participation.evaluation import DataSource, Evaluation
from participation.sources import DATA_FILES, DirectorySource
from participation.validation import SeenIds

__all__ = ["MIN_PART_BYTES", "ParallelFeed", "available_jobs", "split_lines"]

#: The smallest part worth a process (about 4,000 submissions of the demo's size).
MIN_PART_BYTES = 4 << 20

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


class _GaveUp(Exception):
    """A part met a problem, or another part did: read the file in one process."""


class ParallelFeed:
    """Feeds an :class:`~participation.evaluation.Evaluation` the submissions of a data
    folder read in ``jobs`` processes (see the module).

    :param jobs: processes to use (the calling one included); ``None``: one per processor
        this process may run on.
    :param min_part: the fewest bytes of ``submissions.jsonl`` per process (default:
        :data:`MIN_PART_BYTES`).
    """

    def __init__(self, jobs: int | None = None, *, min_part: int | None = None) -> None:
        self.jobs = available_jobs() if jobs is None else max(1, jobs)
        self.min_part = max(1, MIN_PART_BYTES if min_part is None else min_part)
        #: Why the submissions were read in one process from the start, if they were.
        self.serial_because: str | None = None
        #: Why they were read again in one process after the parts, if they were.
        self.fell_back: str | None = None
        #: How many processes read the parts.
        self.processes = 1

    def _parts(self, ev: Evaluation, source: DataSource) -> list[tuple[int, int]]:
        """The parts to read, or ``[]`` (and :attr:`serial_because` says why)."""
        if not isinstance(source, DirectorySource):
            self.serial_because = "the source is not a data folder"
            return []
        path = source.folder / DATA_FILES["submissions"]
        if not path.is_file():
            self.serial_because = "there is no submissions file"
            return []
        jobs = min(self.jobs, path.stat().st_size // self.min_part)
        if jobs < 2:
            self.serial_because = ("one process was asked for" if self.jobs < 2
                                   else "the submissions file is small")
            return []
        if not sys.platform.startswith("linux") or "fork" not in multiprocessing.get_all_start_methods():
            self.serial_because = "processes are forked only on Linux"
            return []
        if not ev.splittable():
            self.serial_because = "an indicator cannot combine partial results"
            return []
        return split_lines(path, jobs)

    def __call__(self, ev: Evaluation, source: DataSource) -> None:
        """Feed ``ev`` the submissions of ``source``."""
        parts = self._parts(ev, source)
        if len(parts) < 2:
            ev.add_submissions(source.iter_submissions())
            return
        assert isinstance(source, DirectorySource)
        self.processes = len(parts)
        results = _read_parts(ev, source, parts)
        failed = next((r for r in results if r[0] != "done"), None)
        if failed is None and SeenIds.overlap(r[2] for r in results):
            failed = ("gave up", "an id is in two parts of the file")
        if failed is not None:
            self.fell_back = failed[1]
            ev.add_submissions(source.iter_submissions())
            return
        for result in results:
            ev.combine(result[1])


class _Progress:
    """The source's progress callback, also told what the other processes read (they
    count it in shared memory: one slot each)."""

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


def _read_parts(ev: Evaluation, source: DirectorySource, parts: list[tuple[int, int]]
                ) -> list[tuple[Any, ...]]:
    """Each part's ``("done", partial, digests)``, or ``("gave up" | "failed", why)``:
    the first in this process, the others in forked ones."""
    context = multiprocessing.get_context("fork")
    gave_up = context.Event()
    read = context.RawArray("q", len(parts))  # characters each child has read
    for stream in (sys.stdout, sys.stderr):  # else a child would write their buffers again
        if stream is not None:
            stream.flush()
    children = []
    own_progress = source.progress
    gc.freeze()  # the children's collections then leave the shared pages alone
    try:
        for number, part in enumerate(parts[1:], start=1):
            receive, send = context.Pipe(duplex=False)
            child = context.Process(target=_child, args=(ev, source, part, gave_up, send, read, number),
                                    daemon=True, name="participation-part")
            child.start()
            send.close()
            children.append((child, receive))
        progress = None if own_progress is None else _Progress(own_progress, read)
        source.progress = progress
        results = [_read_part(ev, source, parts[0], gave_up)]
        for child, receive in children:
            try:
                while progress is not None and not receive.poll(0.2):
                    progress.catch_up()
                results.append(receive.recv())
            except EOFError:  # it died without a word (killed, out of memory)
                results.append(("failed", f"a process ended with status {child.exitcode}"))
            finally:
                receive.close()
        if progress is not None:
            progress.catch_up()
        return results
    finally:
        gc.unfreeze()
        source.progress = own_progress
        for child, _ in children:
            child.join(timeout=5)
            if child.is_alive():  # pragma: no cover - interrupted
                child.terminate()
                child.join()


def _child(ev: Evaluation, source: DirectorySource, part: tuple[int, int], gave_up: Any,
           send: Any, read: Any, number: int) -> None:
    """A forked process's work: one part, its result sent back."""

    def count(size: int) -> None:
        read[number] += size

    source.progress = count  # its copy of the source: the parent shows the bar
    try:
        send.send(_read_part(ev, source, part, gave_up))
    finally:
        send.close()


def _read_part(ev: Evaluation, source: DirectorySource, part: tuple[int, int], gave_up: Any
               ) -> tuple[Any, ...]:
    """Read, check and evaluate one part into a fresh copy of ``ev``."""
    ids = SeenIds()

    def problem(_found: Problem) -> None:
        raise _GaveUp("a line has a problem")

    fresh = ev.fresh()
    try:
        records = source.iter_part("submissions", part[0], part[1], ids, problem)
        fresh.add_submissions(_watched(records, gave_up))
    except _GaveUp as exc:
        gave_up.set()
        return ("gave up", str(exc))
    except Exception as exc:  # read again in one process, which reports it as usual
        gave_up.set()
        return ("failed", f"{type(exc).__name__}: {exc}")
    return ("done", fresh.partial(), ids.digests())


def _watched(records: Iterable[Any], gave_up: Any) -> Iterator[Any]:
    """``records``, stopping when another part has given up."""
    for count, record in enumerate(records, start=1):
        if not count % _CHECK_EVERY and gave_up.is_set():
            raise _GaveUp("another part has a problem")
        yield record
