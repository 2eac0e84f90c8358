"""What a plugin contributes, as protocols: the shape each ``register_*`` hook's items must have.

Most contributions are instances of a library class (a
:class:`~participation.model.ChannelType`, a :class:`~participation.rules.DeadlineRule`,
an :class:`~participation.indicators.IndicatorSpec` …) and are checked with
``isinstance``. Where the library lets a plugin bring its own class, the interface is
a :class:`typing.Protocol` here, checked member by member when the registry is built:

- :class:`Keyed` — anything in the registry: a well-formed ``key``.
- :class:`IndicatorProtocol` — what the engine reads of an indicator
  (:class:`~participation.indicators.IndicatorSpec` is the class to instantiate).
- :class:`QuestionTypeProtocol` — what the survey engine calls on a question type
  (subclass :class:`~participation.surveys.QuestionType`, which has the defaults).
- :class:`ScorerProtocol` — ``register_scorers``.
- :class:`ExporterProtocol` — ``register_exporters``.
- :class:`TranslationsProtocol` — ``register_translations``.
- the calendar protocol, :class:`participation.rules.Calendar` — ``register_calendars``.
- importers subclass :class:`participation.importers.Importer` (an abstract base class).
- surveys and practices are data: instances of :class:`~participation.surveys.Survey`
  and :class:`~participation.catalogue.Practice`.

``participation.contributions`` checks with mypy that the library's own classes
follow these protocols, so they describe what exists.

Types from higher layers appear only in annotations, so this module imports nothing
above the model at run time.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import IO, TYPE_CHECKING, Any, ClassVar, Protocol, runtime_checkable

if TYPE_CHECKING:
    import random

    from participation.indicators.base import Accumulator, Area, Direction, IndicatorSpec, Measurement, Unit
    from participation.indicators.facts import EvaluationContext
    from participation.scoring import Score
    from participation.surveys.model import Answer, Question
    from participation.surveys.questiontype import Accumulator as AnswerAccumulator

__all__ = ["ExporterProtocol", "IndicatorProtocol", "Keyed", "QuestionTypeProtocol", "ScorerProtocol",
           "TranslationsProtocol"]


@runtime_checkable
class Keyed(Protocol):
    """A registry item: its ``key`` is lower-case ASCII letters, digits, ``.``, ``_``, ``-``."""

    @property
    def key(self) -> str:
        """Registry key."""
        ...  # pragma: no cover


class IndicatorProtocol(Protocol):
    """What the evaluation engine and the report read of an indicator."""

    @property
    def key(self) -> str:
        """Registry key."""
        ...  # pragma: no cover

    @property
    def area(self) -> Area:
        """The evaluation area it belongs to."""
        ...  # pragma: no cover

    @property
    def unit(self) -> Unit:
        """What the value is measured in."""
        ...  # pragma: no cover

    @property
    def direction(self) -> Direction:
        """Which way is better."""
        ...  # pragma: no cover

    @property
    def definition(self) -> str:
        """One paragraph: what is counted, over which items, as of when."""
        ...  # pragma: no cover

    @property
    def formula(self) -> str:
        """The formula, in words."""
        ...  # pragma: no cover

    @property
    def source(self) -> str:
        """The rationale or source."""
        ...  # pragma: no cover

    @property
    def default_target(self) -> float | None:
        """The target used when the user sets none."""
        ...  # pragma: no cover

    @property
    def accumulator(self) -> Callable[[IndicatorSpec, EvaluationContext], Accumulator]:
        """Makes a fresh accumulator for one period: ``accumulator(spec, ctx)``."""
        ...  # pragma: no cover

    def label(self, lang: str = "en") -> str:
        """The label in ``lang``."""
        ...  # pragma: no cover


class QuestionTypeProtocol(Protocol):
    """What the survey engine calls on a question type."""

    key: ClassVar[str]
    label: ClassVar[dict[str, str]]
    categorical: ClassVar[bool]

    def check_question(self, question: Question) -> list[str]:
        """Problems with a question's definition for this type."""
        ...  # pragma: no cover

    def parse_cell(self, question: Question, cell: str) -> Any:
        """The answer value written in a CSV cell."""
        ...  # pragma: no cover

    def format_cell(self, question: Question, value: Any) -> str:
        """The CSV cell for a value."""
        ...  # pragma: no cover

    def validate(self, question: Question, answer: Answer) -> list[str]:
        """Problems with a non-empty answer."""
        ...  # pragma: no cover

    def tokens(self, question: Question, answer: Answer) -> frozenset[str]:
        """What an ``equal``/``not_equal`` display condition compares with."""
        ...  # pragma: no cover

    def text(self, question: Question, answer: Answer) -> str:
        """The text a ``matches`` display condition searches."""
        ...  # pragma: no cover

    def categories(self, question: Question, answer: Answer) -> list[str]:
        """The categories of an answer in a cross-tabulation."""
        ...  # pragma: no cover

    def positive(self, question: Question, answer: Answer) -> bool | None:
        """Whether the answer counts as positive."""
        ...  # pragma: no cover

    def accumulator(self, question: Question) -> AnswerAccumulator:
        """A fresh accumulator for the question's answers."""
        ...  # pragma: no cover

    def sample(self, question: Question, rng: random.Random, mood: float, lang: str) -> Answer | None:
        """A plausible answer for synthetic data."""
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

    :class:`participation.exporters.Exporter` is the ready-made implementation. Two
    optional attributes, read with ``getattr`` (see
    :func:`participation.exporters.scope_of`, :func:`~participation.exporters.is_binary`):
    ``scope`` (``"report"``, the default, or ``"data"``: ``write`` then gets an
    :class:`~participation.exporters.data.ExportData` and ``participation export KEY``
    runs it) and ``binary`` (``write`` gets a binary stream).
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
