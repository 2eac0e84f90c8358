"""Built-in indicators and scorers."""

from __future__ import annotations

from participation.indicators import IndicatorSpec, builtin_indicators
from participation.plugins import hookimpl
from participation.scoring import CompositeScorer, QuintileScorer, Scorer


@hookimpl
def register_indicators() -> list[IndicatorSpec]:
    """The built-in indicators (responsiveness, closing the loop, reach, policy cycle,
    transparency, satisfaction)."""
    return builtin_indicators()


@hookimpl
def register_scorers() -> list[Scorer]:
    """The 0–100 composite index and the 1–5 quintile score."""
    return [CompositeScorer(), QuintileScorer()]
