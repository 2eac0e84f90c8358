"""Admissibility: rules under which a submission opens no proceeding.

Such a submission is not dropped: it ends with the outcome ``not_examined`` and the
legal basis, so that it shows in the statistics and the citizen can be told why.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime

import attrs

from participation.model._checks import key_like
from participation.model.submissions import Submission

__all__ = ["AdmissibilityRule", "Inadmissible", "check_admissibility"]


@attrs.frozen
class Inadmissible:
    """Why a submission opens no proceeding."""

    rule: str
    reason: str
    legal_basis: str


@attrs.frozen
class AdmissibilityRule:
    """A rule that finds a submission inadmissible.

    :param applies: ``applies(submission, as_of)`` returns the reason (a sentence)
        when the rule refuses the submission, or ``None``.

    >>> from datetime import timezone
    >>> from participation.model import SubmissionKind
    >>> rule = AdmissibilityRule("x.anonymous", "Act art. 1",
    ...     lambda s, _: "anonymous" if s.anonymous else None)
    >>> s = Submission("S", "web_form", SubmissionKind.SIGNAL,
    ...                datetime(2025, 1, 1, tzinfo=timezone.utc), "x", anonymous=True)
    >>> check_admissibility([rule], s, s.received_at)
    Inadmissible(rule='x.anonymous', reason='anonymous', legal_basis='Act art. 1')
    """

    key: str = attrs.field(validator=key_like)
    legal_basis: str
    applies: Callable[[Submission, datetime], str | None] = attrs.field(eq=False)
    description: str = ""


def check_admissibility(rules: Iterable[AdmissibilityRule], submission: Submission,
                        as_of: datetime) -> Inadmissible | None:
    """The first rule that refuses ``submission``, or ``None`` when it is admissible."""
    for rule in rules:
        reason = rule.applies(submission, as_of)
        if reason:
            return Inadmissible(rule.key, reason, rule.legal_basis)
    return None
