"""The :class:`Importer` interface."""

from __future__ import annotations

import abc
from collections.abc import Iterator
from typing import IO

from participation.serialization import LineResult, Serializer

__all__ = ["Importer"]


class Importer(abc.ABC):
    """Reads submissions from one format.

    Subclasses set :attr:`key` (the ``--format`` name), :attr:`label` and
    :attr:`suffixes` (file endings that pick the format), and implement :meth:`read`.
    A plugin contributes instances through ``register_importers``.
    """

    #: The registry key, also the ``--format`` of ``participation import``.
    key: str = ""
    #: A short human label.
    label: str = ""
    #: File name endings this format is guessed from (``".csv"``).
    suffixes: tuple[str, ...] = ()
    #: Whether the file should be opened with ``newline=""`` (as :mod:`csv` needs).
    raw_newlines: bool = False

    @abc.abstractmethod
    def read(self, stream: IO[str], serializer: Serializer) -> Iterator[LineResult]:
        """Yield one :class:`~participation.serialization.LineResult` per record, in
        order, with its (first) line number: the :class:`~participation.model.Submission`
        or the problems that kept it from being read. Streaming: one record at a time.

        :raises InvalidDocumentError: the whole file is unreadable (e.g. a bad CSV header).
        """

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.key!r}>"
