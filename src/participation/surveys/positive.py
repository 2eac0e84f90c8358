"""Whether an answer counts as positive: the link between surveys and the evaluation's
satisfaction indicators.

The evaluation tags questions with an ``indicator`` (``"satisfaction.overall"``,
``"satisfaction.felt_heard"``) and, while streaming responses, asks :func:`positive`
about each tagged answer. What "positive" means is the question type's call:

- Likert: the top-two box (4–5 of 5, 6–7 of 7);
- rating 0–10: 7 or more (the ONS "high" band; rationale in
  :mod:`participation.surveys.types_scale`);
- single and multiple choice: an option marked ``positive`` was chosen (None when the
  question marks no option);
- text, ranking and matrix questions: None (not applicable).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from participation.surveys.builtin import BUILTIN_TYPES
from participation.surveys.model import Answer, Question, Survey, SurveyResponse
from participation.surveys.questiontype import QuestionType, is_empty

__all__ = ["indicator_answers", "positive"]


def positive(question: Question, answer: Answer | None,
             types: Mapping[str, QuestionType] | None = None) -> bool | None:
    """Whether ``answer`` to ``question`` counts as positive; None when unanswered, not
    valid, or when the notion does not apply to the question's type.

    :param types: the question types (a registry's ``question_types``); the built-ins
        when omitted.

    >>> from participation.surveys.model import Option
    >>> likert = Question("overall", "likert", {"en": "Satisfied?"},
    ...                   options=[Option(f"p{i}", {"en": str(i)}) for i in range(1, 6)])
    >>> positive(likert, Answer("overall", 4)), positive(likert, Answer("overall", 3))
    (True, False)
    >>> rating = Question("trust", "rating", {"en": "Trust 0-10?"})
    >>> positive(rating, Answer("trust", 7)), positive(rating, Answer("trust", 6))
    (True, False)
    >>> positive(rating, None), positive(rating, Answer("trust", 42))
    (None, None)
    """
    if answer is None or is_empty(answer.value):
        return None
    qtype = (types if types is not None else BUILTIN_TYPES).get(question.type)
    if qtype is None or qtype.validate(question, answer):
        return None
    return qtype.positive(question, answer)


def indicator_answers(survey: Survey, response: SurveyResponse,
                      types: Mapping[str, QuestionType] | None = None
                      ) -> Iterator[tuple[str, str, bool | None]]:
    """For each question of ``survey`` tagged with an indicator: (indicator, question
    key, :func:`positive` of the response's answer).

    An evaluation counts, per indicator, the ``True`` among the non-None values.
    """
    answers = response.answer_map()
    for q in survey.questions:
        if q.indicator:
            yield q.indicator, q.key, positive(q, answers.get(q.key), types)
