"""Scorers turn measurements into scores that explain themselves.

Built in (through ``register_scorers``):

- ``composite`` — a 0–100 index: each indicator's *attainment* of its target
  (0..1), averaged per area, then weighted across areas (:data:`AREA_WEIGHTS`,
  renormalised over the areas that have data).
- ``quintile`` — a 1–5 score per area in the style of Decidim's democratic-quality
  indicators: each indicator's percentage falls in a quintile (0–20 % → 1 …
  80–100 % → 5); an area scores the mean of its indicators; the global score is the
  mean of the areas.

Neutral indicators and indicators without data do not count; nor, in the composite,
indicators without a target (the quintile score reads a share as it is, target or not).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import attrs

from participation.indicators.base import AREAS, Direction, IndicatorSpec, Measurement, Unit
from participation.model.protocols import ScorerProtocol

__all__ = [
    "AREA_WEIGHTS",
    "AreaScore",
    "CompositeScorer",
    "QuintileScorer",
    "Score",
    "Scorer",
    "attainment",
]

#: Weights of the areas in the composite index (they sum to 1). Responsiveness
#: weighs most: answering on time is the legal core of the feedback mechanism;
#: closing the loop and the policy cycle follow as the heart of participation;
#: reach, transparency and satisfaction complete the picture.
AREA_WEIGHTS: Mapping[str, float] = {
    "responsiveness": 0.25,
    "closing_the_loop": 0.20,
    "policy_cycle": 0.20,
    "reach": 0.15,
    "transparency": 0.10,
    "satisfaction": 0.10,
}


@attrs.frozen
class AreaScore:
    """One area's part of a score.

    :param indicators: (indicator key, its score on the scorer's scale) that made it.
    :param contribution: what the area adds to the total (weight × value, renormalised).
    """

    area: str
    value: float | None
    weight: float
    contribution: float
    indicators: tuple[tuple[str, float], ...]


@attrs.frozen
class Score:
    """A scorer's verdict: the total, its scale, and every area's part in it."""

    scorer: str
    value: float | None
    scale: tuple[float, float]
    areas: tuple[AreaScore, ...]
    method: str

    def area(self, key: str) -> AreaScore | None:
        """The part of area ``key``."""
        return next((a for a in self.areas if a.area == key), None)


#: What ``register_scorers`` contributes (defined with the other contribution protocols).
Scorer = ScorerProtocol


def attainment(m: Measurement, spec: IndicatorSpec) -> float | None:
    """How far ``m`` reaches its target, from 0 to 1; ``None`` when it cannot be judged.

    Higher-is-better: value / target, capped at 1. Lower-is-better: 1 at or under the
    target, else target / value; with a target of 0, the share of the denominator that
    is not counted (e.g. open submissions that are not overdue).

    >>> from participation.indicators import Target
    >>> from participation.indicators.responsiveness import INDICATORS
    >>> spec = {s.key: s for s in INDICATORS}["median_days_to_answer"]
    >>> attainment(Measurement("median_days_to_answer", 21, 10, target=Target("x", 14)), spec)
    0.6666666666666666
    """
    if m.value is None or m.target is None or spec.direction is Direction.NEUTRAL:
        return None
    value, target = m.value, m.target.value
    if spec.direction is Direction.HIGHER:
        return 1.0 if target <= 0 else max(0.0, min(1.0, value / target))
    if value <= target:
        return 1.0
    if target > 0:
        return target / value
    if m.numerator is not None and m.denominator:
        return max(0.0, 1.0 - m.numerator / m.denominator)
    return 0.0


def _by_area(measurements: Mapping[str, Measurement], specs: Mapping[str, IndicatorSpec],
             judge: object) -> dict[str, list[tuple[str, float]]]:
    out: dict[str, list[tuple[str, float]]] = {}
    for key, m in measurements.items():
        spec = specs.get(key)
        if spec is None:
            continue
        v = judge(m, spec)  # type: ignore[operator]
        if v is not None:
            out.setdefault(spec.area.value, []).append((key, float(v)))
    return out


def _areas_in_order(keys: Sequence[str]) -> list[str]:
    known = [a for a in AREAS if a in keys]
    return known + sorted(k for k in keys if k not in AREAS)


@attrs.frozen
class CompositeScorer:
    """The 0–100 composite index (see the module docs)."""

    key: str = "composite"
    label: str = "Composite index (0–100)"
    weights: Mapping[str, float] = attrs.field(factory=lambda: dict(AREA_WEIGHTS))
    method: str = ("Each indicator's attainment of its target (0–1) is averaged within its "
                   "area; areas are weighted (responsiveness 25 %, closing the loop 20 %, policy "
                   "cycle 20 %, reach 15 %, transparency 10 %, satisfaction 10 %), the weights "
                   "renormalised over the areas with data, and the result scaled to 0–100.")

    def score(self, measurements: Mapping[str, Measurement],
              specs: Mapping[str, IndicatorSpec]) -> Score:
        """Score the measurements of one period."""
        per_area = _by_area(measurements, specs, attainment)
        total_weight = sum(self.weights.get(a, 0.0) for a in per_area)
        areas = []
        total = 0.0
        for area in _areas_in_order(list(per_area)):
            items = per_area[area]
            value = 100 * sum(v for _, v in items) / len(items)
            weight = self.weights.get(area, 0.0) / total_weight if total_weight else 0.0
            total += weight * value
            areas.append(AreaScore(area, value, weight, weight * value,
                                   tuple((k, 100 * v) for k, v in items)))
        return Score(self.key, total if areas else None, (0.0, 100.0), tuple(areas), self.method)


def _percent(m: Measurement, spec: IndicatorSpec) -> float | None:
    if m.value is None or spec.direction is Direction.NEUTRAL:
        return None
    if spec.unit is Unit.SHARE:
        return 100 * (m.value if spec.direction is Direction.HIGHER else 1 - m.value)
    a = attainment(m, spec)
    return None if a is None else 100 * a


def quintile(percent: float) -> int:
    """1–5 from a percentage: 0–20 → 1, 20–40 → 2, …, 80–100 → 5.

    >>> [quintile(p) for p in (0, 19.9, 20, 55, 80, 100)]
    [1, 1, 2, 3, 5, 5]
    """
    return 1 + min(4, max(0, math.floor(percent / 20)))


@attrs.frozen
class QuintileScorer:
    """The 1–5 per-area score in the style of Decidim's democratic-quality indicators."""

    key: str = "quintile"
    label: str = "Quintile score per area (1–5)"
    method: str = ("Each indicator is expressed as a percentage (a share as it is, or turned "
                   "round when lower is better; other units as their attainment of the target) "
                   "and placed in a quintile, 0–20 % → 1 … 80–100 % → 5. An area scores the "
                   "mean of its indicators, and the global score is the mean of the areas, as "
                   "Decidim's democratic-quality indicators do.")

    def score(self, measurements: Mapping[str, Measurement],
              specs: Mapping[str, IndicatorSpec]) -> Score:
        """Score the measurements of one period."""
        per_area = _by_area(measurements, specs,
                            lambda m, s: None if (p := _percent(m, s)) is None else quintile(p))
        areas = []
        for area in _areas_in_order(list(per_area)):
            items = per_area[area]
            value = sum(v for _, v in items) / len(items)
            areas.append(AreaScore(area, value, 1 / len(per_area), value / len(per_area),
                                   tuple(items)))
        total = sum(a.contribution for a in areas) if areas else None
        return Score(self.key, total, (1.0, 5.0), tuple(areas), self.method)
