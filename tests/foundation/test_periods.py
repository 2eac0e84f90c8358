"""Periods: parsing, printing, arithmetic."""

from __future__ import annotations

import itertools
from datetime import date

import pytest
from hypothesis import given

from participation import FieldError, Period, PeriodKind
from participation.testing.strategies import periods


@pytest.mark.parametrize(("text", "start", "end"), [
    ("2025-07", date(2025, 7, 1), date(2025, 7, 31)),
    ("2024-02", date(2024, 2, 1), date(2024, 2, 29)),
    ("2025-Q3", date(2025, 7, 1), date(2025, 9, 30)),
    ("2025", date(2025, 1, 1), date(2025, 12, 31)),
    ("2025-01-01..2025-06-30", date(2025, 1, 1), date(2025, 6, 30)),
])
def test_parse(text: str, start: date, end: date) -> None:
    p = Period.parse(text)
    assert (p.start, p.end) == (start, end)
    assert str(p) == text


@pytest.mark.parametrize("text", ["2025-13", "2025-Q5", "25", "2025-06-30..2025-01-01", "July"])
def test_bad_period_names_the_field(text: str) -> None:
    with pytest.raises(FieldError, match="period"):
        Period.parse(text)


@given(periods())
def test_round_trip_and_neighbours(p: Period) -> None:
    assert Period.parse(str(p)) == p
    if p.kind is not PeriodKind.CUSTOM:
        assert p.previous().next() == p
        assert p.previous().end.toordinal() + 1 == p.start.toordinal()


@given(periods())
def test_split_into_months_covers_every_day_once(p: Period) -> None:
    parts = list(p.split(PeriodKind.MONTH))
    assert parts[0].start == p.start
    assert parts[-1].end == p.end
    assert sum(x.days for x in parts) == p.days
    for a, b in itertools.pairwise(parts):
        assert a.end.toordinal() + 1 == b.start.toordinal()


def test_series_for_trends() -> None:
    assert [str(q) for q in Period.parse("2025-Q2").series(4)] == \
        ["2024-Q3", "2024-Q4", "2025-Q1", "2025-Q2"]
