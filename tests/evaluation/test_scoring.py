"""The built-in scorers by hand, and the two evaluation hooks."""

from __future__ import annotations

import math
from datetime import date

import attrs
import pytest

from participation import hookimpl
from participation.evaluation import InMemorySource, assess
from participation.indicators import (
    Area,
    Direction,
    IndicatorSpec,
    Measurement,
    Target,
    Unit,
    builtin_indicators,
    submission_share,
)
from participation.model import Period, SubmissionKind
from participation.scoring import AREA_WEIGHTS, AreaScore, CompositeScorer, QuintileScorer, Score, attainment

SPECS = {s.key: s for s in builtin_indicators()}


def _m(key: str, value: float | None, *, num: float | None = None, den: float | None = None,
       n: int = 10) -> Measurement:
    spec = SPECS[key]
    target = Target(key, spec.default_target) if spec.default_target is not None else None
    return Measurement(key, value, n if value is not None else 0, numerator=num,
                       denominator=den).with_target(target, spec.direction)


MEASUREMENTS = {m.indicator: m for m in [
    _m("answered_on_time", 0.76),             # target 0.95: attainment 0.8;   quintile 76 % → 4
    _m("median_days_to_answer", 21),          # target 14:  14 / 21 = 2/3;     quintile 66.7 % → 4
    _m("overdue_open", 2, num=2, den=8),      # target 0:   1 − 2/8 = 0.75;    quintile 75 % → 4
    _m("acknowledged_within_7_days", None),   # no data: left out
    _m("feedback_published", 0.5),            # target 0.8: 0.625;             quintile 50 % → 3
    _m("inputs_taken_into_account", 0.45),    # target 0.3: capped at 1;       quintile 45 % → 3
    _m("in_person_share", 0.3),               # neutral: left out
    _m("participants_per_1000", 5),           # target 10:  0.5;               quintile 50 % → 3
]}


def test_attainment_by_direction() -> None:
    assert attainment(MEASUREMENTS["answered_on_time"], SPECS["answered_on_time"]) == pytest.approx(0.8)
    assert attainment(MEASUREMENTS["median_days_to_answer"], SPECS["median_days_to_answer"]) \
        == pytest.approx(2 / 3)
    assert attainment(MEASUREMENTS["overdue_open"], SPECS["overdue_open"]) == 0.75
    assert attainment(MEASUREMENTS["inputs_taken_into_account"], SPECS["inputs_taken_into_account"]) == 1.0
    assert attainment(MEASUREMENTS["in_person_share"], SPECS["in_person_share"]) is None
    assert attainment(MEASUREMENTS["acknowledged_within_7_days"], SPECS["acknowledged_within_7_days"]) is None
    # lower-is-better at or under target: 1
    assert attainment(_m("median_days_to_answer", 14), SPECS["median_days_to_answer"]) == 1.0


def test_composite_by_hand() -> None:
    score = CompositeScorer().score(MEASUREMENTS, SPECS)
    # areas: responsiveness 100 × (0.8 + 2/3 + 0.75) / 3 = 73.89; closing the loop
    # 100 × (0.625 + 1) / 2 = 81.25; reach 100 × 0.5 = 50. Weights .25, .20, .15 renormalised
    # over .60: 5/12, 1/3, 1/4 → 73.89 × 5/12 + 81.25 / 3 + 50 / 4 = 30.787 + 27.083 + 12.5 = 70.370
    resp, loop, reach = (score.area(a) for a in ("responsiveness", "closing_the_loop", "reach"))
    assert resp.value == pytest.approx(100 * (0.8 + 2 / 3 + 0.75) / 3)
    assert loop.value == pytest.approx(81.25)
    assert reach.value == pytest.approx(50.0)
    assert (resp.weight, loop.weight, reach.weight) == pytest.approx((5 / 12, 1 / 3, 1 / 4))
    assert score.value == pytest.approx(70.37037, abs=1e-4)
    assert [a.area for a in score.areas] == ["responsiveness", "closing_the_loop", "reach"]
    # it explains itself: the contributions add up to the total
    assert math.isclose(sum(a.contribution for a in score.areas), score.value)
    # neutral and no-data indicators take no part
    keys = {k for a in score.areas for k, _ in a.indicators}
    assert keys == {"answered_on_time", "median_days_to_answer", "overdue_open", "feedback_published",
                    "inputs_taken_into_account", "participants_per_1000"}
    assert dict(resp.indicators)["answered_on_time"] == pytest.approx(80.0)
    assert score.scale == (0.0, 100.0)
    assert "renormalised" in score.method


def test_quintile_by_hand() -> None:
    score = QuintileScorer().score(MEASUREMENTS, SPECS)
    # responsiveness (4 + 4 + 4) / 3 = 4; closing the loop (3 + 3) / 2 = 3; reach 3
    # global = mean of the areas = (4 + 3 + 3) / 3 = 3.333
    assert {a.area: a.value for a in score.areas} == {"responsiveness": 4, "closing_the_loop": 3, "reach": 3}
    assert score.value == pytest.approx(10 / 3)
    assert math.isclose(sum(a.contribution for a in score.areas), score.value)
    assert dict(score.area("responsiveness").indicators) == {
        "answered_on_time": 4, "median_days_to_answer": 4, "overdue_open": 4}
    assert score.scale == (1.0, 5.0)


