"""The ``jsonl`` importer: tagged submission documents, one per line."""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO

from participation.importers.base import ImportContext, Importer
from participation.model import Submission
from participation.serialization import LineResult, Serializer

__all__ = ["JsonlImporter"]


class JsonlImporter(Importer):
    """JSON Lines of ``participation.submission/1`` documents (what ``participation
    export jsonl`` writes), read by :meth:`Serializer.iter_jsonl`.

    >>> import io
    >>> from participation.serialization import Serializer
    >>> lines = io.StringIO('{"schema": "participation.submission/1", "id": "S-1", '
    ...                     '"channel": "web_form", "kind": "question", '
    ...                     '"received_at": "2025-01-02T09:00:00+02:00"}\\n{"id": 5}\\n')
    >>> [(r.line, r.ok) for r in JsonlImporter().read(lines, Serializer())]
    [(1, True), (2, False)]
    """

    key = "jsonl"
    label = "JSON Lines of submission documents"
    suffixes = (".jsonl", ".ndjson")

    def sniff(self, head: str) -> bool:
        """A first line that is a tagged submission document."""
        return head.lstrip("\ufeff").lstrip().startswith("{") and '"participation.submission/' in head

    def read(self, stream: IO[str], serializer: Serializer,
             context: ImportContext | None = None) -> Iterator[LineResult]:
        """One result per non-blank line."""
        return serializer.iter_jsonl(stream, Submission)
