"""Deadline rules: how long an administration has to answer, and how the term is counted.

Terms are counted as most European administrative law counts them (e.g. Bulgarian
Civil Procedure Code art. 60, applied by analogy): a term starts the day *after*
the event; a term in days ends at the end of its last day; a term in months ends
on the same date of the last month, or that month's last day when the date does
not exist; a last day that is not a working day moves to the next working day.
An extension *by* a further term runs from the end of the term it extends, that end
being first moved to a working day like any other (as Bulgarian Civil Procedure Code
art. 63(2) has an extended term run from the expiry of the original one); an
extension *to* a total term counts that term from the event.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime, time, timedelta, tzinfo
from typing import TypeVar

import attrs
from dateutil.relativedelta import relativedelta

from participation.errors import FieldError, UnknownKeyError
from participation.model._checks import as_date, key_like, labels
from participation.model.status import Status
from participation.moments import FIRST_YEAR, LAST_YEAR, check_day
from participation.rules.calendars import Calendar, next_working_day

__all__ = [
    "DeadlineComputation",
    "DeadlineRule",
    "Extension",
    "ExtensionMode",
    "RuleKind",
    "Term",
    "TermUnit",
]


class TermUnit(enum.Enum):
    """The unit a term is written in."""

    CALENDAR_DAYS = "calendar_days"
    WORKING_DAYS = "working_days"
    WEEKS = "weeks"
    MONTHS = "months"


def _positive(_inst: object, attribute: attrs.Attribute[int], value: int) -> None:
    if value <= 0:
        raise FieldError(attribute.name, f"must be positive, got {value}")


@attrs.frozen
class Term:
    """A length of time in one unit.

    >>> Term(1, TermUnit.MONTHS).add(date(2025, 1, 31), None)
    datetime.date(2025, 2, 28)
    """

    length: int = attrs.field(validator=_positive)
    unit: TermUnit = TermUnit.CALENDAR_DAYS

    def add(self, day: date, calendar: Calendar | None) -> date:
        """The last day of a term that starts running the day after ``day``."""
        if self.unit is TermUnit.CALENDAR_DAYS:
            return day + timedelta(days=self.length)
        if self.unit is TermUnit.WEEKS:
            return day + timedelta(weeks=self.length)
        if self.unit is TermUnit.MONTHS:
            return day + relativedelta(months=self.length)
        if calendar is None:
            raise ValueError("a term in working days needs a calendar")
        left, current = self.length, day
        while left:
            current += timedelta(days=1)
            if calendar.non_working_reason(current) is None:
                left -= 1
        return current

    def __str__(self) -> str:
        unit = self.unit.value.replace("_", " ")
        if self.length == 1:
            unit = unit.rstrip("s")
        return f"{self.length} {unit}"


class ExtensionMode(enum.Enum):
    """``by``: the extension adds its term to the current end; ``to``: the whole term
    becomes the extension's term, counted from the start."""

    BY = "by"
    TO = "to"


@attrs.frozen
class Extension:
    """An extension the law allows, e.g. "+10 days for a large volume of information".

    ``repeatable``: the extension may be applied more than once (most may not)."""

    key: str = attrs.field(validator=key_like)
    term: Term
    mode: ExtensionMode = ExtensionMode.BY
    legal_basis: str = ""
    label: str = ""
    repeatable: bool = False


class RuleKind(enum.Enum):
    """``answer``: a deadline to answer by; ``minimum``: a minimum length (a
    consultation must stay open at least this long)."""

    ANSWER = "answer"
    MINIMUM = "minimum"


@attrs.frozen
class DeadlineComputation:
    """A due date and how it was reached, step by step, for a clerk to check."""

    rule: str
    event: date
    counting_from: date
    raw_end: date
    due: date
    moved: tuple[tuple[date, str], ...]
    extensions: tuple[str, ...]
    steps: tuple[str, ...]
    #: what the term counts from: the status whose moment is the event (``received``,
    #: ``registered``, ``acknowledged``).
    anchor: str = "received"

    def due_at(self, tz: tzinfo) -> datetime:
        """The first moment after the due day in ``tz`` (answers before it are on time)."""
        return datetime.combine(self.due + timedelta(days=1), time.min, tzinfo=tz)

    def as_dict(self) -> dict[str, object]:
        """A JSON-ready mapping (``due`` is an ISO date)."""
        return {
            "rule": self.rule,
            "event": self.event.isoformat(),
            "counting_from": self.counting_from.isoformat(),
            "raw_end": self.raw_end.isoformat(),
            "due": self.due.isoformat(),
            "moved": [{"date": d.isoformat(), "reason": r} for d, r in self.moved],
            "extensions": list(self.extensions),
            "steps": list(self.steps),
            "anchor": self.anchor,
        }


