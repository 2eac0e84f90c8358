"""Meta-tests that keep hooks, tests, docs and commands from drifting apart."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from participation import hookspecs
from participation.cli import build_cli
from participation.plugins import get_plugin_manager

ROOT = Path(__file__).resolve().parents[1]
HOOKS = sorted(name for name, f in vars(hookspecs).items() if hasattr(f, "participation_spec"))


def _all_test_sources() -> str:
    files = [*ROOT.glob("tests/**/*.py"), *ROOT.glob("plugins/*/tests/**/*.py")]
    return "\n".join(p.read_text(encoding="utf-8") for p in files)


def test_there_are_hooks() -> None:
    assert len(HOOKS) >= 10


@pytest.mark.parametrize("hook", HOOKS)
def test_every_hook_is_documented(hook: str) -> None:
    doc = inspect.getdoc(getattr(hookspecs, hook)) or ""
    assert len(doc.split()) >= 10, f"{hook} needs a real docstring"
    assert "versionadded" in doc
    params = list(inspect.signature(getattr(hookspecs, hook)).parameters)
    for p in params:
        assert f":param {p}:" in doc, f"{hook} does not document :param {p}:"
    if not hook.startswith(("configure_", "submission_")) and hook != "register_commands":
        assert ":return:" in doc


@pytest.mark.parametrize("hook", HOOKS)
def test_every_hook_has_a_test(hook: str) -> None:
    assert re.search(rf"def test_hook_{hook}\b", _all_test_sources()), \
        f"no test named test_hook_{hook} under tests/ or plugins/*/tests/"


def _commands(cmd: click.Command, path: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], click.Command]]:
    out = [(path, cmd)]
    if isinstance(cmd, click.Group):
        for name, sub in sorted(cmd.commands.items()):
            out.extend(_commands(sub, (*path, name)))
    return out


CLI = build_cli(get_plugin_manager(load_entrypoints=False))


@pytest.mark.parametrize("path", [p for p, _ in _commands(CLI)], ids=lambda p: " ".join(p) or "main")
def test_every_command_has_help(path: tuple[str, ...]) -> None:
    cmd = CLI
    for part in path:
        assert isinstance(cmd, click.Group)
        cmd = cmd.commands[part]
    assert (cmd.help or "").strip(), f"{' '.join(path)} has no help text"
    result = CliRunner().invoke(CLI, [*path, "--help"])
    assert result.exit_code == 0
    assert "Usage:" in result.output
