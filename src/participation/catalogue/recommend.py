"""Recommending practices for an assessment's weakest areas, weighing whether the
administration can adopt them, with the reason for every score.

An assessment is anything with a ``weakest_areas`` attribute — a sequence of area
keys or of objects with an ``.area`` attribute (and optionally ``.label`` and
``.score``) — or a parsed ``report.json`` dict::

    {"administration": {"level": "regional", ...},
     "weakest_areas": [{"area": "closing_the_loop", "label": "Closing the loop",
                        "score": 31.5}, ...]}

The weakest area comes first. An area that is not an evaluation area is an error.

**Transferability** comes first when the administration's level of government is
known (from ``administration=``, ``level=``, or the assessment's own
administration). Each practice gets one of:

* ``adopt`` — run at the same level, by an executive, without national legislation:
  the administration can take it over as it is (+20);
* ``adapt`` — run at another level or by civil society, but needing no national law:
  it can be adapted (+10);
* ``other_body`` — it needs national legislation (for an administration below the
  national level) or is run by a parliament: the administration cannot adopt it
  alone (+0).

Within a tier, practices are ranked by the number of weak areas they address (more
first, +1 each), then by the weakest area they address (weaker first, a fraction),
then by evidence (figures with a year, up to five, a smaller fraction), then by id.
Two weaker areas therefore always outrank the weakest area alone, and every part of
the score is listed in :attr:`Recommendation.explanation`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from participation.catalogue.fields import display
from participation.catalogue.model import EvaluationArea, Practice, RunBy
from participation.errors import FieldError, InvalidDocumentError, Problem, UnknownKeyError
from participation.files import read_utf8
from participation.model import GovernmentLevel

__all__ = ["TIERS", "Recommendation", "Transfer", "WeakArea", "read_assessment", "recommend",
           "transferability", "weakest_areas"]


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


#: Transferability tiers, best first, with their points.
TIERS: dict[str, int] = {"adopt": 20, "adapt": 10, "other_body": 0}


@attrs.frozen
class Transfer:
    """Whether an administration at some level can adopt a practice, and why."""

    tier: str
    reasons: tuple[str, ...]

    @property
    def points(self) -> int:
        """The points the tier adds to the score."""
        return TIERS.get(self.tier, 0)


def transferability(practice: Practice, level: GovernmentLevel | None) -> Transfer | None:
    """Whether an administration at ``level`` can adopt ``practice`` (``None`` when the
    level is not known).

    >>> from participation.catalogue.model import RunBy
    >>> p = Practice(id="x", name="X", country="FI", level=GovernmentLevel.NATIONAL,
    ...              run_by=RunBy.GOVERNMENT, needs_national_law=True,
    ...              sources=("https://example.org",))
    >>> t = transferability(p, GovernmentLevel.REGIONAL)
    >>> t.tier, t.reasons[0]
    ('other_body', 'needs national legislation, which a regional administration cannot pass')
    """
    if level is None:
        return None
    blockers: list[str] = []
    if practice.needs_national_law and level is not GovernmentLevel.NATIONAL:
        blockers.append(f"needs national legislation, which a {level.value} administration "
                        "cannot pass")
    if practice.run_by is RunBy.PARLIAMENT:
        blockers.append("is run by a parliament, not by an administration")
    if blockers:
        return Transfer("other_body", tuple(blockers))
    differences: list[str] = []
    if practice.level is not None and practice.level is not level:
        differences.append(f"runs at the {practice.level.value} level, not the {level.value}")
    if practice.level is None:
        differences.append("its level of government is not recorded")
    if practice.run_by is None:
        differences.append("who runs it is not recorded")
    if practice.run_by is RunBy.CIVIL_SOCIETY:
        differences.append("is run by civil society: the administration would partner or "
                           "take it over")
    if practice.needs_national_law is None:
        differences.append("whether it needs national legislation is not recorded")
    if differences:
        return Transfer("adapt", tuple(differences))
    return Transfer("adopt", (f"runs at the {level.value} level without national legislation",))


def _level_of(assessment: Any, administration: Any, level: Any) -> GovernmentLevel | None:
    if level is not None:
        if isinstance(level, GovernmentLevel):
            return level
        try:
            return GovernmentLevel(str(level).strip().lower())
        except ValueError:
            raise UnknownKeyError("level of government", str(level),
                                  [lv.value for lv in GovernmentLevel]) from None
    admin = administration
    if admin is None:
        admin = (assessment.get("administration") if isinstance(assessment, Mapping)
                 else getattr(assessment, "administration", None))
    if admin is None:
        return None
    found = admin.get("level") if isinstance(admin, Mapping) else getattr(admin, "level", None)
    return None if found is None else _level_of(None, None, found)


@attrs.frozen
class Recommendation:
    """A practice recommended for some of the weakest areas, and why.

    ``score`` orders like the ranking: transferability points (see :data:`TIERS`),
    plus one per weak area addressed, plus a fraction for how weak the weakest of them
    is, plus a smaller fraction for evidence. ``explanation`` lists each part.
    ``transfer`` is the tier (``adopt``, ``adapt``, ``other_body``) or ``""`` when the
    administration's level is not known.
    """

    practice: Practice
    areas: tuple[WeakArea, ...]
    score: float
    reason: str
    transfer: str = ""
    explanation: tuple[str, ...] = ()


def recommend(practices: Sequence[Practice], assessment: Any, k: int = 5, *,
              administration: Any = None, level: Any = None) -> list[Recommendation]:
    """The ``k`` practices that best address the assessment's weakest areas, those
    the administration can adopt first.

    :param administration: whose level of government to weigh (default: the
        assessment's ``administration``, if any).
    :param level: a :class:`~participation.model.GovernmentLevel` (or its text),
        instead of an administration.
    :raises FieldError: ``k`` is not positive.
    :raises UnknownKeyError: an area is not an evaluation area, or the level unknown.
    :raises InvalidDocumentError: the assessment does not name its weakest areas.
    """
    if k < 1:
        raise FieldError("k", f"must be at least 1, got {k}")
    known = [a.value for a in EvaluationArea]
    weak = weakest_areas(assessment)
    for w in weak:
        if w.area not in known:
            raise UnknownKeyError("evaluation area", w.area, known)
    admin_level = _level_of(assessment, administration, level)
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
        transfer = transferability(practice, admin_level)
        points = transfer.points if transfer else 0
        weak_part = (len(weak) - weakest) * step
        evidence_part = evidence * step / 6
        score = points + len(matched) + weak_part + evidence_part
        parts = [f"addresses {w.describe()}: "
                 f"{practice.addresses[EvaluationArea(w.area)].rstrip('. ')}" for w in matched]
        explanation = []
        if transfer is not None:
            explanation.append(f"{transfer.tier} (+{transfer.points}): "
                               + "; ".join(transfer.reasons))
        explanation += [
            f"weak areas addressed: {len(matched)} (+{len(matched)})",
            f"weakest area addressed is number {weakest + 1} of {len(weak)} "
            f"(+{weak_part:.3f})",
            f"figures with a year: {evidence} (+{evidence_part:.3f})",
        ]
        tier_rank = list(TIERS).index(transfer.tier) if transfer else 0
        ranked.append(((tier_rank, -len(matched), weakest, -evidence, practice.id),
                       Recommendation(practice, tuple(matched), round(score, 3),
                                      "; ".join(parts), transfer.tier if transfer else "",
                                      tuple(explanation))))
    ranked.sort(key=lambda pair: pair[0])
    return [rec for _, rec in ranked[:k]]
