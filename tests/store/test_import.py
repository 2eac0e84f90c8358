"""``participation import``: every good record in, every bad one reported with its line,
nothing twice."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import pytest
from click.testing import CliRunner

from participation import hookimpl
from participation.cli import build_cli
from participation.errors import Problem
from participation.importers import ImportContext, Importer, import_file, rejects_path
from participation.model import Submission, SubmissionKind
from participation.serialization import LineResult, Serializer
from participation.store import SqliteStore

GOOD = ('{"schema": "participation.submission/1", "id": "S-%d", "channel": "web_form", '
        '"kind": "proposal", "received_at": "2025-03-0%dT09:00:00+02:00", "subject": "s"}')
LINES = [
    GOOD % (1, 1),
    "",
    "{not json",
    GOOD % (2, 2),
    GOOD.replace('"proposal"', '"wish"') % (3, 3),
    GOOD.replace("+02:00", "") % (4, 4),
    GOOD.replace("web_form", "carrier_pigeon") % (5, 5),
    ('{"schema": "participation.submission/1", "id": "S-6", "channel": "anticorruption_box", '
     '"kind": "corruption_report", "received_at": "2025-03-06T09:00:00+02:00", '
     '"contact": {"email": "x@example.org"}}'),
    GOOD % (7, 7),
]


@pytest.fixture
def cli(plugin_manager: Any) -> Any:
    return build_cli(plugin_manager)


def run(cli: Any, *args: str) -> Any:
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def _write(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_bad_lines_are_rejected_with_their_line_and_reasons(tmp_path: Path, cli: Any) -> None:
    data = _write(tmp_path / "in.jsonl", LINES)
    db = tmp_path / "p.db"
    result = run(cli, "import", data, "--db", db)
    assert result.exit_code == 2, result.output
    assert "8 records: 3 added, 0 updated, 0 unchanged, 5 rejected" in result.output
    rejects = [json.loads(line) for line in rejects_path(data).read_text().splitlines()]
    assert [(r["line"], r["source"]) for r in rejects] == [(n, str(data)) for n in (3, 5, 6, 7, 8)]
    reasons = {r["line"]: " ".join(r["reasons"]) for r in rejects}
    assert "not JSON" in reasons[3]
    assert "$.kind: unknown SubmissionKind 'wish'" in reasons[5]
    assert "$.received_at: naive datetime" in reasons[6]
    assert "$.channel: unknown channel type 'carrier_pigeon'" in reasons[7]
    assert "$.contact:" in reasons[8]
    assert "opted in" in reasons[8]
    assert rejects[1]["raw"] == LINES[4]
    with SqliteStore(db) as store:
        assert [s.id for s in store.iter_submissions()] == ["S-1", "S-2", "S-7"]


def test_running_the_same_import_again_changes_nothing(tmp_path: Path, cli: Any) -> None:
    data = _write(tmp_path / "in.jsonl", LINES)
    db = tmp_path / "p.db"
    run(cli, "import", data, "--db", db)
    first = rejects_path(data).read_text()
    with SqliteStore(db) as store:
        before = list(store.iter_submissions(with_contact=True)), store.counts()
    again = run(cli, "import", data, "--db", db)
    assert again.exit_code == 2
    assert "0 added, 0 updated, 3 unchanged, 5 rejected" in again.output
    assert rejects_path(data).read_text() == first
    with SqliteStore(db) as store:
        assert (list(store.iter_submissions(with_contact=True)), store.counts()) == before


def test_a_clean_import_exits_0_and_removes_a_stale_rejects_file(tmp_path: Path,
                                                                 cli: Any) -> None:
    data = _write(tmp_path / "in.jsonl", [GOOD % (1, 1)])
    rejects_path(data).write_text("old\n")
    result = run(cli, "import", data, "--db", tmp_path / "p.db")
    assert result.exit_code == 0, result.output
    assert not rejects_path(data).exists()
    assert not list(tmp_path.glob("*.tmp"))


def test_a_history_conflicting_with_the_store_is_rejected(tmp_path: Path, cli: Any) -> None:
    base = json.loads(GOOD % (1, 1))
    one = {**base, "events": [{"at": "2025-03-02T09:00:00+00:00", "status": "registered"}]}
    other = {**base, "events": [{"at": "2025-03-02T09:00:00+00:00", "status": "rejected"}]}
    db = tmp_path / "p.db"
    run(cli, "import", _write(tmp_path / "a.jsonl", [json.dumps(one)]), "--db", db)
    data = _write(tmp_path / "b.jsonl", [json.dumps(other)])
    result = run(cli, "import", data, "--db", db)
    assert result.exit_code == 2
    reject = json.loads(rejects_path(data).read_text())
    assert reject["line"] == 1
    assert "append-only" in reject["reasons"][0]


CSV_HEADER = "id,channel,kind,received_at,subject,text,anonymous,contact_email,contact_consent"


def test_csv_import_reads_rows_with_their_line_numbers(tmp_path: Path, cli: Any) -> None:
    data = tmp_path / "in.csv"
    data.write_bytes("\ufeff".encode() + "\r\n".join([
        CSV_HEADER,
        'C-1,web_form,proposal,2025-03-01T09:00:00+02:00,"multi\nline subject",t,no,,',
        "C-2,web_form,proposal,2025-03-02T09:00:00+02:00,'=1+1,t,maybe,,",
        "C-3,email,question,2025-03-03T09:00:00+02:00,'=1+1,\"a, b\",yes,a@example.org,yes",
        "C-4,web_form,proposal,2025-03-02T09:00:00+02:00,s,t,no,,,EXTRA",
    ]).encode() + b"\r\n")
    db = tmp_path / "p.db"
    result = run(cli, "import", data, "--db", db)
    assert result.exit_code == 2, result.output
    rejects = [json.loads(line) for line in rejects_path(data).read_text().splitlines()]
    assert [r["line"] for r in rejects] == [4, 6]
    assert "'maybe' is not true/false" in rejects[0]["reasons"][0]
    with SqliteStore(db) as store:
        got = {s.id: s for s in store.iter_submissions(with_contact=True)}
    assert got["C-1"].subject == "multi\nline subject"
    assert got["C-3"].subject == "=1+1"  # the exporter's formula guard is undone
    assert got["C-3"].text == "a, b"
    assert got["C-3"].anonymous
    assert got["C-3"].contact is not None
    assert got["C-3"].contact.consent


def test_a_bad_csv_header_is_fatal_and_names_the_file(tmp_path: Path, cli: Any) -> None:
    data = tmp_path / "in.csv"
    data.write_text("id,chanel,kind,received_at\nX,web_form,proposal,2025-01-01T00:00:00Z\n")
    result = CliRunner().invoke(cli, ["import", str(data), "--db", str(tmp_path / "p.db")])
    assert result.exit_code == 1
    assert f"{data}:line 1: $.channel: required column is missing" in result.output
    assert "$.chanel: unknown column" in result.output


def test_a_file_that_is_not_utf8_is_fatal(tmp_path: Path, cli: Any) -> None:
    data = tmp_path / "in.jsonl"
    data.write_bytes(b'{"id": "\xff\xfe"}\n')
    result = CliRunner().invoke(cli, ["import", str(data), "--db", str(tmp_path / "p.db")])
    assert result.exit_code == 1
    assert "not UTF-8" in result.output


def test_the_format_comes_from_the_content_the_name_or_the_option(tmp_path: Path, cli: Any) -> None:
    data = _write(tmp_path / "in.txt", [GOOD % (1, 1)])
    # the first line says what it is: a tagged submission document
    assert run(cli, "import", data, "--db", tmp_path / "p.db").exit_code == 0
    unknown = tmp_path / "notes.txt"
    unknown.write_text("hello\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["import", str(unknown), "--db", str(tmp_path / "p.db")])
    assert result.exit_code == 1
    assert "give --format (" in result.output and "jsonl" in result.output
    assert run(cli, "import", data, "--db", tmp_path / "p.db", "--format", "jsonl").exit_code == 0
    bad = CliRunner().invoke(cli, ["import", str(data), "--db", str(tmp_path / "p.db"),
                                   "--format", "xml"])
    assert bad.exit_code == 1
    assert "unknown import format 'xml'" in bad.output


def test_a_long_import_shows_a_progress_bar_on_stderr(tmp_path: Path, cli: Any,
                                                      monkeypatch: Any) -> None:
    monkeypatch.setattr("participation.cli.store.PROGRESS_THRESHOLD", 10)
    data = _write(tmp_path / "in.jsonl", [GOOD % (i, 1) for i in range(50)])
    result = run(cli, "import", data, "--db", tmp_path / "p.db", "--batch-size", "7")
    assert result.exit_code == 0
    assert "Importing in.jsonl" in result.stderr
    assert "Importing" not in result.stdout


class PipeImporter(Importer):
    """A plugin's format: ``id|kind|received_at`` per line."""

    key = "pipe"
    label = "Pipe-separated"
    suffixes = (".pipe",)

    def read(self, stream: IO[str], serializer: Serializer,
             context: ImportContext | None = None) -> Iterator[LineResult]:
        for number, line in enumerate(stream, start=1):
            parts = line.rstrip("\n").split("|")
            if len(parts) != 3:
                yield LineResult(number, problems=(Problem("$", "expected 3 fields",
                                                           line=number),), raw=line)
                continue
            yield LineResult(number, value=serializer.load(
                {"id": parts[0], "channel": "phone", "kind": parts[1],
                 "received_at": parts[2]}, Submission), raw=line)


