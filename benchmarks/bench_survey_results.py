"""Survey results throughput and memory: generate responses, write JSON Lines, then read,
validate and tabulate them in one streaming pass.

    python benchmarks/bench_survey_results.py [N ...]

Uses the ``service_satisfaction`` instrument when its plugin is installed, else a
survey of built-in types only. Reports responses per second and the peak memory
traced during the pass (it should not grow with N: results are constant-memory).
"""

from __future__ import annotations

import sys
import tempfile
import time
import tracemalloc
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from participation import Registry, Serializer
from participation.plugins import get_plugin_manager
from participation.surveys import Option, Question, Survey, read_responses
from participation.surveys.results import ResultsBuilder
from participation.surveys.synthetic import generate


def fallback() -> Survey:
    scale = [Option(f"p{i}", {"en": str(i)}) for i in range(1, 6)]
    return Survey("bench", {"en": "Bench"}, questions=[
        Question("overall", "likert", {"en": "Overall"}, options=scale, mandatory=True),
        Question("rating", "rating", {"en": "Rating"}),
        Question("pick", "multiple_choice", {"en": "Pick"}, options=scale, max_choices=3),
        Question("rank", "ranking", {"en": "Rank"}, options=scale),
        Question("text", "long_text", {"en": "Text"}),
    ])


def one_pass(path: Path, survey: Survey, serializer: Serializer, types: Any,
             crosstabs: list[tuple[str, str]]) -> int:
    """Read, validate and tabulate ``path``; returns the number of invalid responses."""
    builder = ResultsBuilder(survey, types, crosstabs)
    for read in read_responses(path, survey, serializer, types):
        if read.ok:
            builder.add(read.response)  # type: ignore[arg-type]
        else:
            builder.invalid += 1
    return builder.finish().invalid


def main(sizes: list[int]) -> None:
    pm = get_plugin_manager()
    registry = Registry.from_plugin_manager(pm)
    serializer = Serializer(pm)
    survey = registry.surveys.get("service_satisfaction") or fallback()
    types = registry.question_types
    start, end = datetime(2025, 1, 1, tzinfo=UTC), datetime(2026, 1, 1, tzinfo=UTC)
    print(f"survey {survey.key}: {len(survey.questions)} questions")
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            path = Path(tmp) / f"r{n}.jsonl"
            t0 = time.perf_counter()
            with path.open("w", encoding="utf-8") as fh:
                serializer.write_jsonl(generate(survey, n, 1, start, end, types), fh)
            t1 = time.perf_counter()
            crosstabs = [("overall", "age_group")] if survey.key != "bench" else []
            invalid = one_pass(path, survey, serializer, types, crosstabs)
            t2 = time.perf_counter()
            tracemalloc.start()
            one_pass(path, survey, serializer, types, crosstabs)
            _, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            print(f"n={n:>7}: generate+write {n / (t1 - t0):>8.0f}/s, "
                  f"read+validate+tabulate {n / (t2 - t1):>7.0f}/s, "
                  f"peak traced memory {peak / 1024:,.0f} KiB, invalid {invalid}")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [2_000, 10_000])
