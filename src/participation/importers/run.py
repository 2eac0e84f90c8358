"""Importing a file into a store without loss.

Records are read one at a time and written in batches (one transaction each), so a
crash leaves whole batches only, and a re-run finishes the job: writes are upserts by
id, so nothing is added twice. Every record that cannot be imported goes to the
rejects file with its line number and every reason.
"""

from __future__ import annotations

import io
import json
import os
import tempfile
from collections.abc import Callable, Iterator
from datetime import tzinfo
from pathlib import Path
from typing import IO, Any

import attrs

from participation.errors import InvalidDocumentError, Problem, UnknownKeyError
from participation.importers.base import ImportContext, Importer
from participation.registry import Registry
from participation.serialization import LineResult, Serializer
from participation.store.protocol import Store, WriteOutcome
from participation.validation import check_references

__all__ = ["ImportReport", "choose_importer", "import_file", "import_stream", "rejects_path"]


@attrs.frozen
class ImportReport:
    """What an import did. ``rejected`` records are in the rejects file."""

    records: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    rejects_file: str | None = None

    @property
    def ok(self) -> bool:
        """Every record was imported (or was already there)."""
        return self.rejected == 0


def rejects_path(path: str | Path) -> Path:
    """Where the rejects of ``path`` go: ``FILE.rejects.jsonl`` beside it."""
    p = Path(path)
    return p.with_name(p.name + ".rejects.jsonl")


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


def _checked(result: LineResult, registry: Registry) -> LineResult:
    """Checks beyond the document itself, the same as ``participation validate`` makes
    (:func:`~participation.validation.check_references`): a known channel, contact
    details it may keep, known deadline rules and extensions."""
    if not result.ok:
        return result
    problems = [attrs.evolve(p, line=result.line) for p in check_references(result.value, registry)]
    if not problems:
        return result
    return LineResult(result.line, problems=tuple(problems), raw=result.raw)


def _reject_line(result: LineResult, source: str) -> str:
    return json.dumps({"source": source, "line": result.line,
                       "reasons": [f"{p.path}: {p.message}" for p in result.problems],
                       "raw": result.raw.rstrip("\r\n")}, ensure_ascii=False) + "\n"


def import_stream(results: Iterator[LineResult], store: Store, registry: Registry, *,
                  source: str = "<stream>", rejects: IO[str] | None = None,
                  batch_size: int = 1000,
                  on_batch: Callable[[], None] | None = None) -> ImportReport:
    """Write the readable records of ``results`` to ``store`` in batches and each
    unreadable or conflicting one to ``rejects`` (JSON Lines: line, reasons, raw).

    :param on_batch: called after each committed batch (progress).
    """
    counts = {"records": 0, "inserted": 0, "updated": 0, "unchanged": 0, "rejected": 0}
    batch: list[LineResult] = []

    def reject(result: LineResult) -> None:
        counts["rejected"] += 1
        if rejects is not None:
            rejects.write(_reject_line(result, source))

    def flush() -> None:
        written = store.write_submissions([r.value for r in batch])
        for result, outcome in zip(batch, written, strict=True):
            if outcome.outcome is WriteOutcome.CONFLICT:
                reject(LineResult(result.line, problems=(
                    Problem("$.events", outcome.message, line=result.line),), raw=result.raw))
            else:
                counts[outcome.outcome.value] += 1
        batch.clear()
        if on_batch is not None:
            on_batch()

    for result in results:
        counts["records"] += 1
        checked = _checked(result, registry)
        if checked.ok:
            batch.append(checked)
            if len(batch) >= batch_size:
                flush()
        else:
            reject(checked)
    if batch:
        flush()
    return ImportReport(counts["records"], counts["inserted"], counts["updated"],
                        counts["unchanged"], counts["rejected"])


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


def import_file(path: str | Path, store: Store, registry: Registry, serializer: Serializer, *,
                fmt: str | None = None, batch_size: int = 1000,
                progress: Callable[[int], None] | None = None,
                timezone: tzinfo | None = None) -> ImportReport:
    """Import ``path`` into ``store``; rejects go to :func:`rejects_path` (written to a
    temporary file and renamed at the end; removed when nothing was rejected, so a stale
    one never lingers).

    :param fmt: the importer key (default: guessed from the file name).
    :param progress: called with the number of bytes read so far, after each batch.
    :param timezone: the zone of moments the format writes without one (``--timezone``).
    :raises InvalidDocumentError: the file as a whole is unreadable (bad header, not UTF-8).
    """
    importer = choose_importer(registry, path, fmt)
    source = str(path)
    context = ImportContext(source, timezone)
    if importer.needs_timezone:
        context.require_timezone(importer.key)
    final = rejects_path(path)
    counter = _CountingReader(open(path, "rb"))  # noqa: SIM115 - closed through the wrapper
    text = io.TextIOWrapper(io.BufferedReader(counter), encoding="utf-8-sig",
                            newline="" if importer.raw_newlines else None)
    # A unique temporary name (two imports of one file at once do not clash); mode 0600,
    # since rejected lines may carry personal data.
    fd, temporary_name = tempfile.mkstemp(prefix=f".{final.name}.", suffix=".tmp", dir=final.parent)
    temporary = Path(temporary_name)
    try:
        with text, os.fdopen(fd, "w", encoding="utf-8") as rejects:
            try:
                report = import_stream(
                    importer.read(text, serializer, context), store, registry, source=source,
                    rejects=rejects, batch_size=batch_size,
                    on_batch=(lambda: progress(counter.count)) if progress else None)
            except UnicodeDecodeError as exc:
                raise InvalidDocumentError([Problem("$", f"not UTF-8 text near byte "
                                                    f"{counter.count}: {exc.reason}",
                                                    source=source)]) from None
            except InvalidDocumentError as exc:
                raise InvalidDocumentError([attrs.evolve(p, source=source)
                                            for p in exc.problems]) from None
    except BaseException:
        # keep the lines rejected before a fatal error; never leave an older rejects file
        # that would look like this run's
        if temporary.exists() and temporary.stat().st_size:
            os.replace(temporary, final)
        else:
            temporary.unlink(missing_ok=True)
            final.unlink(missing_ok=True)
        raise
    if report.rejected:
        os.replace(temporary, final)
        return attrs.evolve(report, rejects_file=str(final))
    temporary.unlink(missing_ok=True)
    final.unlink(missing_ok=True)
    return report
