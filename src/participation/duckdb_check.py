"""``report --engine duckdb --data``: a data folder checked without reading every line in
Python. SQL vouches, Python judges the rest.

DuckDB reads ``submissions.jsonl`` line by line and *vouches* for a line only when
conservative predicates, taken together, imply that the library's own reader accepts it
with exactly the values DuckDB read:

- **The line is in the form the library writes.** DuckDB parses the line into the
  model's fields (:data:`STRUCTURE`: texts as ``VARCHAR``, flags as ``BOOLEAN``), writes
  them back as JSON (``to_json``: each field once, in the model's order, nulls explicit)
  and puts back the space Python's :func:`json.dumps` writes after ``:`` and ``,``; the
  line must be exactly that text. So the line holds each field once and nothing else (no
  repeated key, which DuckDB and Python read differently; no unknown key), each value has
  the JSON type of its field (a number or an object where text is expected is written back
  as text, and differs), and it is strict JSON (DuckDB tolerates a trailing comma; such a
  line differs from what is written back). A space put back inside a text value could
  only make the line differ, never make a different line equal. The values are then
  those Python reads: the line *is* DuckDB's writing of them.
- **The values are those the fast reader** (:mod:`participation.fastload`) **takes as
  they are**: the schema tag, the enums' values, moments written as
  ``YYYY-MM-DDTHH:MM:SS`` with optional microseconds and an explicit offset, in years
  ``FIRST_YEAR < year < LAST_YEAR`` (where DuckDB's ``TIMESTAMPTZ`` and Python's
  ``datetime.fromisoformat`` read the same instant), days as ``YYYY-MM-DD``, ``extra``
  empty, a flag or text wherever the field has no default.
- **The model's own checks hold**: a non-blank id, a key-like channel, the steps in time
  order and along the lifecycle (:data:`~participation.model.status.TRANSITIONS`) unless
  marked as adjustments (with a reason), no extension but on an ``extended`` step, the
  answer not before receipt, ``occurred_on`` not after the day after receipt, contact
  details with something in them, an anonymous submission's contact with consent.
- **The registry's checks hold** (:func:`~participation.validation.check_references`),
  over the registry passed as tables: a registered channel, its contact policy, a known
  deadline rule, extensions that rule knows, each non-repeatable one applied once.
- **Its id occurs once** in the file.

Every other line — and every line, when the file is not one DuckDB reads a line per row
(a carriage return, a line DuckDB's reader refuses, bytes that are not UTF-8) — is read
and checked by the library itself (:func:`check_lines`), line by line with the default
engine's numbering, so each problem is reported with the same message, file, line and
field. A line SQL cannot vouch for costs only time; the predicates must never vouch for
a line the library would refuse or read otherwise.

The lines are numbered as the library numbers them: DuckDB reads the file with its CSV
reader, a row per line (a blank line is a row, a byte-order mark is dropped; a carriage
return or bytes that are not UTF-8 stop it, and the library then reads every line), in a
query that reads one table and only projects, so DuckDB keeps the file's order (its
documented order preservation) and the table it makes numbers the lines by ``rowid``; the
rows must account for every byte of the file.

When a plugin changed the model or how the converter reads it
(:func:`~participation.fastload.model_as_written`,
:func:`~participation.fastload.converter_as_built`), nothing is vouched for: the
library reads every line.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
from array import array
from collections.abc import Collection, Iterator, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import attrs

from participation.errors import Problem
from participation.fastload import converter_as_built, model_as_written
from participation.files import utf8_lines
from participation.model import Outcome, Status, Submission, SubmissionKind
from participation.model.status import TRANSITIONS
from participation.moments import FIRST_YEAR, LAST_YEAR
from participation.validation import SeenIds

if TYPE_CHECKING:
    from participation.registry import Registry
    from participation.serialization import LineResult, Serializer
    from participation.sources import DirectorySource

__all__ = ["CHECKED_RELATION", "CHECKED_TABLES", "STRUCTURE", "Checked", "CheckedLines", "can_vouch",
           "check_lines", "private_folder", "read_checked", "vouch_query"]

#: The model's fields as DuckDB parses a line (``json_transform``), in the order the
#: library writes them: texts as ``VARCHAR``, flags as ``BOOLEAN``.
STRUCTURE: dict[str, Any] = {
    "schema": "VARCHAR", "id": "VARCHAR", "channel": "VARCHAR", "kind": "VARCHAR",
    "received_at": "VARCHAR", "subject": "VARCHAR", "text": "VARCHAR", "policy_id": "VARCHAR",
    "topic": "VARCHAR", "anonymous": "BOOLEAN",
    "contact": {"name": "VARCHAR", "email": "VARCHAR", "phone": "VARCHAR", "address": "VARCHAR",
                "consent": "BOOLEAN"},
    "events": [{"at": "VARCHAR", "status": "VARCHAR", "note": "VARCHAR", "actor": "VARCHAR",
                "extension": "VARCHAR", "adjustment": "BOOLEAN"}],
    "response": {"answered_at": "VARCHAR", "outcome": "VARCHAR", "reasoned": "BOOLEAN",
                 "published": "BOOLEAN", "legal_basis": "VARCHAR", "text": "VARCHAR"},
    "deadline_rule": "VARCHAR", "occurred_on": "VARCHAR", "extra": "MAP(VARCHAR, VARCHAR)",
}

#: The schema tag the library writes on a submission.
_TAG = "participation.submission/1"

#: A moment both readers take alike: ``datetime.fromisoformat`` and DuckDB's
#: ``TIMESTAMPTZ`` read it as the same instant.
_MOMENT = (r"[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]"
           r":[0-5][0-9](\.[0-9]{6})?(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])")
_DAY = r"[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"
_KEY = r"[a-z0-9._-]+"


def _texts(values: Collection[str]) -> str:
    """An SQL list of library constants (enum values, status pairs), never data."""
    return "[" + ", ".join("'" + v.replace("'", "''") + "'" for v in sorted(values)) + "]"


_KINDS = _texts([k.value for k in SubmissionKind])
_STATUSES = _texts([s.value for s in Status])
_OUTCOMES = _texts([o.value for o in Outcome])
#: Allowed steps, as 'from>to'.
_STEPS = _texts([f"{a.value}>{b.value}" for a, targets in TRANSITIONS.items() for b in targets])


def _macros() -> list[str]:
    """Helpers of the vouching query."""
    return [
        # a moment in the pattern and the years both readers agree on (else NULL)
        f"CREATE OR REPLACE TEMP MACRO v_moment(x) AS CASE WHEN regexp_full_match(x, '{_MOMENT}') "
        f"AND TRY_CAST(x[1:4] AS INTEGER) > {FIRST_YEAR} AND TRY_CAST(x[1:4] AS INTEGER) < {LAST_YEAR} "
        "THEN TRY_CAST(x AS TIMESTAMPTZ) END",
        # not blank for str.strip: an ASCII letter or digit in it
        "CREATE OR REPLACE TEMP MACRO v_some(x) AS coalesce(regexp_matches(x, '[A-Za-z0-9]'), FALSE)",
    ]


#: The columns of a checked document table, as the facts read them.
DOC_COLUMNS = ("rn", "id", "channel", "kind", "received_at", "deadline_rule", "contact", "events",
               "response")


def vouch_query(path_param: str = "path") -> str:
    """The query that reads each line of ``$path`` and vouches for it or not: one row per
    line, in the file's order (``bytes`` its length), ``vouched``, and the values the facts
    read; the registry comes as parameters (:func:`_registry`).

    It reads one table and only projects, so DuckDB keeps the file's order and runs it on
    every thread; a table made of it numbers the lines by its ``rowid``."""
    structure = json.dumps(STRUCTURE, separators=(",", ":"))
    return f"""
    WITH l AS (
      SELECT line, try(json_transform(line, '{structure}')) AS s
      FROM read_csv(${path_param}, columns = {{line: 'VARCHAR'}}, delim = '\x01', quote = '',
                    escape = '', header = false, auto_detect = false, strict_mode = true,
                    new_line = '\\n')),
    f AS (
      SELECT coalesce(strlen(line), 0) AS bytes, s,
             -- the line is exactly what the library writes for these values: each field
             -- once, of its JSON type, and strict JSON
             coalesce(line = replace(replace(replace(to_json(s), '":', '": '), ',"', ', "'),
                                     '}},{{', '}}, {{'), FALSE) AS written,
             v_moment(s.received_at) AS received_at,
             list_transform(coalesce(s.events, []), lambda e: v_moment(e.at)) AS ats,
             list_transform(coalesce(s.events, []), lambda e: e.status) AS sts,
             list_transform(coalesce(s.events, []), lambda e: e.adjustment) AS adj,
             list_transform(list_filter(coalesce(s.events, []), lambda e: e.extension IS NOT NULL),
                            lambda e: e.extension) AS exts,
             v_moment(s.response.answered_at) AS answered_at
      FROM l),
    v AS (
      SELECT f.*,
        coalesce(written
        AND s.schema = '{_TAG}'
        AND v_some(s.id)
        AND regexp_full_match(s.channel, '{_KEY}')
        AND list_contains({_KINDS}, s.kind)
        AND received_at IS NOT NULL
        AND s.subject IS NOT NULL AND s.text IS NOT NULL AND s.anonymous IS NOT NULL
        AND (s.contact IS NULL OR (
              s.contact.consent IS NOT NULL
              AND (s.contact.name <> '' OR s.contact.email <> '' OR s.contact.phone <> ''
                   OR s.contact.address <> '')
              AND NOT (s.anonymous AND NOT s.contact.consent)))
        AND s.events IS NOT NULL
        -- each step's test is made FALSE where it is NULL (a null status, say):
        -- list_bool_and, like bool_and, skips NULLs, so one would pass unseen
        AND coalesce(list_bool_and(list_transform(s.events, lambda e: coalesce(
              list_contains({_STATUSES}, e.status) AND e.note IS NOT NULL
              AND e.adjustment IS NOT NULL AND (NOT e.adjustment OR v_some(e.note))
              AND (e.extension IS NULL OR e.status = 'extended'), FALSE))), TRUE)
        AND list_count(ats) = len(ats)
        AND list_sort(list_prepend(received_at, ats)) = list_prepend(received_at, ats)
        AND coalesce(list_bool_and(list_transform(sts, lambda st, i: coalesce(
              adj[i] OR list_contains({_STEPS},
                (CASE WHEN i = 1 THEN 'received' ELSE sts[i - 1] END) || '>' || st), FALSE))), TRUE)
        AND (s.response IS NULL OR (
              answered_at IS NOT NULL AND answered_at >= received_at
              AND list_contains({_OUTCOMES}, s.response.outcome)
              AND s.response.reasoned IS NOT NULL AND s.response.published IS NOT NULL
              AND s.response.text IS NOT NULL))
        AND (s.occurred_on IS NULL OR (
              regexp_full_match(s.occurred_on, '{_DAY}')
              AND TRY_CAST(s.occurred_on[1:4] AS INTEGER) BETWEEN {FIRST_YEAR} AND {LAST_YEAR}
              AND TRY_CAST(s.occurred_on AS DATE) <= TRY_CAST(s.received_at[1:10] AS DATE) + 1))
        AND cardinality(s.extra) = 0, FALSE) AS shaped
      FROM f)
    SELECT v.bytes,
      coalesce(shaped
        AND v.cpos IS NOT NULL
        AND NOT ($ch_anonymous[v.cpos] AND v.s.contact IS NOT NULL AND NOT v.s.contact.consent)
        AND (v.s.deadline_rule IS NULL OR list_contains($rule_keys, v.s.deadline_rule))
        AND (len(v.exts) = 0 OR (
              v.rpos IS NOT NULL AND list_has_all($rule_extensions[v.rpos], v.exts)
              AND len(list_filter(v.exts, lambda e: list_contains($rule_once[v.rpos], e)))
                = len(list_distinct(list_filter(v.exts,
                                                lambda e: list_contains($rule_once[v.rpos], e)))))),
        FALSE) AS vouched,
      v.s.id AS id, v.s.channel AS channel, v.s.kind AS kind, v.received_at,
      v.s.deadline_rule AS deadline_rule,
      CASE WHEN v.s.contact IS NOT NULL THEN {{'name': v.s.contact.name,
        'email': v.s.contact.email, 'phone': v.s.contact.phone}} END AS contact,
      list_transform(v.ats, lambda a, i: {{'at': a, 'status': v.sts[i],
        'extension': v.s.events[i].extension}}) AS events,
      CASE WHEN v.s.response IS NOT NULL THEN {{'answered_at': v.answered_at,
        'outcome': v.s.response.outcome, 'reasoned': v.s.response.reasoned,
        'published': v.s.response.published}} END AS response
    FROM (SELECT *,
            -- the registry, passed as lists: the channel's place, its rule's place
            list_position($ch_keys, s.channel) AS cpos,
            list_position($rule_keys, coalesce(s.deadline_rule,
                                               $ch_rules[list_position($ch_keys, s.channel)])) AS rpos
          FROM v) v
    """  # noqa: S608 - the library's own constants; the path goes as a parameter


@contextlib.contextmanager
def private_folder() -> Iterator[Path]:
    """A folder only its owner can read (the files hold contact details), removed afterwards."""
    folder = Path(tempfile.mkdtemp(prefix="participation-duckdb-"))  # 0700
    try:
        yield folder
    finally:
        shutil.rmtree(folder)


def _registry(registry: Registry) -> dict[str, Any]:
    """The registry's channels, deadline rules and their extensions, as the vouching
    query's parameters (lists, looked up by position)."""
    channels = list(registry.channel_types.values())
    rules = list(registry.deadline_rules.values())
    return {"ch_keys": [c.key for c in channels], "ch_anonymous": [c.anonymous for c in channels],
            "ch_rules": [c.deadline_rule for c in channels], "rule_keys": [r.key for r in rules],
            "rule_extensions": [[e.key for e in r.extensions] for r in rules],
            "rule_once": [[e.key for e in r.extensions if not e.repeatable] for r in rules]}


