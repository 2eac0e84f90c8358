"""Shared by the report tests: the command line with every installed plugin, and one
demo (600 submissions) made with it for the whole session."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from participation.cli import build_cli
from participation.plugins import get_plugin_manager


def run_cli(*args: str) -> tuple[int, str, str]:
    """Run ``participation ARGS`` with the installed plugins: (exit code, stdout, stderr)."""
    result = CliRunner().invoke(build_cli(get_plugin_manager()), list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="session")
def cli_run() -> Callable[..., tuple[int, str, str]]:
    """:func:`run_cli`, for tests."""
    return run_cli


@pytest.fixture(scope="session")
def plugin_demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo's output folder, made with the installed plugins (surveys included)."""
    out = tmp_path_factory.mktemp("plugin-demo")
    code, _stdout, stderr = run_cli("demo", "--out", str(out), "--submissions", "600")
    assert code == 0, stderr
    return out
