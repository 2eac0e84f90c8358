"""Administrative Procedure Code art. 111(4): proposals and signals on which no
proceeding is opened.

Such a submission is not dropped: it ends with the outcome ``not_examined`` and the
legal basis, so that it shows in the statistics and the sender can be told why.

**When did the violation happen?** :attr:`Submission.occurred_on
<participation.model.Submission.occurred_on>`, which the registry office records. A
signal without it is examined.
"""

from __future__ import annotations

from datetime import datetime

from dateutil.relativedelta import relativedelta

from participation.model import Submission, SubmissionKind
from participation.rules.admissibility import AdmissibilityRule

__all__ = ["ADMISSIBILITY_RULES", "anonymous", "older_than_two_years"]

_APC_KINDS = frozenset({SubmissionKind.PROPOSAL, SubmissionKind.SIGNAL})



def anonymous(submission: Submission, _as_of: datetime) -> str | None:
    """The reason an anonymous proposal or signal opens no proceeding, or ``None``."""
    if submission.anonymous and submission.kind in _APC_KINDS:
        return f"anonymous {submission.kind.value}: no proceeding is opened"
    return None


def older_than_two_years(submission: Submission, _as_of: datetime) -> str | None:
    """The reason a signal about a violation committed more than two years before its
    receipt is not examined, or ``None``.

    >>> from datetime import date, timezone
    >>> t = datetime(2025, 5, 2, tzinfo=timezone.utc)
    >>> def signal(when):
    ...     return Submission("S", "bg.apc.signal", SubmissionKind.SIGNAL, t, "Dump",
    ...                       occurred_on=date.fromisoformat(when))
    >>> older_than_two_years(signal("2023-05-02"), t) is None  # exactly two years: examined
    True
    >>> older_than_two_years(signal("2023-05-01"), t)
    'the violation (2023-05-01) was committed more than two years before receipt (2025-05-02)'
    """
    if submission.kind is not SubmissionKind.SIGNAL:
        return None
    when = submission.occurred_on
    if when is None:
        return None
    received = submission.received_at.date()
    if when < received - relativedelta(years=2):
        return (f"the violation ({when.isoformat()}) was committed more than two years "
                f"before receipt ({received.isoformat()})")
    return None


ADMISSIBILITY_RULES: list[AdmissibilityRule] = [
    AdmissibilityRule(
        "bg.apc.anonymous", "Administrative Procedure Code art. 111(4)", anonymous,
        description="No proceeding is opened on anonymous proposals or signals.",
    ),
    AdmissibilityRule(
        "bg.apc.older_than_two_years", "Administrative Procedure Code art. 111(4)",
        older_than_two_years,
        description="No proceeding is opened on signals about violations committed more "
                    "than two years earlier (Submission.occurred_on).",
    ),
]
