"""The store and desk commands, and personal data: exports, erasure, retention."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from participation.cli import build_cli
from participation.model import Contact, Status
from participation.store import SCHEMA_VERSION, SqliteStore

ANA = Contact(name="Ана Петрова", email="Ana@Example.org", phone="+359 2 123 45 67",
              address="ул. Шипка 1", consent=True)
PERSONAL = ("Ана Петрова", "ana@example.org", "Ana@Example.org", "123 45 67", "Шипка")


@pytest.fixture
def cli(plugin_manager: Any) -> Any:
    return build_cli(plugin_manager)


def run(cli: Any, *args: Any, code: int = 0) -> Any:
    result = CliRunner().invoke(cli, [str(a) for a in args])
    assert result.exit_code == code, result.output
    return result


@pytest.fixture
def filled(db_path: Path, make: Any) -> Path:
    t = datetime(2020, 1, 10, 9, tzinfo=UTC)
    with SqliteStore(db_path) as store:
        store.upsert_submissions([
            make("S-1", at=t, contact=ANA, statuses=(Status.REGISTERED,),
                 subject="=cmd|' /C calc'!A0"),
            make("S-2", at=t + timedelta(days=400), contact=Contact(email="ana@example.org "),
                 subject="@SUM(1)"),
            make("S-3", at=t + timedelta(days=2000),
                 contact=Contact(name="Boris", phone="0888 123"),
                 statuses=(Status.REGISTERED, Status.IN_REVIEW)),
            make("S-4", at=t + timedelta(days=2001)),
        ])
    return db_path


def test_db_info_reports_counts_schema_and_integrity(cli: Any, filled: Path) -> None:
    info = json.loads(run(cli, "db", "info", "--db", filled, "--json").output)
    assert info["counts"]["submissions"] == 4
    assert info["counts"]["contacts"] == 3
    assert info["counts"]["events"] == 3
    assert info["schema_version"] == SCHEMA_VERSION
    assert info["integrity"] == "ok"
    text = run(cli, "db", "info", "--db", filled).output
    assert "integrity ok" in text
    assert "submissions" in text


def test_db_info_on_a_missing_file_creates_nothing(cli: Any, tmp_path: Path) -> None:
    result = run(cli, "db", "info", "--db", tmp_path / "nope.db", code=1)
    assert "nope.db: no store there" in result.output
    assert not (tmp_path / "nope.db").exists()


def test_db_migrate_creates_and_reports(cli: Any, tmp_path: Path) -> None:
    db = tmp_path / "new.db"
    assert f"schema version {SCHEMA_VERSION}" in run(cli, "db", "migrate", "--db", db).output
    assert "up to date" in run(cli, "db", "migrate", "--db", db).output


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_exports_leave_personal_data_out_unless_asked(cli: Any, filled: Path, tmp_path: Path,
                                                      fmt: str) -> None:
    out = tmp_path / f"out.{fmt}"
    assert "4 submissions" in run(cli, "export", fmt, "--db", filled, "--out", out).output
    text = out.read_text(encoding="utf-8")
    for detail in (*PERSONAL, "Boris", "0888"):
        assert detail not in text
    run(cli, "export", fmt, "--db", filled, "--out", out, "--include-personal-data")
    text = out.read_text(encoding="utf-8")
    for detail in ("Ана Петрова", "Ana@Example.org", "Boris", "0888 123"):
        assert detail in text
    assert not list(tmp_path.glob(".out*"))  # no temporary file left


def test_csv_export_neutralises_formulas_and_imports_back(cli: Any, filled: Path,
                                                          tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    run(cli, "export", "csv", "--db", filled, "--out", out, "--include-personal-data")
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert rows[0]["subject"] == "'=cmd|' /C calc'!A0"
    assert rows[1]["subject"] == "'@SUM(1)"
    assert rows[2]["status"] == "in_review"
    copy = tmp_path / "copy.db"
    run(cli, "import", out, "--db", copy)
    with SqliteStore(filled) as a, SqliteStore(copy) as b:
        for x, y in zip(a.iter_submissions(with_contact=True),
                        b.iter_submissions(with_contact=True), strict=True):
            assert (x.id, x.subject, x.contact) == (y.id, y.subject, y.contact)


def test_jsonl_export_round_trips_through_import(cli: Any, filled: Path, tmp_path: Path) -> None:
    out = tmp_path / "all.jsonl"
    run(cli, "export", "jsonl", "--db", filled, "--out", out, "--include-personal-data")
    copy = tmp_path / "copy.db"
    run(cli, "import", out, "--db", copy)
    with SqliteStore(filled) as a, SqliteStore(copy) as b:
        assert list(a.iter_submissions(with_contact=True)) == \
            list(b.iter_submissions(with_contact=True))


def test_a_failed_export_leaves_the_old_file(cli: Any, filled: Path, tmp_path: Path,
                                             monkeypatch: Any) -> None:
    out = tmp_path / "out.jsonl"
    out.write_text("previous export\n")

    def boom(*_a: Any, **_k: Any) -> int:
        raise OSError(28, "No space left on device", str(out))
    for writer in ("write_submissions_jsonl", "write_stored_submissions_jsonl", "write_lines"):
        monkeypatch.setattr(f"participation.exporters.submissions.{writer}", boom)
    result = CliRunner().invoke(cli, ["export", "jsonl", "--db", str(filled), "--out", str(out)])
    assert result.exit_code == 1
    assert "No space left" in result.output
    assert out.read_text() == "previous export\n"
    assert not list(tmp_path.glob(".out*"))


def _statistics(db: Path) -> list[tuple[Any, ...]]:
    with SqliteStore(db) as store:
        return [(s.id, s.channel, s.kind, s.received_at, s.status, s.events, s.response)
                for s in store.iter_submissions()]


def test_erase_by_email_removes_every_contact_of_the_person(cli: Any, filled: Path) -> None:
    before = _statistics(filled)
    dry = run(cli, "erase", "--db", filled, "--email", "ANA@example.ORG", "--dry-run").output
    assert "would erase the contact details of 2 submissions" in dry
    with SqliteStore(filled) as store:
        assert store.counts()["contacts"] == 3
    result = run(cli, "erase", "--db", filled, "--email", "ANA@example.ORG")
    assert "erased the contact details of 2 submissions" in result.output
    assert "S-1" in result.output
    assert "S-2" in result.output
    assert _statistics(filled) == before
    with SqliteStore(filled) as store:
        assert store.get_submission("S-1").contact is None
        assert store.get_submission("S-3").contact is not None
        dump = "\n".join(store.connection.iterdump())
        for detail in PERSONAL:
            assert detail not in dump
        log = store.connection.execute("SELECT submission_id, reason FROM erasures").fetchall()
        assert log == [("S-1", "data subject's request"), ("S-2", "data subject's request")]


@pytest.mark.parametrize(("option", "value", "expected"), [
    ("--phone", "0888123", ["S-3"]), ("--name", "  boris ", ["S-3"]),
    ("--name", "АНА ПЕТРОВА", ["S-1"]), ("--submission", "S-2", ["S-2"]),
])
def test_erase_by_phone_name_or_submission(cli: Any, filled: Path, option: str, value: str,
                                           expected: list[str]) -> None:
    run(cli, "erase", "--db", filled, option, value)
    with SqliteStore(filled) as store:
        left = {s.id for s in store.iter_submissions(with_contact=True) if s.contact}
    assert left == {"S-1", "S-2", "S-3"} - set(expected)


def test_erase_needs_a_criterion(cli: Any, filled: Path) -> None:
    assert "give an e-mail" in run(cli, "erase", "--db", filled, code=1).output


def test_an_erased_contact_does_not_come_back_with_a_reimport(cli: Any, filled: Path,
                                                              tmp_path: Path) -> None:
    backup = tmp_path / "backup.jsonl"
    run(cli, "export", "jsonl", "--db", filled, "--out", backup, "--include-personal-data")
    run(cli, "erase", "--db", filled, "--submission", "S-1")
    run(cli, "import", backup, "--db", filled)
    with SqliteStore(filled) as store:
        assert store.get_submission("S-1").contact is None
        assert store.get_submission("S-2").contact is not None


def test_retention_purges_old_contact_details_only(cli: Any, filled: Path) -> None:
    before = _statistics(filled)
    result = run(cli, "db", "purge", "--db", filled, "--older-than-years", "4",
                 "--as-of", "2025-06-01")
    assert "of 2 submissions" in result.output
    with SqliteStore(filled) as store:
        assert {s.id for s in store.iter_submissions(with_contact=True) if s.contact} == {"S-3"}
    assert _statistics(filled) == before


def test_purge_keeps_what_is_exactly_n_years_old(store: SqliteStore, make: Any) -> None:
    t = datetime(2020, 3, 1, 12, tzinfo=UTC)
    store.upsert_submissions([make("S-1", at=t, contact=ANA),
                              make("S-2", at=t - timedelta(seconds=1), contact=ANA)])
    assert store.purge_contacts(5, datetime(2025, 3, 1, 12, tzinfo=UTC)) == ["S-2"]


def test_the_desk_on_the_command_line(cli: Any, tmp_path: Path) -> None:
    db = tmp_path / "desk.db"
    run(cli, "db", "configure", "--db", db, "--timezone", "Europe/Sofia")
    out = run(cli, "desk", "receive", "--db", db, "--id", "S-1", "--channel", "web_form",
              "--kind", "complaint", "--received-at", "2025-06-02T09:00", "--subject", "Potholes",
              "--email", "ana@example.org").output
    assert "S-1: received (2025-06-02T09:00:00+03:00), due 2025-07-02" in out
    run(cli, "desk", "register", "S-1", "--db", db, "--at", "2025-06-02T10:00")
    run(cli, "desk", "assign", "S-1", "Roads unit", "--db", db, "--at", "2025-06-03")
    shown = json.loads(run(cli, "desk", "extend", "S-1", "generic.extension", "--db", db,
                           "--at", "2025-06-04", "--json").output)
    assert shown["due"] == "2025-08-01"
    assert shown["contact"] is None
    overdue = json.loads(run(cli, "desk", "overdue", "--db", db, "--as-of", "2025-08-04",
                             "--json").output)
    assert [(o["id"], o["due"], o["days_overdue"]) for o in overdue["overdue"]] == [
        ("S-1", "2025-08-01", 3)]
    refused = run(cli, "desk", "close", "S-1", "--db", db, code=1)
    assert "cannot go from 'extended' to 'closed'" in refused.output
    run(cli, "desk", "answer", "S-1", "--db", db, "--outcome", "accepted", "--text", "Fixed.",
        "--at", "2025-08-05")
    run(cli, "desk", "close", "S-1", "--db", db, "--at", "2025-08-06")
    assert "0 overdue" in run(cli, "desk", "overdue", "--db", db, "--as-of", "2025-09-01").output
    shown = json.loads(run(cli, "desk", "show", "S-1", "--db", db).output)
    assert [e["status"] for e in shown["events"]] == ["registered", "in_review", "extended",
                                                       "answered", "closed"]
    assert shown["events"][1]["actor"] == "Roads unit"
    assert shown["response"]["text"] == "Fixed."
    anonymous = run(cli, "desk", "receive", "--db", db, "--id", "S-2", "--channel",
                    "anticorruption_box", "--kind", "corruption_report", "--email",
                    "x@example.org", code=1)
    assert "opted in" in anonymous.output
    bad_kind = run(cli, "desk", "receive", "--db", db, "--id", "S-3", "--channel", "web_form",
                   "--kind", "wish", code=1)
    assert "unknown kind 'wish'" in bad_kind.output
    missing = run(cli, "desk", "register", "S-404", "--db", db, code=1)
    assert "unknown submission 'S-404'" in missing.output