def test_hook_register_importers(tmp_path: Path, register_plugin: Any, registry_factory: Any,
                                 plugin_manager: Any) -> None:
    class Plugin:
        @hookimpl
        def register_importers(self) -> list[Importer]:
            return [PipeImporter()]

    register_plugin(Plugin())
    registry = registry_factory()
    assert set(registry.importers) == {"jsonl", "csv", "pipe"}
    data = tmp_path / "calls.pipe"
    data.write_text("P-1|signal|2025-04-01T08:00:00+03:00\nbroken\n")
    with SqliteStore(tmp_path / "p.db") as store:
        report = import_file(data, store, registry, Serializer(plugin_manager))
        assert (report.inserted, report.rejected) == (1, 1)
        assert store.get_submission("P-1").kind is SubmissionKind.SIGNAL
    assert json.loads(rejects_path(data).read_text())["line"] == 2
    result = run(build_cli(plugin_manager), "import", data, "--db", tmp_path / "q.db")
    assert result.exit_code == 2
    assert "1 added" in result.output


def test_csv_carries_when_the_reported_facts_happened(tmp_path: Path, cli: Any) -> None:
    data = tmp_path / "in.csv"
    data.write_text("id,channel,kind,received_at,occurred_on\r\n"
                    "C-1,web_form,signal,2025-03-01T09:00:00+02:00,2022-11-30\r\n"
                    "C-2,web_form,signal,2025-03-01T09:00:00+02:00,2025-04-01\r\n", encoding="utf-8")
    db = tmp_path / "p.db"
    result = run(cli, "import", data, "--db", db)
    assert result.exit_code == 2, result.output
    rejects = [json.loads(line) for line in rejects_path(data).read_text().splitlines()]
    assert rejects[0]["line"] == 3 and "occurred_on" in rejects[0]["reasons"][0]
    with SqliteStore(db) as store:
        assert store.get_submission("C-1").occurred_on.isoformat() == "2022-11-30"
    out = tmp_path / "out.csv"
    assert run(cli, "export", "csv", "--db", db, "--out", out).exit_code == 0
    assert "2022-11-30" in out.read_text()
