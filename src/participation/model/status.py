"""The lifecycle of a submission: its statuses and the transitions allowed between them.

This is data; :mod:`participation.rules.lifecycle` applies it.
"""

from __future__ import annotations

import enum

__all__ = ["CLOSED_STATUSES", "OPEN_STATUSES", "TRANSITIONS", "Status"]


class Status(enum.Enum):
    """Where a submission stands."""

    __hash__ = object.__hash__  # members are singletons: hash by identity, in C

    RECEIVED = "received"
    REGISTERED = "registered"
    ACKNOWLEDGED = "acknowledged"
    IN_REVIEW = "in_review"
    FORWARDED = "forwarded"
    EXTENDED = "extended"
    ANSWERED = "answered"
    CLOSED = "closed"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"

    @property
    def is_open(self) -> bool:
        """Whether an answer is still owed (not answered, closed, rejected or withdrawn)."""
        return self in OPEN_STATUSES


_WORKING = {Status.IN_REVIEW, Status.FORWARDED, Status.EXTENDED, Status.ANSWERED,
            Status.REJECTED, Status.WITHDRAWN}

#: Allowed transitions. ``forwarded`` means sent on to another body (or unit) that
#: answers; ``extended`` means the deadline was extended under the rule's terms;
#: ``in_review`` again means the case was reassigned to another official or unit.
#: A correction outside this table is possible only as an *adjustment* with a reason
#: (see :func:`participation.rules.lifecycle.adjust`).
TRANSITIONS: dict[Status, frozenset[Status]] = {
    Status.RECEIVED: frozenset({Status.REGISTERED, Status.REJECTED, Status.WITHDRAWN,
                                Status.FORWARDED}),
    Status.REGISTERED: frozenset({Status.ACKNOWLEDGED} | _WORKING),
    Status.ACKNOWLEDGED: frozenset(_WORKING),
    Status.IN_REVIEW: frozenset(_WORKING),  # in review → in review: reassigned
    Status.FORWARDED: frozenset({Status.IN_REVIEW, Status.EXTENDED, Status.ANSWERED,
                                 Status.CLOSED, Status.WITHDRAWN}),
    Status.EXTENDED: frozenset({Status.IN_REVIEW, Status.EXTENDED, Status.FORWARDED,
                                Status.ANSWERED, Status.REJECTED, Status.WITHDRAWN}),
    Status.ANSWERED: frozenset({Status.CLOSED}),
    Status.CLOSED: frozenset(),
    Status.REJECTED: frozenset({Status.CLOSED}),
    Status.WITHDRAWN: frozenset({Status.CLOSED}),
}

#: Statuses in which an answer is still owed.
OPEN_STATUSES = frozenset({Status.RECEIVED, Status.REGISTERED, Status.ACKNOWLEDGED,
                           Status.IN_REVIEW, Status.FORWARDED, Status.EXTENDED})
#: Statuses in which nothing more is owed.
CLOSED_STATUSES = frozenset(Status) - OPEN_STATUSES
