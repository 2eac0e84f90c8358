"""Satisfaction: what citizens say in surveys (perception results, CAF 6.1).

Survey questions carry an ``indicator`` tag; a response's answer to such a question
counts as positive or not by :func:`participation.surveys.positive`.
"""

from __future__ import annotations

from participation.indicators.base import Accumulator, Area, Direction, IndicatorSpec, Measurement, Unit
from participation.indicators.facts import EvaluationContext
from participation.indicators.sketches import Ratio
from participation.surveys import SurveyResponse, indicator_answers

__all__ = ["INDICATORS", "TaggedShare"]


class TaggedShare(Accumulator):
    """The share of positive answers to the survey questions tagged with ``tag``, over
    the responses submitted in the period."""

    def __init__(self, spec: IndicatorSpec, ctx: EvaluationContext, tag: str) -> None:
        super().__init__(spec, ctx)
        self.tag = tag
        self.ratio = Ratio()
        self.responses = 0
        self.seen: set[tuple[str, str]] = set()  # a repeated response counts once

    def add_survey_response(self, response: SurveyResponse) -> None:
        if not self.ctx.start <= response.submitted_at < self.ctx.cutoff:
            return
        if (response.survey, response.id) in self.seen:
            return
        self.seen.add((response.survey, response.id))
        survey = self.ctx.registry.surveys.get(response.survey)
        if survey is None or survey.version != response.survey_version:
            return
        counted = False
        for tag, _question, verdict in indicator_answers(survey, response,
                                                         self.ctx.registry.question_types):
            if tag == self.tag and verdict is not None:
                self.ratio.add(verdict)
                counted = True
        self.responses += counted

    def finish(self) -> Measurement:
        n = int(self.ratio.denominator)
        return Measurement(self.spec.key, self.ratio.value, n, numerator=self.ratio.numerator,
                           denominator=self.ratio.denominator,
                           note="" if n else "no data: no survey answers to questions tagged "
                                             f"{self.tag!r} in the period")


INDICATORS = [
    IndicatorSpec(
        "satisfied_share", Area.SATISFACTION, {"en": "Satisfied with the service"},
        Unit.SHARE, Direction.HIGHER,
        "Of the answers, in survey responses submitted in the period, to questions tagged "
        "'satisfaction.overall', the share that are positive: the top two boxes of a Likert "
        "scale, or 7 and above on a 0–10 rating. Unanswered and hidden questions do not count.",
        "positive answers / answers (questions tagged satisfaction.overall)",
        "CAF 2020 sub-criterion 6.1 (perception results); Bulgarian Ordinance on "
        "Administrative Services art. 24 (annual satisfaction report); GOV.UK user satisfaction KPI.",
        lambda spec, ctx: TaggedShare(spec, ctx, "satisfaction.overall"), default_target=0.75),
    IndicatorSpec(
        "felt_heard_share", Area.SATISFACTION, {"en": "Feel heard by the administration"},
        Unit.SHARE, Direction.HIGHER,
        "Of the answers, in survey responses submitted in the period, to questions tagged "
        "'satisfaction.felt_heard', the share that are positive (top two boxes, or 7 and "
        "above on a 0–10 rating): people who feel their voice is heard and see what was done "
        "with their input.",
        "positive answers / answers (questions tagged satisfaction.felt_heard)",
        "OECD Guidelines (2022), evaluation; OECD Trust Survey (having a say).",
        lambda spec, ctx: TaggedShare(spec, ctx, "satisfaction.felt_heard"), default_target=0.6),
]
