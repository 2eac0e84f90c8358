"""Working-day calendars. The core ships one that knows only weekends; a plugin
supplies a country's holidays through ``register_calendars``."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Protocol, runtime_checkable

import attrs

from participation.model._checks import key_like

__all__ = ["Calendar", "WeekendCalendar", "next_working_day"]

_DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@runtime_checkable
class Calendar(Protocol):
    """What a deadline needs to know about days.

    ``key`` names the calendar in the registry; :meth:`non_working_reason` says why a
    day is not a working day (``"Sunday"``, ``"Christmas Day"``), or ``None`` when it is
    one. A plugin may implement this protocol with any class.
    """

    @property
    def key(self) -> str:
        """The jurisdiction the calendar serves (``"default"``, ``"bg"``)."""
        ...  # pragma: no cover

    def non_working_reason(self, day: date) -> str | None:
        """Why ``day`` is not a working day, or ``None`` if it is one."""
        ...  # pragma: no cover


def _days(value: Mapping[date, str]) -> dict[date, str]:
    return dict(value)


@attrs.frozen
class WeekendCalendar:
    """Saturdays and Sundays off, plus optional one-off days off and working days.

    :param holidays: extra days off with their reason (``{date(2025, 12, 31): "…"}``).
    :param working_days: weekend days that are working days (a working Saturday).

    >>> cal = WeekendCalendar()
    >>> cal.non_working_reason(date(2025, 6, 7)), cal.non_working_reason(date(2025, 6, 9))
    ('Saturday', None)
    """

    key: str = attrs.field(default="default", validator=key_like)
    holidays: Mapping[date, str] = attrs.field(factory=dict, converter=_days)
    working_days: Mapping[date, str] = attrs.field(factory=dict, converter=_days)
    weekend: frozenset[int] = frozenset({5, 6})

    def non_working_reason(self, day: date) -> str | None:
        """Why ``day`` is off, or ``None``."""
        if day in self.working_days:
            return None
        if day in self.holidays:
            return self.holidays[day]
        if day.weekday() in self.weekend:
            return _DAY_NAMES[day.weekday()]
        return None


def next_working_day(calendar: Calendar, day: date) -> tuple[date, list[tuple[date, str]]]:
    """The first working day on or after ``day``, and each day passed over with its reason.

    >>> next_working_day(WeekendCalendar(), date(2025, 6, 7))[0]
    datetime.date(2025, 6, 9)
    """
    skipped: list[tuple[date, str]] = []
    for _ in range(366):
        reason = calendar.non_working_reason(day)
        if reason is None:
            return day, skipped
        skipped.append((day, reason))
        day += timedelta(days=1)
    raise ValueError(f"calendar {calendar.key!r} has no working day in the year after {day}")
