"""How fast the Bulgarian calendar answers deadline questions.

Run: ``python benchmarks/bench_bg_deadlines.py [N]`` (needs participation-bg installed).
Prints the time to build the calendar and to compute N due dates for each bg rule,
for events spread over 2005-2035.
"""

from __future__ import annotations

import sys
import time
from datetime import date, timedelta

from participation_bg.calendar import BulgarianCalendar
from participation_bg.rules import DEADLINE_RULES


def main(n: int = 20_000) -> None:
    """Time the calendar's construction and ``n`` computations per rule."""
    t0 = time.perf_counter()
    calendar = BulgarianCalendar(environ={})
    t1 = time.perf_counter()
    print(f"calendar built in {1000 * (t1 - t0):.1f} ms")
    start = date(2005, 1, 1)
    for rule in DEADLINE_RULES:
        t0 = time.perf_counter()
        for i in range(n):
            rule.compute(start + timedelta(days=i % 11_000), calendar)
        elapsed = time.perf_counter() - t0
        print(f"{rule.key:<28} {n} due dates in {elapsed:.2f} s "
              f"({1e6 * elapsed / n:.0f} µs each)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20_000)
