"""Submission documents written by SQLite itself, a JSON line per stored submission
(``participation export jsonl``).

The line of each submission is the one
:func:`~participation.exporters.submissions.write_stored_submissions_jsonl` writes from
its stored columns (the library's document, ``json.dumps`` spacing), but SQLite puts it
together: each text goes through ``json_quote`` (which escapes exactly as
:func:`json.dumps` with ``ensure_ascii=False``: :func:`quote_agrees` checks it on this
SQLite), flags become ``true``/``false``, and the steps of the history are joined in
order of position by one subquery per submission. So Python only writes the text out,
about three times faster than building and encoding a dictionary per submission.

Exactness:

- ``group_concat`` joins the steps in the order its subquery reads them, which SQLite
  does not promise; so the positions are joined alongside, and a submission whose
  positions are not ``0, 1, …`` in that order has its steps read again with an
  ``ORDER BY`` (:func:`iter_lines`);
- :func:`~participation.exporters.submissions.sql_lines_agree` compares, once per
  process, the lines of a submission with every field filled in (and every ASCII
  character in a text) with the lines the Python path writes; where they differ, the
  export takes the Python path.

>>> from participation.store import SqliteStore
>>> from participation.model import Submission, SubmissionKind
>>> from datetime import datetime, timezone
>>> with SqliteStore(":memory:") as store:
...     _ = store.write_submissions([Submission("S-1", "email", SubmissionKind.QUESTION,
...                                  datetime(2025, 3, 3, 9, tzinfo=timezone.utc), "Ünïcode \\"q\\"")])
...     line, = iter_lines(store._conn, "participation.submission/1", with_contact=False)
>>> line.startswith('{"schema": "participation.submission/1", "id": "S-1", "channel": "email"')
True
>>> import json
>>> json.loads(line)["subject"]
'Ünïcode "q"'
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator

__all__ = ["iter_lines", "quote_agrees"]


def _text(column: str) -> str:
    return f"json_quote({column})"


def _flag(column: str) -> str:
    return f"CASE WHEN {column} THEN 'true' ELSE 'false' END"


def _object(pairs: list[tuple[str, str]]) -> str:
    """SQL that writes ``{"key": value, …}`` with :func:`json.dumps`' spacing; each value
    is an SQL expression that gives JSON text."""
    parts = []
    for i, (key, value) in enumerate(pairs):
        opener = "{" if i == 0 else ", "
        parts.append(f"'{opener}\"{key}\": ' || {value}")
    return " || ".join(parts) + " || '}'"


#: One step of the history as JSON text.
_EVENT = _object([("at", _text("e.at")), ("status", _text("e.status")),
                  ("note", _text("e.note")), ("actor", _text("e.actor")),
                  ("extension", _text("e.extension")), ("adjustment", _flag("e.adjustment"))])

#: Separates the joined steps from their joined positions (a JSON text cannot hold it raw).
_SEP = "\x1e"

#: The steps of ``s`` joined in the order read, then ``chr(30)``, then their positions.
_EVENTS = (f"(SELECT group_concat(t, ', ') || char(30) || group_concat(position) FROM "  # noqa: S608
           f"(SELECT e.position, {_EVENT} AS t FROM events e WHERE e.submission_id = s.id "
           "ORDER BY e.position))")

_CONTACT = ("CASE WHEN c.name IS NULL AND c.email IS NULL AND c.phone IS NULL AND c.address IS NULL "
            "THEN 'null' ELSE " + _object([("name", _text("c.name")), ("email", _text("c.email")),
                                          ("phone", _text("c.phone")),
                                          ("address", _text("c.address")),
                                          ("consent", _flag("c.consent"))]) + " END")

_RESPONSE = ("CASE WHEN s.answered_at IS NULL THEN 'null' ELSE "
             + _object([("answered_at", _text("s.answered_at")), ("outcome", _text("s.outcome")),
                        ("reasoned", _flag("s.reasoned")), ("published", _flag("s.published")),
                        ("legal_basis", _text("s.legal_basis")),
                        ("text", _text("coalesce(s.response_text, '')"))]) + " END")


def _select(with_contact: bool) -> str:
    """Each submission as (id, the line up to its steps, the steps, the rest), oldest first
    (the order of :meth:`~participation.store.SqliteStore.iter_submission_fields`)."""
    head = _object([("schema", "json_quote(?)"), ("id", _text("s.id")),
                    ("channel", _text("s.channel")), ("kind", _text("s.kind")),
                    ("received_at", _text("s.received_at")), ("subject", _text("s.subject")),
                    ("text", _text("s.text")), ("policy_id", _text("s.policy_id")),
                    ("topic", _text("s.topic")), ("anonymous", _flag("s.anonymous")),
                    ("contact", _CONTACT if with_contact else "'null'"), ("events", "'['")])
    head = head[:-len(" || '}'")]  # the object goes on after the steps
    tail = ("'], \"response\": ' || " + _RESPONSE + " || ', \"deadline_rule\": ' || "
            + _text("s.deadline_rule") + " || ', \"occurred_on\": ' || " + _text("s.occurred_on")
            + " || ', \"extra\": ' || CASE WHEN s.extra IS NULL OR s.extra = '' THEN '{}' "
            "ELSE s.extra END || '}'")
    source = ("submissions s LEFT JOIN contacts c ON c.submission_id = s.id" if with_contact
              else "submissions s")
    # the parts named, so that an error names a part, not the whole expression (a text
    # that is not UTF-8 is reported by _decoded, naming the submission instead)
    return (f"SELECT s.id, {head} AS line_start, {_EVENTS} AS line_steps, "  # noqa: S608 - our own SQL
            f"{tail} AS line_end FROM {source} ORDER BY s.received_utc, s.id")


_SELECT = {flag: _select(flag) for flag in (False, True)}
_EVENTS_OF = f"SELECT {_EVENT} FROM events e WHERE e.submission_id = ? ORDER BY e.position"  # noqa: S608

#: ``"0,1,…,n-1"`` for the first few ``n`` (the positions of a history read in order).
_IN_ORDER = [",".join(str(i) for i in range(n)) for n in range(1, 65)]


def iter_lines(conn: sqlite3.Connection, tag: str, *, with_contact: bool) -> Iterator[str]:
    """Each stored submission's JSON line (without its newline), oldest first; the schema
    tag ``tag``; contact details only ``with_contact``."""
    cursor = conn.execute(_SELECT[with_contact], (tag,))
    try:
        for sid, head, steps, tail in _decoded(cursor):
            if steps is None:
                yield head + tail
                continue
            texts, _, positions = steps.rpartition(_SEP)
            n = positions.count(",")
            if positions != (_IN_ORDER[n] if n < len(_IN_ORDER)
                             else ",".join(str(i) for i in range(n + 1))):
                # read in another order (or positions not 0, 1, …): in order of position
                texts = ", ".join(row[0] for row in conn.execute(_EVENTS_OF, (sid,)))
            yield head + texts + tail
    finally:
        cursor.close()


def _decoded(cursor: sqlite3.Cursor) -> Iterator[tuple[str, str, str | None, str]]:
    """The rows of ``cursor``; a text that is not UTF-8 (a damaged file) is named by the
    submission read before it, not shown: the line holds every text of the submission,
    contact details too."""
    last = None
    try:
        for row in cursor:
            last = row[0]
            yield row
    except sqlite3.OperationalError as exc:
        if "decode" not in str(exc):
            raise
        where = "the first submission" if last is None else f"the submission after {last!r}"
        raise sqlite3.OperationalError(
            f"a stored text is not UTF-8, in {where} (oldest first)") from None


def quote_agrees(conn: sqlite3.Connection) -> bool:
    """Whether this SQLite's ``json_quote`` escapes every ASCII character (and a few
    others: a non-BMP one, the line and paragraph separators, a byte-order mark) as
    :func:`json.dumps` with ``ensure_ascii=False`` does."""
    probe = "".join(chr(c) for c in range(128)) + "é€😀\u2028\u2029\ufeff"
    try:
        quoted = conn.execute("SELECT json_quote(?)", (probe,)).fetchone()[0]
    except sqlite3.Error:  # no JSON functions in this SQLite
        return False
    return bool(quoted == json.dumps(probe, ensure_ascii=False))
