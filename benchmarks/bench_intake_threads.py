"""Benchmark: 20 threads of a web service share one store and take in 5,000 submissions.

Each thread calls ``Desk.intake`` (receive, check, register, due day: one transaction)
on ONE shared ``SqliteStore``; the benchmark reports intakes per second, the latency
per intake (p50, p99, max), and checks the store afterwards: how many stored, how many
errors, how many duplicate ids. For comparison it runs the same load

- ``shared``: one store object for all threads (the documented model: a connection per
  thread, write transactions queued on the store's lock);
- ``shared-no-lock``: the same without the store's lock, every thread's transaction
  waiting on SQLite's own busy handler (what the lock saves);
- ``per-thread``: one store object per thread (what users did before).

    python benchmarks/bench_intake_threads.py            # 20 threads, 5000 intakes
    python benchmarks/bench_intake_threads.py 20 5000 shared
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from participation.desk import Desk
from participation.intake import IntakeRequest
from participation.registry import Registry
from participation.store import SqliteStore


class _NoLock:
    """Stands in for the store's write lock (``shared-no-lock``)."""

    def acquire(self, timeout: float = -1) -> bool:
        return True

    def release(self) -> None:
        return None


def run(mode: str, threads: int, total: int, registry: Registry) -> dict[str, Any]:
    """Run ``total`` intakes from ``threads`` threads; the figures and the checks."""
    folder = Path(tempfile.mkdtemp(prefix="bench-intake-"))
    db = folder / "bench.db"
    shared = SqliteStore(db)
    if mode == "shared-no-lock":
        shared._write_lock = _NoLock()  # type: ignore[assignment]
    local = threading.local()
    own: list[SqliteStore] = []

    def desk() -> Desk:
        if mode != "per-thread":
            return Desk(shared, registry)
        if not hasattr(local, "desk"):
            store = SqliteStore(db)
            own.append(store)
            local.desk = Desk(store, registry)
        return local.desk  # type: ignore[no-any-return]

    latencies: list[float] = []
    errors: list[str] = []

    def post(i: int) -> str | None:
        request = IntakeRequest("web_form", "question", f"Question {i}", text="x" * 400,
                                email=f"person{i}@example.org")
        start = time.perf_counter()
        try:
            sid = desk().intake(request).submission.id
        except Exception as exc:  # counted: the benchmark reports them
            errors.append(type(exc).__name__)
            return None
        latencies.append(time.perf_counter() - start)
        return sid

    began = time.perf_counter()
    with ThreadPoolExecutor(max_workers=threads) as pool:
        ids = [i for i in pool.map(post, range(total)) if i is not None]
    elapsed = time.perf_counter() - began
    for store in own:
        store.close()
    shared.close()
    with SqliteStore(db) as check:
        stored, distinct = check.connection.execute(
            "SELECT COUNT(*), COUNT(DISTINCT id) FROM submissions").fetchone()
        registered = check.connection.execute(
            "SELECT COUNT(*) FROM events WHERE status = 'registered'").fetchone()[0]
    quantiles = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [0.0] * 99
    return {"mode": mode, "stored": stored, "registered": registered, "errors": len(errors),
            "duplicates": stored - distinct, "answered_ok": len(ids),
            "per_second": total / elapsed, "p50_ms": 1000 * quantiles[49],
            "p99_ms": 1000 * quantiles[98], "max_ms": 1000 * max(latencies or [0.0]),
            "seconds": elapsed}


def main(argv: list[str]) -> None:
    threads = int(argv[0]) if argv else 20
    total = int(argv[1]) if len(argv) > 1 else 5000
    modes = argv[2:] or ["shared", "shared-no-lock", "per-thread"]
    registry = Registry.default(load_entrypoints=False)
    print(f"{threads} threads, {total} intakes each run")
    print(f"{'mode':<15} {'stored':>6} {'errors':>6} {'dups':>5} {'intakes/s':>10} "
          f"{'p50 ms':>7} {'p99 ms':>7} {'max ms':>7}")
    for mode in modes:
        r = run(mode, threads, total, registry)
        print(f"{r['mode']:<15} {r['stored']:>6} {r['errors']:>6} {r['duplicates']:>5} "
              f"{r['per_second']:>10.0f} {r['p50_ms']:>7.1f} {r['p99_ms']:>7.1f} "
              f"{r['max_ms']:>7.0f}")


if __name__ == "__main__":
    main(sys.argv[1:])
