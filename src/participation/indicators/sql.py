"""SQL forms of indicators: how ``participation report --engine duckdb`` computes them.

An indicator declares its SQL form in :attr:`IndicatorSpec.sql
<participation.indicators.IndicatorSpec.sql>`. The form does not replace the indicator's
accumulator: it computes, in SQL, what the accumulator would have gathered from the
submissions, and loads it into a fresh accumulator, whose own ``finish`` then makes the
measurement. Policies, activities and survey responses still reach the accumulator the
usual way, so the figures are those of the default engine. An indicator without an SQL
form is computed by the default engine in the same run.

Each form reads the relation ``facts``: one row per period and submission received before
the period's cut-off, with the columns of :class:`~participation.indicators.SubmissionFacts`
(see :data:`FACTS_COLUMNS`). Two lighter relations serve forms that need no history:
``submissions``, one row per submission with the columns that do not depend on a period
(``rn``, ``id``, ``channel``, ``kind``, ``medium``, ``received_at``, ``received_day``,
``rule``, ``rule_kind``, ``contact_key``), and ``received``, the same with ``period`` for each
period the submission was received in (by the cut-off), i.e. the rows of ``facts`` where
``received_in_period``. Three kinds of form cover the built-in indicators:

* :class:`SqlShare` for an indicator made with :func:`~participation.indicators.submission_share`
  or :func:`~participation.indicators.count_submissions`: an SQL verdict that is ``TRUE``,
  ``FALSE`` or ``NULL`` exactly when the Python test says ``True``, ``False`` or ``None``;
* :class:`SqlDays` for one made with :func:`~participation.indicators.submission_days`: an
  SQL whole number of days, ``NULL`` when the Python function says ``None``;
* :class:`SqlQuery` for anything else: a query over ``facts`` and a function that loads its
  rows into the accumulator.

>>> SqlShare("CASE WHEN answered_in_period AND has_response THEN published END").aggregates()[1]
'count((CASE WHEN answered_in_period AND has_response THEN published END))'
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import attrs

from participation.indicators.base import Accumulator

__all__ = ["FACTS_COLUMNS", "SqlDays", "SqlForm", "SqlQuery", "SqlShare", "sql_list"]

#: The columns of the ``facts`` relation an SQL form reads (all moments are
#: ``TIMESTAMPTZ``, days are ``DATE`` in the administration's time zone).
FACTS_COLUMNS: dict[str, str] = {
    "period": "the period's number in this run (an SqlQuery groups by it)",
    "period_start": "the first moment of the period",
    "period_end": "the first moment after the period",
    "cutoff": "the moment figures are taken at (min(as of, period end), exclusive)",
    "rn": "the submission's position in the input (file order, or the store's order)",
    "id": "the submission's id",
    "channel": "the channel key",
    "kind": "the submission kind (proposal, signal, …)",
    "medium": "the channel type's medium, NULL when the channel is not registered",
    "received_at": "when it was received",
    "received_day": "the day it was received",
    "rule": "the key of its deadline rule (its own, else its channel's), or NULL",
    "rule_kind": "that rule's kind: answer or minimum",
    "received_in_period": "received inside the period",
    "answered_at": "when it was answered, if by the cut-off",
    "answered_in_period": "answered inside the period (and by the cut-off)",
    "due_at": "the first moment after its due day, under its rule as of the cut-off",
    "open_at_cutoff": "an answer was still owed at the cut-off",
    "overdue_at_cutoff": "open and past its due day at the cut-off",
    "on_time": "answered before due_at (NULL when not answered or no rule)",
    "days_to_answer": "calendar days from the day of receipt to the day of answer",
    "acknowledged_at": "when it was first acknowledged, if by the cut-off",
    "has_response": "its response was given by the cut-off",
    "outcome": "the response's outcome (NULL without a response by the cut-off)",
    "reasoned": "the response states its reasons",
    "published": "the response was made public",
    "contact_key": "personal data: the contact's e-mail, else phone, else name, as written",
}


def sql_list(values: Iterable[Any]) -> str:
    """An SQL list of text literals, from enum members or strings (sorted).

    >>> sql_list(["b", "a'"])
    "('a''', 'b')"
    """
    texts = sorted(v.value if isinstance(v, enum.Enum) else str(v) for v in values)
    return "(" + ", ".join("'" + t.replace("'", "''") + "'" for t in texts) + ")"


@attrs.frozen
class SqlShare:
    """The SQL form of a share or a count of submissions.

    :param verdict: an SQL expression over the ``facts`` columns: ``TRUE`` (counts above
        the line), ``FALSE`` (below) or ``NULL`` (not counted).
    """

    verdict: str

    def aggregates(self) -> tuple[str, ...]:
        """The aggregates computed per period: hits, then items counted."""
        return (f"count(*) FILTER (WHERE ({self.verdict}))", f"count(({self.verdict}))")

    def load(self, acc: Accumulator, values: Sequence[Any]) -> None:
        """Give the accumulator's ratio the counts."""
        hits, counted = values
        acc.ratio.add_counts(float(hits), float(counted))  # type: ignore[attr-defined]


@attrs.frozen
class SqlDays:
    """The SQL form of a quantile of days.

    :param days: an SQL whole number of days over the ``facts`` columns, ``NULL`` for a
        submission that is not counted. The accumulator's own quantile is then taken
        over the histogram, so the definition of the median is the Python one.
    """

    days: str

    def aggregates(self) -> tuple[str, ...]:
        """The aggregate computed per period: a histogram of the days."""
        return (f"histogram(({self.days})) FILTER (WHERE ({self.days}) IS NOT NULL)",)

    def load(self, acc: Accumulator, values: Sequence[Any]) -> None:
        """Give the accumulator's histogram the counts."""
        hist = acc.hist  # type: ignore[attr-defined]
        for days, count in sorted((values[0] or {}).items()):
            hist.counts[int(days)] = hist.counts.get(int(days), 0) + int(count)
            hist.n += int(count)


@attrs.frozen
class SqlQuery:
    """The SQL form of any other indicator.

    :param query: a query over ``facts`` (or ``received``) whose first column is ``period``.
    :param load: ``load(accumulator, rows)`` with the rows of the accumulator's period,
        in the query's order (without the ``period`` column).
    :param prepare: ``prepare(connection)``, run once before the query with the DuckDB
        connection, to make helper tables the query joins (e.g. what only Python can
        compute, once per distinct value).
    """

    query: str
    load: Callable[[Accumulator, list[tuple[Any, ...]]], None] = attrs.field(eq=False)
    prepare: Callable[[Any], None] | None = attrs.field(default=None, eq=False)


#: What :attr:`IndicatorSpec.sql <participation.indicators.IndicatorSpec.sql>` holds.
SqlForm = SqlShare | SqlDays | SqlQuery