def can_vouch(serializer: Serializer) -> bool:
    """Whether SQL may vouch for lines: the model and the converter are those the
    predicates were written for (as for the fast reader)."""
    return model_as_written() and converter_as_built(serializer._fast)


def _docs(con: Any, table: str, path: Path, registry: Registry) -> tuple[int, int]:
    """Read ``path`` into ``table``, a row per line numbered ``rn`` (by ``rowid``: the
    table is written in the file's order); its row count and the bytes its rows account
    for (each line and its newline)."""
    con.execute(f"CREATE OR REPLACE TEMP TABLE {table} AS {vouch_query()}",
                {"path": str(path), **_registry(registry)})
    con.execute(f"ALTER TABLE {table} ADD COLUMN rn BIGINT")
    con.execute(f"UPDATE {table} SET rn = rowid + 1")  # noqa: S608 - the table is ours
    rows, size = con.execute(f"SELECT count(*), coalesce(sum(bytes + 1), 0) FROM {table}").fetchone()  # noqa: S608
    return rows, size


def _covers(path: Path, rows: int, size: int) -> bool:
    """Whether ``rows`` rows of ``size`` bytes (each line with a newline) are the whole
    file, a row per line: the file's size, less a missing final newline, plus a
    byte-order mark DuckDB dropped."""
    actual = path.stat().st_size
    with path.open("rb") as fh:
        head = fh.read(3)
        fh.seek(max(actual - 1, 0))
        last = fh.read(1)
    expected = size - (last not in (b"\n", b"")) + (3 if head == b"\xef\xbb\xbf" else 0)
    return (rows > 0 and expected == actual) or (actual == 0 and rows == 0)


