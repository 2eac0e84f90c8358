"""The demo's store exported as people open it: an .ics two calendar parsers accept, a
data package ``frictionless validate`` passes; no personal data unless asked."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import zipfile
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from participation.cli import build_cli
from participation.plugins import get_plugin_manager

Run = Callable[..., tuple[int, str, str]]


@pytest.fixture(scope="module")
def store(plugin_demo: Path) -> Path:
    """The demo's store (made with the installed plugins)."""
    return plugin_demo / "participation.db"


def _stored(db: Path) -> tuple[list, list]:  # type: ignore[type-arg]
    from participation.serialization import Serializer
    from participation.store import open_store

    store = open_store(db, create=False, serializer=Serializer())
    try:
        return list(store.iter_activities()), list(store.iter_submissions(with_contact=True))
    finally:
        store.close()


# iCalendar -------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def ics(cli_run: Run, store: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("ical") / "participation.ics"
    code, stdout, stderr = cli_run("export", "ical", "--db", str(store), "--out", str(out),
                               "--as-of", "2026-01-15")
    assert code == 0, stderr
    assert str(out) in stdout
    return out


def test_ics_is_read_by_icalendar_with_every_activity_and_due_day(ics: Path, store: Path) -> None:
    icalendar = pytest.importorskip("icalendar")
    cal = icalendar.Calendar.from_ical(ics.read_bytes())
    events = cal.walk("VEVENT")
    activities, _submissions = _stored(store)
    by_uid = {str(e["UID"]): e for e in events}
    assert len(by_uid) == len(events), "UIDs are unique"
    summaries = [str(e["SUMMARY"]) for e in events]
    # every activity is there, on its days (all-day, end exclusive as RFC 5545 wants)
    titled = [a for a in activities if a.title]
    assert len(titled) > 10
    for a in titled:
        event = next(e for e in events if str(e["SUMMARY"]) == a.title
                     and e.decoded("DTSTART") == a.window.start)
        if a.window.end is not None:
            assert event.decoded("DTEND") == a.window.end.fromordinal(a.window.end.toordinal() + 1)
    due = [s for s in summaries if s.startswith("Answer due: ")]
    assert due, "the open submissions' due days are in the calendar"
    assert all(isinstance(e.decoded("DTSTART"), date) for e in events)
    assert str(cal["X-WR-TIMEZONE"]) == "Europe/Sofia"


def test_ics_is_read_by_vobject_too(ics: Path) -> None:
    vobject = pytest.importorskip("vobject")
    cal = vobject.readOne(ics.read_text(encoding="utf-8"))
    icalendar = pytest.importorskip("icalendar")
    assert len(cal.vevent_list) == len(icalendar.Calendar.from_ical(ics.read_bytes()).walk("VEVENT"))
    for event in cal.vevent_list:
        assert event.uid.value.endswith("@participation")
        assert event.dtstamp.value.tzinfo is not None  # UTC, as RFC 5545 requires


def test_ics_uids_are_stable_and_nothing_personal(cli_run: Run,
        ics: Path, store: Path, tmp_path: Path) -> None:
    again = tmp_path / "again.ics"
    code, _, stderr = cli_run("export", "ical", "--db", str(store),
                              "--out", str(again), "--as-of", "2026-01-15")
    assert code == 0, stderr
    assert again.read_bytes() == ics.read_bytes(), "a re-export is the same file (same UIDs)"
    text = ics.read_text(encoding="utf-8").replace("\r\n ", "")
    _activities, submissions = _stored(store)
    personal = {v for s in submissions if s.contact for v in (s.contact.email, s.contact.phone)
                if v and len(v) > 5}
    assert personal, "the demo has contact details to leak"
    assert not [v for v in personal if v in text]
    subjects = {s.subject for s in submissions if s.subject and len(s.subject) > 20}
    assert not [v for v in subjects if v in text]


# data package --------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def package(cli_run: Run, store: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("package") / "pkg"
    code, _stdout, stderr = cli_run("export", "datapackage", "--db", str(store), "--out", str(out),
                                "--period", "2025")
    assert code == 0, stderr
    return out


