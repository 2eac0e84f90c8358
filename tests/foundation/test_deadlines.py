"""Deadline arithmetic: terms from the day after, months clamped, roll-forward, extensions."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from participation.rules import (
    DeadlineRule,
    Extension,
    ExtensionMode,
    RuleKind,
    Term,
    TermUnit,
    WeekendCalendar,
)
from participation.testing.strategies import dates

CAL = WeekendCalendar(holidays={date(2025, 12, 25): "Christmas Day"})
DAYS14 = DeadlineRule("t.14d", {"en": "14 days"}, Term(14), legal_basis="art. 1",
                      extensions=[Extension("more", Term(10)),
                                  Extension("to6m", Term(6, TermUnit.MONTHS), ExtensionMode.TO)])


def test_day_term_counts_from_the_next_day() -> None:
    # received Monday 2 June 2025; day 1 is 3 June, day 14 is 16 June (a Monday)
    c = DAYS14.compute(date(2025, 6, 2), CAL)
    assert c.counting_from == date(2025, 6, 3)
    assert c.raw_end == c.due == date(2025, 6, 16)
    assert c.moved == ()


def test_last_day_on_weekend_or_holiday_moves_to_next_working_day() -> None:
    c = DAYS14.compute(date(2025, 12, 11), CAL)  # raw end Thursday 25 Dec (holiday)
    assert c.raw_end == date(2025, 12, 25)
    assert c.due == date(2025, 12, 26)
    assert c.moved == ((date(2025, 12, 25), "Christmas Day"),)
    assert any("Christmas Day" in step for step in c.steps)


@pytest.mark.parametrize(("start", "months", "end"), [
    (date(2025, 1, 31), 1, date(2025, 2, 28)),
    (date(2024, 1, 31), 1, date(2024, 2, 29)),
    (date(2025, 8, 31), 2, date(2025, 10, 31)),
    (date(2025, 12, 31), 2, date(2026, 2, 28)),
    (date(2025, 3, 15), 2, date(2025, 5, 15)),
])
def test_month_term_ends_on_same_date_or_month_end(start: date, months: int, end: date) -> None:
    assert Term(months, TermUnit.MONTHS).add(start, None) == end


def test_working_days_skip_weekends() -> None:
    # Friday 6 June 2025 + 3 working days = Wednesday 11 June
    assert Term(3, TermUnit.WORKING_DAYS).add(date(2025, 6, 6), CAL) == date(2025, 6, 11)
    with pytest.raises(ValueError, match="calendar"):
        Term(3, TermUnit.WORKING_DAYS).add(date(2025, 6, 6), None)


def test_weeks() -> None:
    assert Term(12, TermUnit.WEEKS).add(date(2025, 1, 6), None) == date(2025, 3, 31)


def test_extensions_by_and_to() -> None:
    by = DAYS14.compute(date(2025, 6, 2), CAL, ["more"])
    assert by.raw_end == date(2025, 6, 26)
    to = DAYS14.compute(date(2025, 6, 2), CAL, ["to6m"])
    assert to.raw_end == date(2025, 12, 2)
    assert to.extensions == ("to6m",)
    with pytest.raises(KeyError, match=r"unknown extension of t\.14d 'nope'"):
        DAYS14.compute(date(2025, 6, 2), CAL, ["nope"])


def test_minimum_rule_with_exceptional_term() -> None:
    rule = DeadlineRule("t.min", {"en": "min"}, Term(30), kind=RuleKind.MINIMUM,
                        exceptional_term=Term(14), roll_forward=False)
    assert rule.compute(date(2025, 1, 1), CAL).due == date(2025, 1, 31)
    assert rule.compute(date(2025, 1, 1), CAL, exceptional=True).due == date(2025, 1, 15)
    with pytest.raises(ValueError, match="no exceptional term"):
        DAYS14.compute(date(2025, 1, 1), CAL, exceptional=True)


def test_as_dict_is_json_ready() -> None:
    d = DAYS14.compute(date(2025, 6, 2), CAL).as_dict()
    assert d["due"] == "2025-06-16"
    assert d["rule"] == "t.14d"
    assert d["steps"]


terms = st.builds(Term, st.integers(1, 90), st.sampled_from(TermUnit))


@given(dates(), terms)
def test_due_is_a_working_day_never_before_event_or_raw_end(day: date, term: Term) -> None:
    rule = DeadlineRule("t.x", {"en": "x"}, term)
    c = rule.compute(day, CAL)
    assert c.due > day
    assert c.due >= c.raw_end
    assert CAL.non_working_reason(c.due) is None


@given(dates(), terms)
def test_later_event_never_gives_earlier_due(day: date, term: Term) -> None:
    rule = DeadlineRule("t.x", {"en": "x"}, term)
    assert rule.compute(day + timedelta(days=1), CAL).due >= rule.compute(day, CAL).due


def test_an_extension_is_applied_once_unless_repeatable() -> None:
    with pytest.raises(ValueError, match="applied twice"):
        DAYS14.compute(date(2025, 6, 2), CAL, ["more", "more"])
    again = DeadlineRule("t.r", {"en": "r"}, Term(14),
                         extensions=[Extension("more", Term(10), repeatable=True)])
    assert again.compute(date(2025, 6, 2), CAL, ["more", "more"]).raw_end == date(2025, 7, 6)