@attrs.define
class CheckedLines:
    """What the library found on the lines SQL did not vouch for."""

    #: The problems, in line order (file, line and field set), the first
    #: :data:`~participation.sources.MAX_PROBLEMS` of them …
    problems: list[Problem] = attrs.Factory(list)
    #: … and how many there are.
    problem_count: int = 0
    #: The numbers of the valid lines, in order (their submissions are written out).
    valid: array[int] = attrs.Factory(lambda: array("q"))
    #: How many records were read (valid or refused by the registry's checks; their
    #: ids are written out).
    records: int = 0


def check_lines(source: DirectorySource, path: Path, lines: Sequence[int],
                written: IO[str], ids: IO[str]) -> CheckedLines:
    """Read and check the lines numbered ``lines`` (in order) of ``path`` as ``source``
    reads every line: the same reader, the same numbering
    (:func:`~participation.files.utf8_lines`), the same checks and messages
    (``source``'s own, a repeated id among these lines included).

    :param written: where each valid submission is written back, a line each (as the
        library writes it), in the order of :attr:`CheckedLines.valid`.
    :param ids: where the id of each record read is written, as JSON, a line each.
    """
    from participation.sources import MAX_PROBLEMS

    found = CheckedLines()
    serializer = source.serializer

    def problem(p: Problem) -> None:
        found.problem_count += 1
        if len(found.problems) < MAX_PROBLEMS:
            found.problems.append(p)

    def results() -> Iterator[LineResult]:
        wanted = iter(lines)
        next_line = next(wanted, None)
        with path.open("rb") as fh:
            for number, raw in enumerate(utf8_lines(fh, path), start=1):
                if number != next_line:
                    if next_line is None:
                        return
                    continue
                next_line = next(wanted, None)
                for result in serializer.iter_jsonl([raw], Submission):  # numbered 1
                    if result.ok:
                        found.records += 1
                        ids.write(json.dumps(result.value.id) + "\n")
                    read[0] = number
                    yield attrs.evolve(result, line=number, problems=tuple(
                        attrs.evolve(p, line=number) for p in result.problems))

    read = [0]  # the line of the record read last (a valid one is yielded at once)
    for submission in source._checked(results(), path, SeenIds(), problem):
        found.valid.append(read[0])
        written.write(serializer.dumps(submission) + "\n")
    return found


