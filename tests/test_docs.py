"""The docs build warning-free, their examples run, and the plugin tutorial works
copy-paste in an empty folder."""

from __future__ import annotations

import doctest
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"


def test_docs_build_without_warnings(tmp_path: Path) -> None:
    pytest.importorskip("sphinx")
    pytest.importorskip("myst_parser")
    out = subprocess.run([sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-b", "html",
                          str(DOCS), str(tmp_path / "html")], capture_output=True, text=True,
                         timeout=600, check=False)
    assert out.returncode == 0, out.stderr
    hooks_html = (tmp_path / "html" / "hooks.html").read_text(encoding="utf-8")
    from participation import hookspecs

    for name in dir(hookspecs):
        if hasattr(getattr(hookspecs, name), "participation_spec"):
            assert name in hooks_html, f"hook {name} missing from the hook reference"


@pytest.mark.parametrize("page", sorted(p.name for p in DOCS.glob("*.md")))
def test_doc_examples_run(page: str) -> None:
    failures, _ = doctest.testfile(str(DOCS / page), module_relative=False,
                                   optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert failures == 0


def _tutorial_files(text: str) -> dict[str, str]:
    pattern = re.compile(r"<!-- file: (?P<name>[^ ]+) -->\n```[a-z]*\n(?P<body>.*?)```", re.S)
    return {m["name"]: m["body"] for m in pattern.finditer(text)}


@pytest.mark.slow
def test_plugin_tutorial_copy_paste(tmp_path: Path) -> None:
    pytest.importorskip("hatchling")
    files = _tutorial_files((DOCS / "plugin-tutorial.md").read_text(encoding="utf-8"))
    assert {"pyproject.toml", "participation_townhall/__init__.py", "submission.json",
            "tests/test_townhall.py"} <= set(files)
    project = tmp_path / "townhall"
    for name, body in files.items():
        (project / name).parent.mkdir(parents=True, exist_ok=True)
        (project / name).write_text(body, encoding="utf-8")
    site = tmp_path / "site"

    def run(*args: str, cwd: Path = project, env_path: bool = True) -> subprocess.CompletedProcess[str]:
        env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
        if env_path:
            env["PYTHONPATH"] = str(site)
        return subprocess.run(args, cwd=cwd, capture_output=True, text=True, env=env,
                              timeout=300, check=False)

    before = run(sys.executable, "-m", "participation", "validate", "submission.json")
    assert before.returncode == 1
    assert "unknown channel type 'townhall.meeting'" in before.stderr

    install = run(sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
                  "--no-build-isolation", "--target", str(site), ".", env_path=False)
    assert install.returncode == 0, install.stderr

    plugins = run(sys.executable, "-m", "participation", "plugins", "--json")
    assert plugins.returncode == 0, plugins.stderr
    mine = [p for p in json.loads(plugins.stdout)
            if (p["distribution"] or "").startswith("participation-townhall")]
    assert mine and mine[0]["name"] == "townhall" and mine[0]["status"] == "loaded"
    assert mine
    assert mine[0]["hooks"] == ["register_channel_types", "register_deadline_rules"]

    valid = run(sys.executable, "-m", "participation", "validate", "submission.json")
    assert valid.returncode == 0, valid.stderr
    assert "valid (1 documents)" in valid.stdout

    tests = run(sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests")
    assert tests.returncode == 0, tests.stdout + tests.stderr


def test_readme_python_example_runs() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```python\n(.*?)```", text, re.S)
    assert block is not None
    out = subprocess.run([sys.executable, "-c", block.group(1)], capture_output=True, text=True,
                         timeout=120, check=False)
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("2025-07-02")


def test_readme_commands_are_what_ci_runs() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "<!-- test-command -->" in ci and "exec bash -c" in ci
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for marker in ("<!-- demo-command -->", "<!-- test-command -->"):
        assert marker in readme
