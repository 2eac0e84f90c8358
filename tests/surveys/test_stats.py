"""The t quantile, the running mean and the Wilson interval against published values."""

from __future__ import annotations

import math
import statistics

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from participation.surveys.stats import (
    CORNISH_FISHER_FROM,
    RunningMean,
    t_cdf,
    t_quantile,
    wilson_interval,
)

# Student's t table (two-sided 95 %, 99 %; one-sided 95 %), e.g. NIST/SEMATECH
# e-Handbook 1.3.6.7.2 and any statistics textbook.
T_TABLE = [
    (0.975, 1, 12.706), (0.975, 2, 4.303), (0.975, 3, 3.182), (0.975, 4, 2.776),
    (0.975, 5, 2.571), (0.975, 9, 2.262), (0.975, 10, 2.228), (0.975, 20, 2.086),
    (0.975, 29, 2.045), (0.975, 30, 2.042), (0.975, 60, 2.000), (0.975, 100, 1.984),
    (0.975, 120, 1.980), (0.975, 1000, 1.962), (0.995, 1, 63.657), (0.995, 5, 4.032),
    (0.995, 30, 2.750), (0.95, 1, 6.314), (0.95, 10, 1.812), (0.95, 100, 1.660),
    (0.9, 3, 1.638), (0.9, 1000, 1.282),
]


@pytest.mark.parametrize(("p", "df", "expected"), T_TABLE)
def test_t_quantile_matches_the_table(p: float, df: int, expected: float) -> None:
    assert t_quantile(p, df) == pytest.approx(expected, abs=6e-4)


def test_t_quantile_is_symmetric_and_zero_at_the_median() -> None:
    assert t_quantile(0.5, 7) == 0.0
    assert t_quantile(0.025, 7) == pytest.approx(-t_quantile(0.975, 7))


def test_closed_forms_for_one_and_two_degrees_of_freedom() -> None:
    # df = 1 is the Cauchy distribution; df = 2 has t = (2p-1)/sqrt(2p(1-p)).
    for p in (0.6, 0.9, 0.975, 0.999):
        assert t_quantile(p, 1) == pytest.approx(math.tan(math.pi * (p - 0.5)), rel=1e-9)
        assert t_quantile(p, 2) == pytest.approx((2 * p - 1) / math.sqrt(2 * p * (1 - p)),
                                                 rel=1e-9)


def test_cornish_fisher_joins_the_exact_quantile_smoothly() -> None:
    below = t_quantile(0.975, CORNISH_FISHER_FROM - 1)
    at = t_quantile(0.975, CORNISH_FISHER_FROM)
    assert below > at
    assert below - at < 1e-4


@settings(max_examples=40)
@given(st.floats(0.51, 0.9995), st.integers(1, 150))
def test_quantile_inverts_the_cdf(p: float, df: int) -> None:
    assert t_cdf(t_quantile(p, df), df) == pytest.approx(p, abs=1e-9)


def test_bad_arguments() -> None:
    with pytest.raises(ValueError, match="between 0 and 1"):
        t_quantile(1.0, 3)
    with pytest.raises(ValueError, match="positive integer"):
        t_cdf(1.0, 0)


@settings(max_examples=60)
@given(st.lists(st.integers(0, 10), min_size=2, max_size=60))
def test_running_mean_agrees_with_statistics(values: list[int]) -> None:
    m = RunningMean()
    for v in values:
        m.add(v)
    ci = m.interval()
    assert ci.mean == pytest.approx(statistics.fmean(values))
    assert ci.sd == pytest.approx(statistics.stdev(values), abs=1e-9)
    # a confidence interval contains its mean
    assert ci.low is not None
    assert ci.high is not None
    assert ci.low <= ci.mean <= ci.high


def test_interval_needs_two_observations() -> None:
    m = RunningMean()
    assert m.interval().mean is None
    m.add(3)
    ci = m.interval()
    assert (ci.n, ci.mean, ci.low, ci.high) == (1, 3.0, None, None)


def test_wilson_interval_known_value() -> None:
    # Wilson (1927); 8 of 10 at 95 %: [0.4902, 0.9433] (e.g. Newcombe 1998, method 3).
    low, high = wilson_interval(8, 10) or (0, 0)
    assert (low, high) == (pytest.approx(0.4902, abs=1e-4), pytest.approx(0.9433, abs=1e-4))
    assert wilson_interval(0, 0) is None
    assert wilson_interval(0, 5)[0] == 0.0  # type: ignore[index]