def _extensions(value: Sequence[Extension]) -> tuple[Extension, ...]:
    return tuple(value)


@attrs.frozen
class DeadlineRule:
    """A legal or promised term, e.g. "decide within 14 days of registration".

    :param key: registry key (``"default.30d"``, ``"bg.apia"``).
    :param term: the term.
    :param legal_basis: the provision that sets it (``"APIA art. 28(1)"``).
    :param anchor: the status whose moment starts the term, as the law says (``received``
        by default; ``registered`` for a term counted from registration; ``acknowledged``
        for a whistleblower's feedback term). Until the submission reaches it, the term
        is counted from the receipt (a provisional due day), unless ``anchor_fallback``.
    :param anchor_fallback: when the anchor status was never reached, the term runs
        from the end of this term after the receipt instead (that end moved to a working
        day like any other, when ``roll_forward``).
    :param roll_forward: a last day that is not a working day moves to the next one.
    :param kind: ``answer`` (a deadline) or ``minimum`` (a minimum length).
    :param exceptional_term: for a minimum, the shorter term allowed in reasoned
        exceptional cases.

    >>> from participation.rules.calendars import WeekendCalendar
    >>> rule = DeadlineRule("x.14d", {"en": "14 days"}, Term(14), legal_basis="Act art. 1")
    >>> c = rule.compute(date(2025, 6, 2), WeekendCalendar())
    >>> c.raw_end, c.due
    (datetime.date(2025, 6, 16), datetime.date(2025, 6, 16))
    >>> rule.compute(date(2025, 6, 7), WeekendCalendar()).due  # 21 June is a Saturday
    datetime.date(2025, 6, 23)

    An extension by a term runs from the working day the original term ends on:

    >>> ext = Extension("x.more", Term(10))
    >>> rule = attrs.evolve(rule, extensions=[ext])
    >>> rule.compute(date(2025, 6, 7), WeekendCalendar(), ["x.more"]).due  # 23 June + 10
    datetime.date(2025, 7, 3)
    """

    key: str = attrs.field(validator=key_like)
    labels: Mapping[str, str] = attrs.field(converter=labels)
    term: Term
    legal_basis: str = ""
    extensions: tuple[Extension, ...] = attrs.field(default=(), converter=_extensions)
    anchor: Status = Status.RECEIVED
    anchor_fallback: Term | None = None
    roll_forward: bool = True
    kind: RuleKind = RuleKind.ANSWER
    exceptional_term: Term | None = None
    description: str = ""

    def label(self, lang: str = "en") -> str:
        """The label in ``lang``, falling back to English, then to the key."""
        return self.labels.get(lang) or self.labels.get("en") or self.key

    def extension(self, key: str) -> Extension:
        """The extension called ``key``."""
        for ext in self.extensions:
            if ext.key == key:
                return ext
        raise UnknownKeyError(f"extension of {self.key}", key, [e.key for e in self.extensions])

    def counts_from(self) -> str:
        """What the term counts from, in words.

        >>> DeadlineRule("x", {"en": "x"}, Term(14), anchor=Status.REGISTERED).counts_from()
        'registration'
        """
        return _ANCHOR_WORDS.get(self.anchor, self.anchor.value)

    def compute_fallback(self, received: date | datetime, calendar: Calendar,
                         extensions: Sequence[str] = ()) -> DeadlineComputation:
        """The due date when the anchor was never reached: the term runs from the end of
        :attr:`anchor_fallback` after the receipt on ``received`` (moved to a working day
        when :attr:`roll_forward`, as the end of any term is).

        :raises FieldError: the rule has no fallback.
        """
        if self.anchor_fallback is None:
            raise FieldError("anchor_fallback", f"rule {self.key!r} has no fallback")
        day = as_date(received)
        end = _guarded(lambda: self.anchor_fallback.add(day, calendar), day)  # type: ignore[union-attr]
        steps = [f"no {self.counts_from()} recorded: the term runs from the end of "
                 f"{self.anchor_fallback} after receipt on {day.isoformat()}",
                 f"{self.anchor_fallback} → {end.isoformat()}"]
        skipped: list[tuple[date, str]] = []
        if self.roll_forward:
            end, skipped = next_working_day(calendar, end)
            steps += [f"{d.isoformat()} is not a working day ({reason}): moved on"
                      for d, reason in skipped]
        result = self.compute(end, calendar, extensions)
        return attrs.evolve(result, moved=(*skipped, *result.moved),
                            steps=(*steps, *result.steps))

    def compute(self, event: date | datetime, calendar: Calendar,
                extensions: Sequence[str] = (), *, exceptional: bool = False) -> DeadlineComputation:
        """The due date for an event on ``event`` (a date, or a datetime whose own date counts).

        :param extensions: keys of the extensions applied, in order.
        :param exceptional: use the exceptional term (minimum-length rules only).
        :raises FieldError: ``event`` or the due date is outside the supported range
            (:mod:`participation.moments`).
        """
        day = as_date(event)
        return _guarded(lambda: self._compute(day, calendar, extensions, exceptional), day)

    def _compute(self, day: date, calendar: Calendar, extensions: Sequence[str],
                 exceptional: bool) -> DeadlineComputation:
        check_day(day, "event")
        term = self.term
        if exceptional:
            if self.exceptional_term is None:
                raise FieldError("exceptional", f"rule {self.key!r} has no exceptional term")
            term = self.exceptional_term
        steps = [f"event on {day.isoformat()} ({self.legal_basis or self.key})",
                 f"the term starts running on {(day + timedelta(days=1)).isoformat()}"]
        raw_end = term.add(day, calendar)
        steps.append(f"{term} → last day {raw_end.isoformat()}")
        applied: list[str] = []
        moved: list[tuple[date, str]] = []
        for key in extensions:
            ext = self.extension(key)
            if key in applied and not ext.repeatable:
                raise FieldError("extensions", f"extension {key!r} of {self.key!r} is applied twice; "
                                 f"{ext.legal_basis or 'the rule'} allows it once")
            if ext.mode is ExtensionMode.BY:
                end = raw_end
                if self.roll_forward:  # the term being extended ends on a working day
                    end, skipped = next_working_day(calendar, raw_end)
                    moved.extend(skipped)
                    for d, reason in skipped:
                        steps.append(f"{d.isoformat()} is not a working day ({reason}): "
                                     "moved on")
                    if skipped:
                        steps.append(f"the term being extended ends on {end.isoformat()}")
                raw_end = ext.term.add(end, calendar)
                steps.append(f"extended by {ext.term} ({ext.legal_basis or ext.key}) "
                             f"→ {raw_end.isoformat()}")
            else:
                raw_end = ext.term.add(day, calendar)
                steps.append(f"extended to {ext.term} ({ext.legal_basis or ext.key}) "
                             f"→ {raw_end.isoformat()}")
            applied.append(key)
        due = raw_end
        if self.roll_forward:
            due, skipped = next_working_day(calendar, raw_end)
            moved.extend(skipped)
            for d, reason in skipped:
                steps.append(f"{d.isoformat()} is not a working day ({reason}): moved on")
        steps.append(f"due {due.isoformat()}")
        check_day(due, "due")
        return DeadlineComputation(self.key, day, day + timedelta(days=1), raw_end, due,
                                   tuple(moved), tuple(applied), tuple(steps),
                                   self.anchor.value)


_ANCHOR_WORDS = {Status.RECEIVED: "receipt", Status.REGISTERED: "registration",
                 Status.ACKNOWLEDGED: "acknowledgement"}

R = TypeVar("R")


def _guarded(work: Callable[[], R], day: date) -> R:
    """``work()``, with date arithmetic past year 9999 turned into a :class:`FieldError`."""
    try:
        return work()
    except OverflowError:
        raise FieldError("event", f"{day.isoformat()}: the due date would be outside the "
                         f"supported range (years {FIRST_YEAR} to {LAST_YEAR})") from None
