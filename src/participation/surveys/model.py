"""Surveys as data: a :class:`Survey` of :class:`Question` s, and the
:class:`SurveyResponse` s people give, made of :class:`Answer` s.

What a single object must satisfy is checked here (unique keys, display conditions
that point to an earlier question, aware datetimes); what depends on a question's
*type* (a Likert scale of 5 or 7 points, a maximum of choices) is checked by the
type itself, see :func:`participation.surveys.validation.check_survey`.
"""

from __future__ import annotations

import enum
import functools
import re
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

import attrs

from participation.errors import FieldError
from participation.model._checks import aware, key_like, non_empty
from participation.model.submissions import Contact

__all__ = [
    "Answer",
    "ConditionKind",
    "DisplayCondition",
    "Option",
    "Question",
    "Survey",
    "SurveyResponse",
    "text_in",
]


def _texts(value: Mapping[str, str] | None) -> dict[str, str]:
    return dict(value or {})


def _options(value: Iterable[Option]) -> tuple[Option, ...]:
    return tuple(value)


def _conditions(value: Iterable[DisplayCondition]) -> tuple[DisplayCondition, ...]:
    return tuple(value)


def _questions(value: Iterable[Question]) -> tuple[Question, ...]:
    return tuple(value)


def _answers(value: Iterable[Answer]) -> tuple[Answer, ...]:
    return tuple(value)


def _needs_english(_inst: Any, attribute: attrs.Attribute[Any], value: Mapping[str, str]) -> None:
    if not value.get("en", "").strip():
        raise FieldError(attribute.name, "needs an English text under 'en' (the fallback)")


_KEY = re.compile(r"[a-z0-9._-]+")


@functools.lru_cache(maxsize=4096)
def _is_key(value: str) -> bool:
    return _KEY.fullmatch(value) is not None


def _answer_key(inst: Any, attribute: attrs.Attribute[Any], value: str) -> None:
    """:func:`key_like`, cached: the same few question keys come in every response."""
    if not isinstance(value, str) or not _is_key(value):
        key_like(inst, attribute, value)


def text_in(texts: Mapping[str, str], lang: str = "en") -> str:
    """The text for ``lang``, falling back to English, then to any language.

    >>> text_in({"en": "Yes", "bg": "Да"}, "bg"), text_in({"en": "Yes"}, "de")
    ('Да', 'Yes')
    """
    return texts.get(lang) or texts.get("en") or next(iter(texts.values()), "")


@attrs.frozen
class Option:
    """An answer option of a choice, Likert, ranking or matrix question (or a matrix row).

    :param label: the text per language (``{"en": ..., "bg": ...}``).
    :param other: the "other, please say" option: choosing it invites a free text
        (at most one per question, never the only option).
    :param positive: choosing it counts as a positive answer for
        :func:`~participation.surveys.positive` (single and multiple choice).
    """

    key: str = attrs.field(validator=key_like)
    label: dict[str, str] = attrs.field(converter=_texts, validator=_needs_english)
    other: bool = False
    positive: bool = False

    def text(self, lang: str = "en") -> str:
        """The label in ``lang`` (English when missing)."""
        return text_in(self.label, lang)


class ConditionKind(enum.Enum):
    """How a display condition tests an earlier question (as Decidim forms do)."""

    ANSWERED = "answered"
    NOT_ANSWERED = "not_answered"
    EQUAL = "equal"
    NOT_EQUAL = "not_equal"
    MATCHES = "matches"


