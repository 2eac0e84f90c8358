"""What a plugin contributes, as protocols: the shape each ``register_*`` hook's items must have.

Most contributions are instances of a library class (a
:class:`~participation.model.ChannelType`, a :class:`~participation.rules.DeadlineRule`,
an :class:`~participation.indicators.IndicatorSpec` …) and are checked with
``isinstance``. Where the library lets a plugin bring its own class, the interface is
a :class:`typing.Protocol` here, checked member by member when the registry is built:

- :class:`Keyed` — anything in the registry: a well-formed ``key``.
- :class:`ScorerProtocol` — ``register_scorers``.
- :class:`ExporterProtocol` — ``register_exporters``.
- :class:`TranslationsProtocol` — ``register_translations``.
- the calendar protocol, :class:`participation.rules.Calendar` — ``register_calendars``.
- importers subclass :class:`participation.importers.Importer` (an abstract base class).

Types from higher layers appear only in annotations, so this module imports nothing
above the model at run time.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import IO, TYPE_CHECKING, Any, Protocol, runtime_checkable

if TYPE_CHECKING:
    from participation.indicators.base import IndicatorSpec, Measurement
    from participation.scoring import Score

__all__ = ["ExporterProtocol", "Keyed", "ScorerProtocol", "TranslationsProtocol"]


@runtime_checkable
class Keyed(Protocol):
    """A registry item: its ``key`` is lower-case ASCII letters, digits, ``.``, ``_``, ``-``."""

    @property
    def key(self) -> str:
        """Registry key."""
        ...  # pragma: no cover


@runtime_checkable
class ScorerProtocol(Protocol):
    """What ``register_scorers`` contributes: a ``key``, a ``label``, a one-paragraph
    ``method`` and :meth:`score`."""

    @property
    def key(self) -> str:
        """Registry key (``--scorer``)."""
        ...  # pragma: no cover

    @property
    def label(self) -> str:
        """Label (English; translations under ``scorer.<key>``)."""
        ...  # pragma: no cover

    @property
    def method(self) -> str:
        """One paragraph on how the score is computed."""
        ...  # pragma: no cover

    def score(self, measurements: Mapping[str, Measurement],
              specs: Mapping[str, IndicatorSpec]) -> Score:
        """Score the measurements of one period."""
        ...  # pragma: no cover


@runtime_checkable
class ExporterProtocol(Protocol):
    """What ``register_exporters`` contributes: a report format.

    :class:`participation.exporters.Exporter` is the ready-made implementation.
    """

    @property
    def key(self) -> str:
        """Registry key (``--format``)."""
        ...  # pragma: no cover

    @property
    def filename(self) -> str:
        """The file it writes in an output folder (``"report.html"``)."""
        ...  # pragma: no cover

    @property
    def media_type(self) -> str:
        """The file's media type (``"text/html"``)."""
        ...  # pragma: no cover

    @property
    def description(self) -> str:
        """One sentence for ``--help``."""
        ...  # pragma: no cover

    def write(self, report: Mapping[str, Any], stream: IO[str]) -> None:
        """Write the report document to ``stream``."""
        ...  # pragma: no cover


@runtime_checkable
class TranslationsProtocol(Protocol):
    """What ``register_translations`` contributes: one language's messages
    (:class:`participation.i18n.Translations` is the implementation)."""

    @property
    def language(self) -> str:
        """A language code (``"bg"``, ``"pt-BR"``)."""
        ...  # pragma: no cover

    @property
    def messages(self) -> Mapping[str, str]:
        """Message id → text."""
        ...  # pragma: no cover
