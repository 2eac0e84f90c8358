"""Cases a review found: broken CSV, foreign or damaged files, clashing imports, erasure
on disk, exit statuses, strict booleans."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from participation import InvalidDocumentError, Serializer
from participation.cli import build_cli
from participation.exporters.csvsafe import neutralise, unprotect
from participation.importers import rejects_path
from participation.importers.csvfile import CsvImporter
from participation.store import SqliteStore, StoreError

HEADER = "id,channel,kind,received_at,text"
ROW = "C-{n},web_form,question,2025-01-02T09:00:00+02:00,{text}"


@pytest.fixture
def cli(plugin_manager: Any) -> Any:
    return build_cli(plugin_manager)


def run(cli: Any, *args: object) -> Any:
    return CliRunner().invoke(cli, [str(a) for a in args])


def test_an_unterminated_quote_is_rejected_not_swallowed(tmp_path: Path, cli: Any) -> None:
    data = tmp_path / "u.csv"
    data.write_text("\r\n".join([HEADER, ROW.format(n=1, text="ok"), ROW.format(n=2, text='"open'),
                                 ROW.format(n=3, text="ok")]) + "\r\n", encoding="utf-8")
    result = run(cli, "import", data, "--db", tmp_path / "s.db")
    assert result.exit_code == 2, result.output
    rejects = [json.loads(x) for x in rejects_path(data).read_text().splitlines()]
    assert [r["line"] for r in rejects] == [3]
    assert "nothing after it was imported" in rejects[0]["reasons"][0]
    with SqliteStore(tmp_path / "s.db") as store:
        assert [s.id for s in store.iter_submissions()] == ["C-1"]


def test_a_huge_cell_is_a_reject_not_a_traceback(tmp_path: Path, cli: Any) -> None:
    data = tmp_path / "big.csv"
    data.write_text("\r\n".join([HEADER, ROW.format(n=1, text="ok"),
                                 ROW.format(n=2, text="x" * 200_000)]) + "\r\n", encoding="utf-8")
    result = run(cli, "import", data, "--db", tmp_path / "s.db")
    assert result.exit_code == 2, result.output
    assert "field larger than field limit" in rejects_path(data).read_text()


def test_line_numbers_count_blank_lines(tmp_path: Path) -> None:
    import io

    text = "\r\n".join([HEADER, "", "", ROW.format(n=1, text="ok").replace("question", "wish")]) + "\r\n"
    results = list(CsvImporter().read(io.StringIO(text, newline=""), Serializer()))
    assert [(r.line, r.ok) for r in results] == [(4, False)]
    assert results[0].raw.startswith("C-1,web_form,wish,")  # the record as CSV, re-importable


def test_every_reason_of_a_line_is_reported(tmp_path: Path, cli: Any) -> None:
    data = tmp_path / "two.jsonl"
    data.write_text(json.dumps({
        "schema": "participation.submission/1", "id": "S-1", "channel": "anticorruption_box",
        "kind": "corruption_report", "received_at": "2025-01-02T09:00:00+02:00",
        "contact": {"email": "a@example.org"}, "deadline_rule": "nope"}) + "\n", encoding="utf-8")
    assert run(cli, "import", data, "--db", tmp_path / "s.db").exit_code == 2
    reasons = json.loads(rejects_path(data).read_text())["reasons"]
    assert any(r.startswith("$.contact") for r in reasons)
    assert any(r.startswith("$.deadline_rule") for r in reasons)
    assert stat.S_IMODE(os.stat(rejects_path(data)).st_mode) == 0o600  # may hold personal data


def test_a_missing_input_file_exits_1(tmp_path: Path, cli: Any) -> None:
    result = run(cli, "import", tmp_path / "missing.csv", "--db", tmp_path / "s.db")
    assert result.exit_code == 1
    assert "missing.csv" in result.output and "Traceback" not in result.output


def test_a_foreign_sqlite_file_is_refused_and_left_alone(tmp_path: Path, cli: Any) -> None:
    other = tmp_path / "other.sqlite"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE customers (x)")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="not a participation store"):
        SqliteStore(other)
    result = run(cli, "db", "info", "--db", other)
    assert result.exit_code == 1 and "not a participation store" in result.output
    tables = {r[0] for r in sqlite3.connect(other).execute("SELECT name FROM sqlite_master")}
    assert tables == {"customers"}


def test_a_damaged_store_is_a_clean_error(tmp_path: Path, cli: Any) -> None:
    db = tmp_path / "d.db"
    with SqliteStore(db) as store:
        store.connection.execute("CREATE TABLE filler (x)")
        store.connection.executemany("INSERT INTO filler VALUES (?)", [("x" * 500,)] * 200)
    raw = bytearray(db.read_bytes())
    raw[4096:4096 * 4] = b"A" * (4096 * 3)
    db.write_bytes(bytes(raw))
    result = run(cli, "db", "info", "--db", db)
    assert result.exit_code == 1
    assert "Traceback" not in result.output and "Error:" in result.output


def test_erased_contact_details_do_not_stay_in_the_file(tmp_path: Path) -> None:
    from datetime import UTC, datetime

    from participation.model import Contact, Submission, SubmissionKind

    db = tmp_path / "e.db"
    with SqliteStore(db) as store:
        store.upsert_submission(Submission("S-1", "web_form", SubmissionKind.QUESTION,
                                           datetime(2025, 1, 2, tzinfo=UTC), "q",
                                           contact=Contact(email="zz7-secret@example.org")))
        assert store.erase_contacts(email="zz7-secret@example.org") == ["S-1"]
        store.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    blob = db.read_bytes() + (db.with_name("e.db-wal").read_bytes()
                              if db.with_name("e.db-wal").exists() else b"")
    assert b"zz7-secret@example.org" not in blob


def test_two_imports_of_one_file_at_once_do_not_clash(tmp_path: Path) -> None:
    data = tmp_path / "a.jsonl"
    good = ('{"schema": "participation.submission/1", "id": "S-%d", "channel": "web_form", '
            '"kind": "question", "received_at": "2025-01-02T09:00:00+02:00"}')
    data.write_text("\n".join([good % i for i in range(300)] + ["{bad"]) + "\n", encoding="utf-8")
    procs = [subprocess.Popen([sys.executable, "-m", "participation", "import", str(data), "--db",
                               str(tmp_path / "r.db")], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True) for _ in range(4)]
    codes = [p.wait(timeout=120) for p in procs]
    for p in procs:
        p.stdout.close()  # type: ignore[union-attr]
        p.stderr.close()  # type: ignore[union-attr]
    assert codes == [2, 2, 2, 2]
    assert not list(tmp_path.glob("*.tmp"))
    assert json.loads(rejects_path(data).read_text())["line"] == 301


def test_csv_round_trip_keeps_text_that_looks_protected() -> None:
    for text in ("'=not a formula", "'-quoted", "=1+1", "'plain", "-3 degrees", " =1+1", "\uff1d1"):
        assert unprotect(neutralise(text)) == text


def test_booleans_in_documents_are_strict() -> None:
    ser = Serializer()
    doc = {"schema": "participation.submission/1", "id": "S-1", "channel": "web_form",
           "kind": "question", "received_at": "2025-01-02T09:00:00+02:00", "anonymous": "false"}
    with pytest.raises(InvalidDocumentError, match=r"\$\.anonymous: expected true or false, got 'false'"):
        ser.load(doc)


def test_a_refused_foreign_file_keeps_its_journal_mode(tmp_path: Path) -> None:
    other = tmp_path / "other.sqlite"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE customers (x)")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError):
        SqliteStore(other)
    mode = sqlite3.connect(other).execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "delete"
