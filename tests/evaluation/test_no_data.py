"""Every built-in indicator: no data gives no value (never 0 % or 100 %), and the cut-off
is the first moment *after* the period."""

from __future__ import annotations

import pytest

from participation.indicators import builtin_indicators

KEYS = [s.key for s in builtin_indicators()]


@pytest.mark.parametrize("key", KEYS)
def test_empty_data_is_no_data(kit, key) -> None:
    m = kit.measure("2025")[key]
    assert m.value is None
    assert m.n == 0
    assert m.met is None
    assert m.note.startswith("no data")


@pytest.mark.parametrize("key", KEYS)
def test_data_outside_the_period_is_no_data(kit, key) -> None:
    from datetime import date

    at = kit.at
    subs = [kit.submission(at(2025, 1, 6), answered=at(2025, 1, 8)),
            kit.submission(at(2025, 1, 6), channel="in_person", answered=at(2025, 1, 9), published=True)]
    acts = [kit.activity(date(2025, 1, 6), date(2025, 1, 20), inputs_received=3, participants=5,
                         minimum_rule="eu.consultation.minimum")]
    m = kit.measure("2024", submissions=subs, activities=acts)[key]
    assert m.value is None, f"{key}: {m.value!r} for a period with no data"


def test_an_answer_at_the_first_moment_of_the_next_period_belongs_to_it(kit) -> None:
    at = kit.at
    # received Mon 2 June (due Wed 2 July), answered at 00:00 on 1 July: June closed with it
    # open and not yet due, so June's on-time share has no data; the answer is July's
    sub = kit.submission(at(2025, 6, 2), answered=at(2025, 7, 1, 0, 0))
    results = kit.evaluate(["2025-06", "2025-07"], submissions=[sub])
    june, july = results.values()
    assert june["answered_on_time"].n == 0
    assert june["median_days_to_answer"].n == 0
    assert june["reasoned_answers"].n == 0
    assert july["reasoned_answers"].n == 1
    assert june["overdue_open"].value == 0
    assert june["overdue_open"].n == 1
