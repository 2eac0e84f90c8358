"""Built-in free-text question types: short text and long text.

Results of text questions are counts only: the texts are never kept by the
accumulators, so a report cannot leak them.
"""

from __future__ import annotations

import random
from typing import ClassVar

from participation.surveys.model import Answer, Question
from participation.surveys.questiontype import QuestionType

__all__ = ["LongText", "ShortText"]

#: Remarks the synthetic generator draws from: (negative, positive) per language.
_REMARKS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "en": (("The queue was too long.", "Nobody answered the phone.",
            "The website forms are confusing.", "I had to come twice for one certificate."),
           ("Friendly and competent staff.", "Quick service, thank you.",
            "The online appointment worked well.", "Clear information at the desk.")),
    "bg": (("Опашката беше твърде дълга.", "Никой не вдигна телефона.",
            "Формулярите на сайта са объркващи.", "Наложи се да дойда два пъти за едно удостоверение."),
           ("Любезни и компетентни служители.", "Бързо обслужване, благодаря.",
            "Онлайн записването на час работи добре.", "Ясна информация на гишето.")),
}


def remark(rng: random.Random, mood: float, lang: str) -> str:
    """A short synthetic remark, positive or negative according to ``mood``."""
    negative, positive = _REMARKS.get(lang, _REMARKS["en"])
    return rng.choice(positive if rng.random() < mood else negative)


class ShortText(QuestionType):
    """A one-line free-text answer (250 characters unless the question says otherwise)."""

    key: ClassVar[str] = "short_text"
    label: ClassVar[dict[str, str]] = {"en": "Short text", "bg": "Кратък текст"}
    default_max_characters: ClassVar[int] = 250
    answer_rate: ClassVar[float] = 0.5

    def sample(self, question: Question, rng: random.Random, mood: float,
               lang: str) -> Answer | None:
        """A remark for about half of the respondents (always when mandatory)."""
        if not question.mandatory and rng.random() > self.answer_rate:
            return None
        text = remark(rng, mood, lang)
        limit = question.max_characters or self.default_max_characters
        return Answer(question.key, text[:limit])


class LongText(ShortText):
    """A free-text answer of several lines (5,000 characters unless limited)."""

    key: ClassVar[str] = "long_text"
    label: ClassVar[dict[str, str]] = {"en": "Long text", "bg": "Дълъг текст"}
    default_max_characters: ClassVar[int] = 5000
    answer_rate: ClassVar[float] = 0.3
