"""Recommending practices for an assessment's weakest areas, with the reason.

An assessment is anything with a ``weakest_areas`` attribute — a sequence of area
keys or of objects with an ``.area`` attribute (and optionally ``.label`` and
``.score``) — or a parsed ``report.json`` dict::

    {"weakest_areas": [{"area": "closing_the_loop", "label": "Closing the loop",
                        "score": 31.5}, ...]}

The weakest area comes first. Practices are ranked by the number of weak areas they
address (more first), then by the weakest area they address (weaker first), then by
evidence (more figures with a year first), then by id. Two weaker areas therefore
always outrank the weakest area alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from participation.catalogue.fields import display
from participation.catalogue.model import EvaluationArea, Practice
from participation.errors import FieldError, InvalidDocumentError, Problem
from participation.files import read_utf8

__all__ = ["Recommendation", "WeakArea", "read_assessment", "recommend", "weakest_areas"]


@attrs.frozen
class WeakArea:
    """An evaluation area the assessment scored low, weakest first."""

    area: str
    label: str = ""
    score: float | None = None

    def describe(self) -> str:
        """``"Closing the loop (closing_the_loop, score 31.5)"``."""
        score = "" if self.score is None else f", score {display(self.score)}"
        name = self.label or self.area.replace("_", " ")
        return f"{name} ({self.area}{score})"


def _weak_area(item: Any, where: str) -> WeakArea:
    if isinstance(item, str):
        return WeakArea(item)
    if isinstance(item, EvaluationArea):
        return WeakArea(item.value)
    if isinstance(item, Mapping):
        area, label, score = item.get("area"), item.get("label", ""), item.get("score")
    else:
        area = getattr(item, "area", None)
        label, score = getattr(item, "label", ""), getattr(item, "score", None)
    if isinstance(area, EvaluationArea):
        area = area.value
    if not isinstance(area, str) or not area:
        raise InvalidDocumentError([Problem(where, "expected an area key or an object with "
                                            "an 'area' key")])
    if score is not None and (isinstance(score, bool) or not isinstance(score, int | float)):
        raise InvalidDocumentError([Problem(f"{where}.score", f"expected a number, got "
                                            f"{score!r}")])
    return WeakArea(area, str(label or ""), score)


def weakest_areas(assessment: Any) -> list[WeakArea]:
    """The weakest areas of ``assessment`` (an object or a report dict), weakest first.

    >>> [w.area for w in weakest_areas({"weakest_areas": [{"area": "reach", "score": 20}]})]
    ['reach']

    :raises InvalidDocumentError: there is no ``weakest_areas`` list, or an item is bad.
    """
    if isinstance(assessment, Mapping):
        if "weakest_areas" not in assessment:
            raise InvalidDocumentError([Problem("$.weakest_areas", "required field is missing")])
        items = assessment["weakest_areas"]
    elif hasattr(assessment, "weakest_areas"):
        items = assessment.weakest_areas
    else:
        raise InvalidDocumentError([Problem("$", "expected an assessment with weakest_areas, "
                                            f"got {type(assessment).__name__}")])
    if isinstance(items, str | bytes) or not isinstance(items, Iterable):
        raise InvalidDocumentError([Problem("$.weakest_areas", "expected a list")])
    return [_weak_area(item, f"$.weakest_areas[{i}]") for i, item in enumerate(items)]


def read_assessment(path: str | Path) -> dict[str, Any]:
    """Read a ``report.json`` file and check it names its weakest areas.

    :raises InvalidDocumentError: not UTF-8, not JSON, not an object, or no
        ``weakest_areas``.
    :raises OSError: the file cannot be read.
    """
    p = Path(path)
    from participation.serialization import parse_json  # serialization imports the catalogue

    try:
        data = parse_json(read_utf8(p))
    except InvalidDocumentError as exc:
        raise InvalidDocumentError([attrs.evolve(q, source=str(p)) for q in exc.problems]) from None
    if not isinstance(data, dict):
        raise InvalidDocumentError([Problem("$", "expected a JSON object", source=str(p))])
    try:
        weakest_areas(data)
    except InvalidDocumentError as exc:
        raise InvalidDocumentError([attrs.evolve(q, source=str(p))
                                    for q in exc.problems]) from None
    return data


@attrs.frozen
class Recommendation:
    """A practice recommended for some of the weakest areas, and why.

    ``score`` summarises the ranking in one number that orders like it: the number
    of weak areas addressed, plus a fraction for how weak the weakest of them is,
    plus a smaller fraction for evidence. Its integer part is the number of areas.
    """

    practice: Practice
    areas: tuple[WeakArea, ...]
    score: float
    reason: str


def recommend(practices: Sequence[Practice], assessment: Any, k: int = 5) -> list[Recommendation]:
    """The ``k`` practices that best address the assessment's weakest areas.

    Areas the catalogue does not know are ignored; when no weak area is known, the
    result is empty.

    :raises FieldError: ``k`` is not positive.
    :raises InvalidDocumentError: the assessment does not name its weakest areas.
    """
    if k < 1:
        raise FieldError("k", f"must be at least 1, got {k}")
    weak = [w for w in weakest_areas(assessment)
            if w.area in {a.value for a in EvaluationArea}]
    rank = {w.area: i for i, w in enumerate(weak)}
    ranked = []
    for practice in practices:
        matched = [w for w in weak if EvaluationArea(w.area) in practice.addresses]
        if not matched:
            continue
        weakest = min(rank[w.area] for w in matched)
        # a well-evidenced practice (figures with years, up to five) breaks ties
        evidence = min(len([f for f in practice.figures if f.year is not None]), 5)
        step = 1 / (len(weak) + 1)
        score = len(matched) + (len(weak) - weakest) * step + evidence * step / 6
        parts = [f"addresses {w.describe()}: "
                 f"{practice.addresses[EvaluationArea(w.area)].rstrip('. ')}" for w in matched]
        ranked.append(((-len(matched), weakest, -evidence, practice.id),
                       Recommendation(practice, tuple(matched), round(score, 3),
                                      "; ".join(parts))))
    ranked.sort(key=lambda pair: pair[0])
    return [rec for _, rec in ranked[:k]]
