"""Evaluation indicators: the framework and the built-in indicators by area.

>>> from participation.indicators import builtin_indicators
>>> len(builtin_indicators()) >= 15
True
"""

from participation.indicators.base import (
    AREAS,
    Accumulator,
    Area,
    Direction,
    IndicatorSpec,
    Measurement,
    Target,
    Unit,
)
from participation.indicators.facts import EvaluationContext, SubmissionFacts
from participation.indicators.kinds import (
    activity_days,
    activity_share,
    count_submissions,
    submission_days,
    submission_share,
)
from participation.indicators.sketches import DayHistogram, DistinctCounter, Ratio

__all__ = [
    "AREAS",
    "Accumulator",
    "Area",
    "DayHistogram",
    "Direction",
    "DistinctCounter",
    "EvaluationContext",
    "IndicatorSpec",
    "Measurement",
    "Ratio",
    "SubmissionFacts",
    "Target",
    "Unit",
    "activity_days",
    "activity_share",
    "builtin_indicators",
    "count_submissions",
    "submission_days",
    "submission_share",
]


def builtin_indicators() -> list[IndicatorSpec]:
    """The built-in indicators, in report order."""
    from participation.indicators import (
        closing_the_loop,
        policy_cycle,
        reach,
        responsiveness,
        satisfaction,
        transparency,
    )

    return [*responsiveness.INDICATORS, *closing_the_loop.INDICATORS, *reach.INDICATORS,
            *policy_cycle.INDICATORS, *transparency.INDICATORS, *satisfaction.INDICATORS]