@attrs.frozen
class DisplayCondition:
    """Show the question only when an earlier question ``question`` satisfies this.

    :param value: for ``equal``/``not_equal`` the option key (or the value, e.g. ``"4"``
        on a Likert scale); for ``matches`` a regular expression searched,
        case-insensitively, in the answer's text or its "other" text.
    :param mandatory: every mandatory condition must hold; of the others, at least
        one must hold (Decidim's rule). The default makes a list of conditions an AND.
    """

    question: str = attrs.field(validator=key_like)
    kind: ConditionKind = attrs.field(converter=ConditionKind)
    value: str | None = None
    mandatory: bool = True

    def __attrs_post_init__(self) -> None:
        needs_value = self.kind in (ConditionKind.EQUAL, ConditionKind.NOT_EQUAL,
                                    ConditionKind.MATCHES)
        if needs_value and not self.value:
            raise FieldError("value", f"a {self.kind.value!r} condition needs a value")
        if not needs_value and self.value is not None:
            raise FieldError("value", f"a {self.kind.value!r} condition takes no value")
        if self.kind is ConditionKind.MATCHES:
            try:
                re.compile(str(self.value), re.IGNORECASE)
            except re.error as exc:
                raise FieldError("value", f"not a regular expression: {exc}") from None


@attrs.frozen
class Question:
    """One question of a survey.

    :param type: the key of a registered question type (``"likert"``, ``"rating"`` …).
    :param options: answer options (choice, Likert labels from lowest to highest,
        ranking items, matrix columns).
    :param rows: matrix rows.
    :param max_choices: multiple choice: how many options may be chosen at most.
    :param max_characters: text answers (and "other" texts): the longest allowed.
    :param confidential: individual answers are never exported, only aggregates.
    :param conditions: display conditions on earlier questions; a question they hide
        is neither required nor counted as unanswered.
    :param indicator: a tag; the built-in indicators read ``"satisfaction.overall"``
        and ``"satisfaction.felt_heard"``, any other tag labels the question in the
        results and is for plugin indicators.
    """

    key: str = attrs.field(validator=key_like)
    type: str = attrs.field(validator=key_like)
    text: dict[str, str] = attrs.field(converter=_texts, validator=_needs_english)
    description: dict[str, str] = attrs.field(factory=dict, converter=_texts)
    options: tuple[Option, ...] = attrs.field(default=(), converter=_options)
    rows: tuple[Option, ...] = attrs.field(default=(), converter=_options)
    mandatory: bool = False
    max_choices: int | None = None
    max_characters: int | None = None
    confidential: bool = False
    conditions: tuple[DisplayCondition, ...] = attrs.field(default=(), converter=_conditions)
    indicator: str | None = attrs.field(default=None,
                                        validator=attrs.validators.optional(key_like))

    def __attrs_post_init__(self) -> None:
        for name in ("options", "rows"):
            keys = [o.key for o in getattr(self, name)]
            dupes = sorted({k for k in keys if keys.count(k) > 1})
            if dupes:
                raise FieldError(name, f"duplicate keys {', '.join(dupes)}")
        others = [o.key for o in self.options if o.other]
        if len(others) > 1:
            raise FieldError("options", f"more than one 'other' option: {', '.join(others)}")
        if others and len(self.options) == 1:
            raise FieldError("options", "the 'other' option cannot be the only option")
        for name in ("max_choices", "max_characters"):
            value = getattr(self, name)
            if value is not None and value < 1:
                raise FieldError(name, f"must be at least 1, got {value}")

    def option(self, key: str) -> Option | None:
        """The option ``key``, or None."""
        return next((o for o in self.options if o.key == key), None)

    def label(self, lang: str = "en") -> str:
        """The question text in ``lang``."""
        return text_in(self.text, lang)


