"""Surveys: instruments shipped as plugins, validated responses and results.

- :mod:`~participation.surveys.model` — :class:`Survey`, :class:`Question`,
  :class:`Option`, :class:`DisplayCondition`, :class:`SurveyResponse`, :class:`Answer`;
- :class:`QuestionType` — what a plugin implements to add a question type (the
  built-ins come through ``register_question_types`` too);
- :func:`validate_response`, :func:`check_survey` — every problem, by question key;
- :func:`tabulate` → :class:`SurveyResults`; :func:`results_to_dict`,
  :func:`write_results_csv`; :func:`surveys_section` for a report;
- :func:`positive` — whether an answer counts as positive, for the evaluation;
- :mod:`~participation.surveys.formats` — responses from JSON Lines and CSV;
- :mod:`~participation.surveys.synthetic` — deterministic synthetic responses.
"""

from participation.surveys.conditions import visibility
from participation.surveys.export import results_to_dict, write_results_csv
from participation.surveys.formats import ReadResponse, read_responses, write_responses_csv
from participation.surveys.model import (
    Answer,
    ConditionKind,
    DisplayCondition,
    Option,
    Question,
    Survey,
    SurveyResponse,
)
from participation.surveys.positive import indicator_answers, positive
from participation.surveys.questiontype import Accumulator, QuestionType, is_empty
from participation.surveys.results import CrossTab, QuestionResult, SurveyResults, tabulate
from participation.surveys.section import SurveysSection, surveys_section
from participation.surveys.validation import check_survey, ensure_survey, validate_response

__all__ = [
    "Accumulator",
    "Answer",
    "ConditionKind",
    "CrossTab",
    "DisplayCondition",
    "Option",
    "Question",
    "QuestionResult",
    "QuestionType",
    "ReadResponse",
    "Survey",
    "SurveyResponse",
    "SurveyResults",
    "SurveysSection",
    "check_survey",
    "ensure_survey",
    "indicator_answers",
    "is_empty",
    "positive",
    "read_responses",
    "results_to_dict",
    "surveys_section",
    "tabulate",
    "validate_response",
    "visibility",
    "write_responses_csv",
    "write_results_csv",
]
