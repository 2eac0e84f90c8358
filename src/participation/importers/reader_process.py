"""Reading and checking a data folder in a second process while this one writes.

``participation import`` of a large data folder spends about half its time reading
records into the model and checking them, and the other half writing them to SQLite.
On a machine with two cores or more, :func:`checked_records` runs the first half
(:meth:`_Pipeline.examine <participation.importers.run._Pipeline.examine>`: the model,
the reference checks, the repeated-id check, and a submission's rows made by
:func:`~participation.store.codec.encode_submission`) in a forked child process and
hands this process the checked records in their order, in chunks through a pipe, so
the writing half (batches, conflicts, rejects) sees exactly the sequence it would see
in one process. The pipe holds a few chunks at most: the child waits when the writer
is behind, and memory stays flat.

What crosses the pipe is plain data: a submission's rows (not the object: the careful
path of an id already stored reads it again from its line), the other records as
objects (few), the problems of a rejected line. The child writes nothing: no store, no
file. When it fails, the error is raised here: an unreadable file
(:class:`~participation.errors.InvalidDocumentError`) as it would be in one process,
after the records before it; anything else as a :class:`RuntimeError` with the child's
traceback. When this process stops (an error, Ctrl-C), the child is killed.

It is used only where ``fork`` is (POSIX), with two cores or more, and from a process
with no other thread running (forking a threaded process is unsafe) that is not a
daemonic worker. When this process is killed outright, the child's next write fails
(it holds no copy of the pipe's reading end) and it ends.
"""

from __future__ import annotations

import contextlib
import functools

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX
    fcntl = None  # type: ignore[assignment]
import multiprocessing
import os
import sys
import threading
import traceback
from collections.abc import Callable, Iterator
from typing import Any

from participation.errors import InvalidDocumentError, ParticipationError
from participation.files import utf8_lines
from participation.serialization import LineResult
from participation.store.codec import EncodedSubmission

__all__ = ["CHUNK", "InputChangedError", "available", "checked_records"]

#: Records a message.
CHUNK = 500

Produce = Callable[[Callable[[int], None]], Iterator[tuple[LineResult, str]]]
Examine = Callable[[LineResult], tuple[str | None, LineResult]]


class InputChangedError(ParticipationError):
    """The input file changed while it was imported (the writer reads a line again for a
    reject, or for an id already stored, and found another)."""


def available() -> bool:
    """Whether a reading process can be forked here (POSIX, two cores or more, no
    other thread in this process, and not itself a daemonic worker, which may have no
    children)."""
    return (os.name == "posix" and "fork" in multiprocessing.get_all_start_methods()
            and (os.cpu_count() or 1) >= 2 and threading.active_count() == 1
            and not multiprocessing.current_process().daemon)


def _wire(kind: str | None, result: LineResult, source: str) -> tuple[Any, ...]:
    value = result.value
    if type(value) is EncodedSubmission:  # its line is read again here (:class:`_Lines`)
        return (kind, result.line, None, source, None, value.parts())
    return (kind, result.line, result.raw, source, result.problems, value)


class _Lines:
    """The text of each line of the input files, read here too, forward only: a
    submission's rows cross the pipe without the line they came from (most of what
    would cross), and :func:`~participation.files.utf8_lines` gives it again here, the
    same text the child read, for the rejects and the careful path."""

    def __init__(self) -> None:
        self._source: str | None = None
        self._lines: Iterator[str] = iter(())
        self._number = 0
        self._files: contextlib.ExitStack = contextlib.ExitStack()

    def get(self, source: str, line: int) -> str:
        if source != self._source or line <= self._number:
            self._files.close()
            self._source, self._number = source, 0
            self._lines = utf8_lines(self._files.enter_context(open(source, "rb")), source)  # noqa: SIM115
        text: str | None = ""
        while self._number < line:
            text = next(self._lines, None)
            if text is None:
                raise InputChangedError(f"{source} changed while it was imported (line {line} "
                                        "is gone); nothing after it was written")
            self._number += 1
        assert text is not None
        return text

    def close(self) -> None:
        self._files.close()


