"""``participation survey …`` as a user meets it."""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path
from typing import Any

import pluggy
import pytest
from click.testing import CliRunner

from participation import hookimpl
from participation.cli import build_cli
from participation.surveys import Survey


@pytest.fixture
def cli(survey: Survey, plugin_manager: pluggy.PluginManager, register_plugin: Any) -> Any:
    class Instruments:
        @hookimpl
        def register_surveys(self) -> list[Survey]:
            return [survey]

    register_plugin(Instruments())
    return build_cli(plugin_manager)


def run(cli: Any, *args: str) -> tuple[int, str, str]:
    r = CliRunner().invoke(cli, list(args))
    return r.exit_code, r.stdout, r.stderr


def test_list(cli: Any) -> None:
    code, out, _ = run(cli, "survey", "list")
    assert code == 0
    assert "fixture v1  Fixture [9 questions, anonymous, bg/en]" in out
    code, out, _ = run(cli, "survey", "list", "--json", "--lang", "bg")
    assert json.loads(out) == [{"key": "fixture", "version": 1, "title": "Проба",
                                "anonymous": True, "questions": 9, "languages": ["bg", "en"]}]


def test_show(cli: Any, survey: Survey, tmp_path: Path) -> None:
    code, out, _ = run(cli, "survey", "show", "fixture", "--json")
    doc = json.loads(out)
    assert code == 0
    assert doc["schema"] == "participation.survey/1"
    assert [(q["key"], q["type"]) for q in doc["questions"]][:3] == [
        ("used", "single_choice"), ("channels", "multiple_choice"), ("overall", "likert")]
    code, out, _ = run(cli, "survey", "show", "fixture")
    assert " 4. [why] Why? (long_text, confidential)" in out
    assert "shown if overall equal very_bad" in out
    # a definition file works as well as a registered key
    path = tmp_path / "mine.json"
    path.write_text(json.dumps({**doc, "key": "mine"}), encoding="utf-8")
    code, out, _ = run(cli, "survey", "show", str(path))
    assert code == 0
    assert out.startswith("mine v1: Fixture")
    code, _, err = run(cli, "survey", "show", "nope")
    assert code == 1
    assert "unknown survey 'nope'; known: fixture" in err


