"""Transparency: are answers public, and is information given when asked for?"""

from __future__ import annotations

from participation.indicators.base import Area, Direction, IndicatorSpec, Unit
from participation.indicators.facts import EvaluationContext, SubmissionFacts
from participation.indicators.kinds import submission_share
from participation.indicators.sql import SqlShare, sql_list
from participation.model import Outcome, SubmissionKind

__all__ = ["INDICATORS"]


def _published(f: SubmissionFacts, _ctx: EvaluationContext) -> bool | None:
    response = f.submission.response
    if not f.answered_in_period or response is None:
        return None
    return response.published


_ACCESS = {Outcome.GRANTED, Outcome.PARTLY_GRANTED, Outcome.REFUSED}
# read from here, not from their class: see responsiveness._MINIMUM
_INFORMATION_REQUEST, _REFUSED = SubmissionKind.INFORMATION_REQUEST, Outcome.REFUSED


def _granted(f: SubmissionFacts, _ctx: EvaluationContext) -> bool | None:
    response = f.submission.response
    if (not f.answered_in_period or response is None
            or f.submission.kind is not _INFORMATION_REQUEST
            or response.outcome not in _ACCESS):
        return None
    return response.outcome is not _REFUSED


INDICATORS = [
    IndicatorSpec(
        "answers_published", Area.TRANSPARENCY, {"en": "Answers published"},
        Unit.SHARE, Direction.HIGHER,
        "Of the answers given in the period, the share made public (with personal data "
        "removed), so that others with the same question or concern can read them.",
        "published answers / answers",
        "Decidim democratic-quality indicators (transparency: answered proposals); OECD "
        "Guidelines (2022), principle of transparency.",
        submission_share(_published, needs="answered_in_period"), default_target=0.5,
        sql=SqlShare("CASE WHEN answered_in_period AND has_response THEN published END")),
    IndicatorSpec(
        "information_requests_granted", Area.TRANSPARENCY,
        {"en": "Access-to-information requests granted"}, Unit.SHARE, Direction.HIGHER,
        "Of the access-to-information requests decided in the period, the share where access "
        "was granted in full or in part.",
        "(granted + partly granted) / decided requests",
        "Bulgarian Access to Public Information Act art. 28 and 34; CAF 2020 6.2 "
        "(transparency and accessibility).",
        submission_share(_granted, needs="answered_in_period"), default_target=0.8,
        sql=SqlShare("CASE WHEN answered_in_period AND has_response AND kind = 'information_request' "
                     f"AND outcome IN {sql_list(_ACCESS)} THEN outcome <> 'refused' END")),
]
