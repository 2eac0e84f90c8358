"""The ``surveys`` section of a report: the results of every survey that has responses
in a period, in one pass over a mixed stream of responses."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from participation.surveys.export import results_to_dict
from participation.surveys.model import Survey, SurveyResponse
from participation.surveys.questiontype import QuestionType
from participation.surveys.results import ResultsBuilder
from participation.surveys.validation import validate_response

__all__ = ["surveys_section"]


def surveys_section(responses: Iterable[SurveyResponse], surveys: Mapping[str, Survey],
                    types: Mapping[str, QuestionType], *, start: datetime | None = None,
                    end: datetime | None = None) -> list[dict[str, Any]]:
    """:func:`~participation.surveys.results_to_dict` of every survey in ``surveys`` that
    has responses submitted in ``[start, end)``, ordered by survey key.

    Responses to surveys not in ``surveys`` are skipped; invalid ones are counted in
    each survey's ``invalid``. One pass; memory: the surveys' counters and the distinct
    response ids (a repeated id is counted as invalid, not twice).

    :param surveys: usually ``registry.surveys``; ``types``: ``registry.question_types``.

    >>> from datetime import timezone
    >>> from participation.surveys import Answer, Question
    >>> from participation.surveys.builtin import BUILTIN_TYPES
    >>> s = Survey("pulse", {"en": "Pulse"}, questions=[Question("q", "rating", {"en": "0-10?"})])
    >>> at = datetime(2025, 5, 1, tzinfo=timezone.utc)
    >>> rs = [SurveyResponse("r1", "pulse", 1, at, [Answer("q", 9)]),
    ...       SurveyResponse("r2", "other", 1, at, [])]
    >>> [(d["survey"], d["n"]) for d in surveys_section(rs, {"pulse": s}, BUILTIN_TYPES)]
    [('pulse', 1)]
    """
    section = SurveysSection(surveys, types, start=start, end=end)
    for response in responses:
        section.add(response)
    return section.finish()


class SurveysSection:
    """The push form of :func:`surveys_section`: ``add`` responses one at a time (for
    example while an assessment streams them), then ``finish``."""

    def __init__(self, surveys: Mapping[str, Survey], types: Mapping[str, QuestionType], *,
                 start: datetime | None = None, end: datetime | None = None) -> None:
        self.surveys = surveys
        self.types = types
        self.start = start
        self.end = end
        self.builders: dict[str, ResultsBuilder] = {}

    def add(self, response: SurveyResponse) -> None:
        """Count one response (skipped when outside the window or of an unknown survey)."""
        at = response.submitted_at
        if (self.start is not None and at < self.start) or (self.end is not None and at >= self.end):
            return
        survey = self.surveys.get(response.survey)
        if survey is None:
            return
        builder = self.builders.get(survey.key)
        if builder is None:
            builder = self.builders[survey.key] = ResultsBuilder(survey, self.types)
        if validate_response(survey, response, self.types):
            builder.invalid += 1
        else:
            builder.add(response)

    def finish(self) -> list[dict[str, Any]]:
        """The results of every survey that had responses, ordered by survey key."""
        return [results_to_dict(self.builders[key].finish()) for key in sorted(self.builders)]
