"""Responsiveness: does the administration answer, on time, with reasons?"""

from __future__ import annotations

from participation.indicators.base import Area, Direction, IndicatorSpec, Unit
from participation.indicators.facts import EvaluationContext, SubmissionFacts
from participation.indicators.kinds import count_submissions, submission_days, submission_share
from participation.indicators.sql import SqlDays, SqlShare
from participation.rules import RuleKind

__all__ = ["INDICATORS"]


# an enum member read from its class takes the slow path of attribute lookup (Python
# 3.11): the tests below run for every submission and period, so they read it from here
_MINIMUM = RuleKind.MINIMUM


def _answered_on_time(f: SubmissionFacts, _ctx: EvaluationContext) -> bool | None:
    if not f.received_in_period or f.rule is None or f.rule.kind is _MINIMUM:
        return None
    if f.answered_at is not None:
        return f.on_time
    return False if f.overdue_at_cutoff else None


def _days(f: SubmissionFacts, _ctx: EvaluationContext) -> int | None:
    return f.days_to_answer if f.received_in_period else None


def _overdue(f: SubmissionFacts, _ctx: EvaluationContext) -> bool | None:
    if not f.open_at_cutoff or f.due_at is None:
        return None
    return f.overdue_at_cutoff


def _acknowledged(f: SubmissionFacts, ctx: EvaluationContext) -> bool | None:
    if not f.received_in_period or f.rule is None or f.rule.kind is _MINIMUM:
        return None
    return f.acknowledged_within(7, ctx)


def _reasoned(f: SubmissionFacts, _ctx: EvaluationContext) -> bool | None:
    response = f.submission.response
    if not f.answered_in_period or response is None:
        return None
    return response.reasoned


# the SQL forms (participation.indicators.sql): the same tests over the facts relation
_OWES_ANSWER_SQL = ("CASE WHEN NOT received_in_period OR rule IS NULL OR rule_kind = 'minimum' "
                    "THEN NULL {cases} END")
_DAYS_SQL = "CASE WHEN received_in_period THEN days_to_answer END"

INDICATORS = [
    IndicatorSpec(
        "answered_on_time", Area.RESPONSIVENESS, {"en": "Answered within the deadline"},
        Unit.SHARE, Direction.HIGHER,
        "Of the submissions received in the period whose answer was due by the cut-off or "
        "that were answered, the share answered before the end of their due day. The due day "
        "follows the deadline rule of the submission (or of its channel), the extensions "
        "recorded in its history and the jurisdiction's working-day calendar. Submissions not "
        "yet due and unanswered are left out; so are channels that owe no answer.",
        "answered before due / (answered + open past due)",
        "Statutory answer terms (e.g. Bulgarian APC art. 118 and 121, APIA art. 28); CAF 2020 "
        "sub-criterion 6.2 (processing time of requests and complaints).",
        submission_share(_answered_on_time, needs="received_in_period"), default_target=0.95,
        sql=SqlShare(_OWES_ANSWER_SQL.format(
            cases="WHEN answered_at IS NOT NULL THEN on_time WHEN overdue_at_cutoff THEN FALSE"))),
    IndicatorSpec(
        "median_days_to_answer", Area.RESPONSIVENESS, {"en": "Median days to answer"},
        Unit.DAYS, Direction.LOWER,
        "The median number of calendar days from receipt to answer, over the submissions "
        "received in the period and answered by the cut-off (nearest-rank, with the mean of "
        "the two middle values for an even count). Days are counted between calendar dates in "
        "the administration's time zone.",
        "median(answer date − receipt date)",
        "CAF 2020 sub-criterion 6.2 (waiting and processing times).",
        submission_days(0.5, _days, needs="received_in_period"), default_target=14,
        sql=SqlDays(_DAYS_SQL)),
    IndicatorSpec(
        "p90_days_to_answer", Area.RESPONSIVENESS, {"en": "90th percentile of days to answer"},
        Unit.DAYS, Direction.LOWER,
        "Nine in ten answered submissions received in the period were answered within this "
        "many calendar days (nearest-rank 90th percentile). It shows the slow tail that a "
        "median hides.",
        "p90(answer date − receipt date)",
        "CAF 2020 sub-criterion 6.2; service-level practice of reporting tail times.",
        submission_days(0.9, _days, needs="received_in_period"), default_target=30,
        sql=SqlDays(_DAYS_SQL)),
    IndicatorSpec(
        "overdue_open", Area.RESPONSIVENESS, {"en": "Open and overdue at the period's end"},
        Unit.COUNT, Direction.LOWER,
        "How many submissions were still open at the cut-off (the end of the period, or the "
        "as-of moment if earlier) and past their due day, whenever they were received. The "
        "denominator is every submission still open at the cut-off that has a due date.",
        "count(open and past due at the cut-off)",
        "Closing the loop: no citizen left without an answer past the legal term.",
        count_submissions(_overdue, needs="open_at_cutoff"), default_target=0,
        sql=SqlShare("CASE WHEN open_at_cutoff AND due_at IS NOT NULL THEN overdue_at_cutoff END")),
    IndicatorSpec(
        "acknowledged_within_7_days", Area.RESPONSIVENESS, {"en": "Acknowledged within 7 days"},
        Unit.SHARE, Direction.HIGHER,
        "Of the submissions received in the period that owe an answer (their channel or "
        "they themselves have a deadline rule), the share acknowledged (or already answered) "
        "within 7 days of receipt: by the end of the 7th calendar day after the day of receipt, "
        "in the administration's time zone, not moved off weekends. Submissions whose 7 days "
        "had not passed at the cut-off and that were not yet acknowledged are left out.",
        "acknowledged within 7 days / received (7 days elapsed)",
        "European Commission minimum standard E, COM(2002) 704 (acknowledgement of receipt); "
        "Directive (EU) 2019/1937 art. 9(1)(b) (7 days).",
        submission_share(_acknowledged, needs="received_in_period"), default_target=0.9,
        sql=SqlShare(_OWES_ANSWER_SQL.format(  # the 7th day after the day of receipt
            cases="WHEN least(acknowledged_at, answered_at) < day_start(received_day + 8) THEN TRUE "
                  "WHEN cutoff < day_start(received_day + 8) THEN NULL ELSE FALSE"))),
    IndicatorSpec(
        "reasoned_answers", Area.RESPONSIVENESS, {"en": "Reasoned answers"},
        Unit.SHARE, Direction.HIGHER,
        "Of the answers given in the period, the share that state their reasons rather than "
        "a form reply. A reasoned answer is what makes an answer useful to the citizen and "
        "what Bulgarian APC art. 123(1) requires for signals.",
        "reasoned answers / answers",
        "Bulgarian APC art. 123(1); OECD Guidelines for Citizen Participation Processes "
        "(2022), step 8 (use citizen input and provide feedback).",
        submission_share(_reasoned, needs="answered_in_period"), default_target=0.9,
        sql=SqlShare("CASE WHEN answered_in_period AND has_response THEN reasoned END")),
]
