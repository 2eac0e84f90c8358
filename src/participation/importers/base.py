"""The :class:`Importer` interface and the :class:`ImportContext` it reads with."""

from __future__ import annotations

import abc
from collections import Counter
from collections.abc import Iterator, Mapping
from datetime import tzinfo
from types import MappingProxyType
from typing import IO

import attrs

from participation.errors import ParticipationError
from participation.serialization import LineResult, Serializer

__all__ = ["ImportContext", "Importer", "TimezoneRequiredError"]


class TimezoneRequiredError(ParticipationError, ValueError):
    """A format whose moments carry no time zone was read without ``--timezone``."""

    def __init__(self, importer: str, source: str) -> None:
        self.importer = importer
        self.source = source
        super().__init__(f"{source}: the {importer!r} format gives times without a time zone; "
                         "say which zone they are in with --timezone ZONE "
                         "(for example --timezone Europe/Sofia)")


def _options(value: Mapping[str, str] | None) -> Mapping[str, str]:
    return MappingProxyType(dict(value or {}))


@attrs.frozen
class ImportContext:
    """What an importer is told besides the stream.

    :param source: the file name, for messages and for the ``extra`` of what it reads.
    :param timezone: the zone of moments written without one (``--timezone``); ``None``
        when not given. Use :meth:`require_timezone` in a format that needs it.
    :param options: format-specific options (``--option KEY=VALUE``), as text.
    :param tally: what the importer did besides reading records, counted for the
        summary (``context.note("mojibake repaired")``); the command prints it.

    >>> ImportContext("a.csv").require_timezone("open311")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    participation.importers.base.TimezoneRequiredError: a.csv: the 'open311' format gives ...
    """

    source: str = "<stream>"
    timezone: tzinfo | None = None
    options: Mapping[str, str] = attrs.field(factory=dict, converter=_options)
    tally: Counter[str] = attrs.field(factory=Counter, eq=False, repr=False)

    def note(self, what: str, count: int = 1) -> None:
        """Count ``what`` for the summary (a repair, a warning, a value guessed)."""
        self.tally[what] += count

    def require_timezone(self, importer: str) -> tzinfo:
        """The zone given, else :class:`TimezoneRequiredError` naming ``--timezone``."""
        if self.timezone is None:
            raise TimezoneRequiredError(importer, self.source)
        return self.timezone


class Importer(abc.ABC):
    """Reads records from one format.

    Subclasses set :attr:`key` (the ``--format`` name), :attr:`label` and
    :attr:`suffixes` (file endings that pick the format), and implement :meth:`read`;
    they may implement :meth:`sniff` so that ``--format`` can be left out where the
    file's first lines say what it is. A plugin contributes instances through
    ``register_importers``.

    A result's ``value`` is any document the library stores: a
    :class:`~participation.model.Submission` (most formats), a
    :class:`~participation.model.Policy`, an :class:`~participation.model.Activity`, an
    :class:`~participation.model.Administration`, a survey, or a survey response.
    """

    #: The registry key, also the ``--format`` of ``participation import``.
    key: str = ""
    #: A short human label.
    label: str = ""
    #: File name endings this format is guessed from (``".csv"``).
    suffixes: tuple[str, ...] = ()
    #: Whether the file should be opened with ``newline=""`` (as :mod:`csv` needs).
    raw_newlines: bool = False
    #: Whether the format's moments carry no zone, so ``--timezone`` is required.
    needs_timezone: bool = False

    def sniff(self, head: str) -> bool:
        """Whether a file whose first few kilobytes are ``head`` is in this format (used
        when ``--format`` is left out; suffixes are the fallback). Default: never."""
        return False

    @abc.abstractmethod
    def read(self, stream: IO[str], serializer: Serializer,
             context: ImportContext | None = None) -> Iterator[LineResult]:
        """Yield one :class:`~participation.serialization.LineResult` per record, in
        order, with its (first) line number (or record number where the format has no
        lines): the model object or the problems that kept it from being read.
        Streaming: one record at a time.

        :param context: the source name, the ``--timezone`` and format options.
        :raises InvalidDocumentError: the whole file is unreadable (e.g. a bad CSV header).
        :raises TimezoneRequiredError: the format needs ``--timezone`` and none was given.
        """

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.key!r}>"
