"""Benchmark: the assessment streams in constant memory.

Writes N synthetic submissions as JSON Lines (streaming), then assesses the year from
the file with a DirectorySource — one pass, 6 periods (year, previous year, quarters) —
and reports throughput and peak traced memory for several sizes. Peak memory should
stay flat as N grows.

    python benchmarks/bench_evaluation.py            # 10k, 50k, 200k
    python benchmarks/bench_evaluation.py 20000 100000
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from participation import Period, Registry, Serializer
from participation.demo import _submissions, demo_administration
from participation.evaluation import assess
from participation.files import atomic_writer
from participation.sources import DirectorySource


def write_data(folder: Path, n: int, registry: Registry, ser: Serializer) -> None:
    admin = demo_administration(registry)
    with atomic_writer(folder / "administration.json") as fh:
        fh.write(ser.dumps(admin))
    with atomic_writer(folder / "submissions.jsonl") as fh:
        ser.write_jsonl(_submissions(admin, registry, random.Random(1), n), fh)


def run(n: int) -> None:
    registry = Registry.default()
    ser = Serializer(registry.plugin_manager)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        write_data(folder, n, registry, ser)
        size = (folder / "submissions.jsonl").stat().st_size
        admin = demo_administration(registry)
        # one timed run, then one under tracemalloc (which slows Python down) for memory
        source = DirectorySource(folder, ser, registry)
        t0 = time.perf_counter()
        a = assess(admin, Period.parse("2025"), source, registry)
        elapsed = time.perf_counter() - t0
        source.check()
        source = DirectorySource(folder, ser, registry)
        tracemalloc.start()
        assess(admin, Period.parse("2025"), source, registry)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    print(f"{n:>8,} submissions  {size / 2**20:7.1f} MiB  {elapsed:7.2f} s  "
          f"{n / elapsed:8,.0f} submissions/s  peak traced memory {peak / 2**20:6.2f} MiB  "
          f"answered on time {a.measurements['answered_on_time'].value:.3f}")


if __name__ == "__main__":
    for size in [int(x) for x in sys.argv[1:]] or [10_000, 50_000, 200_000]:
        run(size)
