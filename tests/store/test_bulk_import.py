"""Importing a large data folder: what the fast path must keep from the careful one
(every repeated id rejected, however far apart; the same rejects)."""

from __future__ import annotations

import gc
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from participation import demo
from participation.cli import build_cli
from participation.errors import InvalidDocumentError
from participation.importers import reader_process
from participation.importers import run as import_run
from participation.serialization import Serializer
from participation.store import SqliteStore
from participation.validation import SeenIds

from .conftest import stored_submissions

DOC = ('{"schema": "participation.submission/1", "id": "S-%d", "channel": "web_form", '
       '"kind": "proposal", "received_at": "2025-03-01T09:00:00+02:00", "subject": "s"}')


@pytest.fixture
def cli(plugin_manager: Any) -> Any:
    return build_cli(plugin_manager)


def _folder(tmp_path: Path, ids: list[int]) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "submissions.jsonl").write_text("".join(DOC % i + "\n" for i in ids),
                                              encoding="utf-8")
    return folder


def test_an_id_repeated_far_apart_is_rejected_and_the_checker_is_built_once(
        tmp_path: Path, cli: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    built = []

    class CountedSeenIds(SeenIds):
        def __init__(self) -> None:
            built.append(1)
            super().__init__()

    monkeypatch.setattr(import_run, "SeenIds", CountedSeenIds)
    # 2,500 ids in batches of 100; id 7 comes again 2,493 lines (25 batches) later
    folder = _folder(tmp_path, [*range(1, 2501), 7])
    db = tmp_path / "p.db"
    result = CliRunner().invoke(cli, ["import", str(folder), "--db", str(db), "--json",
                                      "--batch-size", "100"], catch_exceptions=False)
    assert result.exit_code == 2, result.output
    report = json.loads(result.stdout)
    assert (report["read"], report["inserted"], report["rejected"]) == (2501, 2500, 1)
    rejects = [json.loads(line) for line in
               Path(report["rejects_file"]).read_text(encoding="utf-8").splitlines()]
    assert [r["line"] for r in rejects] == [2501]
    assert "repeated id 'S-7'" in rejects[0]["reasons"][0]
    assert "line 7 " in rejects[0]["reasons"][0]
    assert len(built) == 1  # one checker for the submissions, not one a record


# the reader process: the same store, the same rejects ----------------------------------

def _dump(db: Path) -> list[str]:
    """Every statement of the store's SQL dump but the migrations' times, and the
    revisions' without the moment they were made."""
    conn = sqlite3.connect(db)
    try:
        return [re.sub(r"'\d{4}-\d\d-\d\dT[\d:.]+'", "'…'", line)
                if line.startswith('INSERT INTO "revisions"') else line
                for line in conn.iterdump() if "INSERT INTO \"schema_version\"" not in line]
    finally:
        conn.close()


def _import(folder: Path, db: Path, registry: Any, *, parallel: bool, replace: bool = False,
            batch_size: int = 40) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    with SqliteStore(db) as store:
        report = import_run.import_folder(folder, store, registry, Serializer(),
                                          batch_size=batch_size, replace=replace,
                                          parallel=parallel,
                                          rejects=db.with_suffix(".rejects.jsonl"))
    rejects = [] if report.rejects_file is None else [
        json.loads(line) for line in Path(report.rejects_file).read_text("utf-8").splitlines()]
    return report.to_dict() | {"rejects_file": None}, rejects


@pytest.fixture
def forks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the imports read in a second process (and makes its chunks small)."""
    if not reader_process.available():
        pytest.skip("no second process here (one core, no fork, or threads running)")
    monkeypatch.setattr(reader_process, "CHUNK", 7)
    calls: list[int] = []
    real = reader_process.checked_records

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(reader_process, "checked_records", counted)
    return calls


def _hostile_folder(folder: Path, registry: Any) -> Path:
    demo.write(registry, folder, Serializer(), submissions=400)
    lines = (folder / "submissions.jsonl").read_text("utf-8").splitlines()
    first = json.loads(lines[0])
    bad = [
        "{not json",
        json.dumps({**first}),                                       # repeats line 1's id
        json.dumps({**first, "id": "S-X-1", "channel": "carrier_pigeon"}),
        json.dumps({**first, "id": "S-X-3", "subject": "a \ud800 b"}),  # the store cannot keep it
        "",
        json.dumps({**first, "id": "S-X-4", "received_at": "2025-01-01T09:00:00Z"}),
        json.dumps({**first, "id": "S-X-5", "received_at": "2025-01-01T09:00:00.250000+05:30"}),
    ]
    lines[200:200] = bad
    (folder / "submissions.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def test_reading_in_a_second_process_writes_the_same_store_and_rejects(
        tmp_path: Path, registry: Any, forks: list[int]) -> None:
    folder = _hostile_folder(tmp_path / "data", registry)
    one, two = tmp_path / "serial.db", tmp_path / "parallel.db"
    first = _import(folder, one, registry, parallel=False)
    assert first == _import(folder, two, registry, parallel=True)
    report, rejects = first
    assert (report["kinds"]["submission"], report["rejected"]) == (405, 4)
    assert report["inserted"] == report["read"] - 4
    # read in order; the one the store refuses when its batch is written
    assert [(r["line"], r["reasons"][0][:12]) for r in rejects] == [
        (201, "$: not JSON:"), (202, "$.id: repeat"), (203, "$.channel: u"), (204, "$: the store")]
    assert _dump(one) == _dump(two)

    # again, changed: stored ids take the careful path (the child's rows are read again)
    lines = (folder / "submissions.jsonl").read_text("utf-8").splitlines()
    changed = [json.loads(line) for line in lines[:30]]
    for doc in changed[::2]:
        doc["subject"] = "changed " + doc["subject"]
    (folder / "submissions.jsonl").write_text(
        "\n".join([json.dumps(d) for d in changed] + lines[30:]) + "\n", encoding="utf-8")
    for replace in (False, True):
        again = _import(folder, one, registry, parallel=False, replace=replace)
        assert again == _import(folder, two, registry, parallel=True, replace=replace)
        assert again[0]["conflicts" if not replace else "updated"] == 15
        assert _dump(one) == _dump(two)
    assert len(forks) == 3


def test_a_file_that_is_not_utf8_stops_both_ways_after_the_same_records(
        tmp_path: Path, registry: Any, forks: list[int]) -> None:
    folder = tmp_path / "data"
    demo.write(registry, folder, Serializer(), submissions=200)
    data = (folder / "submissions.jsonl").read_bytes().split(b"\n")
    data[150] = data[150].replace(b"Citizen", b"Citi\xffzen", 1)
    (folder / "submissions.jsonl").write_bytes(b"\n".join(data))
    errors = []
    for db, parallel in ((tmp_path / "serial.db", False), (tmp_path / "parallel.db", True)):
        with pytest.raises(InvalidDocumentError) as caught:
            _import(folder, db, registry, parallel=parallel)
        errors.append(caught.value.problems)
    assert errors[0] == errors[1] and "not UTF-8" in str(errors[0][0])
    assert _dump(tmp_path / "serial.db") == _dump(tmp_path / "parallel.db")
    assert len(forks) == 1


def test_the_command_reads_in_a_second_process_when_asked(tmp_path: Path, cli: Any,
                                                         registry: Any, forks: list[int]) -> None:
    folder = _hostile_folder(tmp_path / "data", registry)
    outputs = []
    for flag in ("--serial", "--parallel"):
        result = CliRunner().invoke(cli, ["import", str(folder), "--db",
                                          str(tmp_path / f"{flag[2:]}.db"), flag],
                                    catch_exceptions=False)
        assert result.exit_code == 2, result.output  # four rejected
        outputs.append(result.output.replace(flag[2:], ""))
    assert outputs[0] == outputs[1] and "4 rejected" in outputs[0]
    assert _dump(tmp_path / "serial.db") == _dump(tmp_path / "parallel.db")
    assert len(forks) == 1


def test_the_collector_threshold_of_the_process_is_restored(tmp_path: Path,
                                                            registry: Any) -> None:
    """An import runs the garbage collector less often, and gives the application its
    setting back, also after a fatal error."""
    before = gc.get_threshold()
    folder = _folder(tmp_path, [1, 2, 3])
    _import(folder, tmp_path / "a.db", registry, parallel=False)
    assert gc.get_threshold() == before
    (folder / "submissions.jsonl").write_bytes(b'{"id": "\xff"}\n')
    with pytest.raises(InvalidDocumentError):
        _import(folder, tmp_path / "b.db", registry, parallel=False)
    assert gc.get_threshold() == before


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(c) for c in (task / "children").read_text().split()]
    return found


@pytest.mark.slow
def test_sigterm_during_a_parallel_import_ends_both_processes_and_keeps_whole_batches(
        tmp_path: Path) -> None:
    if not reader_process.available() or not Path("/proc/self/task").is_dir():
        pytest.skip("no second process here, or no /proc to see it by")
    n, batch = 20_000, 200
    folder = _folder(tmp_path, list(range(1, n + 1)))
    db = tmp_path / "store" / "p.db"
    db.parent.mkdir()
    proc = subprocess.Popen([sys.executable, "-m", "participation", "import", str(folder),
                             "--db", str(db), "--batch-size", str(batch), "--parallel"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline, reader = time.monotonic() + 120, list[int]()
    while not reader or stored_submissions(db) < 4 * batch:
        if proc.poll() is not None:
            pytest.fail(f"the import ended before it could be stopped: {proc.communicate()}")
        assert time.monotonic() < deadline, "the import made no progress"
        reader = reader or _children(proc.pid)
        time.sleep(0.02)
    os.kill(proc.pid, signal.SIGTERM)
    _out, err = proc.communicate(timeout=60)
    assert proc.returncode == 128 + signal.SIGTERM, err
    assert "Traceback" not in err
    assert not Path(f"/proc/{reader[0]}").exists()  # the reading process is gone too
    with SqliteStore(db) as store:
        assert store.integrity() == "ok"
        stored = store.counts()["submissions"]
        assert 0 < stored < n and stored % batch == 0
    assert not [p for p in db.parent.iterdir() if p.name.endswith(".tmp")]



@pytest.mark.slow
def test_the_reading_process_ends_when_the_import_is_killed_outright(tmp_path: Path) -> None:
    if not reader_process.available() or not Path("/proc/self/task").is_dir():
        pytest.skip("no second process here, or no /proc to see it by")
    folder = _folder(tmp_path, list(range(1, 20_001)))
    db = tmp_path / "p.db"
    proc = subprocess.Popen([sys.executable, "-m", "participation", "import", str(folder),
                             "--db", str(db), "--batch-size", "200", "--parallel"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline, reader = time.monotonic() + 120, list[int]()
    while not reader or stored_submissions(db) < 400:
        assert proc.poll() is None, "the import ended before it could be killed"
        assert time.monotonic() < deadline, "the import made no progress"
        reader = reader or _children(proc.pid)
        time.sleep(0.02)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    deadline = time.monotonic() + 30
    while Path(f"/proc/{reader[0]}").exists() and "Z" not in _state(reader[0]):
        assert time.monotonic() < deadline, "the reading process was left waiting to write"
        time.sleep(0.05)


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return "Z"


def test_a_file_changed_during_a_parallel_import_is_a_clean_error(
        tmp_path: Path, cli: Any, registry: Any, forks: list[int],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The writer reads a rejected line again from the file; if the file was cut short
    meanwhile, the command says so in one line (no traceback)."""
    folder = _hostile_folder(tmp_path / "data", registry)
    real_get = reader_process._Lines.get

    def cut_then_get(self: Any, source: str, line: int) -> str:
        Path(source).write_text("", encoding="utf-8")  # someone empties the file meanwhile
        return real_get(self, source, line)

    monkeypatch.setattr(reader_process._Lines, "get", cut_then_get)
    result = CliRunner().invoke(cli, ["import", str(folder), "--db", str(tmp_path / "p.db"),
                                      "--parallel"])
    assert result.exit_code == 1, result.output
    assert "changed while it was imported" in result.output
    assert "Traceback" not in result.output and not isinstance(result.exception, RuntimeError)
