"""Reading moments people type: ISO 8601 text, local times in the administration's
zone, and the range of dates the library computes with.

**Local times.** A date-time without an offset is read in the administration's zone.
A local time that never existed (the hour skipped when clocks go forward, e.g.
``2025-03-30T03:30`` in ``Europe/Sofia``) is refused with a :class:`FieldError`; a
local time that happened twice (the hour repeated when clocks go back) is read as
the *first* of the two (``fold=0``, summer time), as :mod:`zoneinfo` does. Give an
offset to mean the other one.

**Supported range.** Moments and days from year :data:`FIRST_YEAR` to
:data:`LAST_YEAR`: far enough from Python's limits (years 1 and 9999) that any term,
extension or period arithmetic stays valid. Anything outside is a
:class:`FieldError` naming the field, never an :class:`OverflowError`.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, tzinfo

from participation.errors import FieldError

__all__ = ["FIRST_YEAR", "LAST_YEAR", "check_day", "check_moment", "local_moment",
           "parse_day", "parse_moment"]

#: The first year the library computes with.
FIRST_YEAR = 1000
#: The last year the library computes with.
LAST_YEAR = 8999


def _out_of_range(field: str, text: str) -> FieldError:
    return FieldError(field, f"{text} is outside the supported range (years {FIRST_YEAR} "
                      f"to {LAST_YEAR})")


def check_day(day: date, field: str) -> date:
    """``day``, or a :class:`FieldError` when it is outside the supported range.

    >>> check_day(date(9999, 12, 30), "DATE")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    participation.errors.FieldError: DATE: 9999-12-30 is outside the supported range ...
    """
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise _out_of_range(field, day.isoformat())
    return day


def check_moment(moment: datetime, field: str) -> datetime:
    """``moment`` (aware), or a :class:`FieldError` when it, or its UTC reading, is
    outside the supported range."""
    if FIRST_YEAR < moment.year < LAST_YEAR:
        return moment  # an offset is less than a day: its UTC reading is in range too
    try:
        utc_year = moment.astimezone(UTC).year
    except (OverflowError, ValueError):
        raise _out_of_range(field, moment.isoformat()) from None
    if not (FIRST_YEAR <= moment.year <= LAST_YEAR and FIRST_YEAR <= utc_year <= LAST_YEAR):
        raise _out_of_range(field, moment.isoformat())
    return moment


def local_moment(naive: datetime, tz: tzinfo, field: str = "at") -> datetime:
    """``naive`` read as a wall-clock time in ``tz``.

    :raises FieldError: the local time does not exist in ``tz`` (skipped when the clocks
        went forward). An ambiguous time is read as the first of the two.

    >>> from zoneinfo import ZoneInfo
    >>> sofia = ZoneInfo("Europe/Sofia")
    >>> local_moment(datetime(2025, 10, 26, 3, 30), sofia).isoformat()  # happened twice
    '2025-10-26T03:30:00+03:00'
    >>> local_moment(datetime(2025, 3, 30, 3, 30), sofia)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    participation.errors.FieldError: at: 2025-03-30T03:30:00 did not exist in Europe/Sofia ...
    """
    moment = naive.replace(tzinfo=tz, fold=0)
    try:
        back = moment.astimezone(UTC).astimezone(tz)
    except (OverflowError, ValueError):
        raise _out_of_range(field, naive.isoformat()) from None
    if back.replace(tzinfo=None, fold=0) != naive.replace(fold=0):
        raise FieldError(field, f"{naive.isoformat()} did not exist in {tz} (the clocks went "
                         "forward); give an offset")
    return moment


def parse_moment(text: str, tz: tzinfo, field: str = "at") -> datetime:
    """An ISO date-time (or a date: its first moment), in ``tz`` when it has no offset
    (see :func:`local_moment`), within the supported range.

    >>> from datetime import timezone
    >>> parse_moment("2025-07-03", timezone.utc).isoformat()
    '2025-07-03T00:00:00+00:00'
    >>> parse_moment("tomorrow", timezone.utc)
    Traceback (most recent call last):
    ...
    participation.errors.FieldError: at: 'tomorrow' is not an ISO 8601 date or date-time
    """
    stripped = text.strip()
    try:
        if len(stripped) == 10:
            naive = datetime.combine(date.fromisoformat(stripped), time.min)
        else:
            naive = datetime.fromisoformat(stripped)
    except ValueError:
        raise FieldError(field, f"{text!r} is not an ISO 8601 date or date-time") from None
    if naive.tzinfo is not None:
        return check_moment(naive, field)
    return check_moment(local_moment(naive, tz, field), field)


def parse_day(text: str, field: str = "date") -> date:
    """An ISO calendar day (``YYYY-MM-DD``) within the supported range.

    >>> parse_day("2025-06-02")
    datetime.date(2025, 6, 2)
    >>> parse_day("2025-02-30")
    Traceback (most recent call last):
    ...
    participation.errors.FieldError: date: '2025-02-30' is not a date (write YYYY-MM-DD)
    """
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        raise FieldError(field, f"{text!r} is not a date (write YYYY-MM-DD)") from None
    return check_day(day, field)
