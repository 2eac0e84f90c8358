"""--out and every other output: regular files or new paths only, owner-only with
personal data, and a full disk a clean error with no partial file left."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from participation.cli import build_cli
from participation.files import OutputError, open_output
from participation.model import Contact
from participation.store import SqliteStore


def _write(path: Path, text: str = "data", **kw: Any) -> None:
    with open_output(path, **kw) as fh:
        fh.write(text)


def test_a_symlink_is_refused_and_its_target_untouched(tmp_path: Path) -> None:
    target = tmp_path / "precious.txt"
    target.write_text("keep me")
    link = tmp_path / "out.csv"
    link.symlink_to(target)
    with pytest.raises(OutputError, match="is a symbolic link"):
        _write(link)
    assert target.read_text() == "keep me" and link.is_symlink()


def test_a_fifo_a_device_and_a_folder_are_refused(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(OutputError, match="FIFO"):
        _write(fifo)
    with pytest.raises(OutputError, match="character device"):
        _write(Path("/dev/null"))
    with pytest.raises(OutputError, match="directory"):
        _write(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe"]  # no temporary left


def test_personal_data_is_written_owner_only(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        _write(tmp_path / "with.jsonl", personal_data=True)
        _write(tmp_path / "without.jsonl")
        existing = tmp_path / "existing.jsonl"
        existing.write_text("old")
        existing.chmod(0o644)
        _write(existing, personal_data=True)
    finally:
        os.umask(old)
    assert (tmp_path / "with.jsonl").stat().st_mode & 0o777 == 0o600
    assert (tmp_path / "without.jsonl").stat().st_mode & 0o777 == 0o644
    assert existing.stat().st_mode & 0o777 == 0o600 and existing.read_text() == "data"


def test_an_error_while_writing_removes_the_partial_file(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("previous")

    def fill_the_disk() -> None:
        with open_output(target) as fh:
            fh.write("partial")
            raise OSError(28, "No space left on device")

    with pytest.raises(OutputError, match="disk or the file size limit is full"):
        fill_the_disk()
    assert target.read_text() == "previous"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_export_refuses_dev_null_and_writes_personal_data_0600(tmp_path: Path, make: Any) -> None:
    db = tmp_path / "s.db"
    with SqliteStore(db) as store:
        store.insert_submission(make("S-1", contact=Contact(email="ana@example.org")))
    runner = CliRunner()
    cli = build_cli()
    result = runner.invoke(cli, ["export", "csv", "--db", str(db), "--out", "/dev/null",
                                 "--include-personal-data"])
    assert result.exit_code == 1 and "is a character device" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    out = tmp_path / "contacts.csv"
    result = runner.invoke(cli, ["export", "csv", "--db", str(db), "--out", str(out),
                                 "--include-personal-data"])
    assert result.exit_code == 0, result.output
    assert out.stat().st_mode & 0o777 == 0o600 and "ana@example.org" in out.read_text()


def test_a_file_size_limit_during_export_is_a_clean_error(tmp_path: Path, make: Any) -> None:
    db = tmp_path / "s.db"
    with SqliteStore(db) as store:
        store.upsert_submissions(make(f"S-{i}", subject="x" * 200) for i in range(3000))
    out = tmp_path / "all.jsonl"
    limit = 256 * 1024

    def small_files() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    done = subprocess.run([sys.executable, "-m", "participation", "export", "jsonl", "--db",
                           str(db), "--out", str(out)], capture_output=True, text=True,
                          preexec_fn=small_files, check=False)
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert "file size limit is full" in done.stderr and "partial file was removed" in done.stderr
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".all")] == []
