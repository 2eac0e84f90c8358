"""Open activity kinds: a plugin adds a kind, and activities of that kind validate, are
read and stored, and appear in the report by their label (issue #13)."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from datetime import date
from pathlib import Path

import pytest

from participation import Activity, Administration, ParticipationLevel, Registry, Stage, hookimpl
from participation.errors import FieldError
from participation.model import ActivityKind, Window
from participation.model.policies import ActivityKindSpec
from participation.serialization import Serializer
from participation.store import SqliteStore, load
from participation.validation import check_references

PLUGIN = """
    from participation import hookimpl
    from participation.model.policies import ActivityKindSpec

    @hookimpl
    def register_activity_kinds():
        return [ActivityKindSpec("town_hall", {"en": "Town hall meeting", "bg": "Обществено събрание"},
                                 "An open meeting of the mayor with residents.")]
"""


class TownHall:
    @hookimpl
    def register_activity_kinds(self) -> list[ActivityKindSpec]:
        return [ActivityKindSpec("town_hall", {"en": "Town hall meeting"})]


def _activity(kind: str, day: date, participants: int = 0) -> Activity:
    return Activity(f"A-{kind}", None, kind, Stage.AGENDA_SETTING, ParticipationLevel.DIALOGUE,
                    Window(day, day), participants=participants)


def test_the_seed_activities_are_built_in_with_bulgarian_labels() -> None:
    registry = Registry.default()  # participation-bg is installed for the suite
    if "bg" not in registry.languages():
        pytest.skip("participation-bg is not installed")
    labels = {k: registry.activity_kind_label(k, "bg") for k in
              ("staff_training", "civic_monitoring", "media_monitoring", "printed_information")}
    assert labels == {"staff_training": "Обучение на служителите за комуникация с гражданите",
                      "civic_monitoring": "Граждански мониторинг",
                      "media_monitoring": "Медиен мониторинг",
                      "printed_information": "Брошури и печатни информационни материали"}
    assert set(registry.activity_kinds) == {k.value for k in ActivityKind}


def test_a_built_in_kind_stays_its_enum_member_and_any_key_is_accepted() -> None:
    assert _activity("round_table", date(2025, 1, 2)).kind is ActivityKind.ROUND_TABLE
    assert _activity("town_hall", date(2025, 1, 2)).kind == "town_hall"
    with pytest.raises(FieldError, match="kind: 'Town Hall' is not a key"):
        _activity("Town Hall", date(2025, 1, 2))


def test_an_unregistered_kind_is_a_problem_and_a_registered_one_is_not() -> None:
    meeting = _activity("town_hall", date(2025, 3, 4))
    [problem] = check_references(meeting, Registry.default(load_entrypoints=False))
    assert (problem.path, problem.message.split(" (")[0]) == ("$.kind", "unknown activity kind 'town_hall'")
    assert check_references(meeting, Registry.default(load_entrypoints=False, plugins=[TownHall()])) == []


def test_activities_of_a_plugin_kind_round_trip_through_json_and_the_store(tmp_path: Path) -> None:
    registry = Registry.default(load_entrypoints=False, plugins=[TownHall()])
    serializer = Serializer(registry.plugin_manager)
    meeting = _activity("town_hall", date(2025, 3, 4), participants=80)
    assert serializer.loads(serializer.dumps(meeting), Activity) == meeting
    with SqliteStore(tmp_path / "store.db") as store:
        load(store, activities=[meeting, _activity("staff_training", date(2025, 3, 5))])
        stored = {a.kind: a for a in store.iter_activities()}
    assert stored["town_hall"] == meeting
    assert stored["staff_training"].kind is ActivityKind.STAFF_TRAINING


def _installed(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    site.mkdir()
    (site / "townhall_kinds.py").write_text(textwrap.dedent(PLUGIN), encoding="utf-8")
    dist = site / "townhall_kinds-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: townhall-kinds\nVersion: 1.0\n")
    (dist / "entry_points.txt").write_text("[participation]\ntownhall = townhall_kinds\n")
    return site


def _data(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    ser = Serializer(Registry.default(load_entrypoints=False).plugin_manager)
    (folder / "administration.json").write_text(
        ser.dumps(Administration("Smolyan region", "BG", population=100_000)), encoding="utf-8")
    acts = [_activity("town_hall", date(2025, 3, 4), participants=80),
            Activity("A-2", None, "town_hall", Stage.DRAFTING, ParticipationLevel.DIALOGUE,
                     Window(date(2025, 5, 6), date(2025, 5, 6)), participants=45),
            _activity("staff_training", date(2025, 4, 1), participants=12)]
    (folder / "submissions.jsonl").write_text("", encoding="utf-8")
    (folder / "activities.jsonl").write_text("".join(ser.dumps(a) + "\n" for a in acts), encoding="utf-8")
    return folder


def _run(args: list[str], site: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "participation", *args], capture_output=True, text=True,
                          env={"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin"}, timeout=120, check=False)


def test_an_installed_plugins_kind_validates_and_appears_in_the_report(tmp_path: Path) -> None:
    site, data = _installed(tmp_path), _data(tmp_path)
    valid = _run(["validate", str(data / "activities.jsonl")], site)
    assert valid.returncode == 0, valid.stderr

    without = _run(["--disable-plugin", "townhall", "validate", str(data / "activities.jsonl")], site)
    assert without.returncode == 1
    assert "line 1: $.kind: unknown activity kind 'town_hall'" in without.stderr

    out = tmp_path / "out"
    report = _run(["report", "--data", str(data), "--period", "2025", "--out", str(out)], site)
    assert report.returncode == 0, report.stderr
    document = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert document["activities"][0] == {"kind": "town_hall", "label": "Town hall meeting", "activities": 2,
                                         "participants": 125, "inputs_received": 0}
    assert "| Town hall meeting | 2 | 125 | 0 |" in (out / "report.md").read_text(encoding="utf-8")
    assert "<td>Town hall meeting</td>" in (out / "report.html").read_text(encoding="utf-8")

    db = tmp_path / "store.db"
    configured = _run(["db", "configure", "--db", str(db), "--administration",
                       str(data / "administration.json")], site)
    assert configured.returncode == 0, configured.stderr
    imported = _run(["import", str(data / "activities.jsonl"), "--db", str(db)], site)
    assert imported.returncode == 0, imported.stdout + imported.stderr
    from_store = _run(["report", "--db", str(db), "--period", "2025", "--out", str(tmp_path / "db")], site)
    assert from_store.returncode == 0, from_store.stderr
    stored = json.loads((tmp_path / "db" / "report.json").read_text(encoding="utf-8"))
    assert stored["activities"] == document["activities"]
    not_imported = _run(["--disable-plugin", "townhall", "import", str(data / "activities.jsonl"),
                         "--db", str(tmp_path / "other.db")], site)
    assert not_imported.returncode == 2  # two rejected, one imported
    rejects = next(tmp_path.rglob("activities.jsonl.rejects.jsonl")).read_text(encoding="utf-8")
    assert "unknown activity kind 'town_hall'" in rejects

    refused = _run(["--disable-plugin", "townhall", "report", "--data", str(data), "--period", "2025",
                    "--out", str(tmp_path / "out2")], site)
    assert refused.returncode != 0
    assert "unknown activity kind 'town_hall'" in refused.stderr
