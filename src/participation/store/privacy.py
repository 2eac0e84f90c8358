"""Personal data in the store (GDPR art. 5(1)(e) storage limitation, art. 17 erasure).

Contact details live only in the ``contacts`` table. Erasing them leaves the
submission, its history and its response in place, so every statistic (counts,
timeliness, outcomes) stays the same. Each erasure is logged in ``erasures``
(submission id, when, why; no personal data), and a logged submission never gets
contact details again, not even from a re-import of the original file.

Free text (``subject``, ``text``, event notes) is not scanned: a clerk redacts
personal data written there by hand.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from dateutil.relativedelta import relativedelta

from participation.errors import FieldError
from participation.store.codec import utc_text
from participation.store.connection import fold, phone_digits

if TYPE_CHECKING:
    from participation.store.sqlite import SqliteStore

__all__ = ["erase_contacts", "purge_contacts"]


def _erase(conn: sqlite3.Connection, ids: list[str], reason: str) -> None:
    now = datetime.now(UTC).isoformat(timespec="seconds")
    conn.executemany("DELETE FROM contacts WHERE submission_id = ?", [(i,) for i in ids])
    conn.executemany("INSERT INTO erasures (submission_id, erased_at, reason) VALUES (?, ?, ?) "
                     "ON CONFLICT (submission_id) DO UPDATE SET erased_at = excluded.erased_at, "
                     "reason = excluded.reason", [(i, now, reason) for i in ids])


def erase_contacts(store: SqliteStore, *, email: str | None = None, phone: str | None = None,
                   name: str | None = None, submission_id: str | None = None,
                   reason: str = "request", dry_run: bool = False) -> list[str]:
    """Remove a person's contact details from every submission that carries them.

    A contact matches when **any** given detail matches: ``email`` and ``name``
    case-insensitively with spaces collapsed, ``phone`` by its digits alone, and
    ``submission_id`` exactly (that submission's contact, whoever it is). A name can
    match a namesake: look first with ``dry_run=True``, which changes nothing.

    :returns: the ids of the submissions whose contact details were (or would be) erased.
    :raises FieldError: no criterion given.
    """
    clauses, params = [], []
    if email is not None and email.strip():
        clauses.append("participation_fold(email) = ?")
        params.append(fold(email))
    if phone is not None and phone_digits(phone):
        clauses.append("participation_phone(phone) = ?")
        params.append(phone_digits(phone))
    if name is not None and name.strip():
        clauses.append("participation_fold(name) = ?")
        params.append(fold(name))
    if submission_id is not None:
        clauses.append("submission_id = ?")
        params.append(submission_id)
    if not clauses:
        raise FieldError("erase", "give an e-mail, a phone number, a name or a submission id")
    sql = f"SELECT submission_id FROM contacts WHERE {' OR '.join(clauses)} ORDER BY submission_id"  # noqa: S608

    def work(conn: sqlite3.Connection) -> list[str]:
        ids = [str(r[0]) for r in conn.execute(sql, params)]
        if not dry_run:
            _erase(conn, ids, reason)
        return ids
    if dry_run:
        return [str(r[0]) for r in store.connection.execute(sql, params)]
    return list(store.write(work))


def purge_contacts(store: SqliteStore, older_than_years: int,
                   as_of: datetime | None = None) -> list[str]:
    """The retention rule: erase the contact details of submissions received more than
    ``older_than_years`` years before ``as_of`` (default: now).

    :returns: the ids of the submissions whose contact details were erased.
    """
    if older_than_years < 0:
        raise FieldError("older_than_years", f"must be 0 or more, got {older_than_years}")
    moment = as_of if as_of is not None else datetime.now(UTC)
    if moment.tzinfo is None:
        raise FieldError("as_of", f"naive datetime {moment.isoformat()} (add a timezone offset)")
    cutoff = utc_text(moment - relativedelta(years=older_than_years))

    def work(conn: sqlite3.Connection) -> list[str]:
        ids = [str(r[0]) for r in conn.execute(
            "SELECT c.submission_id FROM contacts c JOIN submissions s ON s.id = c.submission_id "
            "WHERE s.received_utc < ? ORDER BY c.submission_id", (cutoff,))]
        _erase(conn, ids, f"retention: received more than {older_than_years} years before "
                          f"{moment.date().isoformat()}")
        return ids
    return list(store.write(work))
