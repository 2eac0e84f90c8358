"""One test per core hook: a plugin implementing it changes what a user sees."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

import cattrs
import click
from click.testing import CliRunner

from participation import (
    ChannelType,
    DeadlineRule,
    Medium,
    Outcome,
    Registry,
    Serializer,
    Submission,
    SubmissionKind,
    Term,
    hookimpl,
)
from participation.cli import build_cli
from participation.i18n import Translations
from participation.rules import WeekendCalendar
from participation.rules.admissibility import AdmissibilityRule, check_admissibility

Register = Callable[..., Any]
Factory = Callable[[], Registry]


def test_hook_register_channel_types(register_plugin: Register, registry_factory: Factory) -> None:
    class P:
        @hookimpl
        def register_channel_types(self) -> list[ChannelType]:
            return [ChannelType("x.kiosk", {"en": "Kiosk"}, Medium.IN_PERSON,
                                deadline_rule="generic.answer")]

    register_plugin(P())
    reg = registry_factory()
    assert reg.channel_type("x.kiosk").medium is Medium.IN_PERSON
    assert "web_form" in reg.channel_types  # the built-ins come through the same hook


def test_hook_register_deadline_rules(register_plugin: Register, registry_factory: Factory) -> None:
    class P:
        @hookimpl
        def register_deadline_rules(self) -> list[DeadlineRule]:
            return [DeadlineRule("x.7d", {"en": "7 days"}, Term(7))]

    register_plugin(P())
    reg = registry_factory()
    due = reg.deadline_rule("x.7d").compute(date(2025, 6, 2), reg.calendar("default")).due
    assert due == date(2025, 6, 9)


def test_hook_register_calendars(register_plugin: Register, registry_factory: Factory) -> None:
    class P:
        @hookimpl
        def register_calendars(self) -> list[WeekendCalendar]:
            return [WeekendCalendar("xx", holidays={date(2025, 6, 9): "Founders' Day"})]

    register_plugin(P())
    reg = registry_factory()
    rule = reg.deadline_rule("generic.answer")
    # 10 May + 30 days = Monday 9 June, a holiday in xx only
    assert rule.compute(date(2025, 5, 10), reg.calendar("default")).due == date(2025, 6, 9)
    assert rule.compute(date(2025, 5, 10), reg.calendar("xx")).due == date(2025, 6, 10)


def test_hook_register_admissibility_rules(register_plugin: Register, registry_factory: Factory) -> None:
    class P:
        @hookimpl
        def register_admissibility_rules(self) -> list[AdmissibilityRule]:
            return [AdmissibilityRule("x.anon", "Code art. 111(4)",
                                      lambda s, _: "anonymous signal" if s.anonymous else None)]

    register_plugin(P())
    reg = registry_factory()
    t = datetime(2025, 1, 1, tzinfo=UTC)
    s = Submission("S", "web_form", SubmissionKind.SIGNAL, t, "x", anonymous=True)
    verdict = check_admissibility(reg.admissibility_rules.values(), s, t)
    assert verdict is not None
    assert verdict.legal_basis == "Code art. 111(4)"
    assert check_admissibility(reg.admissibility_rules.values(),
                               Submission("S", "web_form", SubmissionKind.SIGNAL, t, "x"), t) is None
    assert Outcome.NOT_EXAMINED.value == "not_examined"


def test_hook_register_translations(register_plugin: Register, registry_factory: Factory) -> None:
    class P:
        @hookimpl
        def register_translations(self) -> list[Translations]:
            return [Translations("de", {"stage.drafting": "Entwurf", "channel.email": "E-Mail"})]

    register_plugin(P())
    reg = registry_factory()
    assert reg.translate("stage.drafting", "de") == "Entwurf"
    assert reg.translate("stage.decision", "de") == "Decision"  # falls back to English
    assert reg.channel_label("email", "de") == "E-Mail"
    assert reg.channel_label("post", "de") == "Post"


def test_hook_configure_converter(register_plugin: Register, plugin_manager: Any) -> None:
    class Money:
        def __init__(self, cents: int) -> None:
            self.cents = cents

    class P:
        @hookimpl
        def configure_converter(self, converter: cattrs.Converter) -> None:
            converter.register_unstructure_hook(Money, lambda m: f"{m.cents / 100:.2f}")
            converter.register_structure_hook(Money, lambda v, _: Money(round(float(v) * 100)))

    register_plugin(P())
    ser = Serializer(plugin_manager)
    assert ser.converter.unstructure(Money(1050)) == "10.50"
    assert ser.converter.structure("2.5", Money).cents == 250


def test_hook_register_commands(register_plugin: Register, plugin_manager: Any) -> None:
    @click.command("hello")
    def hello() -> None:
        """Say hello."""
        click.echo("hello from a plugin")

    class P:
        @hookimpl
        def register_commands(self, cli: click.Group) -> None:
            cli.add_command(hello)

    register_plugin(P())
    result = CliRunner().invoke(build_cli(plugin_manager), ["hello"])
    assert result.exit_code == 0
    assert result.output == "hello from a plugin\n"
