"""The built-in question types, registered through ``register_question_types`` like any
plugin's (this module is one of :data:`participation.plugins.DEFAULT_PLUGINS`)."""

from __future__ import annotations

from participation.plugins import hookimpl
from participation.surveys.questiontype import QuestionType
from participation.surveys.types_choice import MultipleChoice, SingleChoice
from participation.surveys.types_matrix import MatrixMultiple, MatrixSingle
from participation.surveys.types_scale import Likert, Ranking, Rating
from participation.surveys.types_text import LongText, ShortText

__all__ = ["BUILTIN_TYPES", "register_question_types"]

#: The built-in question types by key.
BUILTIN_TYPES: dict[str, QuestionType] = {
    t.key: t for t in (ShortText(), LongText(), SingleChoice(), MultipleChoice(), Likert(),
                       Rating(), Ranking(), MatrixSingle(), MatrixMultiple())
}


@hookimpl
def register_question_types() -> list[QuestionType]:
    """Short text, long text, single and multiple choice, Likert, rating 0–10, ranking,
    matrix single and matrix multiple."""
    return list(BUILTIN_TYPES.values())
