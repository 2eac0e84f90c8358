"""An extension *by* a term runs from the working day the extended term ends on
(cf. Bulgarian Civil Procedure Code art. 60(6) and 63(2)); *to* counts from the event."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from participation.rules import (
    DeadlineRule,
    Extension,
    ExtensionMode,
    Term,
    TermUnit,
    WeekendCalendar,
)
from participation.testing.strategies import dates

CAL = WeekendCalendar(holidays={date(2025, 6, 23): "Test holiday"})
RULE = DeadlineRule("x.14d", {"en": "14 days"}, Term(14), extensions=[
    Extension("x.by10", Term(10)),
    Extension("x.to2m", Term(2, TermUnit.MONTHS), ExtensionMode.TO),
    Extension("x.by1m", Term(1, TermUnit.MONTHS)),
])


def test_by_extension_starts_after_the_moved_end() -> None:
    # 7 June + 14 = Saturday 21 June; Sunday; Monday 23 June a holiday → 24 June.
    # The original term ends on Tuesday 24 June; + 10 days = Friday 4 July.
    c = RULE.compute(date(2025, 6, 7), CAL, ["x.by10"])
    assert c.due == date(2025, 7, 4)
    assert [d.day for d, _ in c.moved] == [21, 22, 23]
    assert "the term being extended ends on 2025-06-24" in c.steps


def test_by_extension_without_a_move() -> None:
    # 2 June + 14 = Monday 16 June (working) + 10 = Thursday 26 June.
    assert RULE.compute(date(2025, 6, 2), CAL, ["x.by10"]).due == date(2025, 6, 26)


def test_no_roll_forward_extends_from_the_raw_end() -> None:
    import attrs

    rule = attrs.evolve(RULE, roll_forward=False)
    assert rule.compute(date(2025, 6, 7), CAL, ["x.by10"]).due == date(2025, 7, 1)


def test_to_extension_counts_from_the_event() -> None:
    # 31 Dec 2024 + 2 months = 28 Feb 2025 (a Friday).
    assert RULE.compute(date(2024, 12, 31), CAL, ["x.to2m"]).due == date(2025, 2, 28)


@settings(max_examples=100, deadline=None)
@given(event=dates(2020, 2030), ext=st.sampled_from([(), ("x.by10",), ("x.to2m",),
                                                      ("x.by1m",), ("x.by10", "x.by1m")]))
def test_extended_due_is_a_working_day_and_monotone(event, ext) -> None:
    c = RULE.compute(event, CAL, ext)
    assert CAL.non_working_reason(c.due) is None
    assert c.due >= c.raw_end
    assert RULE.compute(event + timedelta(days=1), CAL, ext).due >= c.due
    if ext:
        assert c.due >= RULE.compute(event, CAL).due  # an extension never shortens
