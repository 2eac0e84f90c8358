"""The indicator framework: specifications, accumulators and measurements.

An indicator is computed in one streaming pass: the engine makes one
:class:`Accumulator` per indicator and period, feeds it every policy, activity,
submission and survey response once, and asks it to :meth:`~Accumulator.finish`.
All indicators share the pass; none keeps the items it sees, so memory does not
grow with the number of submissions.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

import attrs

from participation.errors import FieldError
from participation.model._checks import key_like, labels

if TYPE_CHECKING:
    from participation.indicators.facts import EvaluationContext, SubmissionFacts
    from participation.indicators.sql import SqlForm
    from participation.model import Activity, Policy

__all__ = [
    "AREAS",
    "Accumulator",
    "Area",
    "Direction",
    "IndicatorSpec",
    "Measurement",
    "Target",
    "Unit",
]


class Area(enum.Enum):
    """The areas indicators are grouped in; scorers score per area."""

    RESPONSIVENESS = "responsiveness"
    CLOSING_THE_LOOP = "closing_the_loop"
    REACH = "reach"
    POLICY_CYCLE = "policy_cycle"
    TRANSPARENCY = "transparency"
    SATISFACTION = "satisfaction"


#: Area keys in report order.
AREAS: tuple[str, ...] = tuple(a.value for a in Area)


class Unit(enum.Enum):
    """What a value is measured in."""

    SHARE = "share"  # 0..1, shown as a percentage
    DAYS = "days"
    COUNT = "count"
    PER_1000 = "per_1000"  # per 1,000 inhabitants
    SCORE = "score"


class Direction(enum.Enum):
    """Which way is better. ``neutral`` indicators describe and are not scored."""

    HIGHER = "higher"
    LOWER = "lower"
    NEUTRAL = "neutral"


@attrs.frozen
class Target:
    """A target (and optional baseline) for one indicator.

    >>> Target("answered_on_time", 0.9).met_by(0.93, Direction.HIGHER)
    True
    >>> Target("median_days_to_answer", 14).met_by(20, Direction.LOWER)
    False
    """

    indicator: str
    value: float
    baseline: float | None = None
    source: str = ""

    def met_by(self, value: float | None, direction: Direction) -> bool | None:
        """Whether ``value`` meets the target; ``None`` without data or direction."""
        if value is None or direction is Direction.NEUTRAL:
            return None
        return value >= self.value if direction is Direction.HIGHER else value <= self.value


@attrs.frozen
class Measurement:
    """The value of one indicator for one period, and what it rests on.

    :param value: the figure, or ``None`` when there is no data (a share with n = 0
        is "no data", never 0 % or 100 %).
    :param numerator: for a share, the count above the line.
    :param denominator: for a share, the count below it.
    :param n: how many items the figure rests on.
    :param detail: JSON-ready extra data for charts (a histogram, a matrix).
    """

    indicator: str
    value: float | None
    n: int
    numerator: float | None = None
    denominator: float | None = None
    target: Target | None = None
    met: bool | None = None
    note: str = ""
    detail: Mapping[str, Any] = attrs.field(factory=dict)

    @property
    def has_data(self) -> bool:
        """Whether there is a value."""
        return self.value is not None

    def with_target(self, target: Target | None, direction: Direction) -> Measurement:
        """A copy judged against ``target``."""
        met = target.met_by(self.value, direction) if target is not None else None
        return attrs.evolve(self, target=target, met=met)


class Accumulator:
    """Sees every item once and returns a :class:`Measurement` at the end.

    Subclasses override the ``add_*`` methods for the inputs they need (the others
    ignore their input, and the engine does not call them) and :meth:`finish`.

    :cvar needs: the name of a :class:`~participation.indicators.SubmissionFacts` flag —
        ``"received_in_period"``, ``"answered_in_period"`` or ``"open_at_cutoff"`` —
        when the accumulator ignores every submission for which that flag is false; the
        engine then feeds it only the others, which saves most of the work for the
        periods of a trend. ``None`` (the default): it sees every submission received
        by the cut-off. How many those were is in ``ctx.tally["submissions"]``.
    """

    needs: str | None = None

    def __init__(self, spec: IndicatorSpec, ctx: EvaluationContext) -> None:
        self.spec = spec
        self.ctx = ctx

    def add_policy(self, policy: Policy) -> None:
        """See one policy."""

    def add_activity(self, activity: Activity) -> None:
        """See one participation activity."""

    def add_submission(self, facts: SubmissionFacts) -> None:
        """See one submission, with the facts the engine derived for this period."""

    def add_survey_response(self, response: Any) -> None:
        """See one survey response."""

    def finish(self) -> Measurement:
        """The measurement."""
        raise NotImplementedError

    def partial(self) -> Any:
        """What this accumulator gathered from submissions, as plain data that pickles, for
        a pass split over processes (:mod:`participation.parallel`); ``None`` (the default)
        when it cannot say: the submissions are then read in one process.

        Together with :meth:`combine` it must keep the figures exact: an accumulator fed
        the submissions of a file in order must end in the same state as a fresh one that
        combines the partials of consecutive parts of the file, in order. The copies that
        read the parts are fresh: they see submissions only, not the policies and
        activities the engine feeds first, so an accumulator whose ``add_submission``
        depends on what those told it must return ``None`` here.
        """
        return None

    def combine(self, partial: Any) -> None:
        """Add what :meth:`partial` of another accumulator of this indicator and period
        gathered from the submissions that come after those this one saw."""
        raise NotImplementedError(f"{type(self).__name__} cannot combine partial passes")


def _check_definition(_inst: object, attribute: attrs.Attribute[str], value: str) -> None:
    if len(value.split()) < 8:
        raise FieldError(attribute.name, "give a one-paragraph definition")


@attrs.frozen
class IndicatorSpec:
    """What an indicator is and how it is computed.

    :param key: registry key (``"answered_on_time"``).
    :param area: the area it belongs to.
    :param labels: label per language (``"en"`` required).
    :param unit: what the value is measured in.
    :param direction: which way is better.
    :param definition: one paragraph: what is counted, over which items, as of when.
    :param formula: the formula, e.g. ``answered by the due date / answers due``.
    :param source: the rationale or source (a standard, a law, a peer platform).
    :param accumulator: ``accumulator(spec, ctx)`` makes a fresh :class:`Accumulator`.
    :param default_target: the target used when the user sets none (``None``: no target).
    :param sql: its SQL form, for ``report --engine duckdb`` (see
        :mod:`participation.indicators.sql`); ``None``: that engine has the default engine
        compute it in the same run.
    """

    key: str = attrs.field(validator=key_like)
    area: Area
    labels: Mapping[str, str] = attrs.field(converter=labels)
    unit: Unit
    direction: Direction
    definition: str = attrs.field(validator=_check_definition)
    formula: str
    source: str
    accumulator: Callable[[IndicatorSpec, EvaluationContext], Accumulator] = attrs.field(eq=False,
                                                                                          repr=False)
    default_target: float | None = None
    sql: SqlForm | None = attrs.field(default=None, eq=False, repr=False)

    def label(self, lang: str = "en") -> str:
        """The label in ``lang``, falling back to English."""
        return self.labels.get(lang) or self.labels["en"]
