"""Files: writing so that nothing is ever half-written (a temporary file in the same
folder, flushed to disk, renamed over the target in one step), and reading input as
UTF-8 text with a clean error naming the file and the line otherwise."""

from __future__ import annotations

import codecs
import contextlib
import os
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from participation.errors import InvalidDocumentError, Problem

__all__ = ["atomic_writer", "not_utf8", "read_utf8", "utf8_lines"]


@contextlib.contextmanager
def atomic_writer(path: str | Path, *, newline: str | None = None,
                  binary: bool = False, private: bool = False) -> Iterator[IO[Any]]:
    """Open ``path`` for writing text (UTF-8; bytes when ``binary``) atomically; a
    ``private`` file (personal data) is readable by its owner only (0600).

    The file appears, complete, only when the block ends without an exception; on an
    exception the temporary file is removed and any earlier ``path`` is untouched.

    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "out.txt"
    >>> with atomic_writer(target) as fh:
    ...     _ = fh.write("complete")
    >>> target.read_text()
    'complete'
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    umask = os.umask(0)
    os.umask(umask)
    if not private:
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; give the file the usual mode
    try:
        opened = os.fdopen(fd, "wb") if binary else os.fdopen(fd, "w", encoding="utf-8",
                                                              newline=newline)
        with opened as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise

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


def utf8_lines(stream: IO[bytes], path: str | Path) -> Iterator[str]:
    """The lines of a binary ``stream``, decoded one at a time, so that a byte that is
    not UTF-8 is reported with its exact line. Lines end as with ``newline=""``
    (``\\n``, ``\\r\\n`` or ``\\r``, kept), ready for :mod:`csv`; a leading byte-order
    mark is dropped.

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
        if number == 0 and raw.startswith(codecs.BOM_UTF8):
            raw = raw[len(codecs.BOM_UTF8):]
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise not_utf8(path, line + 1) from None
        pieces = _BARE_CR.split(text) if "\r" in text[:-1] else [text]
        for piece in pieces:
            if piece:
                line += 1
                yield piece
