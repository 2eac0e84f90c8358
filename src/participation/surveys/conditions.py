"""Display conditions: which questions a respondent is shown, given the earlier answers.

A question with conditions is shown when every *mandatory* condition holds and, if it
has non-mandatory conditions, at least one of those holds (Decidim's rule). A
question that is hidden counts as unanswered for the conditions of later questions,
so hiding cascades. ``not_equal`` holds for an unanswered question (it is not equal).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from participation.surveys.model import (
    Answer,
    ConditionKind,
    DisplayCondition,
    Question,
    Survey,
)
from participation.surveys.questiontype import QuestionType, is_empty

__all__ = ["condition_holds", "is_shown", "visibility"]


def condition_holds(condition: DisplayCondition, question: Question, qtype: QuestionType,
                    answer: Answer | None) -> bool:
    """Whether ``condition`` holds for ``answer``, the answer to ``question`` (None
    when unanswered or hidden).

    >>> from participation.surveys.model import Option
    >>> from participation.surveys.types_choice import SingleChoice
    >>> q = Question("q", "single_choice", {"en": "?"},
    ...              options=[Option("yes", {"en": "Yes"}), Option("no", {"en": "No"})])
    >>> c = DisplayCondition("q", "equal", "yes")
    >>> condition_holds(c, q, SingleChoice(), Answer("q", "yes"))
    True
    >>> condition_holds(c, q, SingleChoice(), None)
    False
    """
    answered = answer is not None and not is_empty(answer.value)
    kind = condition.kind
    if kind is ConditionKind.ANSWERED:
        return answered
    if kind is ConditionKind.NOT_ANSWERED:
        return not answered
    if not answered:
        return kind is ConditionKind.NOT_EQUAL
    assert answer is not None
    if kind is ConditionKind.MATCHES:
        pattern = re.compile(str(condition.value), re.IGNORECASE)
        texts = (qtype.text(question, answer), answer.other or "")
        return any(pattern.search(t) for t in texts if t)
    tokens = qtype.tokens(question, answer)
    return (condition.value in tokens) == (kind is ConditionKind.EQUAL)


def is_shown(question: Question, survey: Survey, answers: Mapping[str, Answer],
             types: Mapping[str, QuestionType]) -> bool:
    """Whether ``question`` is shown given ``answers`` (which must hold only the answers
    to *shown* earlier questions; :func:`visibility` takes care of that)."""
    if not question.conditions:
        return True
    results = []
    for c in question.conditions:
        target = survey.question(c.question)
        qtype = types.get(target.type)
        holds = qtype is not None and condition_holds(c, target, qtype, answers.get(c.question))
        results.append((c.mandatory, holds))
    mandatory_ok = all(h for m, h in results if m)
    optional = [h for m, h in results if not m]
    return mandatory_ok and (not optional or any(optional))


def visibility(survey: Survey, answers: Mapping[str, Answer],
               types: Mapping[str, QuestionType]) -> dict[str, bool]:
    """Question key → shown or not, walking the survey in order.

    Conditions see only the answers to shown questions that are valid for their type:
    an invalid answer counts as no answer (it is reported by validation anyway).
    """
    shown: dict[str, bool] = {}
    effective: dict[str, Answer] = {}
    for q in survey.questions:
        shown[q.key] = is_shown(q, survey, effective, types)
        answer = answers.get(q.key)
        qtype = types.get(q.type)
        if shown[q.key] and answer is not None and not is_empty(answer.value) and \
                qtype is not None and not qtype.validate(q, answer):
            effective[q.key] = answer
    return shown
