"""Closing the loop: is what citizens say used, and are they told what was done?"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from participation.indicators.base import Accumulator, Area, Direction, IndicatorSpec, Measurement, Unit
from participation.indicators.facts import EvaluationContext, SubmissionFacts
from participation.indicators.kinds import activity_days, activity_share, submission_share
from participation.indicators.sketches import Ratio
from participation.indicators.sql import SqlShare, sql_list
from participation.model import Activity, Outcome, ParticipationLevel, SubmissionKind

__all__ = ["INDICATORS", "ended_in_period"]


def ended_in_period(activity: Activity, ctx: EvaluationContext) -> bool:
    """The activity ended inside the period and by the cut-off: its last day was over
    (an activity whose last day is the as-of day is still running)."""
    end = activity.window.end
    if end is None or not ctx.period.start <= end <= ctx.period.end:
        return False
    return datetime.combine(end + timedelta(days=1), time.min, tzinfo=ctx.tz) <= ctx.cutoff


def _takes_inputs(activity: Activity) -> bool:
    return activity.level >= ParticipationLevel.CONSULTATION


def _feedback_published(a: Activity, ctx: EvaluationContext) -> bool | None:
    if not ended_in_period(a, ctx) or not _takes_inputs(a):
        return None
    return a.feedback_published_at is not None and a.feedback_published_at <= ctx.cutoff


def _days_to_report(a: Activity, ctx: EvaluationContext) -> int | None:
    if not ended_in_period(a, ctx) or a.feedback_published_at is None or a.window.end is None:
        return None
    if a.feedback_published_at > ctx.cutoff:
        return None
    return max(0, (a.feedback_published_at.astimezone(ctx.tz).date() - a.window.end).days)


class _InputsTaken(Accumulator):
    def __init__(self, spec: IndicatorSpec, ctx: EvaluationContext) -> None:
        super().__init__(spec, ctx)
        self.ratio = Ratio()
        self.activities = 0

    def add_activity(self, activity: Activity) -> None:
        if (ended_in_period(activity, self.ctx) and activity.inputs_received
                and activity.inputs_taken_into_account is not None):  # None: unknown
            self.ratio.add_counts(activity.inputs_taken_into_account, activity.inputs_received)
            self.activities += 1

    def finish(self) -> Measurement:
        return Measurement(self.spec.key, self.ratio.value, self.activities,
                           numerator=self.ratio.numerator, denominator=self.ratio.denominator,
                           note="" if self.activities else "no data: no activity received inputs")


_DECIDED = {Outcome.ACCEPTED, Outcome.PARTLY_ACCEPTED, Outcome.REJECTED}
# read from here, not from their class: see responsiveness._MINIMUM
_PROPOSAL, _REJECTED = SubmissionKind.PROPOSAL, Outcome.REJECTED


def _proposal_accepted(f: SubmissionFacts, _ctx: EvaluationContext) -> bool | None:
    response = f.submission.response
    if (not f.answered_in_period or response is None or f.submission.kind is not _PROPOSAL
            or response.outcome not in _DECIDED):
        return None
    return response.outcome is not _REJECTED


INDICATORS = [
    IndicatorSpec(
        "feedback_published", Area.CLOSING_THE_LOOP, {"en": "Activities with a feedback report"},
        Unit.SHARE, Direction.HIGHER,
        "Of the participation activities at consultation level or above that ended in the "
        "period, the share whose feedback report (\"what we did with your input\") was "
        "published by the cut-off. Information-only activities are left out: they take no "
        "input to report on.",
        "activities with a published feedback report / activities that ended",
        "CoE Code of Good Practice (2009): feedback on the responses received at the drafting "
        "step; Bulgarian LNA art. 26(5) (summary of proposals before adoption).",
        activity_share(_feedback_published), default_target=0.8),
    IndicatorSpec(
        "inputs_taken_into_account", Area.CLOSING_THE_LOOP, {"en": "Inputs taken into account"},
        Unit.SHARE, Direction.HIGHER,
        "Of all inputs (proposals, comments, opinions) received by the activities that ended "
        "in the period, the share that changed the policy fully or in part. Each input weighs "
        "the same, so large consultations weigh more than small round tables.",
        "Σ inputs taken into account / Σ inputs received",
        "Decidim democratic-quality indicators (influence: share of accepted proposals); "
        "OECD Guidelines (2022), principle of commitment and accountability.",
        lambda spec, ctx: _InputsTaken(spec, ctx), default_target=0.3),
    IndicatorSpec(
        "days_to_feedback_report", Area.CLOSING_THE_LOOP, {"en": "Days from activity end to feedback report"},
        Unit.DAYS, Direction.LOWER,
        "The median number of calendar days from the last day of an activity that ended in "
        "the period to the publication of its feedback report, over the activities whose "
        "report was published by the cut-off.",
        "median(report date − activity end date)",
        "OECD Guidelines (2022), step 8: timely feedback to participants.",
        activity_days(0.5, _days_to_report), default_target=30),
    IndicatorSpec(
        "proposals_accepted", Area.CLOSING_THE_LOOP, {"en": "Citizen proposals accepted"},
        Unit.SHARE, Direction.HIGHER,
        "Of the citizens' proposals decided in the period (accepted, partly accepted or "
        "rejected), the share accepted fully or in part.",
        "(accepted + partly accepted) / decided proposals",
        "Decidim democratic-quality indicators (influence); Bulgarian APC art. 118.",
        submission_share(_proposal_accepted, needs="answered_in_period"), default_target=0.3,
        sql=SqlShare("CASE WHEN answered_in_period AND has_response AND kind = 'proposal' AND "
                     f"outcome IN {sql_list(_DECIDED)} THEN outcome <> 'rejected' END")),
]
