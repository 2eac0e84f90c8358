"""``report --db`` reading the store in several processes (:class:`StoreFeed`), each its
own range of ids: the same report as one process, and one process when it cannot split."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from participation import Serializer
from participation.cli import build_cli
from participation.evaluation import Assessment, assess
from participation.model import Period, Status, Submission, SubmissionKind
from participation.model.submissions import Event
from participation.parallel import StoreFeed
from participation.registry import Registry
from participation.sources import StoreSource
from participation.store import SqliteStore


@pytest.fixture(scope="module")
def registry() -> Registry:
    return Registry.default()


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("demo-store")
    result = CliRunner().invoke(build_cli(), ["demo", "--out", str(out), "--submissions", "1500"])
    assert result.exit_code == 0, result.output
    return out / "participation.db"


def _assess(registry: Registry, db: Path, feed: StoreFeed | None, period: str = "2025"
            ) -> Assessment:
    ser = Serializer(registry.plugin_manager)
    with SqliteStore(db, serializer=ser) as store:
        admin = store.administration()
        assert admin is not None
        source = StoreSource(store, ser, Period.parse(period), admin)
        return assess(admin, Period.parse(period), source, registry, feed=feed)


@pytest.mark.parametrize(("jobs", "period"), [(2, "2025"), (3, "2025-Q2"), (5, "2025-07")])
def test_parts_give_what_one_process_gives(registry: Registry, demo_store: Path, jobs: int,
                                           period: str) -> None:
    feed = StoreFeed(jobs, min_part=100)
    parted = _assess(registry, demo_store, feed, period)
    assert feed.processes == jobs and feed.serial_because is None and feed.fell_back is None
    assert parted == _assess(registry, demo_store, StoreFeed(1), period)


def test_a_small_store_is_read_in_one_process(registry: Registry, demo_store: Path) -> None:
    feed = StoreFeed(4)  # 1,500 submissions: fewer than two parts' worth
    _assess(registry, demo_store, feed)
    assert feed.serial_because == "the store is small" and feed.processes == 1


def test_the_ranges_hold_every_submission_once(tmp_path: Path) -> None:
    t0 = datetime(2025, 1, 1, tzinfo=UTC)
    ids = ["a", "B", "b", "ä", "z-1", "z-10", "z-2", "Я", "😀"]  # ordered as SQLite orders text
    with SqliteStore(tmp_path / "s.db") as store:
        store.write_submissions([Submission(i, "web_form", SubmissionKind.QUESTION, t0 + timedelta(hours=n),
                                            "q", events=[Event(t0 + timedelta(hours=n + 1),
                                                               Status.REGISTERED)])
                                 for n, i in enumerate(ids)])
        for parts in range(1, 12):
            ranges = store.split_ids(parts)
            assert len(ranges) == min(parts, len(ids)) and ranges[0][0] is None and ranges[-1][1] is None
            got = [[(s.id, len(s.events)) for s in store.iter_submissions(order="id", ids=r)]
                   for r in ranges]
            assert [i for part in got for i, _ in part] == sorted(ids)
            assert all(n == 1 for part in got for _, n in part)


def test_report_db_with_jobs_writes_the_same_report(demo_store: Path, tmp_path: Path) -> None:
    outs = []
    for jobs in ("1", "3"):
        out = tmp_path / f"r{jobs}"
        result = CliRunner().invoke(build_cli(), ["report", "--db", str(demo_store), "--period", "2025",
                                                  "--out", str(out), "--jobs", jobs])
        assert result.exit_code == 0, result.output
        outs.append(out)
    for name in ("report.json", "report.md", "measurements.csv", "trends.csv"):
        assert (outs[0] / name).read_bytes() == (outs[1] / name).read_bytes()
