"""Files: writing so that nothing is ever half-written (a temporary file in the same
folder, flushed to disk, renamed over the target in one step), only to regular files
(never through a symbolic link, over a device or into a FIFO), owner-only when the file
holds personal data; and reading input as UTF-8 text with a clean error naming the file
and the line otherwise."""

from __future__ import annotations

import codecs
import contextlib
import errno
import os
import re
import stat
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from participation.errors import InvalidDocumentError, ParticipationError, Problem

__all__ = ["OutputError", "atomic_writer", "check_output_path", "not_utf8", "open_output",
           "read_utf8", "utf8_lines"]


class OutputError(ParticipationError, OSError):
    """An output file was refused or could not be written; nothing was left half-written
    at its path."""


#: ``errno`` values that mean the disk, a quota or a file size limit is full.
_FULL = frozenset(code for code in (getattr(errno, n, None) for n in ("ENOSPC", "EFBIG",
                                                                     "EDQUOT")) if code)


def _kind(mode: int) -> str | None:
    """What a non-regular file is, or ``None`` for a regular file."""
    for test, name in ((stat.S_ISLNK, "a symbolic link"), (stat.S_ISDIR, "a directory"),
                       (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
                       (stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return name
    return None if stat.S_ISREG(mode) else "not a regular file"


def check_output_path(path: str | Path) -> Path:
    """``path`` as a :class:`Path` when it is a regular file or does not exist yet.

    :raises OutputError: it is a symbolic link, a device, a FIFO, a socket or a folder.

    >>> check_output_path("/dev/null")
    Traceback (most recent call last):
    ...
    participation.files.OutputError: /dev/null: is a character device; write to a regular file or a new path
    """
    target = Path(path)
    try:
        mode = target.lstat().st_mode
    except FileNotFoundError:
        return target
    except OSError as exc:
        raise OutputError(f"{target}: cannot be written ({exc.strerror})") from None
    kind = _kind(mode)
    if kind is not None:
        raise OutputError(f"{target}: is {kind}; write to a regular file or a new path")
    return target


@contextlib.contextmanager
def open_output(path: str | Path, *, personal_data: bool = False, newline: str | None = None,
                binary: bool = False) -> Iterator[IO[Any]]:
    """Open ``path`` for writing text (UTF-8; bytes when ``binary``) atomically and safely.

    - Only a regular file or a new path is written: a symbolic link, a device, a FIFO, a
      socket or a folder at ``path`` is refused (:class:`OutputError`) and left alone.
    - The file appears, complete, only when the block ends without an exception: it is
      written under a temporary name in the same folder, flushed to disk, then renamed
      over ``path`` in one step. On an exception the temporary file is removed and an
      earlier ``path`` is untouched.
    - With ``personal_data`` the file is created ``0600`` (owner only); otherwise with
      the usual mode (``0666`` less the umask).
    - A full disk, a quota or a file size limit (``ENOSPC``, ``EDQUOT``, ``EFBIG``), and
      any other write error, become an :class:`OutputError` saying so, after the partial
      file was removed.

    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "out.txt"
    >>> with open_output(target, personal_data=True) as fh:
    ...     _ = fh.write("complete")
    >>> target.read_text(), oct(target.stat().st_mode & 0o777)
    ('complete', '0o600')
    """
    target = check_output_path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise OutputError(f"{target}: cannot be written ({exc.strerror})") from None
    if not personal_data:
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; give the file the usual mode
    try:
        opened = os.fdopen(fd, "wb") if binary else os.fdopen(fd, "w", encoding="utf-8",
                                                              newline=newline)
        with opened as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        check_output_path(target)  # nothing odd appeared there meanwhile
        os.replace(tmp, target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError) and not isinstance(exc, OutputError):
            if exc.errno in _FULL:
                raise OutputError(f"{target}: the disk or the file size limit is full "
                                  f"({exc.strerror}); the partial file was removed, nothing "
                                  "was written") from None
            raise OutputError(f"{target}: could not be written ({exc.strerror or exc}); the "
                              "partial file was removed") from None
        raise


def atomic_writer(path: str | Path, *, newline: str | None = None
                  ) -> contextlib.AbstractContextManager[IO[str]]:
    """:func:`open_output` for files without personal data.

    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "out.txt"
    >>> with atomic_writer(target) as fh:
    ...     _ = fh.write("complete")
    >>> target.read_text()
    'complete'
    """
    return open_output(path, newline=newline)


def not_utf8(path: str | Path, line: int | None = None, where: str = "") -> InvalidDocumentError:
    """The error for a file that is not UTF-8 text, naming the file and the line.

    >>> print(not_utf8("cases.csv", 3).problems[0])
    cases.csv:line 3: $: not UTF-8 text; save the file as UTF-8
    """
    detail = f" ({where})" if where else ""
    return InvalidDocumentError([Problem("$", f"not UTF-8 text{detail}; save the file as UTF-8",
                                         line=line, source=str(path))])


def read_utf8(path: str | Path) -> str:
    """The text of ``path`` (a leading byte-order mark is dropped).

    :raises InvalidDocumentError: the file is not UTF-8, naming the file, the line and
        the byte where decoding failed.
    :raises OSError: the file cannot be read.

    >>> import pathlib, tempfile
    >>> bad = pathlib.Path(tempfile.mkdtemp()) / "x.toml"
    >>> _ = bad.write_bytes(b"a = 1\\nb = '\\xe9'\\n")
    >>> read_utf8(bad)
    Traceback (most recent call last):
    ...
    participation.errors.InvalidDocumentError: ...x.toml:line 2: $: not UTF-8 text (byte 11); ...
    """
    raw = Path(path).read_bytes()
    skip = len(codecs.BOM_UTF8) if raw.startswith(codecs.BOM_UTF8) else 0
    try:
        return raw[skip:].decode("utf-8")
    except UnicodeDecodeError as exc:
        start = exc.start + skip
        raise not_utf8(path, raw.count(b"\n", 0, start) + 1, f"byte {start}") from None


_BARE_CR = re.compile(r"(?<=\r)(?!\n)")


def part_lines(stream: IO[bytes], path: str | Path, start: int, end: int) -> Iterator[str]:
    """The lines of the binary file ``stream`` that begin in its bytes ``start`` to ``end``
    (``start``: 0, or just after a line feed), read as :func:`utf8_lines` reads the whole
    file: a byte-order mark is dropped only at the very start.

    >>> import io
    >>> list(part_lines(io.BytesIO(b"a\\nbb\\nccc\\n"), "x", 2, 6))
    ['bb\\n', 'ccc\\n']
    """
    stream.seek(start)

    def within(size: int) -> Iterator[bytes]:
        for line in stream:
            if size <= 0:
                return
            size -= len(line)
            yield line

    return utf8_lines(within(end - start), path, at_start=start == 0)


def utf8_lines(stream: Iterable[bytes], path: str | Path, *, at_start: bool = True) -> Iterator[str]:
    """The lines of a binary ``stream``, decoded one at a time, so that a byte that is
    not UTF-8 is reported with its exact line. Lines end as with ``newline=""``
    (``\\n``, ``\\r\\n`` or ``\\r``, kept), ready for :mod:`csv`; a leading byte-order
    mark is dropped (``at_start``: the stream starts at the beginning of the file; a
    part of a file read from a later line keeps one, as a reader of the whole file would).

    :raises InvalidDocumentError: a line is not UTF-8 (naming the file and the line).

    >>> import io
    >>> list(utf8_lines(io.BytesIO(b"\\xef\\xbb\\xbfa\\r\\nb\\rc\\n"), "x.csv"))
    ['a\\r\\n', 'b\\r', 'c\\n']
    >>> list(utf8_lines(io.BytesIO(b"a\\n\\xe9\\n"), "x.csv"))
    Traceback (most recent call last):
    ...
    participation.errors.InvalidDocumentError: ...x.csv:line 2: $: not UTF-8 text; ...
    """
    line = 0
    for number, raw in enumerate(stream):
        if number == 0 and at_start and raw.startswith(codecs.BOM_UTF8):
            raw = raw[len(codecs.BOM_UTF8):]
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise not_utf8(path, line + 1) from None
        if text.find("\r", 0, len(text) - 1) < 0:  # no bare CR inside: one line (the usual)
            if text:
                line += 1
                yield text
            continue
        for piece in _BARE_CR.split(text):
            if piece:
                line += 1
                yield piece