def test_quintile_edges() -> None:
    # 0 % → 1, 19.9 % → 1, 20 % → 2, 80 % → 5, 100 % → 5 (a share of 0.8 is in the top quintile)
    def q(value: float) -> float:
        return QuintileScorer().score({"answered_on_time": _m("answered_on_time", value)}, SPECS).value

    assert [q(v) for v in (0.0, 0.199, 0.2, 0.8, 1.0)] == [1, 1, 2, 5, 5]


def test_scores_without_any_data_are_no_data() -> None:
    empty = {k: _m(k, None) for k in SPECS}
    for scorer in (CompositeScorer(), QuintileScorer()):
        score = scorer.score(empty, SPECS)
        assert score.value is None
        assert score.areas == ()


def test_composite_weights_sum_to_one() -> None:
    assert math.isclose(sum(AREA_WEIGHTS.values()), 1.0)
    assert set(AREA_WEIGHTS) == {a.value for a in Area}


# ---------------------------------------------------------------- hooks
def _praise(f, _ctx):
    return f.submission.kind is SubmissionKind.PRAISE if f.received_in_period else None


PRAISE = IndicatorSpec(
    "x.praise_share", Area.REACH, {"en": "Praise share"}, Unit.SHARE, Direction.HIGHER,
    "Of the submissions received in the period, the share that praise the administration.",
    "praise / submissions", "a test plugin", submission_share(_praise), default_target=0.5)


def test_hook_register_indicators(register_plugin, registry_factory, kit) -> None:
    at = kit.at
    subs = [kit.submission(at(2025, 6, 2), kind=SubmissionKind.PRAISE),
            kit.submission(at(2025, 6, 3)), kit.submission(at(2025, 6, 4)), kit.submission(at(2025, 6, 5))]
    source = InMemorySource(submissions=subs)
    before = assess(kit.admin, Period.parse("2025-Q2"), source, registry_factory())
    assert "x.praise_share" not in before.measurements

    class Plugin:
        @hookimpl
        def register_indicators(self) -> list[IndicatorSpec]:
            return [PRAISE]

    register_plugin(Plugin())
    after = assess(kit.admin, Period.parse("2025-Q2"), source, registry_factory())
    m = after.measurements["x.praise_share"]
    # 1 praise / 4 submissions; target 0.5 → not met, attainment 0.5 joins the reach area
    assert (m.value, m.met) == (0.25, False)
    assert after.previous["x.praise_share"].value is None  # Q1: no data
    assert all("x.praise_share" in ms for ms in after.trends.values())  # months of Q2
    reach = after.score("composite").area("reach")
    assert ("x.praise_share", 50.0) in reach.indicators
    assert after.score("composite").value != before.score("composite").value


@attrs.frozen
class WorstArea:
    key: str = "x.worst_area"
    label: str = "Worst area"
    method: str = "The lowest quintile area score: a chain is as strong as its weakest link."

    def score(self, measurements, specs) -> Score:
        base = QuintileScorer().score(measurements, specs)
        worst = min(base.areas, key=lambda a: a.value, default=None)
        areas = () if worst is None else (AreaScore(worst.area, worst.value, 1.0, worst.value,
                                                    worst.indicators),)
        return Score(self.key, None if worst is None else worst.value, (1.0, 5.0), areas, self.method)


def test_hook_register_scorers(register_plugin, registry_factory, kit) -> None:
    at = kit.at
    subs = [kit.submission(at(2025, 6, 2), answered=at(2025, 6, 3)),
            kit.submission(at(2025, 6, 2), answered=at(2025, 8, 20))]
    acts = [kit.activity(date(2025, 4, 1), date(2025, 4, 30))]
    source = InMemorySource(submissions=subs, activities=acts)
    before = assess(kit.admin, Period.parse("2025-Q2"), source, registry_factory())
    assert [s.scorer for s in before.scores] == ["composite", "quintile"]

    class Plugin:
        @hookimpl
        def register_scorers(self):
            return [WorstArea()]

    register_plugin(Plugin())
    after = assess(kit.admin, Period.parse("2025-Q2"), source, registry_factory())
    assert [s.scorer for s in after.scores] == ["composite", "quintile", "x.worst_area"]
    worst = after.score("x.worst_area")
    quintile = after.score("quintile")
    assert worst.value == min(a.value for a in quintile.areas)
    assert [s.scorer for s in after.previous_scores] == ["composite", "quintile", "x.worst_area"]
    assert after.measurements == before.measurements  # a scorer changes scores, not figures


def test_a_share_without_target_counts_in_the_quintile_score_only() -> None:
    spec = attrs.evolve(SPECS["answers_published"], default_target=None)
    specs = {**SPECS, "answers_published": spec}
    m = {"answers_published": Measurement("answers_published", 0.45, 20)}
    assert CompositeScorer().score(m, specs).value is None
    # 45 % → quintile 3
    assert QuintileScorer().score(m, specs).value == 3
