"""Benchmark the store: import N submissions from JSON Lines, stream them back, export them.

    python benchmarks/bench_store.py [--n 100000] [--batch-size 1000] [--tracemalloc]

Prints rows per second for the import (``import_file``, the code behind ``participation
import``), for streaming (``iter_submissions``) and for ``participation export csv`` and
``export jsonl``, and the peak memory: the process's
maximum resident set size, and, with ``--tracemalloc``, the peak of Python allocations
during each phase (tracemalloc slows everything down; its rows/s are not comparable).
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
import tracemalloc
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

from participation.exporters.submissions import (
    write_stored_submissions_csv,
    write_submissions_jsonl,
)
from participation.importers import import_file
from participation.model import Contact, Event, Status, Submission, SubmissionKind
from participation.plugins import get_plugin_manager
from participation.registry import Registry
from participation.serialization import Serializer
from participation.store import SqliteStore

T0 = datetime(2024, 1, 1, 8, tzinfo=UTC)
CHANNELS = ("web_form", "email", "phone", "in_person", "post")
KINDS = (SubmissionKind.PROPOSAL, SubmissionKind.SIGNAL, SubmissionKind.COMPLAINT,
         SubmissionKind.QUESTION)


def submissions(n: int) -> Iterator[Submission]:
    """``n`` plausible submissions: a contact on half, 1–3 events each."""
    for i in range(n):
        at = T0 + timedelta(minutes=7 * i)
        steps = [Event(at + timedelta(hours=2), Status.REGISTERED)]
        if i % 2:
            steps.append(Event(at + timedelta(days=1), Status.IN_REVIEW))
        if i % 3 == 0:
            steps.append(Event(at + timedelta(days=2), Status.IN_REVIEW if i % 2 == 0
                               else Status.FORWARDED))
        yield Submission(
            f"S-{i:07d}", CHANNELS[i % len(CHANNELS)], KINDS[i % len(KINDS)], at,
            f"Subject {i}: уличното осветление", "A citizen's text of moderate length. " * 5,
            topic="lighting" if i % 4 else None,
            contact=Contact(name=f"Person {i}", email=f"p{i}@example.org") if i % 2 else None,
            events=steps)


def peak_rss_mb() -> float:
    """The process's maximum resident set size so far, in MiB (Linux: KiB units)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    """Run the benchmark and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--batch-size", type=int, default=1000)
    parser.add_argument("--tracemalloc", action="store_true")
    args = parser.parse_args()

    pm = get_plugin_manager(load_entrypoints=False)
    registry, serializer = Registry.from_plugin_manager(pm), Serializer(pm)
    with tempfile.TemporaryDirectory() as folder:
        data, db = Path(folder) / "submissions.jsonl", Path(folder) / "bench.db"
        with data.open("w", encoding="utf-8") as f:
            serializer.write_jsonl(submissions(args.n), f)
        size = data.stat().st_size
        print(f"input: {args.n} submissions, {size / 2**20:.1f} MiB of JSON Lines; "
              f"rss before import {peak_rss_mb():.0f} MiB")

        if args.tracemalloc:
            tracemalloc.start()
        with SqliteStore(db, serializer=serializer) as store:
            start = time.perf_counter()
            report = import_file(data, store, registry, serializer, batch_size=args.batch_size)
            seconds = time.perf_counter() - start
            traced = tracemalloc.get_traced_memory()[1] if args.tracemalloc else None
            assert report.inserted == args.n, report
            print(f"import: {args.n / seconds:,.0f} rows/s ({seconds:.1f} s, batch "
                  f"{args.batch_size}); peak rss {peak_rss_mb():.0f} MiB"
                  + (f"; tracemalloc peak {traced / 2**20:.1f} MiB" if traced else ""))

            start = time.perf_counter()
            report = import_file(data, store, registry, serializer, batch_size=args.batch_size)
            seconds = time.perf_counter() - start
            assert report.unchanged == args.n, report
            print(f"re-import (all unchanged): {args.n / seconds:,.0f} rows/s ({seconds:.1f} s)")

            if args.tracemalloc:
                tracemalloc.reset_peak()
            start = time.perf_counter()
            count = sum(1 for _ in store.iter_submissions())
            seconds = time.perf_counter() - start
            traced = tracemalloc.get_traced_memory()[1] if args.tracemalloc else None
            assert count == args.n
            print(f"stream: {count / seconds:,.0f} rows/s ({seconds:.1f} s); peak rss "
                  f"{peak_rss_mb():.0f} MiB"
                  + (f"; tracemalloc peak {traced / 2**20:.1f} MiB" if traced else ""))
            for fmt in ("csv", "jsonl"):
                start = time.perf_counter()
                count = export(store, serializer, fmt, Path(folder) / f"out.{fmt}")
                seconds = time.perf_counter() - start
                assert count == args.n
                print(f"export {fmt}: {count / seconds:,.0f} rows/s ({seconds:.1f} s); peak rss "
                      f"{peak_rss_mb():.0f} MiB")
            print(f"store: {db.stat().st_size / 2**20:.1f} MiB, integrity {store.integrity()}")


def export(store: SqliteStore, serializer: Serializer, fmt: str, out: Path) -> int:
    """What ``participation export csv|jsonl`` does (no personal data)."""
    with out.open("w", encoding="utf-8", newline="") as stream:
        if fmt == "csv":
            return write_stored_submissions_csv(store.iter_submission_fields(), stream)
        return write_submissions_jsonl(store.iter_submissions(), stream, serializer)


if __name__ == "__main__":
    main()
