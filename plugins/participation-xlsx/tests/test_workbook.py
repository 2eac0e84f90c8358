"""The demo's store as an Excel workbook, reopened with openpyxl: every table on its
sheet, typed values, never a formula, no personal data unless asked."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from click.testing import CliRunner

from participation.cli import build_cli
from participation.model import Policy
from participation.plugins import get_plugin_manager
from participation.serialization import Serializer
from participation.store import open_store

CLI = build_cli(get_plugin_manager())
HOSTILE = '=HYPERLINK("http://evil.example","click")'


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(CLI, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("demo")
    code, _, stderr = run("demo", "--out", str(out), "--submissions", "600")
    assert code == 0, stderr
    db = out / "participation.db"
    s = open_store(db, create=False, serializer=Serializer())
    try:
        s.upsert_policies([Policy("P-HOSTILE", HOSTILE, area="\x07bell\x1b[31m")])
    finally:
        s.close()
    return db


@pytest.fixture(scope="module")
def workbook(store: Path, tmp_path_factory: pytest.TempPathFactory) -> openpyxl.Workbook:
    out = tmp_path_factory.mktemp("xlsx") / "figures.xlsx"
    code, stdout, stderr = run("export", "xlsx", "--db", str(store), "--out", str(out), "--period", "2025")
    assert code == 0, stderr
    assert str(out) in stdout
    return openpyxl.load_workbook(out)  # formulas, if any, would be kept as formulas


def _rows(ws: openpyxl.worksheet.worksheet.Worksheet) -> list[dict[str, object]]:
    values = list(ws.iter_rows(values_only=True))
    return [dict(zip(values[0], row, strict=True)) for row in values[1:]]


def test_every_table_is_a_sheet(workbook: openpyxl.Workbook) -> None:
    assert workbook.sheetnames == ["summary", "recommendations", "surveys", "measurements", "scores",
                                   "trends", "submissions", "policies", "policy_stages", "activities"]
    for ws in workbook:
        assert ws.max_row > 1, ws.title
        assert ws.freeze_panes == "A2"
        assert ws.column_dimensions["A"].width >= 6


def test_no_cell_is_a_formula_and_hostile_text_stays_text(workbook: openpyxl.Workbook) -> None:
    for ws in workbook:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
    policy = next(r for r in _rows(workbook["policies"]) if r["id"] == "P-HOSTILE")
    assert policy["title"] == HOSTILE
    assert policy["area"] == "bell[31m"  # control characters dropped, the rest kept


def test_values_are_typed(workbook: openpyxl.Workbook, store: Path) -> None:
    measurements = {r["indicator"]: r for r in _rows(workbook["measurements"])}
    assert isinstance(measurements["answered_on_time"]["value"], float)
    assert isinstance(measurements["answered_on_time"]["n"], int)
    assert isinstance(measurements["answered_on_time"]["met"], bool)
    submissions = _rows(workbook["submissions"])
    assert len(submissions) == 600
    header = next(workbook["submissions"].iter_rows(values_only=True))
    assert "received_at (Europe/Sofia)" in header
    first = submissions[0]
    assert isinstance(first["received_at (Europe/Sofia)"], datetime)
    s = open_store(store, create=False, serializer=Serializer())
    try:
        stored = s.get_submission(str(first["id"]))
    finally:
        s.close()
    local = stored.received_at.astimezone(ZoneInfo("Europe/Sofia"))
    assert first["received_at (Europe/Sofia)"] == local.replace(tzinfo=None)
    scores = _rows(workbook["scores"])
    assert all(isinstance(r["value"], float | int) for r in scores if r["value"] is not None)


def test_report_tables_match_the_report(workbook: openpyxl.Workbook) -> None:
    recs = _rows(workbook["recommendations"])
    assert recs and all(str(r["reason"]).startswith("Addresses ") for r in recs)
    surveys = _rows(workbook["surveys"])
    ranking = [r for r in surveys if r["type"] == "ranking"]
    assert ranking and all(isinstance(r["borda_points"], int) for r in ranking)
    labelled = [r for r in surveys if r["option"] == "web_form"]
    assert labelled and labelled[0]["label"] != "web_form"
    summary = {r["item"]: r["value"] for r in _rows(workbook["summary"])}
    assert summary["population"] == 200000 and summary["personal_data"] is False


def test_no_personal_data_unless_asked(workbook: openpyxl.Workbook, store: Path, tmp_path: Path) -> None:
    s = open_store(store, create=False, serializer=Serializer())
    try:
        emails = {x.contact.email for x in s.iter_submissions(with_contact=True)
                  if x.contact and x.contact.email}
    finally:
        s.close()
    assert emails
    cells = {str(c) for ws in workbook for row in ws.iter_rows(values_only=True) for c in row}
    assert not emails & cells
    out = tmp_path / "personal.xlsx"
    code, stdout, _ = run("export", "xlsx", "--db", str(store), "--out", str(out), "--period", "2025",
                          "--include-personal-data")
    assert code == 0 and "with personal data" in stdout
    assert out.stat().st_mode & 0o777 == 0o600  # personal data: the owner only
    with_personal = openpyxl.load_workbook(out, read_only=True)
    cells = {str(c) for row in with_personal["submissions"].iter_rows(values_only=True) for c in row}
    assert emails & cells
