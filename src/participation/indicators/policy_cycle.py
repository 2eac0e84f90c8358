"""Policy cycle: is civil society involved at every stage, at real levels, long enough?"""

from __future__ import annotations

from participation.indicators.base import Accumulator, Area, Direction, IndicatorSpec, Measurement, Unit
from participation.indicators.closing_the_loop import ended_in_period
from participation.indicators.facts import EvaluationContext
from participation.indicators.kinds import activity_share
from participation.indicators.reach import overlaps_period, window_in_period
from participation.model import Activity, ActivityKind, ParticipationLevel, Policy, Stage

__all__ = ["INDICATORS", "consultation_meets_minimum"]


class _Coverage(Accumulator):
    def __init__(self, spec: IndicatorSpec, ctx: EvaluationContext) -> None:
        super().__init__(spec, ctx)
        self.matrix: dict[tuple[Stage, ParticipationLevel], int] = {}
        self.n = 0

    def add_activity(self, activity: Activity) -> None:
        if overlaps_period(activity, self.ctx):
            cell = (activity.stage, activity.level)
            self.matrix[cell] = self.matrix.get(cell, 0) + 1
            self.n += 1

    def finish(self) -> Measurement:
        cells = len(Stage) * len(ParticipationLevel)
        matrix = {s.value: {lv.value: self.matrix.get((s, lv), 0) for lv in ParticipationLevel}
                  for s in Stage}
        return Measurement(self.spec.key, len(self.matrix) / cells if self.n else None, self.n,
                           numerator=float(len(self.matrix)), denominator=float(cells),
                           note="" if self.n else "no data: no activities in the period",
                           detail={"matrix": matrix})


class _DraftingParticipation(Accumulator):
    def __init__(self, spec: IndicatorSpec, ctx: EvaluationContext) -> None:
        super().__init__(spec, ctx)
        self.drafting: set[str] = set()
        self.involved: set[str] = set()

    def add_policy(self, policy: Policy) -> None:
        for sw in policy.stages:
            if sw.stage is Stage.DRAFTING and window_in_period(sw.window, self.ctx):
                self.drafting.add(policy.id)

    def add_activity(self, activity: Activity) -> None:
        if (activity.policy_id is not None and activity.stage is Stage.DRAFTING
                and activity.level >= ParticipationLevel.CONSULTATION
                and overlaps_period(activity, self.ctx)):
            self.involved.add(activity.policy_id)

    def finish(self) -> Measurement:
        n = len(self.drafting)
        hits = len(self.drafting & self.involved)
        return Measurement(self.spec.key, hits / n if n else None, n, numerator=float(hits),
                           denominator=float(n),
                           note="" if n else "no data: no policy was being drafted in the period")


def consultation_meets_minimum(activity: Activity, ctx: EvaluationContext) -> bool | None:
    """Whether a consultation that ended in the period stayed open at least its legal
    minimum; ``None`` for other activities or when no minimum applies."""
    if (activity.kind is not ActivityKind.PUBLIC_CONSULTATION or not ended_in_period(activity, ctx)
            or activity.minimum_rule is None or activity.window.end is None):
        return None
    rule = ctx.registry.deadline_rules.get(activity.minimum_rule)
    if rule is None:
        return None
    exceptional = activity.exceptional and rule.exceptional_term is not None
    minimum_end = rule.compute(activity.window.start, ctx.calendar, exceptional=exceptional).due
    return activity.window.end >= minimum_end


INDICATORS = [
    IndicatorSpec(
        "stage_level_coverage", Area.POLICY_CYCLE, {"en": "Coverage of the stage × level matrix"},
        Unit.SHARE, Direction.HIGHER,
        "Of the 24 cells of the Council of Europe matrix (six stages of the decision-making "
        "process × four levels of participation), the share in which at least one activity "
        "ran during the period. It rewards involving people at every stage, not only at "
        "drafting, and beyond mere information.",
        "cells with an activity / 24",
        "Council of Europe, Code of Good Practice for Civil Participation in the "
        "Decision-Making Process (2009), civil participation matrix.",
        lambda spec, ctx: _Coverage(spec, ctx), default_target=0.5),
    IndicatorSpec(
        "drafting_participation", Area.POLICY_CYCLE, {"en": "Policies with participation at drafting"},
        Unit.SHARE, Direction.HIGHER,
        "Of the policies that were in their drafting stage during the period, the share for "
        "which at least one activity at consultation level or above was held at the drafting "
        "stage during the period.",
        "policies drafted with participation / policies drafted",
        "CoE Code (2009), step 2 (drafting); Bulgarian LNA art. 26 (mandatory public "
        "consultation of drafts).",
        lambda spec, ctx: _DraftingParticipation(spec, ctx), default_target=1.0),
    IndicatorSpec(
        "consultations_min_length", Area.POLICY_CYCLE,
        {"en": "Consultations meeting the legal minimum length"},
        Unit.SHARE, Direction.HIGHER,
        "Of the public consultations that ended in the period and name the rule setting their "
        "minimum length, the share that stayed open at least that long, counted from the day "
        "after publication; the shorter exceptional term counts only when the consultation "
        "records its reasons.",
        "consultations open ≥ legal minimum / consultations with a minimum",
        "Bulgarian LNA art. 26(4) (30 days, 14 in reasoned exceptional cases); European "
        "Commission Better Regulation (12 weeks).",
        activity_share(consultation_meets_minimum), default_target=1.0),
]
