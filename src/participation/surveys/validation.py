"""Checking survey definitions against the question types, and responses against their
survey: every problem, each naming the question key (the line and file are added by
the readers in :mod:`participation.surveys.formats`).
"""

from __future__ import annotations

from collections.abc import Mapping

from participation.errors import InvalidDocumentError, Problem
from participation.surveys.conditions import is_shown
from participation.surveys.model import Answer, Survey, SurveyResponse
from participation.surveys.questiontype import QuestionType, is_empty

__all__ = ["check_survey", "ensure_survey", "validate_response"]


def check_survey(survey: Survey, types: Mapping[str, QuestionType]) -> list[Problem]:
    """Problems with a survey's definition that depend on the question types: an unknown
    type, or a question its type refuses (a Likert scale of 4 points …).

    The path of each problem is ``<survey>.<question>``.
    """
    problems = []
    for q in survey.questions:
        qtype = types.get(q.type)
        where = f"{survey.key}.{q.key}"
        if qtype is None:
            problems.append(Problem(where, f"unknown question type {q.type!r}; known: "
                                    f"{', '.join(sorted(types))}"))
            continue
        problems.extend(Problem(where, message) for message in qtype.check_question(q))
    return problems


def ensure_survey(survey: Survey, types: Mapping[str, QuestionType]) -> Survey:
    """``survey`` itself, or :class:`InvalidDocumentError` listing what is wrong with it."""
    problems = check_survey(survey, types)
    if problems:
        raise InvalidDocumentError(problems)
    return survey


def validate_response(survey: Survey, response: SurveyResponse,
                      types: Mapping[str, QuestionType]) -> list[Problem]:
    """Every problem with ``response`` as an answer to ``survey``.

    - it names the survey and its version;
    - it was submitted while the survey was open;
    - an anonymous survey's response carries no identity (``respondent_id``, ``respondent``);
    - it answers only questions of the survey, and only questions that its display
      conditions show; every shown mandatory question is answered (a hidden one is not
      required);
    - each answer is valid for its question's type.

    Problems about a question carry its key as path; the others ``$.<field>``.

    >>> from datetime import datetime, timezone
    >>> from participation.surveys import Answer, Question, builtin
    >>> s = Survey("s", {"en": "S"}, questions=[
    ...     Question("score", "rating", {"en": "Score?"}, mandatory=True)])
    >>> r = SurveyResponse("r1", "s", 1, datetime(2025, 5, 1, tzinfo=timezone.utc),
    ...                    [Answer("score", 11)], respondent_id="R-7")
    >>> for p in validate_response(s, r, builtin.BUILTIN_TYPES):
    ...     print(p)
    $.respondent_id: the survey 's' is anonymous: a response must carry no identity
    score: expected a whole number from 0 to 10, got 11
    """
    problems: list[Problem] = []
    if response.survey != survey.key:
        problems.append(Problem("$.survey", f"answers survey {response.survey!r}, "
                                f"not {survey.key!r}"))
        return problems
    if response.survey_version != survey.version:
        problems.append(Problem("$.survey_version", f"answers version "
                                f"{response.survey_version}, the survey is at version "
                                f"{survey.version}"))
    if not survey.is_open(response.submitted_at):
        problems.append(Problem("$.submitted_at", f"{response.submitted_at.isoformat()} is "
                                "outside the survey's window"))
    if survey.anonymous:
        for field in ("respondent_id", "respondent"):
            if getattr(response, field) is not None:
                problems.append(Problem(f"$.{field}", f"the survey {survey.key!r} is "
                                        "anonymous: a response must carry no identity"))
    answers = response.answer_map()
    known = {q.key for q in survey.questions}
    problems.extend(Problem(key, f"not a question of survey {survey.key!r}")
                    for key in answers if key not in known)
    effective: dict[str, Answer] = {}  # valid answers to shown questions, for conditions
    for q in survey.questions:
        answer = answers.get(q.key)
        empty = answer is None or is_empty(answer.value)
        if not is_shown(q, survey, effective, types):
            if not empty:
                problems.append(Problem(q.key, "answered although its display conditions "
                                        "hide it"))
            continue
        if empty:
            if q.mandatory:
                problems.append(Problem(q.key, "required question not answered"))
            elif answer is not None and answer.other:
                problems.append(Problem(q.key, "an 'other' text without an answer"))
            continue
        qtype = types.get(q.type)
        if qtype is None:
            problems.append(Problem(q.key, f"unknown question type {q.type!r}"))
            continue
        assert answer is not None
        found = qtype.validate(q, answer)
        problems.extend(Problem(q.key, message) for message in found)
        if not found:
            effective[q.key] = answer
    return problems
