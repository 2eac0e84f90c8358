"""The ``jsonl`` importer: tagged documents of any kind the store keeps, one per line."""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO

from participation.importers.base import ImportContext, Importer
from participation.model import Submission
from participation.serialization import SCHEMA_PREFIX, LineResult, Serializer

__all__ = ["JsonlImporter"]


class JsonlImporter(Importer):
    """JSON Lines of tagged documents (what ``participation export jsonl`` and the demo
    write): submissions, policies, activities, surveys, survey responses or an
    administration, mixed as they come; each line's ``schema`` tag says which (a line
    without one is read as a submission). Read by :meth:`Serializer.iter_jsonl`.

    >>> import io
    >>> from participation.serialization import Serializer
    >>> lines = io.StringIO('{"schema": "participation.submission/1", "id": "S-1", '
    ...                     '"channel": "web_form", "kind": "question", '
    ...                     '"received_at": "2025-01-02T09:00:00+02:00"}\\n{"id": 5}\\n'
    ...                     '{"schema": "participation.policy/1", "id": "P-1", "title": "Plan"}\\n')
    >>> [(r.line, r.ok, type(r.value).__name__) for r in JsonlImporter().read(lines, Serializer())]
    [(1, True, 'Submission'), (2, False, 'NoneType'), (3, True, 'Policy')]
    """

    key = "jsonl"
    label = "JSON Lines of tagged documents (any record kind)"
    suffixes = (".jsonl", ".ndjson")

    def sniff(self, head: str) -> bool:
        """A first line that is a tagged document of this library."""
        first = head.lstrip("\ufeff").lstrip()
        return first.startswith("{") and f'"{SCHEMA_PREFIX}' in first.split("\n", 1)[0]

    def read(self, stream: IO[str], serializer: Serializer,
             context: ImportContext | None = None) -> Iterator[LineResult]:
        """One result per non-blank line."""
        return serializer.iter_jsonl(stream, None, default=Submission)
