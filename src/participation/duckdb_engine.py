"""``participation report --engine duckdb``: the indicators over submissions computed by
DuckDB, with the figures of the default engine.

The report is still made by :func:`~participation.evaluation.assess`: policies, activities
and survey responses reach the accumulators as always. Only the submissions take another
road: DuckDB reads them (a data folder's ``submissions.jsonl`` through its ``read_json``, a
store's tables through Python's :mod:`sqlite3`), works out per period what
:class:`~participation.indicators.SubmissionFacts` says of each (the relation ``facts``),
and each indicator's SQL form (:mod:`participation.indicators.sql`) loads what it counts
into the indicator's own accumulator. Due dates come from the plugins' deadline rules and
calendars: DuckDB lists the distinct (rule, anchor day, day of receipt, extensions) and
each is computed once in Python by :func:`~participation.rules.lifecycle.deadline_from_days`.

Exactness: every line of a data folder is checked. SQL vouches for the lines it can prove
the library accepts with the values DuckDB read, and the library reads and checks the
others itself (:mod:`participation.duckdb_check`); with any problem, no report is
written, as with the default engine. When an indicator has no SQL form, the library
reads every line (the same pass feeds that indicator). A store holds only checked
records. Where DuckDB cannot read what the library accepted, the submissions are fed to
the default engine instead and :attr:`DuckDBFeed.fell_back` says why.

DuckDB is an optional dependency (``pip install "participation[duckdb]"``): the core does
not import this module.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from participation.duckdb_check import (
    CHECKED_RELATION,
    CHECKED_TABLES,
    can_vouch,
    private_folder,
    read_checked,
)
from participation.errors import ParticipationError
from participation.evaluation import _FLAGS, DataSource, Evaluation
from participation.indicators.base import Accumulator
from participation.indicators.sql import SqlDays, SqlQuery, SqlShare, sql_list
from participation.model.status import OPEN_STATUSES
from participation.rules.lifecycle import deadline_from_days

if TYPE_CHECKING:
    from participation.registry import Registry
    from participation.sources import DirectorySource, StoreSource

__all__ = ["INSTALL_HINT", "DuckDBFeed", "EngineUnavailableError", "folder_loader", "import_duckdb",
           "store_loader"]

#: How to install the engine.
INSTALL_HINT = 'pip install "participation[duckdb]"'

#: The memory DuckDB's tables and operators may take before they spill to disk. At a
#: million submissions a store's documents fit in it: with 300 MB they spilled and
#: ``report --db`` took 79 s instead of 21 s (``--data``, checked: 15 s instead of 13 s).
MEMORY_LIMIT = "600MB"

#: What DuckDB reads of a submission document (the rest is ignored).
JSON_COLUMNS = {
    "id": "VARCHAR",
    "channel": "VARCHAR",
    "kind": "VARCHAR",
    "received_at": "TIMESTAMPTZ",
    "deadline_rule": "VARCHAR",
    "contact": "STRUCT(name VARCHAR, email VARCHAR, phone VARCHAR)",
    "events": 'STRUCT("at" TIMESTAMPTZ, status VARCHAR, extension VARCHAR)[]',
    "response": "STRUCT(answered_at TIMESTAMPTZ, outcome VARCHAR, reasoned BOOLEAN, published BOOLEAN)",
}

#: Separates the parts of a due-date key (never in a key or a date): chr(31) in the SQL.
_SEP = "\x1f"


class EngineUnavailableError(ParticipationError):
    """The DuckDB engine was asked for and DuckDB is not installed."""


def import_duckdb() -> Any:
    """The ``duckdb`` module.

    :raises EngineUnavailableError: it is not installed (naming the install command).
    """
    try:
        import duckdb
    except ImportError:
        raise EngineUnavailableError(
            f"--engine duckdb needs DuckDB, which is not installed: {INSTALL_HINT}") from None
    return duckdb


#: Where the submissions come from: a context that yields an SQL relation over documents
#: with :data:`JSON_COLUMNS`, its parameters and the SQL expression that numbers them in the
#: order the default engine reads them, valid while it is open.
Loader = Callable[[], contextlib.AbstractContextManager[tuple[str, dict[str, Any], str]]]

#: The library's own column list only; the path goes as a parameter.
_READ_JSON = ("read_json($path, format = 'newline_delimited', columns = {"
              + ", ".join(f"{name}: '{kind}'" for name, kind in JSON_COLUMNS.items()) + "})")


class FolderLoader:
    """Read a JSON Lines file of submissions (a data folder's ``submissions.jsonl``)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)

    @contextlib.contextmanager
    def __call__(self) -> Iterator[tuple[str, dict[str, Any], str]]:
        # row_number() over the scan keeps the order read, which later joins do not
        yield _READ_JSON, {"path": str(self.path)}, "row_number() OVER ()"


def folder_loader(path: str | Path) -> Loader:
    """Read a JSON Lines file of submissions (a data folder's ``submissions.jsonl``)."""
    return FolderLoader(path)


def _checked(con: Any) -> Loader:
    """The submissions :func:`~participation.duckdb_check.read_checked` left in ``con``
    (numbered by line); once read into the facts' own table, they are dropped."""

    @contextlib.contextmanager
    def load() -> Iterator[tuple[str, dict[str, Any], str]]:
        yield CHECKED_RELATION, {}, "rn"
        for table in CHECKED_TABLES:
            con.execute(f"DROP TABLE IF EXISTS {table}")

    return load


#: The stored submissions as JSON documents, built by SQLite (one per line): the columns the
#: facts read, and ``received_utc`` for the order the store reads them in
#: (:meth:`~participation.store.sqlite.SqliteStore.iter_submissions`).
_STORE_SUBMISSIONS = """
SELECT json_object(
  'id', s.id, 'channel', s.channel, 'kind', s.kind, 'received_at', s.received_at,
  'received_utc', s.received_utc, 'deadline_rule', s.deadline_rule,
  'contact', CASE WHEN c.submission_id IS NULL THEN NULL
                  ELSE json_object('name', c.name, 'email', c.email, 'phone', c.phone) END,
  'response', CASE WHEN s.answered_at IS NULL THEN NULL
                   ELSE json_object('answered_at', s.answered_at, 'outcome', s.outcome,
                                    'reasoned', json(CASE WHEN s.reasoned THEN 'true' ELSE 'false' END),
                                    'published', json(CASE WHEN s.published THEN 'true' ELSE 'false' END))
              END)
FROM submissions s LEFT JOIN contacts c ON c.submission_id = s.id
WHERE s.received_utc >= ? AND s.received_utc < ?
"""

#: Their histories, one document per submission (positions kept: DuckDB sorts by them).
_STORE_EVENTS = """
SELECT json_object('id', submission_id, 'events',
                   json_group_array(json_object('position', position, 'at', at, 'status', status,
                                                'extension', extension)))
FROM events GROUP BY submission_id
"""

#: Both read back as the documents of a data folder (joined by id, events by position);
#: the library's own column list only, the paths go as parameters.
_READ_STORE = (
    "(SELECT s.*, list_transform(list_sort(e.events), lambda x: "  # noqa: S608
    "{'at': x.at, 'status': x.status, 'extension': x.extension}) AS events FROM "
    "(SELECT row_number() OVER (ORDER BY received_utc, id) AS position, * FROM "
    "read_json($submissions, format = 'newline_delimited', columns = {"
    + ", ".join(f"{name}: '{kind}'" for name, kind in JSON_COLUMNS.items() if name != "events")
    + ", received_utc: 'VARCHAR'}) s0) s LEFT JOIN "
    "read_json($events, format = 'newline_delimited', columns = {id: 'VARCHAR', "
    "events: 'STRUCT(position INTEGER, \"at\" TIMESTAMPTZ, status VARCHAR, extension VARCHAR)[]'}) e "
    "USING (id)) AS documents")


def _write_lines(path: Path, cursor: Any) -> None:
    """The one-column rows of ``cursor``, one a line, into a new file only its owner reads."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        try:
            while rows := cursor.fetchmany(10_000):
                fh.write("\n".join(row[0] for row in rows))
                fh.write("\n")
        finally:
            cursor.close()


def store_loader(source: StoreSource) -> Loader:
    """Read the submissions a :class:`~participation.sources.StoreSource` would stream (those
    received by the end of its period, in its order), through :mod:`sqlite3`: SQLite writes
    them and their histories as JSON documents into private temporary files, which DuckDB
    reads and joins."""
    from participation.store import codec

    @contextlib.contextmanager
    def load() -> Iterator[tuple[str, dict[str, Any], str]]:
        until, tz = source.until, source.tz
        bounds = (codec.utc_text(until.start_at(tz)), codec.utc_text(until.end_at(tz)))
        connection = source.store.connection
        with private_folder() as folder:
            _write_lines(folder / "submissions.jsonl", connection.execute(_STORE_SUBMISSIONS, bounds))
            _write_lines(folder / "events.jsonl", connection.execute(_STORE_EVENTS))
            yield (_READ_STORE, {"submissions": str(folder / "submissions.jsonl"),
                                 "events": str(folder / "events.jsonl")}, "position")

    return load


def _reads_submissions(acc: Accumulator) -> bool:
    return type(acc).add_submission is not Accumulator.add_submission


class DuckDBFeed:
    """Feeds an :class:`~participation.evaluation.Evaluation` its submissions through DuckDB
    (pass it as ``feed`` to :func:`~participation.evaluation.assess`).

    :param load: where the submission documents are (:func:`folder_loader`,
        :func:`store_loader`).
    :param check_source: the source checks every record (a data folder): a bad line is
        reported as the default engine reports it, and no report is made. SQL vouches
        for the lines it can (:mod:`participation.duckdb_check`), the library reads the
        others; it reads them all when an indicator has no SQL form, when the model or
        the converter was changed by a plugin, or when DuckDB cannot read the file a row
        per line. ``False`` for a store, which holds only checked records.
    """

    def __init__(self, load: Loader, *, check_source: bool) -> None:
        self.load = load
        self.check_source = check_source
        #: Why the submissions were fed to the default engine instead, if they were.
        self.fell_back: str | None = None
        #: The indicators the default engine computed in the same run (no SQL form).
        self.by_default_engine: tuple[str, ...] = ()
        #: Lines of a checked data folder the library read itself (SQL vouched for the
        #: others; see :mod:`participation.duckdb_check`), if SQL checked it.
        self.by_library: int | None = None

    def __call__(self, ev: Evaluation, source: DataSource) -> None:
        """Feed ``ev``: SQL forms in DuckDB, the other indicators by the default engine."""
        duckdb = import_duckdb()
        forms = {spec.key: spec.sql for spec in ev.specs if spec.sql is not None}
        first = ev.accumulators[0] if ev.accumulators else []
        self.by_default_engine = tuple(spec.key for spec, acc in zip(ev.specs, first, strict=True)
                                       if spec.key not in forms and _reads_submissions(acc))
        # what does not fit in MEMORY_LIMIT goes to a private folder (it holds contact
        # details), removed with the connection
        with private_folder() as spill:
            con = duckdb.connect(config={"memory_limit": MEMORY_LIMIT, "temp_directory": str(spill)})
            try:
                self._feed(con, duckdb, ev, source, forms)
            finally:
                con.close()

    def _feed(self, con: Any, duckdb: Any, ev: Evaluation, source: DataSource,
              forms: Mapping[str, Any]) -> None:
        load = self.load
        python_pass = bool(self.by_default_engine) or self.check_source
        if python_pass and not self.by_default_engine and self._vouches(source):
            # SQL vouches for the lines it can, the library reads the others
            folder_source = cast("DirectorySource", source)
            with private_folder() as folder:
                try:
                    checked = read_checked(con, folder_source, folder)
                except duckdb.Error:  # out of memory, a full disk: the library reads every line
                    checked = None
            if checked is not None:
                self.by_library = checked.by_library
                found = checked.found
                for problem in found.problems:
                    folder_source._problem(problem)
                folder_source.problem_count += found.problem_count - len(found.problems)
                if found.problem_count:
                    return  # no report will be made: the source's check lists the problems
                load, python_pass = _checked(con), False
        if python_pass:
            ev.add_submissions(source.iter_submissions(), indicators=self.by_default_engine)
            if getattr(source, "problem_count", 0):
                return  # no report will be made: the source's check lists the problems
        try:
            results = _run(con, load, ev, forms)
        except duckdb.Error as exc:  # a value it reads otherwise than Python; out of memory
            self.fell_back = f"DuckDB could not read the submissions ({_first_line(exc)})"
            saved = [dict(ctx.tally) for ctx in ev.contexts], dict(ev.counts)
            ev.add_submissions(source.iter_submissions(), indicators=list(forms))
            if python_pass:  # they were counted by the first pass already
                for ctx, tally in zip(ev.contexts, saved[0], strict=True):
                    ctx.tally.clear()
                    ctx.tally.update(tally)
                ev.counts.update(saved[1])
            return
        tallies, total, per_form = results
        for i, (ctx, accs) in enumerate(zip(ev.contexts, ev.accumulators, strict=True)):
            if not python_pass:
                ctx.tally["submissions"] = ctx.tally.get("submissions", 0) + tallies.get(i, 0)
            for spec, acc in zip(ev.specs, accs, strict=True):
                form = forms.get(spec.key)
                if form is not None:
                    form.load(acc, per_form[spec.key].get(i, [] if isinstance(form, SqlQuery)
                                                          else _empty(form)))
        if not python_pass:
            ev.counts["submissions"] += total

    def _vouches(self, source: DataSource) -> bool:
        """Whether SQL may vouch for lines of this source (a data folder read as written)."""
        from participation.sources import DATA_FILES, DirectorySource

        return (isinstance(self.load, FolderLoader) and isinstance(source, DirectorySource)
                and self.load.path.resolve() == (source.folder / DATA_FILES["submissions"]).resolve()
                and can_vouch(source.serializer))


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


def _empty(form: SqlShare | SqlDays) -> tuple[Any, ...]:
    return (0, 0) if isinstance(form, SqlShare) else (None,)


def _setup(con: Any, ev: Evaluation, documents: str, params: dict[str, Any], number: str) -> None:
    """The tables the facts are derived from: channels, rules, periods, the submissions
    (read from the relation ``documents`` with ``params``, numbered by ``number``)."""
    registry: Registry = ev.registry
    # the session's zone is the administration's: a moment cast to DATE is its local day
    # (as datetime.astimezone(tz).date()), a DATE cast to TIMESTAMPTZ its first moment
    con.execute("SET TimeZone = $1", [ev.contexts[0].administration.timezone])
    con.execute("CREATE TEMP MACRO day_start(d) AS d::TIMESTAMPTZ")
    channels = list(registry.channel_types.values())
    con.execute("CREATE TEMP TABLE channels AS SELECT unnest($k::VARCHAR[]) AS key, "
                "unnest($m::VARCHAR[]) AS medium, unnest($r::VARCHAR[]) AS rule",
                {"k": [c.key for c in channels], "m": [c.medium.value for c in channels],
                 "r": [c.deadline_rule for c in channels]})
    rules = list(registry.deadline_rules.values())
    con.execute("CREATE TEMP TABLE rules AS SELECT unnest($k::VARCHAR[]) AS key, "
                "unnest($a::VARCHAR[]) AS anchor, unnest($kind::VARCHAR[]) AS kind, "
                "unnest($i::BIGINT[]) AS number",
                {"k": [r.key for r in rules], "a": [r.anchor.value for r in rules],
                 "kind": [r.kind.value for r in rules], "i": list(range(len(rules)))})
    con.execute("CREATE TEMP TABLE periods AS SELECT unnest($i) AS period, "
                "unnest($s)::TIMESTAMPTZ AS period_start, unnest($e)::TIMESTAMPTZ AS period_end, "
                "unnest($c)::TIMESTAMPTZ AS cutoff",
                {"i": list(range(len(ev.contexts))),
                 "s": [c.start.isoformat() for c in ev.contexts],
                 "e": [c.end.isoformat() for c in ev.contexts],
                 "c": [c.cutoff.isoformat() for c in ev.contexts]})
    # one row per submission; `rn` is its position in the input
    con.execute(f"""
        CREATE TEMP TABLE sub AS
        WITH r AS (
          SELECT {number} AS rn, id, channel,
                 kind, received_at, deadline_rule,
                 contact, response,
                 list_transform(coalesce(events, []), lambda e: e.at) AS ev_at,
                 list_transform(coalesce(events, []), lambda e: e.status) AS ev_status,
                 list_filter(coalesce(events, []), lambda e: e.extension IS NOT NULL) AS exts
          FROM {documents})
        SELECT r.rn, r.id, r.channel, r.kind, r.received_at,
               r.received_at::DATE AS received_day,
               ch.medium, coalesce(r.deadline_rule, ch.rule) AS rule, rl.kind AS rule_kind,
               rl.number AS rule_number,
               CASE WHEN rl.anchor = 'received' THEN r.received_at
                    ELSE r.ev_at[list_position(r.ev_status, rl.anchor)] END AS anchor_at,
               r.ev_at, r.ev_status, len(r.ev_at) AS n_ev, r.exts,
               r.ev_at[list_position(r.ev_status, 'answered')] AS first_answered,
               r.ev_at[list_position(r.ev_status, 'acknowledged')] AS first_ack,
               r.response.answered_at AS resp_at, r.response.outcome AS outcome,
               coalesce(r.response.reasoned, TRUE) AS reasoned,
               coalesce(r.response.published, FALSE) AS published,
               CASE WHEN r.contact IS NULL THEN NULL
                    WHEN r.contact.email <> '' THEN r.contact.email
                    WHEN r.contact.phone <> '' THEN r.contact.phone
                    ELSE r.contact.name END AS contact_key
        FROM r LEFT JOIN channels ch ON ch.key = r.channel
               LEFT JOIN rules rl ON rl.key = coalesce(r.deadline_rule, ch.rule)""", params)  # noqa: S608
    # what does not depend on a period, and per period the submissions received in it
    # (a period joins by a CASE: with a handful of periods a nested loop beats the range
    # join the planner would otherwise choose)
    con.execute("CREATE TEMP VIEW submissions AS SELECT rn, id, channel, kind, medium, "
                "received_at, received_day, rule, rule_kind, contact_key FROM sub")
    con.execute("CREATE TEMP VIEW received AS SELECT p.period, s.* FROM submissions s, periods p "
                "WHERE CASE WHEN s.received_at >= p.period_start AND s.received_at < p.period_end "
                "AND s.received_at < p.cutoff THEN TRUE END")
    # each submission as it stood at each period's cut-off (SubmissionState); `live`: the
    # rows any flag of the facts can be true for (as the default engine skips the others:
    # received before the period and answered before both its start and its cut-off)
    for name, where in (("state", ""), ("state_live", _LIVE)):
        con.execute(_STATE.format(name=name, where=where, due_number=_DUE_NUMBER.format(
            rule="s.rule_number", anchored="coalesce(s.anchor_at < p.cutoff, FALSE)",
            day="CASE WHEN s.anchor_at < p.cutoff THEN s.anchor_at::DATE ELSE s.received_day END")))
    _due_table(con, ev)
    # the text holds only the library's own status list; data goes as parameters
    open_statuses = sql_list(OPEN_STATUSES)
    for name, state in (("facts", "state"), ("facts_live", "state_live")):
        con.execute(_FACTS.format(name=name, state=state, open_statuses=open_statuses))


_LIVE = """AND NOT coalesce(s.received_at < p.period_start
                     AND coalesce(s.resp_at, s.first_answered) < least(p.period_start, p.cutoff),
                     FALSE)"""

#: (rule number, anchored, day) as one exact number: days from 1900 take 22 bits
_DUE_NUMBER = "(({rule} * 2 + ({anchored})::BIGINT) * 4194304 + ({day} - DATE '1900-01-01'))"

_STATE = """
    CREATE TEMP VIEW {name} AS
    SELECT p.period, p.period_start, p.period_end, p.cutoff, s.*,
           CASE WHEN s.resp_at < p.cutoff THEN s.resp_at
                WHEN s.first_answered < p.cutoff THEN s.first_answered END AS answered_at_c,
           CASE WHEN s.n_ev = 0 OR s.ev_at[1] >= p.cutoff THEN 'received'
                WHEN s.ev_at[s.n_ev] < p.cutoff THEN s.ev_status[s.n_ev]
                ELSE s.ev_status[len(list_filter(s.ev_at, lambda x: x < p.cutoff))]
           END AS status_c,
           CASE WHEN s.first_ack < p.cutoff THEN s.first_ack END AS acknowledged_at,
           coalesce(s.resp_at < p.cutoff, FALSE) AS has_response,
           -- what the due date depends on: the day of the anchor step (else of
           -- receipt, anchored false) and the extensions (chr(31) between keys)
           coalesce(s.anchor_at < p.cutoff, FALSE) AS anchored,
           CASE WHEN s.anchor_at < p.cutoff THEN s.anchor_at::DATE ELSE s.received_day END
             AS due_from,
           CASE WHEN len(s.exts) = 0 THEN '' ELSE array_to_string(list_transform(
             list_filter(s.exts, lambda x: x.at < p.cutoff), lambda x: x.extension), chr(31))
           END AS extensions,
           -- the rule, anchored and the day in one number (joined faster than three columns)
           {due_number} AS due_number
    FROM sub s, periods p WHERE CASE WHEN s.received_at < p.cutoff THEN TRUE END {where}"""

_FACTS = """
    CREATE TEMP VIEW {name} AS
    SELECT f.period, f.period_start, f.period_end, f.cutoff, f.rn, f.id, f.channel, f.kind,
           f.medium, f.received_at, f.received_day, f.rule, f.rule_kind,
           f.received_at >= f.period_start AND f.received_at < f.period_end
             AS received_in_period,
           f.answered_at_c AS answered_at,
           coalesce(f.answered_at_c >= f.period_start AND f.answered_at_c < f.period_end, FALSE)
             AS answered_in_period,
           d.due_at,
           f.status_c IN {open_statuses} AND f.answered_at_c IS NULL AS open_at_cutoff,
           f.status_c IN {open_statuses} AND f.answered_at_c IS NULL
             AND d.due_at IS NOT NULL AND f.cutoff >= d.due_at AS overdue_at_cutoff,
           f.answered_at_c < d.due_at AS on_time,
           f.answered_at_c::DATE - f.received_day AS days_to_answer,
           f.acknowledged_at, f.has_response,
           CASE WHEN f.has_response THEN f.outcome END AS outcome,
           CASE WHEN f.has_response THEN f.reasoned END AS reasoned,
           CASE WHEN f.has_response THEN f.published END AS published,
           f.contact_key
    FROM {state} f LEFT JOIN due d ON d.due_number = f.due_number AND d.extensions = f.extensions"""


def _due_table(con: Any, ev: Evaluation) -> None:
    """``due``: each distinct due-date question (rule, anchored, day, extensions) answered
    once by the rules, as the default engine answers it."""
    registry: Registry = ev.registry
    ctx0 = ev.contexts[0]
    tz, calendar = ctx0.tz, ctx0.calendar
    rows = con.execute("SELECT DISTINCT rule, anchored, due_from, extensions FROM state "
                       "WHERE rule IS NOT NULL").fetchall()
    moments = []
    for rule_key, anchored, day, extensions in rows:
        due = deadline_from_days(registry.deadline_rule(rule_key), day if anchored else None, day,
                                 extensions.split(_SEP) if extensions else (), calendar)
        moments.append(due.due_at(tz).isoformat())
    con.execute("CREATE TEMP TABLE due AS SELECT " + _DUE_NUMBER.format(  # noqa: S608
                    rule="r.number", anchored="q.anchored", day="q.due_from") + " AS due_number, "
                "q.extensions, q.due_at FROM (SELECT unnest($r::VARCHAR[]) AS rule, "
                "unnest($a::BOOLEAN[]) AS anchored, unnest($f::DATE[]) AS due_from, "
                "unnest($x::VARCHAR[]) AS extensions, unnest($d::VARCHAR[])::TIMESTAMPTZ AS due_at) q "
                "JOIN rules r ON r.key = q.rule",
                {"r": [r[0] for r in rows], "a": [r[1] for r in rows], "f": [r[2] for r in rows],
                 "x": [r[3] for r in rows], "d": moments})


def _run(con: Any, load: Loader, ev: Evaluation, forms: Mapping[str, Any]
         ) -> tuple[dict[int, int], int, dict[str, dict[int, Any]]]:
    """Per period: submissions by the cut-off; in all: submissions read; per indicator
    and period: what its SQL form computed."""
    with load() as (documents, params, number):
        _setup(con, ev, documents, params, number)
    total = con.execute("SELECT count(*) FROM sub").fetchone()[0]
    tallies: dict[int, int] = dict(con.execute(
        "SELECT p.period, count(*) FROM sub s, periods p "
        "WHERE CASE WHEN s.received_at < p.cutoff THEN TRUE END GROUP BY p.period").fetchall())
    per_form: dict[str, dict[int, Any]] = {key: {} for key in forms}
    # an accumulator that declares what it needs (Accumulator.needs) is given the live rows
    needs = {spec.key: getattr(acc, "needs", None) for spec, acc in zip(ev.specs, ev.accumulators[0],
                                                                        strict=True)}
    aggregated = [(key, form) for key, form in forms.items() if not isinstance(form, SqlQuery)]
    for relation, group in (("facts_live", [(k, f) for k, f in aggregated if needs[k] in _FLAGS]),
                            ("facts", [(k, f) for k, f in aggregated if needs[k] not in _FLAGS])):
        if not group:
            continue
        select = ", ".join(["period", *(agg for _key, form in group for agg in form.aggregates())])
        # the text holds the indicators' SQL forms (code, as their Python tests are); no data
        for row in con.execute(f"SELECT {select} FROM {relation} GROUP BY period").fetchall():  # noqa: S608
            at = 1
            for key, form in group:
                width = len(form.aggregates())
                per_form[key][row[0]] = row[at:at + width]
                at += width
    for key, form in forms.items():
        if isinstance(form, SqlQuery):
            if form.prepare is not None:
                form.prepare(con)
            for row in con.execute(form.query).fetchall():
                per_form[key].setdefault(row[0], []).append(tuple(row[1:]))
    return tallies, total, per_form
