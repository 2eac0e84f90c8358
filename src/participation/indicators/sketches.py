"""Constant-memory summaries used by accumulators: ratios, histograms of whole days,
and a HyperLogLog estimate of distinct people."""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable

__all__ = ["DayHistogram", "DistinctCounter", "Ratio"]


class Ratio:
    """A share kept as numerator and denominator, so it can be re-aggregated.

    >>> r = Ratio(); r.add(True); r.add(False); r.add(True)
    >>> r.numerator, r.denominator, round(r.value or 0, 3)
    (2.0, 3.0, 0.667)
    >>> Ratio().value is None
    True
    """

    __slots__ = ("denominator", "numerator")

    def __init__(self) -> None:
        self.numerator = 0.0
        self.denominator = 0.0

    def add(self, hit: bool, weight: float = 1.0) -> None:
        """Count one item (``hit``: it is above the line)."""
        self.denominator += weight
        if hit:
            self.numerator += weight

    def add_counts(self, numerator: float, denominator: float) -> None:
        """Add a numerator and denominator at once."""
        self.numerator += numerator
        self.denominator += denominator

    @property
    def value(self) -> float | None:
        """The share, or ``None`` when nothing was counted."""
        return self.numerator / self.denominator if self.denominator else None


class DayHistogram:
    """Counts of whole days; exact quantiles in memory bounded by the range of days.

    >>> h = DayHistogram(); h.extend([1, 2, 2, 3, 10])
    >>> h.quantile(0.5), h.quantile(0.9), h.n
    (2.0, 10.0, 5)
    """

    __slots__ = ("counts", "n")

    def __init__(self) -> None:
        self.counts: dict[int, int] = {}
        self.n = 0

    def add(self, days: int) -> None:
        """Count one value."""
        self.counts[days] = self.counts.get(days, 0) + 1
        self.n += 1

    def extend(self, values: Iterable[int]) -> None:
        """Count several values."""
        for v in values:
            self.add(v)

    def quantile(self, q: float) -> float | None:
        """The nearest-rank quantile (``q`` in 0..1, ``0.5`` is the median); ``None`` if empty.

        The nearest-rank method returns an observed value: the smallest value with at
        least ``ceil(q·n)`` values at or below it. For the median of an even count it
        returns the mean of the two middle values, as statisticians expect.
        """
        if not self.n:
            return None
        ordered = sorted(self.counts)
        if q == 0.5 and self.n % 2 == 0:
            return (self._rank(self.n // 2, ordered) + self._rank(self.n // 2 + 1, ordered)) / 2
        return float(self._rank(max(1, math.ceil(q * self.n)), ordered))

    def _rank(self, rank: int, ordered: list[int]) -> int:
        seen = 0
        for value in ordered:
            seen += self.counts[value]
            if seen >= rank:
                return value
        return ordered[-1]

    def as_dict(self) -> dict[str, int]:
        """The counts, keyed by day as text (JSON-ready), in order."""
        return {str(k): self.counts[k] for k in sorted(self.counts)}


class DistinctCounter:
    """Distinct values counted in constant memory (HyperLogLog, 2^12 registers,
    about 1.6 % standard error; exact-ish below a few thousand by linear counting).

    >>> c = DistinctCounter()
    >>> for i in range(1000): c.add(f"person-{i % 400}")
    >>> abs(c.estimate() - 400) < 20
    True
    """

    __slots__ = ("registers",)
    P = 12
    M = 1 << P

    def __init__(self) -> None:
        self.registers = bytearray(self.M)

    def add(self, value: str) -> None:
        """Count ``value`` (any string; the same string counts once)."""
        h = int.from_bytes(hashlib.blake2b(value.encode("utf-8"), digest_size=8).digest(), "big")
        index = h >> (64 - self.P)
        rest = (h << self.P) & ((1 << 64) - 1)
        rank = 1
        while rank <= 64 - self.P and not rest & (1 << 63):
            rank += 1
            rest <<= 1
        if rank > self.registers[index]:
            self.registers[index] = rank

    def estimate(self) -> float:
        """The estimated number of distinct values added."""
        m = self.M
        alpha = 0.7213 / (1 + 1.079 / m)
        raw = alpha * m * m / sum(2.0 ** -r for r in self.registers)
        zeros = self.registers.count(0)
        if raw <= 2.5 * m and zeros:
            return m * math.log(m / zeros)
        return raw
