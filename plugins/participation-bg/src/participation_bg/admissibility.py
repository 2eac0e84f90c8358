"""Administrative Procedure Code art. 111(4): proposals and signals on which no
proceeding is opened.

Such a submission is not dropped: it ends with the outcome ``not_examined`` and the
legal basis, so that it shows in the statistics and the sender can be told why.

**When did the violation happen?** A :class:`~participation.model.Submission` has no
field for it, so this plugin reads it from a convention: a clerk records it in the
note of any event of the submission as ``violation: YYYY-MM-DD`` (or in Bulgarian
``нарушение: YYYY-MM-DD``); the last such note wins, so a later event corrects an
earlier one. Only clerks write event notes, so a citizen's own text never decides
admissibility. A signal without such a note is examined.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from dateutil.relativedelta import relativedelta

from participation.model import Submission, SubmissionKind
from participation.rules.admissibility import AdmissibilityRule

__all__ = ["ADMISSIBILITY_RULES", "anonymous", "older_than_two_years", "violation_date"]

_APC_KINDS = frozenset({SubmissionKind.PROPOSAL, SubmissionKind.SIGNAL})
_VIOLATION = re.compile(r"(?:violation|нарушение)\s*:\s*(\d{4}-\d{2}-\d{2})", re.IGNORECASE)


def violation_date(submission: Submission) -> date | None:
    """The date of the reported violation, from the last event note that records it as
    ``violation: YYYY-MM-DD`` (or ``нарушение: YYYY-MM-DD``); ``None`` when none does.

    >>> from datetime import timezone
    >>> from participation.model import Event, Status
    >>> t = datetime(2025, 5, 2, tzinfo=timezone.utc)
    >>> s = Submission("S", "bg.apc.signal", SubmissionKind.SIGNAL, t, "Dump",
    ...                events=[Event(t, Status.REGISTERED, note="violation: 2022-04-30")])
    >>> violation_date(s)
    datetime.date(2022, 4, 30)
    """
    found: date | None = None
    for event in submission.events:
        for match in _VIOLATION.finditer(event.note):
            try:
                found = date.fromisoformat(match.group(1))
            except ValueError:
                continue
    return found


def anonymous(submission: Submission, _as_of: datetime) -> str | None:
    """The reason an anonymous proposal or signal opens no proceeding, or ``None``."""
    if submission.anonymous and submission.kind in _APC_KINDS:
        return f"anonymous {submission.kind.value}: no proceeding is opened"
    return None


def older_than_two_years(submission: Submission, _as_of: datetime) -> str | None:
    """The reason a signal about a violation committed more than two years before its
    receipt is not examined, or ``None``.

    >>> from datetime import timezone
    >>> from participation.model import Event, Status
    >>> t = datetime(2025, 5, 2, tzinfo=timezone.utc)
    >>> def signal(when):
    ...     return Submission("S", "bg.apc.signal", SubmissionKind.SIGNAL, t, "Dump",
    ...                       events=[Event(t, Status.REGISTERED, note=f"violation: {when}")])
    >>> older_than_two_years(signal("2023-05-02"), t) is None  # exactly two years: examined
    True
    >>> older_than_two_years(signal("2023-05-01"), t)
    'the violation (2023-05-01) was committed more than two years before receipt (2025-05-02)'
    """
    if submission.kind is not SubmissionKind.SIGNAL:
        return None
    when = violation_date(submission)
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
                    "than two years earlier (the date comes from a 'violation: YYYY-MM-DD' "
                    "event note).",
    ),
]