@attrs.frozen
class Survey:
    """A survey instrument: texts per language, a version, anonymity, a window and
    its questions in order.

    >>> from datetime import datetime, timezone
    >>> q = Question("overall", "rating", {"en": "How satisfied are you?"})
    >>> s = Survey("demo", {"en": "Demo"}, questions=[q],
    ...            opens_at=datetime(2025, 1, 1, tzinfo=timezone.utc))
    >>> s.question("overall").type, s.anonymous, s.version
    ('rating', True, 1)
    >>> Survey("demo", {"en": "Demo"}, questions=[q, q])
    Traceback (most recent call last):
    ...
    participation.errors.FieldError: questions: duplicate question key 'overall'
    """

    key: str = attrs.field(validator=key_like)
    title: dict[str, str] = attrs.field(converter=_texts, validator=_needs_english)
    description: dict[str, str] = attrs.field(factory=dict, converter=_texts)
    closing: dict[str, str] = attrs.field(factory=dict, converter=_texts)
    version: int = 1
    anonymous: bool = True
    opens_at: datetime | None = attrs.field(default=None, validator=aware)
    closes_at: datetime | None = attrs.field(default=None, validator=aware)
    questions: tuple[Question, ...] = attrs.field(default=(), converter=_questions)

    def __attrs_post_init__(self) -> None:
        if self.version < 1:
            raise FieldError("version", f"must be at least 1, got {self.version}")
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise FieldError("closes_at", "must come after opens_at")
        seen: dict[str, Question] = {}
        for q in self.questions:
            if q.key in seen:
                raise FieldError("questions", f"duplicate question key {q.key!r}")
            for c in q.conditions:
                target = seen.get(c.question)
                if target is None:
                    raise FieldError("questions", f"question {q.key!r}: its condition refers "
                                     f"to {c.question!r}, which is not an earlier question")
                if c.kind in (ConditionKind.EQUAL, ConditionKind.NOT_EQUAL) and \
                        target.options and not target.rows and \
                        target.option(str(c.value)) is None and not str(c.value).isdigit():
                    raise FieldError("questions", f"question {q.key!r}: condition value "
                                     f"{c.value!r} is not an option of {c.question!r}")
            seen[q.key] = q

    def question(self, key: str) -> Question:
        """The question ``key``; :class:`~participation.errors.UnknownKeyError` lists the keys."""
        for q in self.questions:
            if q.key == key:
                return q
        from participation.errors import UnknownKeyError

        raise UnknownKeyError(f"question of survey {self.key!r}", key,
                              [q.key for q in self.questions])

    def languages(self) -> list[str]:
        """The languages the title is given in."""
        return sorted(self.title)

    def is_open(self, moment: datetime) -> bool:
        """Whether ``moment`` falls in the window (start included, end excluded)."""
        return (self.opens_at is None or moment >= self.opens_at) and \
            (self.closes_at is None or moment < self.closes_at)


def _freeze(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return tuple(_freeze(v) for v in value)
    if isinstance(value, Mapping):
        return {str(k): _freeze(v) for k, v in value.items()}
    return value


@attrs.frozen
class Answer:
    """The answer to one question.

    The shape of ``value`` depends on the question type: a string (text, single
    choice), a list of option keys (multiple choice; ranking, best first), an integer
    (Likert point 1…k, rating 0–10) or a mapping row → option key(s) (matrix).

    :param other: the free text given with the "other" option.
    """

    question: str = attrs.field(validator=_answer_key)
    value: Any = attrs.field(default=None, converter=_freeze)
    other: str | None = None


@attrs.frozen
class SurveyResponse:
    """One person's answers to one version of a survey.

    :param respondent_id: a pseudonymous respondent id (not for anonymous surveys).
    :param respondent: contact details (not for anonymous surveys; personal data, never
        exported unless asked for).
    :param language: the language the survey was answered in.
    """

    id: str = attrs.field(validator=non_empty)
    survey: str = attrs.field(validator=_answer_key)
    survey_version: int
    submitted_at: datetime = attrs.field(validator=aware)
    answers: tuple[Answer, ...] = attrs.field(default=(), converter=_answers)
    respondent_id: str | None = None
    respondent: Contact | None = None
    language: str | None = None

    def __attrs_post_init__(self) -> None:
        keys = [a.question for a in self.answers]
        dupes = sorted({k for k in keys if keys.count(k) > 1})
        if dupes:
            raise FieldError("answers", f"question answered twice: {', '.join(dupes)}")

    @property
    def identified(self) -> bool:
        """Whether the response carries identity (a respondent id or contact details)."""
        return self.respondent_id is not None or self.respondent is not None

    def answer_map(self) -> dict[str, Answer]:
        """The answers by question key."""
        return {a.question: a for a in self.answers}
