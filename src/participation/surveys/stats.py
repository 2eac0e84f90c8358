"""The little statistics survey results need, with no dependency beyond the standard
library: Student's t quantile, a streaming mean and variance (Welford), a mean's 95 %
confidence interval and a Wilson interval for a share.

The t quantile is exact for the degrees of freedom a survey produces (integers):
the distribution function has a closed form for integer ν (Abramowitz & Stegun
26.7.3/26.7.4), and the quantile is found by bisection on it. Above
:data:`CORNISH_FISHER_FROM` degrees of freedom the Cornish-Fisher expansion of the
normal quantile (A&S 26.7.5, four terms) is used instead; its error there is below
1e-7. Both are checked against published table values in the tests.
"""

from __future__ import annotations

import math
from statistics import NormalDist

import attrs

__all__ = [
    "CORNISH_FISHER_FROM",
    "MeanCI",
    "RunningMean",
    "t_cdf",
    "t_quantile",
    "wilson_interval",
]

#: Degrees of freedom from which :func:`t_quantile` uses the Cornish-Fisher expansion.
CORNISH_FISHER_FROM = 200

_NORMAL = NormalDist()


def t_cdf(t: float, df: int) -> float:
    """P(T ≤ t) for Student's t with ``df`` (a positive integer) degrees of freedom.

    >>> round(t_cdf(2.228138851986, 10), 6)
    0.975
    >>> t_cdf(0.0, 3)
    0.5
    """
    if df < 1 or int(df) != df:
        raise ValueError(f"degrees of freedom must be a positive integer, got {df}")
    theta = math.atan(abs(t) / math.sqrt(df))
    c2 = math.cos(theta) ** 2
    s = math.sin(theta)
    if df % 2 == 1:
        # A(t|ν) = 2/π [θ + sinθ (cosθ + 2/3 cos³θ + … + (2·4…(ν−3))/(1·3…(ν−2)) cos^{ν−2}θ)]
        total, term = 0.0, math.cos(theta)
        for k in range(1, (df - 1) // 2 + 1):
            total += term
            term *= c2 * (2 * k) / (2 * k + 1)
        a = 2 / math.pi * (theta + s * total) if df > 1 else 2 * theta / math.pi
    else:
        # A(t|ν) = sinθ [1 + 1/2 cos²θ + (1·3)/(2·4) cos⁴θ + … ]
        total, term = 0.0, 1.0
        for k in range(1, df // 2 + 1):
            total += term
            term *= c2 * (2 * k - 1) / (2 * k)
        a = s * total
    return 0.5 + a / 2 if t >= 0 else 0.5 - a / 2


def _cornish_fisher(p: float, df: float) -> float:
    """A&S 26.7.5: the t quantile as a series in 1/ν around the normal quantile."""
    z = _NORMAL.inv_cdf(p)
    g1 = (z**3 + z) / 4
    g2 = (5 * z**5 + 16 * z**3 + 3 * z) / 96
    g3 = (3 * z**7 + 19 * z**5 + 17 * z**3 - 15 * z) / 384
    g4 = (79 * z**9 + 776 * z**7 + 1482 * z**5 - 1920 * z**3 - 945 * z) / 92160
    return z + g1 / df + g2 / df**2 + g3 / df**3 + g4 / df**4


def t_quantile(p: float, df: int) -> float:
    """The ``p`` quantile of Student's t with ``df`` degrees of freedom.

    >>> round(t_quantile(0.975, 1), 3), round(t_quantile(0.975, 9), 4)
    (12.706, 2.2622)
    >>> round(t_quantile(0.975, 1000), 4)
    1.9623
    """
    if not 0 < p < 1:
        raise ValueError(f"p must lie strictly between 0 and 1, got {p}")
    if p < 0.5:
        return -t_quantile(1 - p, df)
    if p == 0.5:
        return 0.0
    if df >= CORNISH_FISHER_FROM:
        return _cornish_fisher(p, df)
    lo, hi = 0.0, 1.0
    while t_cdf(hi, df) < p:
        lo, hi = hi, hi * 2
    for _ in range(200):
        mid = (lo + hi) / 2
        if t_cdf(mid, df) < p:
            lo = mid
        else:
            hi = mid
        if hi - lo < 1e-12 * max(1.0, hi):
            break
    return (lo + hi) / 2


@attrs.frozen
class MeanCI:
    """A mean with its 95 % confidence interval (``low``/``high`` are None when n < 2)."""

    n: int
    mean: float | None
    sd: float | None
    low: float | None
    high: float | None


@attrs.define
class RunningMean:
    """Mean and variance in one pass and constant memory (Welford's algorithm).

    >>> m = RunningMean()
    >>> for x in (4, 5, 3, 4, 4):
    ...     m.add(x)
    >>> ci = m.interval()
    >>> ci.n, ci.mean, round(ci.sd, 4), round(ci.low, 4), round(ci.high, 4)
    (5, 4.0, 0.7071, 3.122, 4.878)
    """

    n: int = 0
    mean: float = 0.0
    m2: float = 0.0

    def add(self, x: float) -> None:
        """Add one observation."""
        self.n += 1
        delta = x - self.mean
        self.mean += delta / self.n
        self.m2 += delta * (x - self.mean)

    def interval(self, level: float = 0.95) -> MeanCI:
        """The mean with its confidence interval: mean ± t(1−α/2, n−1)·s/√n."""
        if self.n == 0:
            return MeanCI(0, None, None, None, None)
        if self.n == 1:
            return MeanCI(1, self.mean, None, None, None)
        sd = math.sqrt(max(self.m2, 0.0) / (self.n - 1))
        half = t_quantile(1 - (1 - level) / 2, self.n - 1) * sd / math.sqrt(self.n)
        return MeanCI(self.n, self.mean, sd, self.mean - half, self.mean + half)


def wilson_interval(successes: int, n: int, level: float = 0.95) -> tuple[float, float] | None:
    """The Wilson score interval of a share (None when n is 0).

    >>> low, high = wilson_interval(8, 10)
    >>> round(low, 4), round(high, 4)
    (0.4902, 0.9433)
    """
    if n == 0:
        return None
    z = _NORMAL.inv_cdf(1 - (1 - level) / 2)
    p = successes / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    low = 0.0 if successes == 0 else max(0.0, centre - half)
    high = 1.0 if successes == n else min(1.0, centre + half)
    return low, high
