"""``participation deadline``: the core command, with the built-in rules only."""

from __future__ import annotations

import json

import pluggy
import pytest
from click.testing import CliRunner

from participation.cli import build_cli
from participation.cli.deadline import calendar_for, extensions_to_apply
from participation.errors import FieldError, UnknownKeyError
from participation.plugins import DEFAULT_PLUGINS
from participation.registry import Registry
from participation.rules import WeekendCalendar


@pytest.fixture
def runner(plugin_manager: pluggy.PluginManager):
    cli = build_cli(plugin_manager)
    return lambda *args: CliRunner().invoke(cli, list(args))


def test_hook_register_commands(plugin_manager) -> None:
    assert "participation.cli.deadline" in DEFAULT_PLUGINS
    assert "deadline" in build_cli(plugin_manager).commands


def test_prints_the_iso_date_first_then_the_reasoning(runner) -> None:
    # Saturday 7 June 2025 + 30 days = Monday 7 July 2025: a working day.
    result = runner("deadline", "generic.answer", "2025-06-07")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0] == "2025-07-07"
    assert "  calendar: default" in lines
    assert "  - the term starts running on 2025-06-08" in lines


def test_json_due_and_moved_days(runner) -> None:
    # 5 June 2025 + 30 = Saturday 5 July → Monday 7 July.
    data = json.loads(runner("deadline", "generic.answer", "2025-06-05", "--json").output)
    assert data["due"] == "2025-07-07"
    assert data["raw_end"] == "2025-07-05"
    assert data["moved"] == [{"date": "2025-07-05", "reason": "Saturday"},
                             {"date": "2025-07-06", "reason": "Sunday"}]
    assert data["legal_basis"].startswith("service standard")
    assert data["kind"] == "answer"


def test_extended_applies_the_only_extension(runner) -> None:
    # 15 working days from Monday 2 June 2025 → Monday 23 June; + 15 more → 14 July.
    data = json.loads(runner("deadline", "generic.information_request", "2025-06-02",
                             "--extended", "--json").output)
    assert data["extensions"] == ["eu.access.extension"]
    assert data["due"] == "2025-07-14"


def test_exceptional_term_for_a_minimum(runner) -> None:
    result = runner("deadline", "eu.consultation.minimum", "2025-06-02", "--exceptional")
    assert result.exit_code == 1
    assert "no exceptional term" in result.output


@pytest.mark.parametrize(("args", "message"), [
    (("no.such.rule", "2025-06-02"), "unknown deadline rule 'no.such.rule'"),
    (("generic.answer", "02.06.2025"), "'02.06.2025' is not a date (write YYYY-MM-DD)"),
    (("generic.answer", "2025-06-02", "--jurisdiction", "mars"), "unknown calendar 'mars'"),
    (("eu.whistleblower.ack", "2025-06-02", "--extended"), "allows no extension"),
])
def test_errors_are_one_line(runner, args, message) -> None:
    result = runner("deadline", *args)
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("Error: ")
    assert message in result.output


def test_calendar_of_the_rule_jurisdiction() -> None:
    reg = Registry(deadline_rules={}, calendars={"default": WeekendCalendar(),
                                                 "xx": WeekendCalendar(key="xx")})
    rule = Registry.default(load_entrypoints=False).deadline_rule("generic.answer")
    assert calendar_for(reg, rule).key == "default"  # no calendar "generic"
    xx_rule = rule.__class__("xx.answer", {"en": "x"}, rule.term)
    assert calendar_for(reg, xx_rule).key == "xx"
    assert calendar_for(reg, xx_rule, "default").key == "default"
    with pytest.raises(UnknownKeyError):
        calendar_for(reg, xx_rule, "yy")


def test_extensions_to_apply() -> None:
    rule = Registry.default(load_entrypoints=False).deadline_rule("generic.answer")
    assert extensions_to_apply(rule, False, ()) == []
    assert extensions_to_apply(rule, True, ()) == ["generic.extension"]
    assert extensions_to_apply(rule, True, ("generic.extension",)) == ["generic.extension"]
    with pytest.raises(UnknownKeyError):
        extensions_to_apply(rule, False, ("nope",))
    with pytest.raises(FieldError):
        extensions_to_apply(Registry.default(load_entrypoints=False)
                            .deadline_rule("eu.whistleblower.ack"), True, ())
