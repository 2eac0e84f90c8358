"""Importing a large data folder: what the fast path must keep from the careful one
(every repeated id rejected, however far apart; the same rejects)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from participation.cli import build_cli
from participation.importers import run as import_run
from participation.validation import SeenIds

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
