"""The survey plugin tutorial works: a question type and an instrument in a separate
package, registered in-process and installed copy-paste with pip."""

from __future__ import annotations

import importlib
import json
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from participation import Serializer
from participation.surveys import read_responses, tabulate

TUTORIAL = Path(__file__).resolve().parents[2] / "docs" / "survey-plugin-tutorial.md"


def tutorial_files() -> dict[str, str]:
    pattern = re.compile(r"<!-- file: (?P<name>[^ ]+) -->\n```[a-z]*\n(?P<body>.*?)```", re.S)
    return {m["name"]: m["body"] for m in pattern.finditer(TUTORIAL.read_text(encoding="utf-8"))}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    files = tutorial_files()
    assert {"pyproject.toml", "participation_pulse/__init__.py", "responses.csv",
            "tests/test_pulse.py"} <= set(files)
    root = tmp_path / "pulse"
    for name, body in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(body, encoding="utf-8")
    return root


@pytest.fixture
def pulse(project: Path) -> Iterator[Any]:
    sys.path.insert(0, str(project))
    try:
        yield importlib.import_module("participation_pulse")
    finally:
        sys.path.remove(str(project))
        sys.modules.pop("participation_pulse", None)


def test_tutorial_plugin_registered_in_process(pulse: Any, project: Path, register_plugin: Any,
                                               registry_factory: Any) -> None:
    register_plugin(pulse)
    reg = registry_factory()
    assert "pulse.nps" in reg.question_types
    survey = reg.surveys["pulse.after_visit"]
    reads = list(read_responses(project / "responses.csv", survey, Serializer(),
                                reg.question_types))
    assert all(r.ok for r in reads), [str(p) for r in reads for p in r.problems]
    res = tabulate(survey, [r.response for r in reads], reg.question_types,  # type: ignore[misc]
                   crosstabs=[("recommend", "overall")])
    # what the tutorial promises
    assert res.question("recommend").figures == {
        "counts": {"detractor": 1, "passive": 2, "promoter": 2}, "nps": 20.0}
    assert res.question("overall").figures["positive_share"] == 0.6
    why = res.question("why_not")
    assert (why.shown, why.hidden, why.skipped) == (1, 4, 0)
    assert res.crosstab("recommend", "overall").counts["promoter"] == {"satisfied": 1,
                                                                      "very_satisfied": 1}


@pytest.mark.slow
def test_tutorial_copy_paste(project: Path, tmp_path: Path) -> None:
    pytest.importorskip("hatchling")
    site = tmp_path / "site"

    def run(*args: str, env_path: bool = True) -> subprocess.CompletedProcess[str]:
        env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
        if env_path:
            env["PYTHONPATH"] = str(site)
        return subprocess.run(args, cwd=project, capture_output=True, text=True, env=env,
                              timeout=300, check=False)

    install = run(sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
                  "--no-build-isolation", "--target", str(site), ".", env_path=False)
    assert install.returncode == 0, install.stderr
    listed = run(sys.executable, "-m", "participation", "survey", "list", "--json")
    assert listed.returncode == 0, listed.stderr
    assert "pulse.after_visit" in {s["key"] for s in json.loads(listed.stdout)}
    valid = run(sys.executable, "-m", "participation", "survey", "validate",
                "pulse.after_visit", "responses.csv")
    assert valid.returncode == 0, valid.stderr
    assert "valid (5 responses to pulse.after_visit v1)" in valid.stdout
    results = run(sys.executable, "-m", "participation", "survey", "results",
                  "pulse.after_visit", "responses.csv", "--json")
    recommend = next(q for q in json.loads(results.stdout)["questions"]
                     if q["key"] == "recommend")
    assert recommend["nps"] == 20.0
    tests = run(sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests")
    assert tests.returncode == 0, tests.stdout + tests.stderr