def _child(send: Any, receive: Any, produce: Produce, examine: Examine) -> None:
    # its copy of the reading end closed, a write fails (and the child ends) as soon
    # as the parent is gone, instead of waiting for ever on a full pipe
    receive.close()
    done = [0]

    def progress(count: int) -> None:
        done[0] = count

    chunk: list[tuple[Any, ...]] = []
    try:
        for result, source in produce(progress):
            kind, checked = examine(result)
            chunk.append(_wire(kind, checked, source))
            if len(chunk) >= CHUNK:
                send.send(("chunk", chunk, done[0]))
                chunk = []
        send.send(("chunk", chunk, done[0]))
        send.send(("end", None, done[0]))
    except InvalidDocumentError as exc:
        with contextlib.suppress(OSError):
            send.send(("chunk", chunk, done[0]))
            send.send(("invalid", tuple(exc.problems), done[0]))
    except (KeyboardInterrupt, BrokenPipeError):
        pass  # the parent stops too (Ctrl-C) or is gone
    except OSError as exc:  # the parent raises it again, as the one-process import would
        with contextlib.suppress(OSError):
            send.send(("chunk", chunk, done[0]))
            send.send(("oserror", (exc.errno, exc.strerror, exc.filename), done[0]))
    except BaseException:  # reported to the parent, which raises it
        with contextlib.suppress(OSError):
            send.send(("crash", traceback.format_exc(), done[0]))
    finally:
        with contextlib.suppress(OSError):
            send.close()


#: The bytes the pipe holds (Linux; 64 KiB by default): a few chunks, so that neither
#: process waits for the other each time the scheduler runs a third one.
PIPE_BYTES = 1 << 20


def _widen(fd: int) -> None:
    setsize = getattr(fcntl, "F_SETPIPE_SZ", None) if fcntl is not None else None
    if setsize is not None:
        with contextlib.suppress(OSError):  # above /proc/sys/fs/pipe-max-size
            fcntl.fcntl(fd, setsize, PIPE_BYTES)


def _again(reload: Callable[[str], Any], raw: str, ident: str, source: str) -> Any:
    """The submission of ``raw`` read again, which must be the one whose rows came."""
    value = reload(raw)
    if getattr(value, "id", None) != ident:
        raise InputChangedError(f"{source} changed while it was imported (the submission "
                           f"{ident!r} is not where it was)")
    return value


def checked_records(produce: Produce, examine: Examine, reload: Callable[[str], Any],
                    progress: Callable[[int], None] | None = None
                    ) -> Iterator[tuple[str | None, LineResult, str]]:
    """``(kind, checked record, source)`` of each record ``produce`` reads, as
    ``examine`` checks it, both run in a forked child process.

    :param produce: called in the child with a progress function (bytes read so far);
        yields ``(line result, source)``.
    :param reload: the submission of a line (its ``raw`` text), for the careful path.
    :param progress: called here with the bytes the child has read, chunk by chunk.
    """
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    _widen(send.fileno())
    for stream in (sys.stdout, sys.stderr):  # what is buffered must not be written twice
        with contextlib.suppress(Exception):
            stream.flush()
    child = context.Process(target=_child, args=(send, receive, produce, examine),
                            name="participation-import-reader", daemon=True)
    child.start()
    send.close()
    shown = -1
    lines = _Lines()
    try:
        while True:
            try:
                what, payload, done = receive.recv()
            except EOFError:
                raise RuntimeError("the process reading the input ended unexpectedly "
                                   f"(exit status {child.exitcode})") from None
            if progress is not None and done != shown:
                progress(done)
                shown = done
            if what == "chunk":
                for kind, line, raw, source, problems, value in payload:
                    if problems is None:
                        raw = lines.get(source, line)
                        row, contact, events = value
                        value = EncodedSubmission(row, contact, events,
                                                  load=functools.partial(_again, reload, raw,
                                                                         row[0], source))
                        yield kind, LineResult(line, value=value, raw=raw), source
                    else:
                        yield kind, LineResult(line, value=value, problems=problems,
                                               raw=raw), source
            elif what == "end":
                return
            elif what == "invalid":
                raise InvalidDocumentError(list(payload))
            elif what == "oserror":
                raise OSError(*payload)
            else:
                raise RuntimeError(f"the process reading the input failed:\n{payload}")
    finally:
        lines.close()
        receive.close()
        if child.is_alive():
            child.kill()
        child.join()
