"""``participation deadline RULE DATE``: a due date and how it was reached.

The calendar is the one of the rule's jurisdiction — the part of the rule key before
the first dot (``bg`` for ``bg.apia``) when a calendar with that key is registered,
else ``default`` (weekends only) — unless ``--jurisdiction`` names another.
"""

from __future__ import annotations

from datetime import date

import click

from participation.cli import AppContext, echo_json
from participation.errors import FieldError
from participation.moments import parse_day
from participation.plugins import hookimpl
from participation.registry import Registry
from participation.rules import Calendar, DeadlineComputation, DeadlineRule, RuleKind

__all__ = ["calendar_for", "deadline_command", "extensions_to_apply"]


def calendar_for(registry: Registry, rule: DeadlineRule,
                 jurisdiction: str | None = None) -> Calendar:
    """The calendar a rule is counted in: ``jurisdiction``'s if given (an unknown one is
    an :class:`~participation.errors.UnknownKeyError`), else the calendar keyed by the
    rule key's first part, else ``default``.

    >>> reg = Registry.default(load_entrypoints=False)
    >>> calendar_for(reg, reg.deadline_rule("generic.answer")).key
    'default'
    """
    if jurisdiction is not None:
        return registry.calendar(jurisdiction)
    prefix = rule.key.split(".", 1)[0]
    if prefix in registry.calendars:
        return registry.calendars[prefix]
    return registry.calendar("default")


def extensions_to_apply(rule: DeadlineRule, extended: bool,
                        keys: tuple[str, ...]) -> list[str]:
    """The extension keys to apply: those named, in order; with ``extended``, the rule's
    only extension. A rule with several extensions needs them named, since the law
    usually allows them on different grounds.

    :raises FieldError: ``extended`` on a rule with none or several extensions.
    """
    chosen = list(keys)
    for key in chosen:
        rule.extension(key)  # UnknownKeyError lists the rule's extensions
    if extended and not chosen:
        if not rule.extensions:
            raise FieldError("--extended", f"rule {rule.key!r} allows no extension")
        if len(rule.extensions) > 1:
            options = "; ".join(f"{e.key} (+{e.term}, {e.legal_basis or e.label})"
                                for e in rule.extensions)
            raise FieldError("--extended", f"rule {rule.key!r} allows several extensions, "
                             f"choose with --extension KEY: {options}")
        chosen = [rule.extensions[0].key]
    return chosen


def _parse_date(value: str) -> date:
    return parse_day(value, "DATE")


def _text(rule: DeadlineRule, calendar: Calendar, result: DeadlineComputation) -> str:
    basis = rule.legal_basis or "no legal basis given"
    lines = [result.due.isoformat(),
             f"  rule:     {rule.key}: {rule.label()} ({basis})",
             f"  counts from: {rule.counts_from()} (DATE is the day of the {rule.counts_from()})",
             f"  calendar: {calendar.key}"]
    if rule.kind is RuleKind.MINIMUM:
        lines.append("  kind:     a minimum length: the period may not end before this day")
    lines += [f"  - {step}" for step in result.steps]
    return "\n".join(lines)


@click.command("deadline")
@click.argument("rule_key", metavar="RULE")
@click.argument("event", metavar="DATE")
@click.option("--extended", is_flag=True,
              help="Apply the rule's extension (a rule with several needs --extension).")
@click.option("--extension", "extension_keys", multiple=True, metavar="KEY",
              help="Apply this extension of the rule (repeatable; applied in order).")
@click.option("--exceptional", is_flag=True,
              help="Use the rule's shorter exceptional term (minimum-length rules).")
@click.option("--jurisdiction", default=None, metavar="KEY",
              help="The calendar to count working days in (default: the rule's own).")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON object.")
@click.pass_obj
def deadline_command(app: AppContext, rule_key: str, event: str, extended: bool,
                     extension_keys: tuple[str, ...], exceptional: bool,
                     jurisdiction: str | None, as_json: bool) -> None:
    """Print the due date under RULE for the event the rule counts from (receipt,
    registration, acknowledgement: printed as "counts from") on DATE (YYYY-MM-DD), and
    how it was reached: when the term starts, its raw last day, the extensions applied
    and each non-working day it moved past, with the reason. The desk counts the same
    way from the submission's history.
    """
    registry: Registry = app.registry
    rule = registry.deadline_rule(rule_key)
    day = _parse_date(event)
    calendar = calendar_for(registry, rule, jurisdiction)
    chosen = extensions_to_apply(rule, extended, extension_keys)
    result = rule.compute(day, calendar, chosen, exceptional=exceptional)
    if as_json:
        payload = result.as_dict()
        payload.update({"label": rule.label(), "legal_basis": rule.legal_basis,
                        "counts_from": rule.counts_from(),
                        "kind": rule.kind.value, "calendar": calendar.key,
                        "exceptional": exceptional})
        echo_json(payload)
        return
    click.echo(_text(rule, calendar, result))


@hookimpl
def register_commands(cli: click.Group) -> None:
    """The ``deadline`` command."""
    cli.add_command(deadline_command)
