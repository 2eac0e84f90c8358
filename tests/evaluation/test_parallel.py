"""Reading submissions in several processes (:mod:`participation.parallel`) gives exactly
what one process gives: the same assessment for a good file, the same problems for a bad
one (it then reads the file again in one process), and one process when it cannot split."""

from __future__ import annotations

import itertools
import shutil
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from participation import Serializer
from participation.cli import build_cli
from participation.demo import write
from participation.errors import InvalidDocumentError
from participation.evaluation import Assessment, assess
from participation.indicators import Accumulator, Measurement
from participation.model import Period
from participation.parallel import ParallelFeed, split_lines
from participation.registry import Registry
from participation.sources import DirectorySource, load_administration


@pytest.fixture(scope="module")
def registry() -> Registry:
    return Registry.default()


@pytest.fixture(scope="module")
def folder(registry: Registry, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("parallel") / "data"
    write(registry, path, Serializer(registry.plugin_manager), seed=11, submissions=1500)
    return path


def _run(registry: Registry, folder: Path, period: str = "2025", as_of: datetime | None = None,
         feed: ParallelFeed | None = None) -> Assessment | list[str]:
    """The assessment, or the problems the source reports (as text)."""
    ser = Serializer(registry.plugin_manager)
    admin = load_administration(folder, ser)
    source = DirectorySource(folder, ser, registry)
    result = assess(admin, Period.parse(period), source, source.registry, as_of=as_of, feed=feed)
    try:
        source.check()
    except InvalidDocumentError as exc:
        return [str(p) for p in exc.problems]
    return result


def _copy(folder: Path, tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(folder, target)
    return target


@pytest.mark.parametrize(("period", "as_of"), [
    ("2025", None), ("2025-Q3", "2025-09-20T00:00:00+03:00"), ("2025-06", None)])
@pytest.mark.parametrize("jobs", [2, 3, 5])
def test_parts_give_the_figures_of_one_process(registry: Registry, folder: Path, period: str,
                                               as_of: str | None, jobs: int) -> None:
    moment = datetime.fromisoformat(as_of) if as_of else None
    feed = ParallelFeed(jobs, min_part=1)
    split = _run(registry, folder, period, moment, feed)
    assert feed.processes == jobs and feed.serial_because is None and feed.fell_back is None
    one = _run(registry, folder, period, moment)
    assert isinstance(split, Assessment)
    assert split == one
    assert split.counts["submissions"] == 1500
    assert split.measurements["answered_on_time"].n > 0


def _lines(path: Path) -> list[bytes]:
    return path.read_bytes().splitlines(keepends=True)


def _damaged(folder: Path, tmp_path: Path, damage: str | None) -> Path:
    """A copy of the data folder with one kind of damage to its submissions."""
    data = _copy(folder, tmp_path)
    path = data / "submissions.jsonl"
    lines = _lines(path)
    if damage == "broken line":
        lines[1200] = lines[1200][:40] + b"\n"
    elif damage == "id in two parts":
        lines[1400] = lines[3]  # the first part's record, again in the last part
    elif damage == "id twice in a part":
        lines[1401] = lines[1400]
    elif damage == "byte-order mark mid-file":
        lines[900] = b"\xef\xbb\xbf" + lines[900]
    elif damage == "not UTF-8":
        lines[1300] = lines[1300].replace(b'"', b'"\xe9', 1)
    elif damage == "unknown channel":
        lines[800] = lines[800].replace(b'"channel": "', b'"channel": "pigeon_', 1)
    path.write_bytes(b"".join(lines))
    return data


@pytest.mark.parametrize("damage", ["broken line", "id in two parts", "id twice in a part",
                                    "byte-order mark mid-file", "not UTF-8", "unknown channel"])
def test_a_bad_file_reports_the_problems_of_one_process(registry: Registry, folder: Path,
                                                        tmp_path: Path, damage: str) -> None:
    data = _damaged(folder, tmp_path, damage)
    feed = ParallelFeed(4, min_part=1)
    if damage == "not UTF-8":  # the whole read stops at that line, as in one process
        with pytest.raises(InvalidDocumentError) as split:
            _run(registry, data, feed=feed)
        with pytest.raises(InvalidDocumentError) as one:
            _run(registry, data)
        assert str(split.value) == str(one.value)
    else:
        problems = _run(registry, data, feed=feed)
        assert isinstance(problems, list) and problems
        assert problems == _run(registry, data)
    assert feed.fell_back


def test_a_bom_at_the_start_is_dropped_in_parts_too(registry: Registry, folder: Path,
                                                     tmp_path: Path) -> None:
    data = _copy(folder, tmp_path)
    path = data / "submissions.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    feed = ParallelFeed(3, min_part=1)
    split = _run(registry, data, feed=feed)
    assert feed.fell_back is None and isinstance(split, Assessment)
    assert split == _run(registry, data)


class _Unsplittable(Accumulator):
    """A plugin's accumulator that says nothing of combining partial results."""

    def __init__(self, spec: object, ctx: object) -> None:
        super().__init__(spec, ctx)  # type: ignore[arg-type]
        self.n = 0

    def add_submission(self, facts: object) -> None:
        self.n += 1

    def finish(self) -> Measurement:
        return Measurement(self.spec.key, float(self.n), self.n)


def test_an_accumulator_that_cannot_combine_keeps_one_process(registry: Registry, folder: Path
                                                               ) -> None:
    import attrs

    spec = attrs.evolve(registry.indicators["answered_on_time"], key="plugin_count",
                        accumulator=_Unsplittable)
    with_plugin = attrs.evolve(registry, indicators={**registry.indicators, "plugin_count": spec})
    feed = ParallelFeed(3, min_part=1)
    split = _run(with_plugin, folder, feed=feed)
    assert feed.serial_because == "an indicator cannot combine partial results"
    assert feed.processes == 1
    assert isinstance(split, Assessment) and split.measurements["plugin_count"].n == 1500


def test_small_files_and_one_job_are_read_in_one_process(registry: Registry, folder: Path) -> None:
    small = ParallelFeed(4)  # 1,500 submissions: far below the size worth a process
    _run(registry, folder, feed=small)
    assert small.serial_because == "the file is small" and small.processes == 1
    one = ParallelFeed(1, min_part=1)
    _run(registry, folder, feed=one)
    assert one.serial_because == "one process was asked for"


@settings(max_examples=60, deadline=None)
@given(st.lists(st.binary(max_size=12).map(lambda b: b.replace(b"\n", b"")), max_size=30),
       st.sampled_from([b"\n", b"\r\n"]), st.booleans(), st.integers(1, 8))
def test_split_lines_cuts_at_line_starts_and_covers_the_file(tmp_path_factory: pytest.TempPathFactory,
                                                             lines: list[bytes], end: bytes,
                                                             last_ends: bool, parts: int) -> None:
    path = tmp_path_factory.mktemp("split") / "f"
    body = end.join(lines) + (end if last_ends and lines else b"")
    path.write_bytes(body)
    ranges = split_lines(path, parts)
    assert 1 <= len(ranges) <= parts
    assert ranges[0][0] == 0 and ranges[-1][1] == len(body)
    for (_, a_end), (b_start, _) in itertools.pairwise(ranges):
        assert a_end == b_start and body[b_start - 1:b_start] == b"\n"
    assert all(start < stop for start, stop in ranges) or body == b""


@pytest.mark.parametrize("damage", [None, "id in two parts", "unknown channel"])
def test_progress_counts_each_line_once_even_when_read_again(registry: Registry, folder: Path,
                                                             tmp_path: Path, damage: str | None
                                                             ) -> None:
    data = _damaged(folder, tmp_path, damage)
    ser = Serializer(registry.plugin_manager)

    def shown(feed: ParallelFeed | None) -> tuple[int, int]:
        steps: list[int] = []
        source = DirectorySource(data, ser, registry, progress=steps.append)
        assess(load_administration(data, ser), Period.parse("2025"), source, registry, feed=feed)
        return sum(steps), sum(1 for s in steps if s < 0)

    feed = ParallelFeed(3, min_part=1)
    total, back = shown(feed)
    # a bar over the folder ends where the read in one process ends it, and goes back once
    # (to start over) only when the parts gave up
    assert total == shown(None)[0] > 0
    assert back == (1 if damage else 0) and bool(feed.fell_back) == bool(damage)


@pytest.mark.parametrize("damage", [None, "id in two parts"])
def test_the_command_line_bar_goes_back_when_the_file_is_read_again(
        registry: Registry, folder: Path, tmp_path: Path, damage: str | None) -> None:
    import io

    import click

    from participation.cli.evaluation import _steps

    data = _damaged(folder, tmp_path, damage)
    ser = Serializer(registry.plugin_manager)
    shown: list[float] = []
    source = DirectorySource(data, ser, registry)
    with click.progressbar(length=source.size(), file=io.StringIO()) as bar:
        step = _steps(bar)

        def progress(n: int) -> None:
            step(n)
            shown.append(bar.pct)

        source.progress = progress
        assess(load_administration(data, ser), Period.parse("2025"), source, registry,
               feed=ParallelFeed(3, min_part=1))
        position = bar.pos
    serial: list[int] = []
    assess(load_administration(data, ser), Period.parse("2025"),
           DirectorySource(data, ser, registry, progress=serial.append), registry)
    assert position == sum(serial)  # where the bar ends: as after a read in one process
    went_back = any(later < earlier for earlier, later in itertools.pairwise(shown))
    assert went_back == bool(damage)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(0, 1499), st.sampled_from(
    ["copy", "cut", "blank", "cr"])), max_size=3), st.integers(2, 4))