def _frictionless(path: Path) -> dict:  # type: ignore[type-arg]
    pytest.importorskip("frictionless")
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    done = subprocess.run([sys.executable, "-m", "frictionless", "validate", "--json", str(path)],
                          capture_output=True, text=True, env=env, timeout=300, check=False)
    report = json.loads(done.stdout)
    assert isinstance(report, dict)
    return report


def test_datapackage_passes_frictionless_validate(package: Path) -> None:
    report = _frictionless(package / "datapackage.json")
    errors = [e.get("message") for task in report["tasks"] for e in task["errors"]]
    assert report["valid"], errors[:5]
    names = {task["name"] for task in report["tasks"]}
    assert names == {"measurements", "scores", "trends", "submissions", "policies",
                     "policy_stages", "activities"}
    assert all(task["stats"]["rows"] > 0 for task in report["tasks"])


def test_datapackage_zip_passes_too_and_holds_the_report_figures(cli_run: Run,
        store: Path, tmp_path: Path) -> None:
    out = tmp_path / "pkg.zip"
    code, _, stderr = cli_run("export", "datapackage", "--db", str(store),
                              "--out", str(out), "--period", "2025")
    assert code == 0, stderr
    assert _frictionless(out)["valid"]
    with zipfile.ZipFile(out) as zf:
        descriptor = json.loads(zf.read("datapackage.json"))
        rows = list(csv.DictReader(zf.read("data/measurements.csv").decode().splitlines()))
    assert descriptor["resources"][0]["schema"]["primaryKey"] == ["indicator"]
    assert {r["indicator"] for r in rows} >= {"answered_on_time", "median_days_to_answer"}


def test_datapackage_has_no_personal_data_unless_asked(cli_run: Run,
        package: Path, store: Path, tmp_path: Path) -> None:
    header = (package / "data/submissions.csv").read_text(encoding="utf-8").splitlines()[0]
    assert "contact" not in header and "text" not in header.split(",")
    body = (package / "data/submissions.csv").read_text(encoding="utf-8")
    _activities, submissions = _stored(store)
    emails = {s.contact.email for s in submissions if s.contact and s.contact.email}
    assert emails and not [e for e in emails if e in body]
    out = tmp_path / "personal"
    code, stdout, _ = cli_run("export", "datapackage", "--db", str(store), "--out", str(out),
                          "--period", "2025", "--include-personal-data")
    assert code == 0 and "with personal data" in stdout
    assert any(e in (out / "data/submissions.csv").read_text(encoding="utf-8") for e in emails)
    assert (out / "data/submissions.csv").stat().st_mode & 0o777 == 0o600  # the owner only
    assert out.stat().st_mode & 0o777 == 0o700
    assert _frictionless(out / "datapackage.json")["valid"]


def test_export_errors_are_clean(cli_run: Run, tmp_path: Path, store: Path) -> None:
    bare = build_cli(get_plugin_manager(load_entrypoints=False))  # no participation-xlsx
    result = CliRunner().invoke(bare, ["export", "xlsx", "--db", str(store),
                                       "--out", str(tmp_path / "a.xlsx")])
    assert result.exit_code != 0 and "no data exporter 'xlsx'" in result.stderr
    assert "pip install participation-xlsx" in result.stderr
    empty = tmp_path / "empty.db"
    code, _, stderr = cli_run("db", "migrate", "--db", str(empty))
    assert code == 0
    code, _, stderr = cli_run("export", "ical", "--db", str(empty), "--out", str(tmp_path / "a.ics"))
    assert code != 0 and "no administration" in stderr and "Traceback" not in stderr
    assert not (tmp_path / "a.ics").exists()
    link = tmp_path / "link.ics"
    link.symlink_to(tmp_path / "elsewhere.ics")
    code, _, stderr = cli_run("export", "ical", "--db", str(store), "--out", str(link))
    assert code != 0 and "symbolic link" in stderr and not (tmp_path / "elsewhere.ics").exists()
    code, _, stderr = cli_run("export", "datapackage", "--db", str(store), "--out", str(link))
    assert code != 0 and "is not a folder" in stderr
