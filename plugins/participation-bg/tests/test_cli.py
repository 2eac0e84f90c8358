"""``participation deadline`` with the Bulgarian rules and calendar."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import participation_bg.plugin
import pluggy
import pytest
from click.testing import CliRunner

from participation.cli import build_cli


@pytest.fixture
def run(plugin_manager: pluggy.PluginManager,
        register_plugin: Callable[..., Any]) -> Callable[..., Any]:
    register_plugin(participation_bg.plugin, name="bg")
    cli = build_cli(plugin_manager)
    return lambda *args: CliRunner().invoke(cli, list(args))


def test_a_clerk_asks_for_the_apia_deadline_of_2_june_2025(run) -> None:
    # 2 June 2025 (Monday) + 14 calendar days, counted from 3 June: 3..16 June → Monday
    # 16 June 2025, a working day in Bulgaria, so no move.
    result = run("deadline", "bg.apia", "2025-06-02")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "2025-06-16"
    assert "Access to Public Information Act art. 28(1)" in result.output
    assert "calendar: bg" in result.output
    assert "the term starts running on 2025-06-03" in result.output


def test_json_carries_the_reasoning(run) -> None:
    result = run("deadline", "bg.apia", "2025-12-17", "--json")
    data = json.loads(result.output)
    assert data["due"] == "2026-01-05"
    assert data["raw_end"] == "2025-12-31"
    assert data["calendar"] == "bg"
    reasons = {m["date"]: m["reason"] for m in data["moved"]}
    assert "808" in reasons["2025-12-31"]
    assert "154(1)" in reasons["2026-01-01"]
    assert reasons["2026-01-03"] == "Saturday"


def test_extended_with_one_extension_and_with_several(run) -> None:
    result = run("deadline", "bg.apc.signal", "2025-12-31", "--extended", "--json")
    assert json.loads(result.output)["due"] == "2026-04-02"
    several = run("deadline", "bg.apia", "2025-06-02", "--extended")
    assert several.exit_code == 1
    assert "bg.apia.volume" in several.output
    assert "bg.apia.third_party" in several.output
    chosen = run("deadline", "bg.apia", "2025-06-02", "--extension", "bg.apia.volume")
    # 16 June (Monday, a working day) + 10 days = Thursday 26 June 2025.
    assert chosen.output.splitlines()[0] == "2025-06-26"


def test_jurisdiction_overrides_the_calendar(run) -> None:
    # 18 Feb 2024 + 14 = Sunday 3 Mar 2024: Bulgaria also rests on Monday 4 Mar,
    # the weekends-only default calendar does not.
    assert run("deadline", "bg.apia", "2024-02-18").output.splitlines()[0] == "2024-03-05"
    out = run("deadline", "bg.apia", "2024-02-18", "--jurisdiction", "default").output
    assert out.splitlines()[0] == "2024-03-04"
    # and a core rule counted in the Bulgarian calendar
    out = run("deadline", "generic.answer", "2024-02-02", "--jurisdiction", "bg").output
    assert out.splitlines()[0] == "2024-03-05"


@pytest.mark.parametrize(("args", "message"), [
    (("bg.nope", "2025-06-02"), "unknown deadline rule 'bg.nope'"),
    (("bg.apia", "2025-02-30"), "'2025-02-30' is not a date"),
    (("bg.apia", "2025-06-02", "--jurisdiction", "xx"), "unknown calendar 'xx'"),
    (("bg.apia", "2025-06-02", "--extension", "bg.apia.nope"), "bg.apia.nope"),
    (("bg.apia", "2025-06-02", "--exceptional"), "no exceptional term"),
])
def test_mistakes_give_one_clean_error_line(run, args, message) -> None:
    result = run("deadline", *args)
    assert result.exit_code == 1
    assert message in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert "Traceback" not in result.output


def test_a_broken_decision_file_is_a_clean_error(run, tmp_path, monkeypatch) -> None:
    from participation_bg.calendar import ENV_VAR

    path = tmp_path / "decisions.toml"
    path.write_text("[[decision]]\nreference = \n", encoding="utf-8")
    monkeypatch.setenv(ENV_VAR, str(path))
    result = run("deadline", "bg.apia", "2025-06-02")
    assert result.exit_code == 1
    assert f"{path}:line 2" in result.output
    assert "Traceback" not in result.output
