"""Periods: a month, a quarter, a year or a custom range of days.

Written ``2025-07``, ``2025-Q3``, ``2025`` and ``2025-01-01..2025-06-30``.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta, tzinfo

import attrs
from dateutil.relativedelta import relativedelta

from participation.errors import FieldError
from participation.moments import check_day

__all__ = ["Period", "PeriodKind"]


class PeriodKind(enum.Enum):
    """How a period was cut."""

    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"
    CUSTOM = "custom"


_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_QUARTER = re.compile(r"^(\d{4})-[Qq]([1-4])$")
_YEAR = re.compile(r"^(\d{4})$")
_RANGE = re.compile(r"^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$")


@attrs.frozen(order=False)
class Period:
    """A span of whole days, ``start`` to ``end`` inclusive.

    >>> p = Period.parse("2025-Q3")
    >>> p.start, p.end
    (datetime.date(2025, 7, 1), datetime.date(2025, 9, 30))
    >>> str(p.previous()), str(p.next())
    ('2025-Q2', '2025-Q4')
    >>> [str(m) for m in Period.parse("2025-Q1").split(PeriodKind.MONTH)]
    ['2025-01', '2025-02', '2025-03']
    >>> Period.parse("2025-13")
    Traceback (most recent call last):
    ...
    participation.errors.FieldError: period: '2025-13' is not a period (month must be in 1..12)
    """

    kind: PeriodKind
    start: date
    end: date

    def __attrs_post_init__(self) -> None:
        check_day(self.start, "period")
        check_day(self.end, "period")
        if self.end < self.start:
            raise FieldError("end", f"{self.end.isoformat()} is before start {self.start.isoformat()}")

    # construction -----------------------------------------------------------------
    @classmethod
    def month(cls, year: int, month: int) -> Period:
        """The calendar month."""
        start = date(year, month, 1)
        return cls(PeriodKind.MONTH, start, start + relativedelta(months=1, days=-1))

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        """The calendar quarter (1–4)."""
        if not 1 <= quarter <= 4:
            raise FieldError("quarter", f"must be 1..4, got {quarter}")
        start = date(year, 3 * quarter - 2, 1)
        return cls(PeriodKind.QUARTER, start, start + relativedelta(months=3, days=-1))

    @classmethod
    def year(cls, year: int) -> Period:
        """The calendar year."""
        return cls(PeriodKind.YEAR, date(year, 1, 1), date(year, 12, 31))

    @classmethod
    def custom(cls, start: date, end: date) -> Period:
        """Any range of whole days."""
        return cls(PeriodKind.CUSTOM, start, end)

    @classmethod
    def parse(cls, text: str) -> Period:
        """Read ``2025-07``, ``2025-Q3``, ``2025`` or ``2025-01-01..2025-06-30``."""
        text = text.strip()
        try:
            if m := _MONTH.match(text):
                return cls.month(int(m[1]), int(m[2]))
            if m := _QUARTER.match(text):
                return cls.quarter(int(m[1]), int(m[2]))
            if m := _YEAR.match(text):
                return cls.year(int(m[1]))
            if m := _RANGE.match(text):
                return cls.custom(date.fromisoformat(m[1]), date.fromisoformat(m[2]))
        except ValueError as exc:
            if isinstance(exc, FieldError) and exc.field == "end":
                raise FieldError("period", f"{text!r}: the range ends before it starts") from None
            if isinstance(exc, FieldError) and exc.field == "period":
                raise
            raise FieldError("period", f"{text!r} is not a period ({exc})") from None
        raise FieldError("period", f"{text!r} is not a period (write 2025-07, 2025-Q3, "
                         "2025 or 2025-01-01..2025-06-30)")

    def __str__(self) -> str:
        if self.kind is PeriodKind.MONTH:
            return f"{self.start.year:04d}-{self.start.month:02d}"
        if self.kind is PeriodKind.QUARTER:
            return f"{self.start.year:04d}-Q{(self.start.month - 1) // 3 + 1}"
        if self.kind is PeriodKind.YEAR:
            return f"{self.start.year:04d}"
        return f"{self.start.isoformat()}..{self.end.isoformat()}"

    # arithmetic ---------------------------------------------------------------------
    @property
    def days(self) -> int:
        """Number of days, both ends counted."""
        return (self.end - self.start).days + 1

    def _shift(self, n: int) -> Period:
        if self.kind is PeriodKind.CUSTOM:
            delta = timedelta(days=self.days * n)
            return Period.custom(self.start + delta, self.end + delta)
        months = {PeriodKind.MONTH: 1, PeriodKind.QUARTER: 3, PeriodKind.YEAR: 12}[self.kind] * n
        start = self.start + relativedelta(months=months)
        size = {PeriodKind.MONTH: 1, PeriodKind.QUARTER: 3, PeriodKind.YEAR: 12}[self.kind]
        return Period(self.kind, start, start + relativedelta(months=size, days=-1))

    def previous(self) -> Period:
        """The period of the same kind just before (a custom range of the same length)."""
        return self._shift(-1)

    def next(self) -> Period:
        """The period of the same kind just after."""
        return self._shift(1)

    def series(self, count: int) -> list[Period]:
        """``count`` consecutive periods ending with this one (for trends).

        >>> [str(p) for p in Period.parse("2025-03").series(3)]
        ['2025-01', '2025-02', '2025-03']
        """
        return [self._shift(-i) for i in range(count - 1, -1, -1)]

    def split(self, kind: PeriodKind) -> Iterator[Period]:
        """The months, quarters or years that make up this period (clipped to it)."""
        if kind is PeriodKind.CUSTOM:
            yield self
            return
        first = {PeriodKind.MONTH: Period.month(self.start.year, self.start.month),
                 PeriodKind.QUARTER: Period.quarter(self.start.year, (self.start.month - 1) // 3 + 1),
                 PeriodKind.YEAR: Period.year(self.start.year)}[kind]
        current = first
        while current.start <= self.end:
            if current.start >= self.start and current.end <= self.end:
                yield current
            else:
                yield Period.custom(max(current.start, self.start), min(current.end, self.end))
            current = current.next()

    # membership ---------------------------------------------------------------------
    def contains(self, moment: date | datetime, tz: tzinfo | None = None) -> bool:
        """Whether a day, or a moment seen in ``tz`` (default: its own offset), falls inside.

        >>> from datetime import timezone
        >>> Period.parse("2025").contains(datetime(2025, 12, 31, 23, 30, tzinfo=timezone.utc))
        True
        """
        if isinstance(moment, datetime):
            day = (moment.astimezone(tz) if tz is not None else moment).date()
        else:
            day = moment
        return self.start <= day <= self.end

    def start_at(self, tz: tzinfo) -> datetime:
        """The first moment of the period in ``tz``."""
        return datetime.combine(self.start, time.min, tzinfo=tz)

    def end_at(self, tz: tzinfo) -> datetime:
        """The first moment *after* the period in ``tz`` (an exclusive bound)."""
        return datetime.combine(self.end + timedelta(days=1), time.min, tzinfo=tz)