@attrs.define
class Checked:
    """The outcome of :func:`read_checked`."""

    #: What the library found on the lines it read.
    found: CheckedLines
    #: How many lines the library read itself (SQL vouched for the others).
    by_library: int


#: The checked submissions, for the facts: the lines SQL vouched for and the valid
#: lines the library read (written back by the library and read by DuckDB), numbered by
#: their lines in the file.
CHECKED_TABLES = ("docs", "docs_lib", "docs_read")
CHECKED_RELATION = (f"(SELECT {', '.join(DOC_COLUMNS)} FROM docs WHERE vouched UNION ALL "  # noqa: S608
                    f"SELECT {', '.join(DOC_COLUMNS)} FROM docs_read) AS documents")


@contextlib.contextmanager
def _private_file(path: Path) -> Iterator[IO[str]]:
    """``path`` (re)written, readable by its owner only."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        yield fh


def _numbers(cursor: Any) -> array[int]:
    """The one-column integer rows of ``cursor``."""
    numbers = array("q")
    while rows := cursor.fetchmany(100_000):
        numbers.extend(row[0] for row in rows)
    return numbers


def read_checked(con: Any, source: DirectorySource, folder: Path) -> Checked | None:
    """Check ``source``'s ``submissions.jsonl`` with SQL and the library, leaving the
    valid submissions in :data:`CHECKED_RELATION`.

    :param folder: a private folder for the valid lines the library read, which DuckDB
        then reads (they hold contact details).
    :returns: ``None`` when DuckDB does not read the file a row per line, or does not
        take a valid line the library wrote back as it wrote it: the library must then
        read every line.
    """
    import duckdb

    from participation.sources import DATA_FILES

    path = source.folder / DATA_FILES["submissions"]
    for statement in _macros():
        con.execute(statement)
    try:
        rows, size = _docs(con, "docs", path, source.registry)
    except duckdb.Error:  # a line DuckDB's reader refuses (a carriage return, not UTF-8 …)
        return None
    if not _covers(path, rows, size):
        return None
    # an id on more than one line (as DuckDB reads it): the library reads every such line
    con.execute("UPDATE docs SET vouched = FALSE WHERE vouched AND id IN "
                "(SELECT id FROM docs WHERE id IS NOT NULL GROUP BY id HAVING count(*) > 1)")
    written, ids = folder / "checked.jsonl", folder / "ids.jsonl"
    while True:
        lines = _numbers(con.execute("SELECT rn FROM docs WHERE NOT vouched ORDER BY rn"))
        with _private_file(written) as out, _private_file(ids) as ids_out:
            found = check_lines(source, path, lines, out, ids_out)
        # a line the library read with the id of a line SQL vouched for (DuckDB read it
        # otherwise): both go to the library, which reports the repeat
        if not found.records or not con.execute(
                "UPDATE docs SET vouched = FALSE WHERE vouched AND id IN (SELECT id FROM "
                "read_json($ids, format = 'newline_delimited', records = false, "
                "columns = {id: 'VARCHAR'}))", {"ids": str(ids)}).fetchone()[0]:
            break
    if found.problem_count:
        return Checked(found, len(lines))
    if found.valid:
        count, _size = _docs(con, "docs_lib", written, source.registry)
        if count != len(found.valid) or con.execute(
                "SELECT count(*) FROM docs_lib WHERE NOT vouched").fetchone()[0]:
            return None
    else:
        con.execute("CREATE OR REPLACE TEMP TABLE docs_lib AS SELECT * FROM docs LIMIT 0")
    con.execute("CREATE OR REPLACE TEMP TABLE docs_read AS SELECT m.line AS rn, d.* EXCLUDE (rn) "
                "FROM docs_lib d JOIN (SELECT unnest($n::BIGINT[]) AS line, "
                "generate_subscripts($n::BIGINT[], 1) AS i) m ON m.i = d.rn",
                {"n": list(found.valid)})
    return Checked(found, len(lines))