def test_validate(cli: Any, tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text("id,submitted_at,used,overall,digital\n"
                    "r1,2025-05-01T09:00:00Z,permit,4,\n"
                    "r2,2025-05-01T09:00:00Z,bike,4,\n"
                    "r3,2025-05-01T09:00:00Z,permit,,5\n", encoding="utf-8")
    code, out, err = run(cli, "survey", "validate", "fixture", str(path))
    assert code == 1
    assert err.splitlines()[:3] == [
        f"{path}:line 3: used: 'bike' is not an option (options: permit, certificate, other)",
        f"{path}:line 4: overall: required question not answered",
        f"{path}:line 4: digital: answered although its display conditions hide it",
    ]
    assert "3 problems in 2 of 3 responses" in err
    path.write_text("id,submitted_at,used,overall\nr1,2025-05-01T09:00:00Z,permit,4\n",
                    encoding="utf-8")
    code, out, _ = run(cli, "survey", "validate", "fixture", str(path))
    assert code == 0
    assert "valid (1 responses to fixture v1)" in out


def test_generate_then_results(cli: Any, tmp_path: Path) -> None:
    jsonl = tmp_path / "r.jsonl"
    code, out, err = run(cli, "survey", "generate", "fixture", "120", "--seed", "3",
                         "--start", "2025-01-01T00:00:00+02:00",
                         "--end", "2025-12-31T00:00:00+02:00", "--out", str(jsonl))
    assert code == 0, err
    assert len(jsonl.read_text(encoding="utf-8").splitlines()) == 120
    code, out, _ = run(cli, "survey", "validate", "fixture", str(jsonl))
    assert code == 0
    out_csv = tmp_path / "results.csv"
    code, out, err = run(cli, "survey", "results", "fixture", str(jsonl), "--json",
                         "--csv", str(out_csv), "--crosstab", "used", "overall")
    assert code == 0, err
    d = json.loads(out)
    assert d["n"] == 120
    assert d["crosstabs"][0]["row"] == "used"
    rows = list(csv.DictReader(out_csv.read_text(encoding="utf-8").splitlines()))
    assert rows
    assert rows[0]["survey"] == "fixture"
    code, out, _ = run(cli, "survey", "results", "fixture", str(jsonl))
    assert "[overall] Satisfied?" in out
    assert "mean" in out
    assert "Borda:" in out


def test_results_leave_out_invalid_responses(cli: Any, tmp_path: Path) -> None:
    path = tmp_path / "r.jsonl"
    path.write_text("{oops\n", encoding="utf-8")
    code, out, err = run(cli, "survey", "results", "fixture", str(path), "--json")
    assert code == 0
    assert json.loads(out)["invalid"] == 1
    assert "1 invalid responses left out" in err
    code, _, err = run(cli, "survey", "results", "fixture", str(path), "--crosstab", "why", "used")
    assert code == 1
    assert "'why' is free text" in err


def test_results_csv_is_not_half_written(cli: Any, tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    import participation.surveys as surveys

    out_csv = tmp_path / "new" / "results.csv"
    path = tmp_path / "r.jsonl"
    path.write_text("", encoding="utf-8")
    # a missing folder is created, and the file gets the usual mode (not 0600)
    code, _, err = run(cli, "survey", "results", "fixture", str(path), "--csv", str(out_csv))
    assert code == 0, err
    assert out_csv.read_text(encoding="utf-8").startswith("survey,")
    umask = os.umask(0)
    os.umask(umask)
    assert out_csv.stat().st_mode & 0o777 == 0o666 & ~umask

    def half(stream: Any, *args: Any) -> None:
        stream.write("survey,question\r\nfixture,")
        raise OSError("disk full")

    monkeypatch.setattr(surveys, "write_results_csv", half)
    fresh = tmp_path / "other.csv"
    code, _, err = run(cli, "survey", "results", "fixture", str(path), "--csv", str(fresh))
    assert code != 0
    assert not fresh.exists()
    assert list(tmp_path.glob(".other.csv.*")) == []
    # an earlier file is left untouched
    before = out_csv.read_bytes()
    code, _, _ = run(cli, "survey", "results", "fixture", str(path), "--csv", str(out_csv))
    assert out_csv.read_bytes() == before


def test_a_repeated_response_id_is_a_problem_and_counts_once(cli: Any, tmp_path: Path) -> None:
    line = json.dumps({"id": "r1", "survey": "fixture", "survey_version": 1,
                       "submitted_at": "2025-05-01T09:00:00+00:00",
                       "answers": [{"question": "used", "value": "permit"},
                                   {"question": "overall", "value": 4}]})
    path = tmp_path / "r.jsonl"
    path.write_text(f"{line}\n{line}\n", encoding="utf-8")
    code, out, err = run(cli, "survey", "validate", "fixture", str(path))
    assert code == 1, out
    assert (f"{path}:line 2: $.id: repeated response id 'r1' (first on line 1); "
            "the repeat is left out") in err
    code, out, err = run(cli, "survey", "results", "fixture", str(path), "--json")
    assert code == 0
    d = json.loads(out)
    assert (d["n"], d["invalid"]) == (1, 1)
    assert "1 invalid responses left out" in err
    csv_path = tmp_path / "r.csv"
    csv_path.write_text("id,submitted_at,used,overall\n"
                        "r1,2025-05-01T09:00:00Z,permit,4\n"
                        "r2,2025-05-01T09:00:00Z,permit,3\n"
                        "r1,2025-05-01T09:00:00Z,permit,4\n", encoding="utf-8")
    code, out, err = run(cli, "survey", "validate", "fixture", str(csv_path))
    assert code == 1
    assert f"{csv_path}:line 4: $.id: repeated response id 'r1' (first on line 2)" in err


def test_a_bad_survey_file_is_a_clean_error_naming_it(cli: Any, tmp_path: Path) -> None:
    path = tmp_path / "mine.json"
    path.write_bytes(b'{"key": "caf\xe9"}')
    code, _, err = run(cli, "survey", "show", str(path))
    assert code == 1
    assert f"{path}:line 1: $: not UTF-8 text (byte 12); save the file as UTF-8" in err
    path.write_text('{"key": ', encoding="utf-8")
    code, _, err = run(cli, "survey", "show", str(path))
    assert code == 1
    assert f"{path}:line 1: $: not JSON" in err


def test_show_says_how_display_conditions_combine(plugin_manager: pluggy.PluginManager,
                                                  register_plugin: Any) -> None:
    from participation.surveys import DisplayCondition, Option, Question

    scale = [Option(k, {"en": k}) for k in ("a", "b", "c", "d", "e")]
    survey = Survey("combo", {"en": "Combo"}, questions=[
        Question("x", "likert", {"en": "X?"}, options=scale),
        Question("y", "likert", {"en": "Y?"}, options=scale),
        Question("either", "short_text", {"en": "Either?"},
                 conditions=[DisplayCondition("x", "equal", "a", mandatory=False),
                             DisplayCondition("x", "equal", "b", mandatory=False)]),
        Question("both", "short_text", {"en": "Both?"},
                 conditions=[DisplayCondition("x", "answered"),
                             DisplayCondition("y", "equal", "e")]),
        Question("mixed", "short_text", {"en": "Mixed?"},
                 conditions=[DisplayCondition("y", "answered"),
                             DisplayCondition("x", "equal", "a", mandatory=False),
                             DisplayCondition("x", "equal", "b", mandatory=False)]),
    ])

    class Instruments:
        @hookimpl
        def register_surveys(self) -> list[Survey]:
            return [survey]

    register_plugin(Instruments())
    code, out, err = run(build_cli(plugin_manager), "survey", "show", "combo")
    assert code == 0, err
    shown = [line.strip() for line in out.splitlines() if "shown if" in line]
    assert shown == ["shown if x equal a or x equal b",
                     "shown if x answered and y equal e",
                     "shown if y answered and (x equal a or x equal b)"]
