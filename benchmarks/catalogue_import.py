"""Benchmark: Participedia import throughput and memory, and catalogue queries.

Run: ``python benchmarks/catalogue_import.py [ROWS ...]`` (default 10000 100000).
The import streams: peak traced memory should stay flat as the row count grows.
"""

from __future__ import annotations

import csv
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from participation.catalogue import Catalogue
from participation.catalogue.participedia import import_cases
from participation.registry import Registry

HEADER = ["id", "title", "description", "country", "scope_of_influence", "start_date",
          "end_date", "public_spectrum", "targeted_participants", "method_types",
          "facetoface_online_or_both", "general_issues"]
COUNTRIES = ["Bulgaria", "Germany", "France", "Brazil", "United States", "Atlantis"]


def make_file(path: Path, rows: int) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(HEADER)
        for i in range(rows):
            writer.writerow([i + 1, f"Case {i}", "A citizens' panel " * 5,
                             COUNTRIES[i % len(COUNTRIES)], "city/town",
                             "2019-05-01T00:00:00.000Z", "", "involve", "youth, lgbt",
                             "deliberative, collaborative", "both", "governance, health"])


def bench_import(rows: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        src, out = Path(tmp) / "cases.csv", Path(tmp) / "out.json"
        make_file(src, rows)
        tracemalloc.start()
        start = time.perf_counter()
        result = import_cases(src, out, on_skip=lambda _s: None)
        elapsed = time.perf_counter() - start
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        assert result.imported + result.reported == rows
        print(f"import {rows:>8} rows: {elapsed:6.2f} s, {rows / elapsed:9.0f} rows/s, "
              f"peak {peak / 2**20:6.1f} MiB traced ({result.reported} reported)")


def bench_queries() -> None:
    registry = Registry.default(load_entrypoints=False)
    start = time.perf_counter()
    cat = Catalogue.load(registry)
    loaded = time.perf_counter() - start
    start = time.perf_counter()
    for _ in range(1000):
        cat.filter(eu=True, stages="monitoring", iap2__gte="collaborate").group_by("country")
    filtered = (time.perf_counter() - start) / 1000
    start = time.perf_counter()
    for _ in range(100):
        cat.search("participatory budget")
    searched = (time.perf_counter() - start) / 100
    print(f"load {len(cat)} practices: {loaded * 1000:.1f} ms; filter+group: "
          f"{filtered * 1e6:.0f} µs; search: {searched * 1e6:.0f} µs")


if __name__ == "__main__":
    sizes = [int(a) for a in sys.argv[1:]] or [10_000, 100_000]
    bench_queries()
    for n in sizes:
        bench_import(n)
