"""Synthetic survey responses for demos and tests: deterministic, plausible, valid.

Each respondent gets a latent satisfaction ("mood", 0…1) drawn from a Beta(3.2, 1.6)
distribution (mean ≈ 0.67: most people are fairly satisfied, a tail is not, as
satisfaction surveys of public services usually find). Every scale answer is drawn
near that mood, so answers to related questions correlate the way real ones do. The
questions are walked in order and display conditions are respected: a question
hidden by the answers so far is left out. Optional questions are skipped now and
then (8 %); free-text answers come from a small bank of remarks per language, so
no personal data is ever made up.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Mapping
from datetime import datetime, timedelta

from participation.errors import FieldError
from participation.surveys.builtin import BUILTIN_TYPES
from participation.surveys.conditions import is_shown
from participation.surveys.model import Answer, Survey, SurveyResponse
from participation.surveys.questiontype import QuestionType

__all__ = ["SKIP_RATE", "generate"]

#: The share of optional questions a synthetic respondent leaves unanswered.
SKIP_RATE = 0.08


def generate(survey: Survey, n: int, seed: int, start: datetime, end: datetime,
             types: Mapping[str, QuestionType] | None = None,
             languages: Mapping[str, float] | None = None) -> Iterator[SurveyResponse]:
    """``n`` synthetic responses to ``survey``, submitted between ``start`` and ``end``
    (aware datetimes), the same for the same arguments.

    :param types: question types (a registry's ``question_types``; default: built-ins).
    :param languages: language → weight (default: the survey's languages, equally).

    The responses are in submission order; to an identified survey they carry a
    pseudonymous ``respondent_id`` (``R-000001`` …), never contact details.

    >>> from datetime import timezone
    >>> from participation.surveys import Question, validate_response
    >>> s = Survey("s", {"en": "S"}, questions=[Question("q", "rating", {"en": "?"})])
    >>> t0, t1 = datetime(2025, 1, 1, tzinfo=timezone.utc), datetime(2026, 1, 1, tzinfo=timezone.utc)
    >>> rs = list(generate(s, 3, 42, t0, t1))
    >>> [r.id for r in rs], rs == list(generate(s, 3, 42, t0, t1))
    (['s-42-000001', 's-42-000002', 's-42-000003'], True)
    >>> all(not validate_response(s, r, BUILTIN_TYPES) for r in rs)
    True
    """
    for name, value in (("start", start), ("end", end)):
        if value.tzinfo is None:
            raise FieldError(name, "naive datetime (add a timezone offset)")
    if end <= start:
        raise FieldError("end", "must come after start")
    if n < 0:
        raise FieldError("n", f"must not be negative, got {n}")
    if survey.opens_at and start < survey.opens_at:
        start = survey.opens_at
    if survey.closes_at and end > survey.closes_at:
        end = survey.closes_at
    types = types if types is not None else BUILTIN_TYPES
    langs = dict(languages) if languages else dict.fromkeys(survey.languages(), 1.0)
    # synthetic data, not security: a seeded, reproducible generator is the point
    rng = random.Random(f"{survey.key}/{survey.version}/{seed}")  # noqa: S311
    span = (end - start).total_seconds()
    offsets = sorted(rng.random() * span for _ in range(n))
    for i, offset in enumerate(offsets, start=1):
        lang = rng.choices(list(langs), list(langs.values()))[0]
        mood = rng.betavariate(3.2, 1.6)
        answers: dict[str, Answer] = {}
        for q in survey.questions:
            if not is_shown(q, survey, answers, types):
                continue
            if not q.mandatory and rng.random() < SKIP_RATE:
                continue
            qtype = types.get(q.type)
            answer = qtype.sample(q, rng, mood, lang) if qtype else None
            if answer is not None:
                answers[q.key] = answer
        yield SurveyResponse(
            id=f"{survey.key}-{seed}-{i:06d}", survey=survey.key, survey_version=survey.version,
            submitted_at=start + timedelta(seconds=int(offset)), answers=list(answers.values()),
            respondent_id=None if survey.anonymous else f"R-{i:06d}", language=lang)
