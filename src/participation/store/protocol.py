"""What a store does, whatever keeps the data: the :class:`Store` protocol.

The SQLite implementation is :class:`~participation.store.sqlite.SqliteStore`; an
embedding system may implement the protocol over its own database.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import datetime, tzinfo
from typing import Any, Protocol, runtime_checkable

import attrs

from participation.model import (
    Activity,
    Administration,
    Event,
    Period,
    Policy,
    Response,
    Status,
    Submission,
)

__all__ = ["RECORD_KINDS", "Store", "UpsertCounts", "WriteOutcome", "WriteResult"]

#: The kinds of record :meth:`Store.write_records` takes (submissions have
#: :meth:`Store.write_submissions`, the administration :meth:`Store.write_administration`).
RECORD_KINDS = ("policy", "activity", "survey", "survey_response")


class WriteOutcome(enum.Enum):
    """What an upsert did with one submission."""

    INSERTED = "inserted"
    UPDATED = "updated"
    UNCHANGED = "unchanged"
    CONFLICT = "conflict"


@attrs.frozen
class WriteResult:
    """The outcome of writing one record; for a conflict, ``message`` says why and
    ``fields`` names the fields whose stored and incoming values differ (an update
    made with ``replace`` names them too)."""

    id: str
    outcome: WriteOutcome
    message: str = ""
    fields: tuple[str, ...] = ()


@attrs.frozen
class UpsertCounts:
    """How many submissions an upsert inserted, updated or left as they were, and the
    conflicts it refused (``(id, reason)``), which wrote nothing."""

    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    conflicts: tuple[tuple[str, str], ...] = ()

    def __add__(self, other: UpsertCounts) -> UpsertCounts:
        return UpsertCounts(self.inserted + other.inserted, self.updated + other.updated,
                            self.unchanged + other.unchanged, self.conflicts + other.conflicts)

    @classmethod
    def of(cls, results: Iterable[WriteResult]) -> UpsertCounts:
        """Tally write results.

        >>> UpsertCounts.of([WriteResult("a", WriteOutcome.INSERTED),
        ...                  WriteResult("b", WriteOutcome.CONFLICT, "history differs")])
        UpsertCounts(inserted=1, updated=0, unchanged=0, conflicts=(('b', 'history differs'),))
        """
        counts = dict.fromkeys(WriteOutcome, 0)
        conflicts = []
        for r in results:
            counts[r.outcome] += 1
            if r.outcome is WriteOutcome.CONFLICT:
                conflicts.append((r.id, r.message))
        return cls(counts[WriteOutcome.INSERTED], counts[WriteOutcome.UPDATED],
                   counts[WriteOutcome.UNCHANGED], tuple(conflicts))


@runtime_checkable
class Store(Protocol):
    """Keeps submissions (with their append-only history and, apart, their contact
    details), policies, activities and survey responses.

    Writes of many items are batched, one transaction per batch; iteration streams in
    constant memory. Personal data are read only when asked (``with_contact=True``).
    """

    def write_submissions(self, batch: Sequence[Submission], *, replace: bool = False,
                          source: str = "") -> list[WriteResult]:
        """Upsert ``batch`` by id in one transaction; one result per item, in order. A
        submission stored with other content is a ``CONFLICT`` (not written) unless
        ``replace``, which writes it and records the change (from ``source``)."""
        ...  # pragma: no cover

    def write_records(self, kind: str, batch: Sequence[Any], *, replace: bool = False,
                      source: str = "") -> list[WriteResult]:
        """Write policies, activities, surveys or survey responses (``kind`` one of
        :data:`RECORD_KINDS`, items model objects) by id, with the conflict rule of
        :meth:`write_submissions`."""
        ...  # pragma: no cover

    def write_administration(self, administration: Administration, *, replace: bool = False,
                             source: str = "") -> WriteResult:
        """Keep the administration; another one already kept is a ``CONFLICT`` unless
        ``replace``."""
        ...  # pragma: no cover

    def administration(self) -> Administration | None:
        """The administration kept, or ``None``."""
        ...  # pragma: no cover

    def upsert_submissions(self, submissions: Iterable[Submission],
                           batch_size: int = 1000) -> UpsertCounts:
        """Upsert many submissions, one transaction per batch."""
        ...  # pragma: no cover

    def insert_submission(self, submission: Submission) -> None:
        """Store a new submission (:class:`StoreConflictError` if the id is taken)."""
        ...  # pragma: no cover

    def get_submission(self, submission_id: str, *, with_contact: bool = True) -> Submission:
        """One submission by id (:class:`~participation.errors.UnknownKeyError` if absent)."""
        ...  # pragma: no cover

    def append_event(self, submission_id: str, event: Event, *, expected_position: int,
                     response: Response | None = None) -> None:
        """Append one lifecycle event (and the response it brings)."""
        ...  # pragma: no cover

    def iter_submissions(self, period: Period | None = None,
                         status: Status | Iterable[Status] | None = None,
                         channel: str | Iterable[str] | None = None,
                         tz: tzinfo | None = None, *,
                         with_contact: bool = False) -> Iterator[Submission]:
        """Stream the submissions received in ``period`` (days in ``tz``) with the given
        current status and channel, oldest first."""
        ...  # pragma: no cover

    def upsert_policies(self, policies: Iterable[Policy], batch_size: int = 1000) -> int:
        """Upsert policies by id; returns how many were written."""
        ...  # pragma: no cover

    def iter_policies(self) -> Iterator[Policy]:
        """Stream the policies, by id."""
        ...  # pragma: no cover

    def upsert_activities(self, activities: Iterable[Activity], batch_size: int = 1000) -> int:
        """Upsert activities by id; returns how many were written."""
        ...  # pragma: no cover

    def iter_activities(self, period: Period | None = None) -> Iterator[Activity]:
        """Stream the activities (those whose window overlaps ``period``)."""
        ...  # pragma: no cover

    def put_survey_responses(self, responses: Iterable[Mapping[str, Any]],
                             batch_size: int = 1000) -> int:
        """Upsert survey responses, given as JSON documents with ``id``, ``survey`` and
        ``submitted_at``; returns how many were written."""
        ...  # pragma: no cover

    def iter_survey_responses(self, survey: str | None = None) -> Iterator[dict[str, Any]]:
        """Stream the survey response documents (of ``survey``), oldest first."""
        ...  # pragma: no cover

    def erase_contacts(self, *, email: str | None = None, phone: str | None = None,
                       name: str | None = None, submission_id: str | None = None,
                       reason: str = "request", dry_run: bool = False) -> list[str]:
        """Remove a person's contact details; returns the ids of the submissions touched."""
        ...  # pragma: no cover

    def purge_contacts(self, older_than_years: int, as_of: datetime | None = None) -> list[str]:
        """Remove contact details of submissions received more than N years before ``as_of``."""
        ...  # pragma: no cover

    def close(self) -> None:
        """Release the store."""
        ...  # pragma: no cover