def test_any_damage_gives_what_one_process_gives(registry: Registry, folder: Path,
                                                 tmp_path_factory: pytest.TempPathFactory,
                                                 damage: list[tuple[int, str]], jobs: int) -> None:
    data = _copy(folder, tmp_path_factory.mktemp("damage"))
    path = data / "submissions.jsonl"
    lines = _lines(path)
    for at, how in damage:
        if how == "copy":
            lines[at] = lines[(at * 7) % len(lines)]
        elif how == "cut":
            lines[at] = lines[at][: len(lines[at]) // 2] + b"\n"
        elif how == "blank":
            lines[at] = b"\n"
        else:
            lines[at] = lines[at].replace(b"\n", b"\r")  # joins two lines by a bare CR
    path.write_bytes(b"".join(lines))
    assert _run(registry, data, feed=ParallelFeed(jobs, min_part=1)) == _run(registry, data)


def test_report_jobs_writes_the_same_files(registry: Registry, folder: Path, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("participation.parallel.MIN_PART_BYTES", 1)
    runner = CliRunner()
    outs = []
    for jobs in ("1", "3"):
        out = tmp_path / f"r{jobs}"
        result = runner.invoke(build_cli(), ["report", "--data", str(folder), "--period", "2025",
                                     "--out", str(out), "--jobs", jobs])
        assert result.exit_code == 0, result.output
        outs.append(out)
    for name in ("report.json", "report.md", "measurements.csv", "trends.csv"):
        assert (outs[0] / name).read_bytes() == (outs[1] / name).read_bytes()


def test_jobs_goes_with_the_default_engine(tmp_path: Path) -> None:
    result = CliRunner().invoke(build_cli(), ["report", "--db", str(tmp_path / "x.db"), "--period", "2025",
                                      "--out", str(tmp_path / "o"), "--jobs", "2",
                                      "--engine", "duckdb"])
    assert result.exit_code == 2 and "--jobs goes with the default engine" in result.output


@pytest.mark.parametrize("damage", [None, "broken line", "id in two parts"])
def test_validate_in_parts_gives_the_report_of_one_process(registry: Registry, folder: Path,
                                                           tmp_path: Path, damage: str | None) -> None:
    from participation.parallel import validate_in_parts
    from participation.validation import validate_file

    path = _damaged(folder, tmp_path, damage) / "submissions.jsonl"
    ser = Serializer(registry.plugin_manager)
    split = validate_in_parts(path, ser, registry, jobs=3, min_part=1)
    assert split == validate_file(path, ser, registry)
    assert split.documents == 1500 and split.ok is (damage is None)


def test_validate_jobs_on_the_command_line(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("participation.parallel.MIN_PART_BYTES", 1)
    result = CliRunner().invoke(build_cli(), ["validate", str(folder / "submissions.jsonl"),
                                              "--jobs", "3"])
    assert result.exit_code == 0, result.output
    assert result.output.strip().endswith("valid (1500 documents)")


def test_a_process_that_dies_has_the_file_read_again_in_one(registry: Registry, folder: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    iter_part = DirectorySource.iter_part

    def dying(self: DirectorySource, name: str, start: int, end: int, *args: object) -> object:
        if start > 0:  # in a forked process: as if killed (out of memory)
            os._exit(9)
        return iter_part(self, name, start, end, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(DirectorySource, "iter_part", dying)
    feed = ParallelFeed(3, min_part=1)
    split = _run(registry, folder, feed=feed)
    assert feed.fell_back == "a process ended with status 9"
    assert split == _run(registry, folder)


def test_interrupted_the_other_processes_stop(registry: Registry, folder: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    import multiprocessing

    iter_part = DirectorySource.iter_part

    def interrupted(self: DirectorySource, name: str, start: int, end: int, *args: object
                    ) -> object:
        if start == 0:  # this process: Ctrl-C while the others read
            raise KeyboardInterrupt
        return iter_part(self, name, start, end, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(DirectorySource, "iter_part", interrupted)
    with pytest.raises(KeyboardInterrupt):
        _run(registry, folder, feed=ParallelFeed(3, min_part=1))
    assert multiprocessing.active_children() == []


def test_no_processes_from_a_threaded_program(registry: Registry, folder: Path) -> None:
    import threading

    from participation.parallel import cannot_fork

    release = threading.Event()
    other = threading.Thread(target=release.wait)
    other.start()
    try:
        assert cannot_fork() == "other threads run in this process"
        feed = ParallelFeed(3, min_part=1)
        assert _run(registry, folder, feed=feed) == _run(registry, folder)
        assert feed.serial_because == "other threads run in this process" and feed.processes == 1
    finally:
        release.set()
        other.join()


def test_a_process_that_cannot_start_has_the_file_read_in_one(registry: Registry, folder: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    import errno
    import multiprocessing.process

    def refuse(self: object) -> None:
        raise OSError(errno.EAGAIN, "Resource temporarily unavailable")

    monkeypatch.setattr(multiprocessing.process.BaseProcess, "start", refuse)
    feed = ParallelFeed(3, min_part=1)
    assert _run(registry, folder, feed=feed) == _run(registry, folder)
    assert feed.fell_back == "could not start a process (Resource temporarily unavailable)"


def test_a_child_stops_when_its_parent_has_ended(tmp_path: Path) -> None:
    """The parent is killed while its children read: none is left behind."""
    import os
    import signal
    import subprocess
    import sys
    import time

    script = tmp_path / "parent.py"
    script.write_text(
        "import os, sys, time\n"
        "from pathlib import Path\n"
        "from participation import Registry, Serializer\n"
        "from participation.demo import write\n"
        "from participation.parallel import ParallelFeed\n"
        "from participation.evaluation import assess\n"
        "from participation.model import Period\n"
        "from participation.sources import DirectorySource\n"
        "reg = Registry.default(); ser = Serializer(reg.plugin_manager)\n"
        "folder = Path(sys.argv[1])\n"
        "admin = write(reg, folder, ser, submissions=2000)\n"
        "part = DirectorySource.iter_part\n"
        "def slow(self, name, start, end, *a):  # slow enough to be killed while reading\n"
        "    for r in part(self, name, start, end, *a):\n"
        "        time.sleep(0.001 if start else 0.01)\n"
        "        yield r\n"
        "DirectorySource.iter_part = slow\n"
        "from array import array\n"
        "from participation.validation import SeenIds\n"
        "# a result larger than a pipe holds: its writer waits for a reader\n"
        "SeenIds.digests = lambda self: tuple(array('Q', bytes(80_000)) for _ in range(16))\n"
        "print(os.getpid(), flush=True)\n"
        "src = DirectorySource(folder, ser, reg)\n"
        "assess(admin, Period.parse('2025'), src, reg, feed=ParallelFeed(3, min_part=1))\n")
    parent = subprocess.Popen([sys.executable, str(script), str(tmp_path / "data")],
                              stdout=subprocess.PIPE, text=True)
    assert parent.stdout is not None
    pid = int(parent.stdout.readline())
    time.sleep(3)  # the children are reading
    children = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True,
                              check=False).stdout.split()
    assert children, "the parent started no process"
    os.kill(pid, signal.SIGKILL)
    parent.wait()
    parent.stdout.close()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and any(os.path.exists(f"/proc/{c}") and
                                              "Z" not in _state(c) for c in children):
        time.sleep(0.2)
    assert not [c for c in children if os.path.exists(f"/proc/{c}") and "Z" not in _state(c)]


def _state(pid: str) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[1].split()[0]
    except (OSError, IndexError):
        return "Z"
